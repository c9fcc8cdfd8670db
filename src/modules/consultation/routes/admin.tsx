/** 意见征集 in the back office: list, draft form, one consultation (publish, moderate, feedback, final document). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Actor, AppContext } from '../../../context.ts';
import { AppError } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { formPost, int, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { crudFormRoutes } from '../../../web/crud.tsx';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, SavedQuery } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listOrgs, listPublicOrgs } from '../../org/service.ts';
import type { Adoption } from '../model.ts';
import {
  createConsultation,
  getConsultation,
  linkFinalDocument,
  listConsultations,
  moderateComment,
  pendingCommentCount,
  publishConsultation,
  publishFeedback,
  revealCommentContact,
  updateConsultation,
  type ConsultationInput,
} from '../service.ts';
import {
  ConsultationAdminList,
  ConsultationAdminPage,
  ConsultationForm,
  ConsultationPanel,
} from '../views/admin.tsx';

const DraftForm = FormBody({
  orgId: FormField,
  title: FormField,
  draftText: FormField,
  explanation: FormField,
  startDate: FormField,
  endDate: FormField,
});

function consultationForm(b: Static<typeof DraftForm>): ConsultationInput {
  return {
    orgId: int(b.orgId) ?? 0,
    title: str(b.title),
    draftText: str(b.draftText),
    explanation: str(b.explanation),
    startDate: str(b.startDate),
    endDate: str(b.endDate) || null,
  };
}

/** The forms on a consultation's page; the feedback form adds `adoption.<id>` and `reason.<id>` per comment. */
const ActionForm = FormBody({
  decision: FormField,
  reason: FormField,
  summary: FormField,
  title: FormField,
  url: FormField,
});
/** Text ids, checked by hand: a bad one is "not found" here, as it always was, not a validation error. */
const ActionParams = Type.Object({ id: Type.String(), commentId: Type.Optional(Type.String()) });

const crumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/admin', label: '工作台' },
  { href: '/admin/consultations', label: '意见征集' },
  ...extra,
];

/** The back-office pages under /admin/consultations. */
export const consultationAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/admin/consultations', async (req, reply) => {
    const list = await listConsultations(ctx, req.actor);
    const orgNames = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
    return renderAdmin(
      req,
      reply,
      { title: '意见征集', crumbs: crumbs() },
      <ConsultationAdminList
        list={list}
        orgNames={orgNames}
        canManage={can(req.actor, 'consultation.manage')}
      />,
    );
  });

  crudFormRoutes(app, {
    newPath: '/admin/consultations/new',
    editPath: '/admin/consultations/:id/edit',
    body: DraftForm,
    read: consultationForm,
    refusals: STATE_REFUSALS,
    crumbs: crumbs(),
    titles: { new: '新建意见征集', edit: '修改意见征集' },
    load: async (req, id) => {
      const c = await getConsultation(ctx, req.actor, id);
      return { title: `修改：${c.title}`, values: c };
    },
    create: async (req, reply, input) => {
      const c = await createConsultation(ctx, req.actor, input);
      return seeOther(reply, `/admin/consultations/${c.id}?saved=1`);
    },
    update: async (req, reply, id, input) => {
      await updateConsultation(ctx, req.actor, id, input);
      return seeOther(reply, `/admin/consultations/${id}?saved=1`);
    },
    page: async (req, form) => {
      const orgs = await listOrgs(ctx, req.actor);
      const today = shanghaiDate(ctx.clock.now());
      return (page) => <ConsultationForm page={page} form={form} orgs={orgs} today={today} />;
    },
  });

  /** `revealed`: one comment's full contact, after the audited 查看完整联系方式 (service revealCommentContact). */
  const renderOne = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    saved: boolean,
    error?: AppError,
    revealed?: { commentId: number; contact: string },
  ) => {
    const c = await getConsultation(ctx, req.actor, id);
    return renderAdmin(
      req,
      reply,
      {
        title: c.title,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/consultations/${id}`, label: c.title }]),
      },
      (page) => (
        <ConsultationAdminPage
          page={page}
          c={c}
          saved={saved}
          canManage={can(req.actor, 'consultation.manage')}
          canModerate={can(req.actor, 'consultation.moderate')}
          error={error}
          revealed={revealed}
        />
      ),
    );
  };
  app.get(
    '/admin/consultations/:id',
    { schema: { params: IdParams, querystring: SavedQuery, hide: true } },
    async (req, reply) => renderOne(req, reply, req.params.id, !!req.query.saved),
  );
  // Unmasking a commenter's contact: an explicit, audited action.
  app.post(
    '/admin/consultations/:id/comments/:commentId/personal',
    {
      schema: {
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), commentId: Type.Integer({ minimum: 1 }) }),
        hide: true,
      },
    },
    async (req, reply) => {
      const { id, commentId } = req.params;
      const comment = { commentId, contact: await revealCommentContact(ctx, req.actor, id, commentId) };
      return renderOne(req, reply, id, false, undefined, comment);
    },
  );
  const post = (
    path: string,
    run: (actor: Actor, id: number, b: Record<string, string>, commentId: number) => Promise<unknown>,
  ) =>
    app.post(
      `/admin/consultations/:id/${path}`,
      { schema: { params: ActionParams, body: ActionForm, hide: true } },
      async (req, reply) => {
        const id = Number(req.params.id);
        if (!Number.isInteger(id) || id < 1) throw new AppError('not_found', '意见征集不存在或已删除');
        const raw: Record<string, unknown> = req.body ?? {};
        const b = Object.fromEntries(Object.keys(raw).map((k) => [k, str(raw[k])]));
        return formPost(
          async () => {
            await run(req.actor, id, b, Number(req.params.commentId) || 0);
            return seeOther(reply, `/admin/consultations/${id}?saved=1`);
          },
          (e) => renderOne(req, reply, id, false, e),
          STATE_REFUSALS,
        );
      },
    );
  post('publish', (actor, id) => publishConsultation(ctx, actor, id));
  post('comments/:commentId', (actor, _id, b, commentId) =>
    moderateComment(ctx, actor, commentId, { approve: b.decision === 'approve', reason: b.reason }),
  );
  post('feedback', (actor, id, b) => {
    const adoptions = Object.keys(b)
      .filter((k) => k.startsWith('adoption.') && b[k])
      .map((k) => {
        const cid = Number(k.slice(9));
        return { commentId: cid, adoption: b[k] as Adoption, reason: b[`reason.${cid}`] ?? '' };
      });
    return publishFeedback(ctx, actor, id, { summary: b.summary, adoptions });
  });
  post('final-document', (actor, id, b) =>
    linkFinalDocument(ctx, actor, id, { title: b.title ?? '', url: b.url ?? '' }),
  );
};

/** Back-office home panel: comments awaiting moderation and consultations awaiting feedback. */
export async function consultationDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'consultation.moderate') && !can(actor, 'consultation.manage')) return null;
  const pending = await pendingCommentCount(ctx, actor);
  const list = await listConsultations(ctx, actor);
  const awaiting = list.filter((c) => c.phase === 'closed' && !c.feedbackPublishedAt);
  const open = list.filter((c) => c.phase === 'open');
  if (!pending && !awaiting.length && !open.length) return null;
  return <ConsultationPanel pending={pending} awaiting={awaiting} open={open} />;
}
