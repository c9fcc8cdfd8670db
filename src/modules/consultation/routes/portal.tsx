/** 意见征集 on the portal: the list, one consultation's page and its comment form. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../../errors.ts';
import { formPost, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams } from '../../../web/schemas.ts';
import {
  getPublicConsultation,
  listPublicConsultations,
  submitComment,
  type CommentInput,
} from '../service.ts';
import { ConsultationList, ConsultationPage } from '../views/portal.tsx';
import { COMMENT_LIMIT } from './api.ts';

const portalCrumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/', label: '首页' },
  { href: '/hdjl', label: '互动交流' },
  { href: '/hdjl/yjzj', label: '意见征集' },
  ...extra,
];

const CommentForm = FormBody({ authorName: FormField, contact: FormField, body: FormField });

/** The portal pages under /hdjl/yjzj. */
export const consultationPortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/hdjl/yjzj', async (req, reply) => {
    const all = await listPublicConsultations(ctx);
    return renderPortal(
      req,
      reply,
      {
        title: '意见征集',
        crumbs: portalCrumbs(),
        description: (site) => `${site.name}政策文件草案公开征求意见及意见采纳情况`,
      },
      <ConsultationList all={all} />,
    );
  });

  const renderPublic = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form?: CommentInput,
    error?: AppError,
    sent?: boolean,
  ) => {
    const c = await getPublicConsultation(ctx, id);
    return renderPortal(
      req,
      reply,
      {
        title: c.title,
        status: error?.status ?? 200,
        crumbs: portalCrumbs([{ href: `/hdjl/yjzj/${id}`, label: c.title }]),
      },
      (page) => <ConsultationPage page={page} c={c} form={form} error={error} sent={sent} />,
    );
  };
  app.get(
    '/hdjl/yjzj/:id',
    {
      schema: {
        params: IdParams,
        querystring: Type.Object({ sent: Type.Optional(Type.String()) }),
        hide: true,
      },
    },
    async (req, reply) =>
      renderPublic(req, reply, req.params.id, undefined, undefined, req.query.sent === '1'),
  );
  app.post(
    '/hdjl/yjzj/:id/comments',
    { config: COMMENT_LIMIT, schema: { params: IdParams, body: CommentForm, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const b = req.body;
      const form = { authorName: str(b.authorName), contact: str(b.contact), body: str(b.body) };
      return formPost(
        async () => {
          await submitComment(ctx, req.actor, id, form);
          return seeOther(reply, `/hdjl/yjzj/${id}?sent=1#comment-h`);
        },
        (e) => renderPublic(req, reply, id, form, e),
        STATE_REFUSALS,
      );
    },
  );
};
