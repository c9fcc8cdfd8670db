/** 政策咨询 in the back office: the list and time limit, registering a question, one inquiry and its actions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor, AppContext } from '../../../context.ts';
import type { AppError } from '../../../errors.ts';
import { formPost, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, SavedQuery } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listPublicOrgs } from '../../org/service.ts';
import { listZones } from '../../zones/service.ts';
import { INQUIRY_STATUS, type PolicyLink } from '../model.ts';
import {
  answerInquiry,
  getAnswerWorkdays,
  getInquiry,
  inquiryOrgs,
  listInquiries,
  markInquiryInvalid,
  publishFaq,
  revealInquiryContact,
  routeInquiry,
  setAnswerWorkdays,
  submitInquiry,
  unansweredByAge,
  unpublishFaq,
  type InquiryInput,
} from '../service.ts';
import { InquiryList, InquiryPage, InquiryPanel, NewInquiryPage, RegisteredPage } from '../views/admin.tsx';
import { AskFormBody, inquiryForm } from './portal.tsx';

/** "标题|网址" per line → links. */
function parseLinks(text: string): PolicyLink[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.lastIndexOf('|');
      return i < 0 ? { title: l, url: '' } : { title: l.slice(0, i).trim(), url: l.slice(i + 1).trim() };
    });
}

/** The forms on an inquiry's page (answer, invalid, route, FAQ, withdraw). */
const ActionForm = FormBody({
  answer: FormField,
  reason: FormField,
  orgId: FormField,
  routeReason: FormField,
  question: FormField,
  faqAnswer: FormField,
  links: FormField,
});
const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20 })),
  saved: Type.Optional(Type.String({ maxLength: 2 })),
});

const crumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/admin', label: '工作台' },
  { href: '/admin/inquiries', label: '政策咨询' },
  ...extra,
];

/** The back-office pages under /admin/inquiries. */
export const inquiryAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const orgNames = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  const renderList = async (req: FastifyRequest, reply: FastifyReply, status?: string, error?: AppError) => {
    const list = await listInquiries(ctx, req.actor, {
      status: status && status in INQUIRY_STATUS ? status : undefined,
    });
    const names = await orgNames();
    const days = await getAnswerWorkdays(ctx.db);
    return renderAdmin(
      req,
      reply,
      { title: '政策咨询', status: error?.status ?? 200, crumbs: crumbs() },
      (page) => (
        <InquiryList
          page={page}
          list={list}
          names={names}
          status={status}
          days={days}
          canRoute={can(req.actor, 'inquiry.route')}
          error={error}
        />
      ),
    );
  };
  app.get('/admin/inquiries', { schema: { hide: true, querystring: ListQuery } }, async (req, reply) =>
    renderList(req, reply, req.query.status),
  );
  app.post(
    '/admin/inquiries/settings',
    { schema: { hide: true, body: FormBody({ answerWorkdays: FormField }) } },
    async (req, reply) => {
      const n = Number(str(req.body.answerWorkdays));
      return formPost(
        async () => {
          await setAnswerWorkdays(ctx, req.actor, n);
          return seeOther(reply, '/admin/inquiries?saved=1');
        },
        (e) => renderList(req, reply, undefined, e),
      );
    },
  );

  const renderNew = async (
    req: FastifyRequest,
    reply: FastifyReply,
    input?: Partial<InquiryInput>,
    error?: AppError,
  ) => {
    const orgs = await inquiryOrgs(ctx.db);
    const zones = await listZones(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      {
        title: '登记窗口或电话咨询',
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: '/admin/inquiries/new', label: '登记咨询' }]),
      },
      (page) => <NewInquiryPage page={page} orgs={orgs} zones={zones} input={input} error={error} />,
    );
  };
  app.get(
    '/admin/inquiries/new',
    {
      schema: {
        hide: true,
        querystring: Type.Object({ zoneId: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (req, reply) => renderNew(req, reply, { zoneId: req.query.zoneId ?? null, channel: 'window' }),
  );
  app.post('/admin/inquiries/new', { schema: { hide: true, body: AskFormBody } }, async (req, reply) => {
    const input = inquiryForm(req.body);
    return formPost(
      async () => {
        const { inquiry, code } = await submitInquiry(ctx, req.actor, input);
        return renderAdmin(
          req,
          reply,
          {
            title: '咨询已登记',
            crumbs: crumbs([{ href: `/admin/inquiries/${inquiry.id}`, label: inquiry.number }]),
          },
          <RegisteredPage inquiry={inquiry} code={code} />,
        );
      },
      (e) => renderNew(req, reply, input, e),
    );
  });

  /** `revealed`: the asker's full contact, after the audited 查看完整联系方式 (service revealInquiryContact). */
  const renderOne = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    saved: boolean,
    error?: AppError,
    form?: Record<string, string>,
    revealed?: string,
  ) => {
    const q = await getInquiry(ctx, req.actor, id);
    const names = await orgNames();
    const orgs = await inquiryOrgs(ctx.db);
    return renderAdmin(
      req,
      reply,
      {
        title: q.number,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/inquiries/${id}`, label: q.number }]),
      },
      (page) => (
        <InquiryPage
          page={page}
          q={q}
          id={id}
          names={names}
          orgs={orgs}
          saved={saved}
          canAnswer={can(req.actor, 'inquiry.answer')}
          canRoute={can(req.actor, 'inquiry.route')}
          canPublish={can(req.actor, 'inquiry.publish')}
          error={error}
          form={form}
          revealed={revealed}
        />
      ),
    );
  };

  app.get(
    '/admin/inquiries/:id',
    { schema: { params: IdParams, querystring: SavedQuery, hide: true } },
    async (req, reply) => renderOne(req, reply, req.params.id, !!req.query.saved),
  );
  // Unmasking the asker's contact: an explicit, audited action.
  app.post(
    '/admin/inquiries/:id/personal',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const contact = await revealInquiryContact(ctx, req.actor, id);
      return renderOne(req, reply, id, false, undefined, undefined, contact);
    },
  );
  const action = (
    path: string,
    run: (actor: Actor, id: number, b: Record<string, string>) => Promise<unknown>,
  ) =>
    app.post(
      `/admin/inquiries/:id/${path}`,
      { schema: { params: IdParams, body: ActionForm, hide: true } },
      async (req, reply) => {
        const id = req.params.id;
        const raw: Record<string, unknown> = req.body ?? {};
        const b = Object.fromEntries(Object.keys(raw).map((k) => [k, str(raw[k])]));
        return formPost(
          async () => {
            await run(req.actor, id, b);
            return seeOther(reply, `/admin/inquiries/${id}?saved=1`);
          },
          (e) => renderOne(req, reply, id, false, e, b),
          STATE_REFUSALS,
        );
      },
    );
  action('answer', (actor, id, b) => answerInquiry(ctx, actor, id, b.answer));
  action('invalid', (actor, id, b) => markInquiryInvalid(ctx, actor, id, b.reason));
  action('route', (actor, id, b) => routeInquiry(ctx, actor, id, Number(b.orgId) || 0, b.routeReason));
  action('faq', (actor, id, b) =>
    publishFaq(ctx, actor, id, {
      question: b.question,
      answer: b.faqAnswer,
      links: parseLinks(b.links ?? ''),
    }),
  );
  action('faq/withdraw', (actor, id) => unpublishFaq(ctx, actor, id));
};

/** Back-office home panel: unanswered valid inquiries by age, warning long before the 3-month line. */
export async function inquiryDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'channels.read')) return null;
  return <InquiryPanel aged={await unansweredByAge(ctx, actor)} />;
}
