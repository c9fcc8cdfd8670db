/** The back office's items: the list, my review queue, an item's page and its workflow forms, files, revisions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, badRequest } from '../../../errors.ts';
import { formPost, int, readUpload, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { gateCounts, STATUSES, type Item, type ItemStatus } from '../model.ts';
import * as svc from '../service.ts';
import { ItemListPage, ItemTable } from '../views/admin-list.tsx';
import { PublishConfirmPage, RevisionsPage, versionText, type PublishedVersion } from '../views/approval.tsx';
import { ItemDetail } from '../views/detail.tsx';
import { when } from '../views/parts.tsx';
import { ATTACHMENT_MAX_BYTES } from './schemas.ts';
import { crumbs, orgNamer, permitsFor } from './shared.ts';
import { registerRoutes } from '../../../web/register.ts';

/** The banners after an action (?done=…). */
const DONE: Record<string, string> = {
  saved: '已保存为新版本。',
  submit: '已报送，等待本单位审核人审核。',
  review: '已审核通过，等待保密审查。',
  clear: '已通过保密审查，可以发布。',
  publish: '已发布。',
  schedule: '已设置定时发布。',
  reject: '已退回修改。',
  withdraw: '已撤稿。',
  mask: '已脱敏并保存为新版本。',
  override: '已说明理由并放行。',
  check: '检查已完成，结果见下方。',
  attachment: '附件已上传。',
  restored: '已恢复为新版本。',
  deleted: '附件已删除。',
  imported: '已从 Word 文件导入正文，保存为新版本；文中的图片已作为附件保存。请在下方核对正文。',
};

/** The banner after an action: never a green success over findings that still need a decision. */
function doneNotice(key: string, item: Item): { kind: 'success' | 'warning'; text: string } | undefined {
  const text = DONE[key];
  if (!text) return undefined;
  const n = item.gate ? gateCounts(item.gate) : { blocking: 0, warnings: 0 };
  if (['submit', 'review', 'clear', 'check'].includes(key) && (n.blocking > 0 || n.warnings > 0)) {
    const parts = [
      n.blocking
        ? `须处理 ${n.blocking} 处${item.gateOverride ? '（已放行）' : '（发布前须脱敏或由审核人说明理由放行）'}`
        : '',
      n.warnings ? `提示 ${n.warnings} 处` : '',
    ]
      .filter(Boolean)
      .join('，');
    return { kind: 'warning', text: `${text} 检查发现问题：${parts}，详见下方“个人信息和错敏词检查”。` };
  }
  return { kind: 'success', text };
}

const ListQuery = FormBody({ status: FormField, q: FormField, page: FormField, saved: FormField });
const DetailQuery = FormBody({ done: FormField });
const RevisionsQuery = FormBody({ from: FormField, to: FormField });
const ItemAndNumber = Type.Object({ id: Type.Integer({ minimum: 1 }), number: Type.Integer({ minimum: 1 }) });
const ItemAndAttachment = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  attachmentId: Type.Integer({ minimum: 1 }),
});

/** The item list, the review queue, an item's page, its workflow forms and its files. */
const itemRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/admin/content', { schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const q = req.query;
    const status = str(q.status);
    const filter = {
      status: (status in STATUSES ? status : undefined) as ItemStatus | undefined,
      q: str(q.q).slice(0, 100) || undefined,
      page: int(q.page) ?? 1,
    };
    const res = await svc.listItems(ctx, req.actor, filter);
    const orgName = await orgNamer(app);
    return renderAdmin(
      req,
      reply,
      { title: '内容管理', crumbs: crumbs() },
      <ItemListPage
        {...res}
        status={filter.status}
        q={filter.q}
        orgName={orgName}
        canCreate={can(req.actor, 'content.edit')}
        saved={!!q.saved}
      />,
    );
  });

  app.get('/admin/content/review', { schema: { hide: true } }, async (req, reply) => {
    const res = await svc.reviewQueue(ctx, req.actor);
    const orgName = await orgNamer(app);
    return renderAdmin(
      req,
      reply,
      { title: '待我处理', crumbs: crumbs([{ href: '/admin/content/review', label: '待我处理' }]) },
      <>
        <h1>待我处理</h1>
        <p>待审核、待保密审查和待发布的稿件（本单位及下级单位）。</p>
        <ItemTable caption={`待处理稿件（共 ${res.total} 篇）`} items={res.items} orgName={orgName} />
      </>,
    );
  });

  /** What the review screens need besides the item: attachments, history, the last published version, the 报送 reason. */
  const approvalData = async (req: FastifyRequest, item: Item) => {
    const [attachments, history, revisions] = await Promise.all([
      svc.listAttachments(ctx.db, item.id),
      svc.itemHistory(ctx.db, item.id),
      svc.listRevisions(ctx, req.actor, item.id),
    ]);
    const after = (h: { after: unknown }) => (h.after ?? {}) as Record<string, unknown>;
    const lastPublish = [...history]
      .reverse()
      .find((h) => h.action === 'content.item.publish' || h.action === 'content.item.release');
    const rev = lastPublish
      ? revisions.find((r) => r.number === Number(after(lastPublish).revision))
      : undefined;
    let published: PublishedVersion | null = rev
      ? {
          label: `第 ${rev.number} 版（${when(lastPublish!.at)} 发布）`,
          text: versionText(String(rev.snapshot.title ?? ''), String(rev.snapshot.body ?? '')),
        }
      : null;
    if (!published && item.supersedesId != null) {
      const old = await svc.getItem(ctx, req.actor, item.supersedesId).catch(() => null);
      if (old)
        published = { label: `被替代的已发布稿件（${old.title}）`, text: versionText(old.title, old.body) };
    }
    const lastSubmit = [...history].reverse().find((h) => h.action === 'content.item.submit');
    const justification = lastSubmit
      ? ((after(lastSubmit).justification as string | undefined) ?? null)
      : null;
    return { attachments, history, published, justification };
  };

  const renderDetail = async (
    req: FastifyRequest,
    reply: FastifyReply,
    itemId: number,
    opts: { done?: string; error?: AppError } = {},
  ) => {
    const { error } = opts;
    const item = await svc.getItem(ctx, req.actor, itemId);
    const [{ attachments, history, published, justification }, columns, orgName] = await Promise.all([
      approvalData(req, item),
      svc.listColumns(ctx.db),
      orgNamer(app),
    ]);
    const done = doneNotice(opts.done ?? '', item);
    return renderAdmin(
      req,
      reply,
      {
        title: item.title,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/content/${item.id}`, label: '稿件' }]),
      },
      (page) => (
        <ItemDetail
          page={page}
          item={item}
          orgName={orgName(item.orgId)}
          columns={columns}
          attachments={attachments}
          history={history}
          permits={permitsFor(req.actor, item)}
          published={published}
          justification={justification}
          notice={error ? undefined : done}
          error={error}
        />
      ),
    );
  };
  app.get(
    '/admin/content/:id',
    { schema: { hide: true, params: IdParams, querystring: DetailQuery } },
    (req, reply) => renderDetail(req, reply, req.params.id, { done: str(req.query.done) }),
  );

  const renderPublishConfirm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    itemId: number,
    at?: string,
    error?: AppError,
  ) => {
    const item = await svc.getItem(ctx, req.actor, itemId);
    const permits = permitsFor(req.actor, item);
    if (!permits.publish && !error)
      throw new AppError('invalid_state', `稿件当前状态为“${STATUSES[item.status]}”，或您不能发布本稿件`);
    const { attachments, published, justification } = await approvalData(req, item);
    return renderAdmin(
      req,
      reply,
      {
        title: `确认发布：${item.title}`,
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: `/admin/content/${item.id}`, label: '稿件' },
          { href: `/admin/content/${item.id}/publish`, label: '确认发布' },
        ]),
      },
      (page) => (
        <PublishConfirmPage
          page={page}
          item={item}
          attachments={attachments}
          published={published}
          permits={permits}
          justification={justification}
          at={at}
          error={error}
        />
      ),
    );
  };
  app.get(
    '/admin/content/:id/publish',
    { schema: { hide: true, params: IdParams, querystring: FormBody({ at: FormField }) } },
    (req, reply) => renderPublishConfirm(req, reply, req.params.id, str(req.query.at) || undefined),
  );
  // 发布 from a form: only with the confirmation page's confirm=1; anything else goes to that page.
  app.post(
    '/admin/content/:id/publish',
    { schema: { hide: true, params: IdParams, body: FormBody({ at: FormField, confirm: FormField }) } },
    async (req, reply) => {
      const id = req.params.id;
      const at = str(req.body?.at);
      if (str(req.body?.confirm) !== '1')
        return seeOther(reply, `/admin/content/${id}/publish${at ? `?at=${encodeURIComponent(at)}` : ''}`);
      return formPost(
        async () => {
          if (at && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at))
            throw badRequest('定时发布时间格式不正确', { at: '请选择日期和时间' });
          const item = await svc.publishItem(ctx, req.actor, id, {
            at: at ? new Date(`${at}:00+08:00`).toISOString() : null,
          });
          return seeOther(
            reply,
            `/admin/content/${id}?done=${item.status === 'scheduled' ? 'schedule' : 'publish'}`,
          );
        },
        (e) => renderPublishConfirm(req, reply, id, at || undefined, e),
        STATE_REFUSALS,
      );
    },
  );

  /** A workflow form post: run the use case, redirect with a notice, or re-render the item with the error. */
  const act = (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    done: string,
    run: () => Promise<unknown>,
  ) =>
    formPost(
      async () => {
        await run();
        return seeOther(reply, `/admin/content/${id}?done=${done}`);
      },
      (e) => renderDetail(req, reply, id, { error: e }),
      STATE_REFUSALS,
    );
  const plain = { hide: true, params: IdParams };
  app.post(
    '/admin/content/:id/submit',
    { schema: { ...plain, body: FormBody({ justification: FormField }) } },
    (req, reply) =>
      act(req, reply, req.params.id, 'submit', () =>
        svc.submitItem(ctx, req.actor, req.params.id, {
          justification: str(req.body?.justification) || null,
        }),
      ),
  );
  app.post('/admin/content/:id/review', { schema: plain }, (req, reply) =>
    act(req, reply, req.params.id, 'review', () => svc.reviewItem(ctx, req.actor, req.params.id)),
  );
  app.post('/admin/content/:id/clear', { schema: plain }, (req, reply) =>
    act(req, reply, req.params.id, 'clear', () => svc.clearItem(ctx, req.actor, req.params.id)),
  );
  app.post(
    '/admin/content/:id/reject',
    { schema: { ...plain, body: FormBody({ comment: FormField }) } },
    (req, reply) =>
      act(req, reply, req.params.id, 'reject', () =>
        svc.rejectItem(ctx, req.actor, req.params.id, str(req.body?.comment)),
      ),
  );
  app.post(
    '/admin/content/:id/withdraw',
    { schema: { ...plain, body: FormBody({ mode: FormField, reason: FormField, redirectTo: FormField }) } },
    (req, reply) =>
      act(req, reply, req.params.id, 'withdraw', () =>
        svc.withdrawItem(ctx, req.actor, req.params.id, {
          mode: str(req.body?.mode) as svc.WithdrawInput['mode'],
          reason: str(req.body?.reason),
          redirectTo: str(req.body?.redirectTo) || null,
        }),
      ),
  );
  app.post('/admin/content/:id/mask', { schema: plain }, (req, reply) =>
    act(req, reply, req.params.id, 'mask', () => svc.maskItem(ctx, req.actor, req.params.id)),
  );
  app.post(
    '/admin/content/:id/override',
    { schema: { ...plain, body: FormBody({ reason: FormField }) } },
    (req, reply) =>
      act(req, reply, req.params.id, 'override', () =>
        svc.overrideGate(ctx, req.actor, req.params.id, str(req.body?.reason)),
      ),
  );
  app.post('/admin/content/:id/check', { schema: plain }, (req, reply) =>
    act(req, reply, req.params.id, 'check', () => svc.checkItem(ctx, req.actor, req.params.id)),
  );
  // Uploads (multipart): no body schema.
  app.post('/admin/content/:id/attachments', { schema: { hide: true, params: IdParams } }, (req, reply) =>
    act(req, reply, req.params.id, 'attachment', async () => {
      const file = await readUpload(req, { maxBytes: ATTACHMENT_MAX_BYTES });
      return svc.addAttachment(ctx, req.actor, req.params.id, { filename: file.name, data: file.data });
    }),
  );
  app.post('/admin/content/:id/import-docx', { schema: { hide: true, params: IdParams } }, (req, reply) =>
    act(req, reply, req.params.id, 'imported', async () => {
      const file = await readUpload(req, { maxBytes: svc.ATTACHMENT_TYPES.docx.maxBytes });
      return svc.importDocxBody(ctx, req.actor, req.params.id, { filename: file.name, data: file.data });
    }),
  );
  app.post(
    '/admin/content/:id/attachments/:attachmentId/delete',
    { schema: { hide: true, params: ItemAndAttachment } },
    async (req, reply) => {
      await svc.removeAttachment(ctx, req.actor, req.params.id, req.params.attachmentId);
      return seeOther(reply, `/admin/content/${req.params.id}?done=deleted`);
    },
  );
};

/** An item's revisions: the list with a comparison, a sealed original revealed, an earlier one restored. */
const revisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // ---- revisions
  const revisionsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    itemId: number,
    compare: { from?: unknown; to?: unknown },
    revealed?: { number: number; title: string; body: string },
  ) => {
    const item = await svc.getItem(ctx, req.actor, itemId);
    const revisions = await svc.listRevisions(ctx, req.actor, item.id);
    const from = revisions.find((r) => r.number === int(compare.from)) ?? revisions[1];
    const to = revisions.find((r) => r.number === int(compare.to)) ?? revisions[0];
    return renderAdmin(
      req,
      reply,
      {
        title: `历史版本：${item.title}`,
        crumbs: crumbs([
          { href: `/admin/content/${item.id}`, label: '稿件' },
          { href: `/admin/content/${item.id}/revisions`, label: '历史版本' },
        ]),
      },
      (page) => (
        <RevisionsPage
          page={page}
          item={item}
          revisions={revisions}
          from={from}
          to={to}
          canRestore={item.status === 'draft' && can(req.actor, 'content.edit')}
          canReveal={can(req.actor, 'content.gate_override')}
          revealed={revealed}
        />
      ),
    );
  };
  app.get(
    '/admin/content/:id/revisions',
    { schema: { hide: true, params: IdParams, querystring: RevisionsQuery } },
    (req, reply) => revisionsPage(req, reply, req.params.id, req.query),
  );
  // The original of a sealed revision: re-authentication, then an audited view (svc.revealRevision).
  app.post(
    '/admin/content/:id/revisions/:number/reveal',
    { schema: { hide: true, params: ItemAndNumber, querystring: RevisionsQuery } },
    async (req, reply) => {
      const { id, number } = req.params;
      return revisionsPage(req, reply, id, req.query, {
        number,
        ...(await svc.revealRevision(ctx, req.actor, id, number)),
      });
    },
  );
  app.post(
    '/admin/content/:id/revisions/:number/restore',
    { schema: { hide: true, params: ItemAndNumber } },
    async (req, reply) => {
      await svc.restoreRevision(ctx, req.actor, req.params.id, req.params.number);
      return seeOther(reply, `/admin/content/${req.params.id}?done=restored`);
    },
  );
};

/** The back office's item pages and workflow forms. */
export const contentItemAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await registerRoutes(app, itemRoutes, revisionRoutes);
};
