/** 依申请公开 in the back office: the case list, the confirmation queue, registering a paper application, the Excel export, letter templates. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, forbidden } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { Notice, Pagination } from '../../../web/components.tsx';
import { formPost, int, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { can, requirePermission } from '../../auth/permissions.ts';
import type { Org } from '../../org/model.ts';
import { listOrgs, listPublicOrgs } from '../../org/service.ts';
import { exportXlsx } from '../export.ts';
import { listTemplateBlocks, saveTemplateBlock } from '../letters/service.ts';
import { STATUSES, type FoiStatus } from '../model.ts';
import type { Channel } from '../outcomes.ts';
import { registerApplication } from '../service/submit.ts';
import { listApplications } from '../service/read.ts';
import { CaseTable, FilterForm, RegisterForm } from '../views/case-list.tsx';
import type { ApplyValues } from '../views/public.tsx';
import type { Static } from 'typebox';
import { CaseListQuery, RegisterFormBody, SavedQuery, TemplateFormBody } from './schemas.ts';
import { applicableOrgs, applyValues, submitInput } from './shared.tsx';
/**
 * The list filters as text (a repeated key: its first value). Absent and empty differ: no status
 * means the open cases, an empty one (「全部」) every case.
 */
const caseListQuery = (q: Static<typeof CaseListQuery>) => {
  const text = (v: string | string[] | undefined) => (v === undefined ? undefined : str(v));
  return {
    org: text(q.org),
    status: text(q.status),
    overdue: text(q.overdue),
    year: text(q.year),
    page: text(q.page),
  };
};

/** The back office's FOI lists and forms (the case page and its actions: admin-case.tsx). */
export const foiAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const orgNameMap = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  app.get('/admin/foi', { schema: { querystring: CaseListQuery, hide: true } }, async (req, reply) => {
    requirePermission(req.actor, 'foi.read');
    const q = caseListQuery(req.query);
    const page = int(q.page) ?? 1;
    const status =
      q.status && (q.status === 'open' || q.status in STATUSES)
        ? (q.status as FoiStatus | 'open')
        : undefined;
    const filter = {
      orgId: int(q.org) ?? undefined,
      status: status ?? (q.status === undefined ? ('open' as const) : undefined),
      overdue: q.overdue === '1',
      year: int(q.year) ?? undefined,
      page,
      pageSize: 50,
      order: 'due' as const,
    };
    const list = await listApplications(ctx, req.actor, filter);
    const awaiting = (
      await listApplications(ctx, req.actor, { status: 'awaiting_confirmation', pageSize: 1 })
    ).total;
    const orgs = await listOrgs(ctx, req.actor).catch(() => [] as Org[]);
    const names = await orgNameMap();
    const qs = new URLSearchParams(
      Object.entries({
        org: q.org ?? '',
        status: q.status ?? '',
        overdue: q.overdue ?? '',
        year: q.year ?? '',
      }).filter(([, v]) => v),
    ).toString();
    return renderAdmin(
      req,
      reply,
      { title: '依申请公开' },
      <>
        <h1>依申请公开</h1>
        <p class="actions">
          {can(req.actor, 'foi.manage') && (
            <>
              <a class="button" href="/admin/foi/new">
                登记申请
              </a>{' '}
            </>
          )}
          <a href="/admin/foi/queue">待确认队列（{awaiting} 件）</a>{' '}
          <a href={`/admin/foi/export.xlsx${qs ? `?${qs}` : ''}`}>导出 Excel</a>{' '}
          <a href="/admin/foi/templates">文书模板</a>
        </p>
        <FilterForm orgs={orgs} q={{ ...q, status: q.status ?? 'open' }} />
        <CaseTable
          items={list.items}
          orgNames={names}
          caption={`申请列表（共 ${list.total} 件，按答复期限排序）`}
        />
        <Pagination
          page={list.page}
          pageSize={list.pageSize}
          total={list.total}
          baseUrl={`/admin/foi${qs ? `?${qs}` : ''}`}
        />
      </>,
    );
  });

  // The confirmation queue: 公开办 sees every org's, a department's handlers their own org's (issue 19 part 6).
  app.get('/admin/foi/queue', async (req, reply) => {
    requirePermission(req.actor, 'foi.read');
    const list = await listApplications(ctx, req.actor, {
      status: 'awaiting_confirmation',
      pageSize: 200,
      order: 'newest',
    });
    const names = await orgNameMap();
    return renderAdmin(
      req,
      reply,
      {
        title: '待确认申请',
        crumbs: [
          { href: '/admin/foi', label: '依申请公开' },
          { href: '/admin/foi/queue', label: '待确认申请' },
        ],
      },
      <>
        <h1>待确认申请</h1>
        <p>互联网、传真提交的申请，以双方确认之日为收到申请之日（条例第三十一条）。打开申请后确认收到。</p>
        <CaseTable items={list.items} orgNames={names} caption={`待确认（共 ${list.total} 件）`} />
      </>,
    );
  });

  const renderRegister = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: ApplyValues,
    error?: AppError,
  ) => {
    const orgs = await applicableOrgs(ctx.db);
    return renderAdmin(
      req,
      reply,
      {
        title: '登记申请',
        status: error?.status ?? 200,
        crumbs: [
          { href: '/admin/foi', label: '依申请公开' },
          { href: '/admin/foi/new', label: '登记申请' },
        ],
      },
      (page) => (
        <>
          <h1>登记政府信息公开申请</h1>
          <RegisterForm page={page} orgs={orgs} values={values} error={error} />
        </>
      ),
    );
  };
  app.get('/admin/foi/new', async (req, reply) => {
    requirePermission(req.actor, 'foi.manage');
    return renderRegister(req, reply, { receivedOn: shanghaiDate(ctx.clock.now()) });
  });
  app.post('/admin/foi/new', { schema: { body: RegisterFormBody, hide: true } }, async (req, reply) => {
    const values = applyValues(req.body);
    return formPost(
      async () => {
        const r = await registerApplication(ctx, req.actor, {
          ...submitInput(values),
          channel: values.channel as Channel,
          receivedOn: values.receivedOn || null,
        });
        return renderAdmin(
          req,
          reply,
          { title: '登记成功' },
          <>
            <h1>已登记申请 {r.application.number}</h1>
            <Notice kind="success">
              申请编号 <strong>{r.application.number}</strong>，查询码 <strong>{r.queryCode}</strong>
              （只显示这一次，请告知申请人）。
            </Notice>
            <p>
              <a href={`/admin/foi/${r.application.id}`}>打开申请</a>
            </p>
          </>,
        );
      },
      (e) => renderRegister(req, reply, values, e),
    );
  });

  app.get(
    '/admin/foi/export.xlsx',
    { schema: { querystring: CaseListQuery, hide: true } },
    async (req, reply) => {
      const q = caseListQuery(req.query);
      const status =
        q.status && (q.status === 'open' || q.status in STATUSES)
          ? (q.status as FoiStatus | 'open')
          : undefined;
      const buf = await exportXlsx(ctx, req.actor, {
        orgId: int(q.org) ?? undefined,
        status,
        overdue: q.overdue === '1',
        year: int(q.year) ?? undefined,
      });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="foi-${shanghaiDate(ctx.clock.now())}.xlsx"`)
        .send(buf);
    },
  );

  app.get('/admin/foi/templates', { schema: { querystring: SavedQuery, hide: true } }, async (req, reply) => {
    requirePermission(req.actor, 'foi.handle');
    if (req.actor.kind !== 'user') throw forbidden();
    const orgId = req.actor.orgId;
    const templates = await listTemplateBlocks(ctx, req.actor, orgId);
    const saved = str(req.query.saved);
    return renderAdmin(
      req,
      reply,
      {
        title: '文书模板',
        crumbs: [
          { href: '/admin/foi', label: '依申请公开' },
          { href: '/admin/foi/templates', label: '文书模板' },
        ],
      },
      (page) => (
        <>
          <h1>本单位文书模板</h1>
          {saved && <Notice kind="success">已保存。</Notice>}
          <p>
            可改写各段文字；留空恢复默认。可用占位符：
            {
              '{申请人} {申请编号} {收到日期} {申请内容} {法律依据} {结果说明} {理由} {获取方式} {复议机关} {补正期限} {补正截止日} {新答复期限} {征求对象} {意见截止日} {收费说明} {缴费截止日} {缴费方式}'
            }
            。
          </p>
          {templates.map((t) => (
            <details class="foi-event">
              <summary>{t.label}</summary>
              {t.blocks.map((b) => (
                <form method="post" action="/admin/foi/templates">
                  <input type="hidden" name="_csrf" value={page.csrfToken} />
                  <input type="hidden" name="key" value={t.key} />
                  <input type="hidden" name="block" value={b.block} />
                  <div class="field">
                    <label for={`tpl-${t.key}-${b.block}`}>
                      {t.label} · {b.label}
                    </label>
                    <p class="hint" id={`tpl-${t.key}-${b.block}-hint`}>
                      默认：{b.defaultText || '（空）'}
                    </p>
                    <textarea
                      id={`tpl-${t.key}-${b.block}`}
                      name="text"
                      rows={3}
                      aria-describedby={`tpl-${t.key}-${b.block}-hint`}
                    >
                      {b.override ?? ''}
                    </textarea>
                  </div>
                  <div class="actions">
                    <button type="submit">保存（{b.label}）</button>
                  </div>
                </form>
              ))}
            </details>
          ))}
        </>
      ),
    );
  });
  app.post('/admin/foi/templates', { schema: { body: TemplateFormBody, hide: true } }, async (req, reply) => {
    requirePermission(req.actor, 'foi.handle');
    if (req.actor.kind !== 'user') throw forbidden();
    const b = req.body;
    await saveTemplateBlock(
      ctx,
      req.actor,
      req.actor.orgId,
      str(b.key),
      str(b.block),
      typeof b.text === 'string' ? b.text : '',
    );
    return seeOther(reply, '/admin/foi/templates?saved=1');
  });
};
