/**
 * Back-office pages for the district templates: every domain's rows for all who may read catalogues;
 * adding, editing and removing rows for the openness office (catalogue.template), through the same
 * use cases as the API, audited there. Catalogues already built keep their own copy.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFound, type AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Notice, Select, UploadForm } from '../../../web/components.tsx';
import { formPost, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { DataTable } from '../../../web/table.tsx';
import { IdParams } from '../../../web/schemas.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import {
  CONFIDENCES,
  LEVELS,
  SCOPES,
  TO_CHECK,
  type EntryFields,
  type Scope,
  type TemplateEntry,
} from '../model.ts';
import {
  createTemplateEntry,
  deleteTemplateEntry,
  listTemplateChanges,
  listTemplates,
  markTemplateChangesRead,
  updateTemplateEntry,
  type TemplateEntryInput,
} from '../service.ts';
import { EntryForm, entryName, TemplateChangeLine, ToCheckMark } from '../views/parts.tsx';
import { adminCrumbs, EntryFormBody, entryForm, uploadFrom } from './http.ts';
import { replaceTemplateFromXlsx } from '../xlsx.ts';

const LIST = { href: '/admin/catalogue/templates', label: '领域模板' };

const ListQuery = Type.Object({
  saved: Type.Optional(Type.String()),
  read: Type.Optional(Type.String()),
  replaced: Type.Optional(Type.String()),
  entries: Type.Optional(Type.String()),
  deleted: Type.Optional(Type.String()),
});
const DomainQuery = Type.Object({ domain: Type.Optional(Type.String()) });

/** The back-office template pages. */
export const catalogueTemplateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/admin/catalogue/templates',
    { schema: { hide: true, querystring: ListQuery } },
    async (req, reply) => {
      const rows = await listTemplates(ctx, req.actor);
      const domains = [...new Set(rows.map((t) => t.domain))];
      const editable = can(req.actor, 'catalogue.template');
      const q = req.query;
      const changes = await listTemplateChanges(ctx, req.actor, { unread: true });
      return renderAdmin(req, reply, { title: '领域模板', crumbs: adminCrumbs([LIST]) }, (page) => (
        <>
          <h1>领域模板（全区共用）</h1>
          {q.saved && <Notice kind="success">已保存。</Notice>}
          {q.read && <Notice kind="success">已确认模板更新，工作台不再提示。</Notice>}
          {q.replaced && (
            <Notice kind="success">
              已用本省版本替换“{q.replaced}”领域模板（{q.entries} 项）；已编制的目录不受影响。
            </Notice>
          )}
          {changes.length > 0 && (
            <section id="template-changes" aria-labelledby="template-changes-h">
              <h2 id="template-changes-h">升级带来的模板更新（{changes.length} 项）</h2>
              <ul>
                {changes.map((c) => (
                  <TemplateChangeLine c={c} />
                ))}
              </ul>
              {editable && (
                <form method="post" action="/admin/catalogue/template-changes/read" class="inline">
                  <CsrfField page={page} />
                  <button type="submit">已阅，工作台不再提示</button>
                </form>
              )}
            </section>
          )}
          <p>
            标“{TO_CHECK}
            ”的事项未经政府网站公布的副本确认（可信度低，或只知一级事项名称），请对照本省版本核对后在修改页取消“
            {TO_CHECK}”，或用本省版本的 Excel 整体替换该领域模板。
          </p>
          {q.deleted && <Notice kind="success">已删除模板事项；已编制的目录保留该事项。</Notice>}
          <p>
            各乡、街办、管理处按领域模板编制目录后可以增补、修改本单位的事项；模板的修改不影响已编制的目录。标注“演示数据”的领域不是从标准指引录入的，正式使用前请替换。
          </p>
          {editable && (
            <p class="actions">
              <a href="/admin/catalogue/templates/new">增加模板事项</a>
            </p>
          )}
          {domains.map((d, i) => {
            const inDomain = rows.filter((t) => t.domain === d);
            return (
              <section aria-labelledby={`t-${i}`}>
                <h2 id={`t-${i}`}>
                  {d}（{SCOPES[inDomain[0].scope]}）
                  {inDomain[0].isSample && <span class="meta">演示数据</span>}
                </h2>
                <p class="meta source-note">来源：{inDomain[0].source || '演示数据，无来源'}</p>
                <p class="actions">
                  <a href={`/api/v1/catalogue/templates/export.xlsx?domain=${encodeURIComponent(d)}`}>
                    导出“{d}”模板（Excel）
                  </a>
                  {editable && (
                    <>
                      <a href={`/admin/catalogue/templates/new?domain=${encodeURIComponent(d)}`}>
                        在“{d}”中增加事项
                      </a>
                      <a href={`/admin/catalogue/templates/replace?domain=${encodeURIComponent(d)}`}>
                        用本省版本替换“{d}”
                      </a>
                    </>
                  )}
                </p>
                <DataTable
                  label={`${d}模板事项（可左右滚动）`}
                  caption={
                    <>
                      {d}：{inDomain.length} 个事项
                      {inDomain.some((t) => t.toCheck) &&
                        `，其中${TO_CHECK} ${inDomain.filter((t) => t.toCheck).length} 个`}
                    </>
                  }
                  rows={inDomain}
                  columns={[
                    { label: '序号', cell: (t) => t.seq },
                    {
                      label: '公开事项',
                      rowHeader: true,
                      cell: (t) => (
                        <>
                          {entryName(t)}
                          <ToCheckMark e={t} />
                        </>
                      ),
                    },
                    { label: '公开内容（要素）', cell: (t) => t.content },
                    { label: '公开时限', cell: (t) => t.timeLimit },
                    { label: '公开主体', cell: (t) => t.subject },
                    { label: '层级', cell: (t) => t.level.map((l) => LEVELS[l]).join('、') },
                    {
                      label: '可信度',
                      cell: (t) => (
                        <>
                          {t.confidence ? CONFIDENCES[t.confidence] : t.edited ? '本办修改' : '—'}
                          {t.witnesses.length > 0 && (
                            <span class="meta">
                              （见证副本 {t.witnesses.length} 份，其中政府网站{' '}
                              {t.witnesses.filter((w) => w.government).length} 份）
                            </span>
                          )}
                        </>
                      ),
                    },
                    ...(editable
                      ? [
                          {
                            label: '操作',
                            cell: (t: TemplateEntry) => (
                              <>
                                <a
                                  href={`/admin/catalogue/templates/${t.id}`}
                                  aria-label={`修改：${entryName(t)}`}
                                >
                                  修改
                                </a>{' '}
                                <form
                                  method="post"
                                  action={`/admin/catalogue/templates/${t.id}/delete`}
                                  class="inline"
                                >
                                  <CsrfField page={page} />
                                  <button
                                    type="submit"
                                    class="link-button"
                                    aria-label={`删除：${entryName(t)}`}
                                  >
                                    删除
                                  </button>
                                </form>
                              </>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              </section>
            );
          })}
        </>
      ));
    },
  );

  const renderNew = async (
    req: FastifyRequest,
    reply: FastifyReply,
    input?: Partial<TemplateEntryInput>,
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'catalogue.template');
    const label = '增加模板事项';
    return renderAdmin(
      req,
      reply,
      {
        title: label,
        status: error?.status ?? 200,
        crumbs: adminCrumbs([LIST, { href: '/admin/catalogue/templates/new', label }]),
      },
      (page) => (
        <>
          <h1>{label}</h1>
          <p>填写已有领域的名称即加入该领域（排在最后）；填写新领域的名称即新建领域，请选择适用范围。</p>
          <EntryForm
            page={page}
            action="/admin/catalogue/templates/new"
            e={input}
            error={error}
            cancel="/admin/catalogue/templates"
          >
            <Select
              label="适用范围（新领域必选）"
              name="scope"
              value={input?.scope ?? ''}
              error={error?.fields.scope}
              options={[
                { value: '', label: '沿用该领域的范围' },
                ...(Object.entries(SCOPES) as [Scope, string][]).map(([value, l]) => ({ value, label: l })),
              ]}
            />
          </EntryForm>
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogue/templates/new',
    { schema: { hide: true, querystring: DomainQuery } },
    async (req, reply) => renderNew(req, reply, { domain: str(req.query.domain) }),
  );
  app.post(
    '/admin/catalogue/templates/new',
    { schema: { hide: true, body: EntryFormBody } },
    async (req, reply) => {
      const scope = str(req.body.scope);
      const input: TemplateEntryInput = {
        ...entryForm(req.body),
        scope: (scope || undefined) as Scope | undefined,
      };
      return formPost(
        async () => {
          await createTemplateEntry(ctx, req.actor, input);
          return seeOther(reply, '/admin/catalogue/templates?saved=1');
        },
        (e) => renderNew(req, reply, input, e),
      );
    },
  );

  const templateOf = async (req: FastifyRequest, id: number): Promise<TemplateEntry> => {
    const t = (await listTemplates(ctx, req.actor)).find((x) => x.id === id);
    if (!t) throw notFound('模板事项');
    return t;
  };
  const renderEdit = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    input?: Partial<EntryFields>,
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'catalogue.template');
    const t = await templateOf(req, id);
    return renderAdmin(
      req,
      reply,
      {
        title: `修改模板事项：${entryName(t)}`,
        status: error?.status ?? 200,
        crumbs: adminCrumbs([LIST, { href: `/admin/catalogue/templates/${id}`, label: entryName(t) }]),
      },
      (page) => (
        <>
          <h1>
            修改模板事项：{t.domain}：{entryName(t)}
          </h1>
          <p class="meta source-note">
            {SCOPES[t.scope]}，来源：{t.source || '演示数据，无来源'}。修改只影响以后编制的目录。
          </p>
          {t.confidence && (
            <dl class="source-note">
              <dt>可信度</dt>
              <dd>
                {CONFIDENCES[t.confidence]}
                {t.toCheck && `（${TO_CHECK}）`}：{t.confidenceNote}
              </dd>
              <dt>见证副本</dt>
              <dd>
                <ul>
                  {t.witnesses.map((w) => (
                    <li>
                      {w.name}
                      {!w.government && '（非政府网站）'} {w.url && <span class="meta">{w.url}</span>}
                    </li>
                  ))}
                </ul>
              </dd>
              {t.note && (
                <>
                  <dt>备注</dt>
                  <dd>{t.note}</dd>
                </>
              )}
            </dl>
          )}
          <EntryForm
            page={page}
            action={`/admin/catalogue/templates/${id}`}
            e={input ?? t}
            error={error}
            cancel="/admin/catalogue/templates"
          />
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogue/templates/:id',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => renderEdit(req, reply, req.params.id),
  );
  app.post(
    '/admin/catalogue/templates/:id',
    { schema: { params: IdParams, body: EntryFormBody, hide: true } },
    async (req, reply) => {
      const input = entryForm(req.body);
      return formPost(
        async () => {
          await updateTemplateEntry(ctx, req.actor, req.params.id, input);
          return seeOther(reply, '/admin/catalogue/templates?saved=1');
        },
        (e) => renderEdit(req, reply, req.params.id, input, e),
      );
    },
  );
  app.post(
    '/admin/catalogue/templates/:id/delete',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      await deleteTemplateEntry(ctx, req.actor, req.params.id);
      return seeOther(reply, '/admin/catalogue/templates?deleted=1');
    },
  );

  app.post('/admin/catalogue/template-changes/read', async (req, reply) => {
    await markTemplateChangesRead(ctx, req.actor);
    return seeOther(reply, '/admin/catalogue/templates?read=1');
  });

  const renderReplace = async (
    req: FastifyRequest,
    reply: FastifyReply,
    domain: string,
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'catalogue.template');
    const rows = (await listTemplates(ctx, req.actor)).filter((t) => t.domain === domain);
    if (!rows.length) throw notFound(`领域模板“${domain}”`);
    const label = `用本省版本替换“${domain}”`;
    const action = `/admin/catalogue/templates/replace?domain=${encodeURIComponent(domain)}`;
    return renderAdmin(
      req,
      reply,
      { title: label, status: error?.status ?? 200, crumbs: adminCrumbs([LIST, { href: action, label }]) },
      (page) => (
        <>
          <h1>{label}</h1>
          <ErrorSummary message={error?.userMessage} />
          <p>
            上传本省的“{domain}
            ”标准目录表（.xlsx），各栏与目录导出相同：序号、公开事项（一级事项、二级事项）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象（全社会、特定群体）、公开方式（主动、依申请）、公开层级（县级、乡级），勾选处填“√”；“核对情况”栏可有可无（写“
            {TO_CHECK}”的行仍标待核对）。工作表名为“{domain}”，或只有一个工作表。
          </p>
          <p>
            现有 {rows.length}{' '}
            个模板事项将全部换成文件中的事项；任何一行有误（错误写明行号和栏目）则不替换。已编制的目录不受影响。以后升级软件时不再改动此领域的模板。
          </p>
          <UploadForm page={page} action={action} label="文件" accept=".xlsx" submit="替换" />
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogue/templates/replace',
    { schema: { hide: true, querystring: DomainQuery } },
    async (req, reply) => renderReplace(req, reply, str(req.query.domain)),
  );
  // Multipart: the file is read by uploadFrom, no body schema.
  app.post(
    '/admin/catalogue/templates/replace',
    { schema: { hide: true, querystring: DomainQuery } },
    async (req, reply) =>
      formPost(
        async () => {
          const file = await uploadFrom(req);
          const r = await replaceTemplateFromXlsx(
            ctx,
            req.actor,
            str(req.query.domain),
            file.data,
            file.name,
          );
          return seeOther(
            reply,
            `/admin/catalogue/templates?replaced=${encodeURIComponent(r.domain)}&entries=${r.entries}`,
          );
        },
        (e) => renderReplace(req, reply, str(req.query.domain), e),
      ),
  );
};
