/** 政策咨询 on the portal: 互动交流's entry page, asking, tracking and the FAQ. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError } from '../../../errors.ts';
import { formPost, int, str } from '../../../web/forms.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, StrictObject } from '../../../web/schemas.ts';
import type { AskerKind, InquiryChannel } from '../model.ts';
import {
  getAnswerWorkdays,
  getFaq,
  inquiryOrgs,
  listFaqs,
  submitInquiry,
  trackInquiry,
  type InquiryInput,
  type TrackedInquiry,
} from '../service.ts';
import { AskPage, FaqList, FaqPage, InteractionIndex, SubmittedPage, TrackPage } from '../views/portal.tsx';
import { SUBMIT_LIMIT, TRACK_LIMIT } from './api.ts';

/** The question form's fields (portal and staff); channel and zone only on the staff form. */
export const AskFormBody = FormBody({
  askerKind: FormField,
  askerName: FormField,
  contact: FormField,
  title: FormField,
  question: FormField,
  orgId: FormField,
  channel: FormField,
  zoneId: FormField,
});

/** The question form's text as the use case's input. */
export function inquiryForm(b: Static<typeof AskFormBody>): InquiryInput {
  return {
    askerKind: str(b.askerKind) as AskerKind,
    askerName: str(b.askerName),
    contact: str(b.contact),
    title: str(b.title),
    question: str(b.question),
    orgId: int(b.orgId),
    channel: (str(b.channel) || undefined) as InquiryChannel | undefined,
    zoneId: int(b.zoneId),
  };
}

const portalCrumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/', label: '首页' },
  { href: '/hdjl', label: '互动交流' },
  { href: '/hdjl/zxzx', label: '政策咨询' },
  ...extra,
];

/** The portal pages under /hdjl and /hdjl/zxzx. */
export const inquiryPortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  const renderAsk = async (
    req: FastifyRequest,
    reply: FastifyReply,
    input?: Partial<InquiryInput>,
    error?: AppError,
  ) => {
    const orgs = await inquiryOrgs(ctx.db);
    const days = await getAnswerWorkdays(ctx.db);
    return renderPortal(
      req,
      reply,
      {
        title: '政策咨询',
        status: error?.status ?? 200,
        crumbs: portalCrumbs(),
        description: (site) => `向${site.name}各单位咨询政策，凭查询码跟踪答复`,
      },
      (page) => <AskPage page={page} days={days} orgs={orgs} input={input} error={error} />,
    );
  };
  // 互动交流: the portal menu's entry page (the navigation and every breadcrumb here link to it).
  app.get('/hdjl', { schema: { hide: true } }, (req, reply) =>
    renderPortal(
      req,
      reply,
      {
        title: '互动交流',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/hdjl', label: '互动交流' },
        ],
        description: '政策咨询、意见征集和政务新媒体',
      },
      <InteractionIndex />,
    ),
  );
  app.get('/hdjl/zxzx', async (req, reply) => renderAsk(req, reply));
  app.post(
    '/hdjl/zxzx',
    { config: SUBMIT_LIMIT, schema: { body: AskFormBody, hide: true } },
    async (req, reply) => {
      const input = inquiryForm(req.body);
      return formPost(
        async () => {
          const { inquiry, code } = await submitInquiry(ctx, req.actor, {
            ...input,
            channel: undefined,
            zoneId: null,
          });
          return renderPortal(
            req,
            reply,
            { title: '咨询已提交', crumbs: portalCrumbs([{ href: '/hdjl/zxzx', label: '咨询已提交' }]) },
            <SubmittedPage inquiry={inquiry} code={code} />,
          );
        },
        (e) => renderAsk(req, reply, input, e),
      );
    },
  );

  const renderTrack = async (
    req: FastifyRequest,
    reply: FastifyReply,
    form?: { number: string; code: string },
    error?: AppError,
    result?: TrackedInquiry,
  ) =>
    renderPortal(
      req,
      reply,
      {
        title: '查询咨询办理情况',
        status: error?.status ?? 200,
        crumbs: portalCrumbs([{ href: '/hdjl/zxzx/track', label: '查询办理情况' }]),
      },
      (page) => <TrackPage page={page} form={form} error={error} result={result} />,
    );
  app.get('/hdjl/zxzx/track', async (req, reply) => renderTrack(req, reply));
  app.post(
    '/hdjl/zxzx/track',
    { config: TRACK_LIMIT, schema: { body: FormBody({ number: FormField, code: FormField }), hide: true } },
    async (req, reply) => {
      const form = { number: str(req.body.number), code: str(req.body.code) };
      return formPost(
        async () => {
          if (!form.number || !form.code)
            throw new AppError('bad_request', '请填写查询编号和查询码', {
              ...(form.number ? {} : { number: '请填写查询编号' }),
              ...(form.code ? {} : { code: '请填写查询码' }),
            });
          return renderTrack(req, reply, form, undefined, await trackInquiry(ctx.db, form.number, form.code));
        },
        (e) => renderTrack(req, reply, form, e),
        ['bad_request', 'not_found'],
      );
    },
  );

  app.get(
    '/hdjl/zxzx/faq',
    {
      schema: { hide: true, querystring: StrictObject({ q: Type.Optional(Type.String({ maxLength: 50 })) }) },
    },
    async (req, reply) => {
      const q = req.query.q;
      const faqs = await listFaqs(ctx.db, { q });
      return renderPortal(
        req,
        reply,
        { title: '常见问题', crumbs: portalCrumbs([{ href: '/hdjl/zxzx/faq', label: '常见问题' }]) },
        <FaqList q={q} faqs={faqs} />,
      );
    },
  );
  app.get('/hdjl/zxzx/faq/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const f = await getFaq(ctx.db, req.params.id);
    return renderPortal(
      req,
      reply,
      {
        title: '常见问题',
        crumbs: portalCrumbs([
          { href: '/hdjl/zxzx/faq', label: '常见问题' },
          { href: `/hdjl/zxzx/faq/${f.id}`, label: '问答' },
        ]),
      },
      <FaqPage f={f} />,
    );
  });
};
