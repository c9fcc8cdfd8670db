/** 依申请公开 HTTP: public form, receipt and tracking; back office; JSON API under /api/v1/foi. */
import { sendDownload } from '../../lib/uploads.ts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { Type } from 'typebox';
import { AppError, forbidden, type ErrorCode } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { Notice, Pagination } from '../../web/components.tsx';
import { formPost, int, readMultipart, STATE_REFUSALS, str } from '../../web/forms.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { renderAdmin, renderPortal } from '../../web/respond.tsx';
import { errors, IdParams, MAX_ID, PageQuery, StrictObject } from '../../web/schemas.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { usersWithRole } from '../auth/service.ts';
import { treeOrder, type Org } from '../org/model.ts';
import { listOrgs, listPublicOrgs } from '../org/service.ts';
import { ApplicantFields } from './applicant.ts';
import { addAttachment, MAX_ATTACHMENT_BYTES, readAttachment, setAttachmentReleased } from './attachments.ts';
import { exportXlsx } from './export.ts';
import { applicationFormDocx } from './form-docx.ts';
import { getSiteInfo } from '../portal/site.ts';
import { composeLetter, listTemplateBlocks, saveTemplateBlock } from './letters/service.ts';
import { letterDocx, letterFileName } from './letters/render.ts';
import type { Letter } from './letters/templates.ts';
import { LetterPage } from './views/letter.tsx';
import { APPLY_FIELDS, ApplyCheckPage } from './views/applicant-form.tsx';
import {
  DELIVERY_METHODS,
  EVENT_LABELS,
  PREFERRED_FORMS,
  REVIEW_KINDS,
  STATUSES,
  type CaseEventType,
  type FoiStatus,
  type ReviewKind,
} from './model.ts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  OUTCOMES,
  REVIEW_RESULTS,
  type ApplicantType,
  type Channel,
  type ReviewResult,
} from './outcomes.ts';
import {
  addReview,
  addReviewResult,
  reviewApplicationId,
  correctReviewResult,
  confirmReceipt,
  getApplication,
  listApplications,
  newFormToken,
  recordEvent,
  registerApplication,
  submitOnlineApplication,
  checkOnlineApplication,
  emailReceipt,
  MAX_CORRECTION_FILES,
  submitOnlineCorrection,
  trackApplication,
  trackedFile,
  trackedLetter,
  updateReview,
  userNames,
  type ApplicationDetail,
  type EventInput,
  type RegisterInput,
  type ReviewInput,
  type ReviewResultInput,
  revealApplicant,
} from './service.ts';
import { CaseTable, CaseView, FilterForm, RegisterForm } from './views/admin.tsx';
import { deskView, previewConfirm, previewEvent, type ActionPreview } from './desk.ts';
import { earlierApplications } from './repeats.ts';
import { ConfirmAction } from './views/desk.tsx';
import { ApplyForm, ReceiptView, TrackForm, TrackResult, type ApplyValues } from './views/public.tsx';

const lit = (o: Record<string, unknown>) => Type.Union(Object.keys(o).map((k) => Type.Literal(k)));
const Date_ = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const ApplicationSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '申请编号，如 2026-YSQ-00001（年份-本站代码-序号）' }),
  applicantType: Type.String({
    description: '申请人类型：natural / commercial / research / publicInterest / legalServices / otherOrg',
  }),
  applicantName: Type.String(),
  channel: Type.String({
    description: '收到方式：in_person / registered_mail / ordinary_letter / online / fax',
  }),
  description: Type.String({ description: '所需信息描述' }),
  docNumber: Type.String(),
  docTitle: Type.String(),
  submittedAt: Type.String({ description: '提交时刻（UTC）' }),
  receivedOn: Nullable(Type.String({ description: '收到申请之日（北京时间日期）；待确认时为 null' })),
  orgId: Type.Integer({ description: '承办机关' }),
  handlerId: Nullable(Type.Integer()),
  status: Type.String({
    description: `状态：${Object.entries(STATUSES)
      .map(([k, v]) => `${k}=${v}`)
      .join('，')}`,
  }),
  dueDate: Nullable(Type.String({ description: '答复期限' })),
  provisional: Type.Boolean({ description: '答复期限是否为预估（涉及尚未公布放假安排的年份）' }),
  outcome: Nullable(Type.String({ description: '办理结果代码（办结后）' })),
  closedOn: Nullable(Type.String()),
  isSample: Type.Boolean(),
});
const ListedSchema = Type.Object({
  ...ApplicationSchema.properties,
  workingDaysLeft: Nullable(Type.Integer({ description: '剩余工作日（超期为负）' })),
  overdue: Type.Boolean(),
});
const SpanSchema = Type.Object({
  kind: Type.String(),
  from: Type.String(),
  to: Type.String(),
  workingDays: Type.Integer(),
  reason: Type.String(),
});
/** One result of a review or lawsuit; every result is kept with its date (rules.md §4). */
const ReviewResultSchema = Type.Object({
  id: Type.Integer(),
  result: Type.String({ description: 'upheld 结果维持 / corrected 结果纠正 / other 其他结果' }),
  resultOn: Type.String({ description: '结果日期' }),
  note: Type.String(),
  actorName: Type.String({ description: '登记人' }),
  recordedAt: Type.String({ description: '登记时间' }),
  correctedAt: Nullable(Type.String({ description: '录入有误后更正的时间' })),
});

const DetailSchema = Type.Object({
  ...ApplicationSchema.properties,
  orgName: Type.String(),
  handlerName: Nullable(Type.String()),
  clock: Nullable(
    Type.Object({
      dueDate: Nullable(Type.String()),
      provisional: Type.Boolean(),
      paused: Nullable(Type.String()),
      correctionNoticeDue: Type.String(),
      correctionDeadline: Nullable(Type.String()),
      consultationDeadline: Nullable(Type.String()),
      feePaymentDeadline: Nullable(Type.String()),
      workingDaysLeft: Nullable(Type.Integer()),
      overdue: Type.Boolean(),
      spans: Type.Array(SpanSchema),
      explanation: Type.Array(Type.String(), { description: '答复期限的计算过程' }),
    }),
  ),
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      type: Type.String(),
      on: Type.String(),
      data: Type.Record(Type.String(), Type.Unknown()),
      actorName: Type.String(),
      at: Type.String(),
    }),
  ),
  history: Type.Array(Type.Object({ at: Type.String(), actorName: Type.String(), text: Type.String() })),
  letters: Type.Array(
    Type.Object({
      kind: Type.String({ description: '文书类型：reply / correction / extension / consultation / fee' }),
      on: Type.String({ description: '发文日期' }),
      title: Type.String({ description: '文书标题' }),
      docNumber: Type.String({ description: '文号（系统记录文书之前发出的为空）' }),
    }),
  ),
  reviews: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      filedOn: Type.String(),
      result: Type.String({ description: '最新结果（没有结果时为 pending）' }),
      resultOn: Nullable(Type.String()),
      note: Type.String(),
      results: Type.Array(ReviewResultSchema),
    }),
  ),
  attachments: Type.Array(
    Type.Object({
      id: Type.Integer(),
      filename: Type.String(),
      contentType: Type.String(),
      size: Type.Integer(),
      uploadedBy: Type.String(),
      createdAt: Type.String(),
      releasedAt: Nullable(
        Type.String({ description: '作为公开的政府信息提供给申请人的时间；null 表示仅工作人员可见' }),
      ),
    }),
  ),
});
const EarlierSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  orgId: Type.Integer(),
  orgName: Type.String(),
  applicantName: Type.String(),
  description: Type.String({ description: '所需信息' }),
  submittedAt: Type.String(),
  receivedOn: Nullable(Type.String()),
  status: Type.String(),
  outcome: Nullable(Type.String()),
  closedOn: Nullable(Type.String()),
  matchedBy: Type.Array(Type.Union([Type.Literal('id'), Type.Literal('phone')]), {
    description: '匹配依据：证件号码、联系电话',
  }),
  similarity: Type.Object({
    score: Type.Number({ description: '本次申请的词语出现在该申请中的比例（0–1）' }),
    shared: Type.Array(Type.String(), { description: '共有的词语（结巴分词，不计通用词）' }),
    total: Type.Integer({ description: '本次申请的词语数' }),
    similar: Type.Boolean({ description: '一半及以上词语相同' }),
  }),
  explanation: Type.String(),
  letters: Type.Array(
    Type.Object({
      title: Type.String(),
      docNumber: Type.String(),
      issuedOn: Type.String(),
      ref: Type.String(),
    }),
  ),
  canBeDuplicateOf: Type.Boolean({ description: '本机关已答复，可作为“重复申请”办结所依据的前次申请' }),
});

const ReceiptSchema = Type.Object({
  application: ApplicationSchema,
  queryCode: Type.String({ description: '查询码（只返回这一次）' }),
});

const RegisterBody = StrictObject({
  channel: lit(CHANNELS),
  receivedOn: Type.Optional(
    Nullable(
      Date_('收到日期：当面为提交日，邮寄为签收日，平常信函为确认日；互联网/传真不填（进入待确认队列）'),
    ),
  ),
  orgId: Type.Integer({ minimum: 1, description: '承办机关' }),
  applicantType: lit(APPLICANT_TYPES),
  // The same fields, checked by the same validateApplicant, as the public form (applicant.ts).
  ...ApplicantFields,
  preferredForm: Type.Optional(Type.Union([lit(PREFERRED_FORMS), Type.Literal('')])),
  delivery: Type.Optional(Type.Union([lit(DELIVERY_METHODS), Type.Literal('')])),
});

const EventBody = StrictObject({
  type: lit(EVENT_LABELS),
  on: Type.Optional(Date_('日期，缺省为今天')),
  periodDays: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 60, description: '补正期限（工作日），默认 15' }),
  ),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  approvedBy: Type.Optional(Type.String({ maxLength: 100, description: '延期批准人' })),
  party: Type.Optional(Type.Union([Type.Literal('third_party'), Type.Literal('agency')])),
  partyName: Type.Optional(Type.String({ maxLength: 200 })),
  deemed: Type.Optional(Type.Boolean()),
  method: Type.Optional(Type.Union([Type.Literal('count'), Type.Literal('volume')])),
  pages: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000000 })),
  dueDate: Type.Optional(Date_('合理答复期限（条例第三十五条）')),
  outcome: Type.Optional(lit(OUTCOMES)),
  onTheSpot: Type.Optional(Type.Boolean()),
  orgId: Type.Optional(Type.Integer({ minimum: 1 })),
  handlerId: Type.Optional(Type.Integer({ minimum: 1 })),
  text: Type.Optional(Type.String({ maxLength: 2000 })),
  earlierId: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_ID,
      description: '以重复申请（rejected.duplicate）办结时必填：申请人此前已获答复的相同申请',
    }),
  ),
});

const ResultBody = StrictObject({
  result: Type.Union([Type.Literal('upheld'), Type.Literal('corrected'), Type.Literal('other')], {
    description: '结果维持、结果纠正或其他结果',
  }),
  resultOn: Date_('结果日期（决定书、判决书的日期）'),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});

const ReviewBody = StrictObject({
  kind: lit(REVIEW_KINDS),
  filedOn: Date_('立案（申请）日期'),
  result: lit(REVIEW_RESULTS),
  resultOn: Type.Optional(Nullable(Date_('结果日期'))),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});

const ListQuery = StrictObject({
  org: Type.Optional(Type.Integer({ minimum: 1, description: '承办机关' })),
  status: Type.Optional(Type.Union([Type.Literal('open'), lit(STATUSES)])),
  overdue: Type.Optional(Type.Boolean({ description: '仅超期' })),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  ...PageQuery,
});

function detailJson(d: ApplicationDetail) {
  const {
    applicantKey: _k,
    idNumber: _i,
    phone: _p,
    address: _a,
    email: _e,
    preferredForm: _f,
    delivery: _d,
    ...a
  } = d.application;
  return {
    ...a,
    orgName: d.orgName,
    handlerName: d.handlerName,
    clock: d.clock && {
      dueDate: d.clock.dueDate,
      provisional: d.clock.provisional,
      paused: d.clock.paused,
      correctionNoticeDue: d.clock.correctionNoticeDue,
      correctionDeadline: d.clock.correctionDeadline,
      consultationDeadline: d.clock.consultationDeadline,
      feePaymentDeadline: d.clock.feePaymentDeadline,
      workingDaysLeft: d.left?.workingDaysLeft ?? null,
      overdue: d.left?.overdue ?? false,
      spans: d.clock.spans,
      explanation: d.clock.explanation,
    },
    events: d.events.map((e) => {
      const { type, on, ...data } = e.event;
      return { id: e.id, type, on, data, actorName: e.actorName, at: e.at };
    }),
    history: d.history,
    letters: d.letters.map((l) => ({ kind: l.kind, on: l.issuedOn, title: l.title, docNumber: l.docNumber })),
    reviews: d.reviews,
    attachments: d.attachments,
  };
}

function applyValues(body: unknown): ApplyValues {
  const b = (body ?? {}) as Record<string, unknown>;
  // The public form's fields, and the two a handler adds when registering a paper application.
  const keys = [...APPLY_FIELDS, 'channel', 'receivedOn'];
  return Object.fromEntries(keys.map((k) => [k, str(b[k])]));
}

function submitInput(v: ApplyValues) {
  return {
    applicantType: (v.applicantType || 'natural') as ApplicantType,
    applicantName: v.applicantName ?? '',
    idType: v.idType ?? '',
    idNumber: v.idNumber ?? '',
    legalRepresentative: v.legalRepresentative ?? '',
    contactPerson: v.contactPerson ?? '',
    phone: v.phone ?? '',
    address: v.address ?? '',
    email: v.email ?? '',
    description: v.description ?? '',
    docNumber: v.docNumber ?? '',
    docTitle: v.docTitle ?? '',
    preferredForm: v.preferredForm ?? '',
    delivery: v.delivery ?? '',
    orgId: Number(v.orgId) || 0,
  };
}

/** Orgs an application may be addressed to: the district government and the units below it. */
async function applicableOrgs(ctxDb: Parameters<typeof listPublicOrgs>[0]): Promise<Org[]> {
  const orgs = await listPublicOrgs(ctxDb);
  return treeOrder(orgs)
    .filter(({ depth }) => depth >= 1 && depth <= 2)
    .map(({ org }) => org);
}

const PORTAL_CRUMBS = [
  { href: '/', label: '首页' },
  { href: '/ysqgk', label: '依申请公开' },
];

/** A letter as DOCX or as its printable page (both read the letter as issued). */
async function sendLetter(reply: FastifyReply, letter: Letter, ext: 'docx' | 'html') {
  if (ext === 'docx') {
    const name = letterFileName(letter);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header(
        'content-disposition',
        `attachment; filename="letter.docx"; filename*=UTF-8''${encodeURIComponent(`${name}.docx`)}`,
      )
      .send(await letterDocx(letter));
  }
  return sendPage(reply, <LetterPage letter={letter} />);
}

export const foiRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  // ------------------------------------------------------------ public pages
  app.get('/ysqgk', async (req, reply) => {
    const desks = (await applicableOrgs(ctx.db)).filter((o) =>
      Object.values(o.foiDesk).some((v) => v.trim()),
    );
    return renderPortal(
      req,
      reply,
      {
        title: '依申请公开',
        crumbs: PORTAL_CRUMBS,
        description: (site) =>
          `向${site.name}及其部门申请获取政府信息，查询办理进度，受理机构的地址和联系方式`,
      },
      <>
        <h1>依申请公开</h1>
        <p>
          公民、法人或者其他组织可以向行政机关申请获取相关政府信息（《中华人民共和国政府信息公开条例》第二十七条）。
        </p>
        <ul class="cards link-cards">
          <li class="card">
            <a href="/ysqgk/apply">在线提交申请</a>
          </li>
          <li class="card">
            <a href="/ysqgk/track">办理进度查询</a>
          </li>
          <li class="card">
            <a href="/ysqgk/form.docx" download>
              下载申请表（Word）
            </a>
          </li>
        </ul>
        <p>
          也可以到受理机构当面提交，或邮寄、传真申请。行政机关收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起
          20 个工作日内答复。
        </p>
        <h2>如何选择受理机关</h2>
        <p>
          请向制作或者保存该政府信息的行政机关提出申请：例如某项目的审批文件向审批它的部门申请，某街道（乡镇）的事项向该街道办事处（乡镇人民政府）申请。
          不确定时可以向本级人民政府提出，或先通过“政策咨询”询问；不属于受理机关公开的，会告知您应向哪个机关申请。
        </p>
        <h2>受理机构</h2>
        {desks.length ? (
          <ul class="foi-desks">
            {desks.map((o) => (
              <li>
                <h3>{o.name}</h3>
                <dl class="foi-receipt">
                  {o.foiDesk.address && (
                    <>
                      <dt>受理地址</dt>
                      <dd>{o.foiDesk.address}</dd>
                    </>
                  )}
                  {o.foiDesk.postcode && (
                    <>
                      <dt>邮政编码</dt>
                      <dd>{o.foiDesk.postcode}</dd>
                    </>
                  )}
                  {o.foiDesk.phone && (
                    <>
                      <dt>咨询电话</dt>
                      <dd>{o.foiDesk.phone}</dd>
                    </>
                  )}
                  {o.foiDesk.fax && (
                    <>
                      <dt>传真</dt>
                      <dd>{o.foiDesk.fax}</dd>
                    </>
                  )}
                  {o.foiDesk.hours && (
                    <>
                      <dt>办公时间</dt>
                      <dd>{o.foiDesk.hours}</dd>
                    </>
                  )}
                </dl>
              </li>
            ))}
          </ul>
        ) : (
          <p>各机关的受理地址和联系方式尚未公布，请在线提交申请。</p>
        )}
        <h2>个人信息保护</h2>
        <p>
          申请时填写的身份证件号码、联系电话和通信地址只用于核实申请人身份、送达答复和统计同一申请人的申请（信息处理费按件计收），
          加密保存，只有办理该申请的工作人员可以查看，不在办理进度查询和任何公开页面中显示，不用于其他目的。
        </p>
      </>,
    );
  });

  // The paper form, with the same fields as the online one (form-docx.ts), to hand in or post.
  app.get('/ysqgk/form.docx', async (_req, reply) => {
    const site = await getSiteInfo(ctx.db);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header(
        'content-disposition',
        `attachment; filename="ysqgk-form.docx"; filename*=UTF-8''${encodeURIComponent('政府信息公开申请表.docx')}`,
      )
      .send(await applicationFormDocx({ siteName: site.name }));
  });

  const renderApply = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: ApplyValues,
    formToken: string,
    error?: AppError,
  ) => {
    const orgs = await applicableOrgs(ctx.db);
    return renderPortal(
      req,
      reply,
      {
        title: '在线申请政府信息公开',
        status: error?.status ?? 200,
        crumbs: [...PORTAL_CRUMBS, { href: '/ysqgk/apply', label: '在线申请' }],
      },
      (page) => (
        <>
          <h1>政府信息公开申请</h1>
          <ApplyForm page={page} orgs={orgs} values={values} formToken={formToken} error={error} />
        </>
      ),
    );
  };

  app.get('/ysqgk/apply', async (req, reply) => renderApply(req, reply, {}, newFormToken()));

  app.post(
    '/ysqgk/apply',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const values = applyValues(req.body);
      const formToken = str((req.body as Record<string, unknown>)?.formToken);
      const step = str((req.body as Record<string, unknown>)?.step);
      const token = () => (/^[A-Za-z0-9_-]{20,64}$/.test(formToken) ? formToken : newFormToken());
      // 「返回修改」: the form again with every answer kept.
      if (step === 'edit') return renderApply(req, reply, values, token());
      // The form's button asks for the check page (确认信息) first; 「确认提交」 there (or a client
      // posting without a step) submits.
      if (step === 'check')
        return formPost(
          async () => {
            const shown = await checkOnlineApplication(ctx, submitInput(values));
            const orgs = await applicableOrgs(ctx.db);
            reply.header('cache-control', 'no-store');
            return renderPortal(
              req,
              reply,
              {
                title: '核对申请信息',
                crumbs: [...PORTAL_CRUMBS, { href: '/ysqgk/apply', label: '核对申请信息' }],
              },
              (page) => (
                <ApplyCheckPage
                  page={page}
                  values={values}
                  shown={shown as unknown as ApplyValues}
                  orgs={orgs}
                  formToken={token()}
                  today={shanghaiDate(ctx.clock.now())}
                />
              ),
            );
          },
          (e) => renderApply(req, reply, values, token(), e),
        );
      return formPost(
        async () => {
          // The record is committed before the receipt is rendered (SQLite synchronous=FULL): nothing acknowledged is lost.
          const r = await submitOnlineApplication(ctx, req.actor, { ...submitInput(values), formToken });
          const orgName =
            (await listPublicOrgs(ctx.db)).find((o) => o.id === r.application.orgId)?.name ?? '';
          const emailed = !r.repeated && (await emailReceipt(ctx, r, orgName));
          reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
          return renderPortal(
            req,
            reply,
            { title: '申请回执', crumbs: [...PORTAL_CRUMBS, { href: '/ysqgk/apply', label: '申请回执' }] },
            <ReceiptView
              number={r.application.number}
              queryCode={r.queryCode}
              orgName={orgName}
              submittedOn={shanghaiDate(r.application.submittedAt)}
              repeated={r.repeated}
              emailed={emailed}
            />,
          );
        },
        (e) =>
          renderApply(
            req,
            reply,
            values,
            /^[A-Za-z0-9_-]{20,64}$/.test(formToken) ? formToken : newFormToken(),
            e,
          ),
      );
    },
  );

  const trackPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    body: (page: Parameters<typeof TrackForm>[0]['page']) => ComponentChildren,
    status = 200,
  ) =>
    renderPortal(
      req,
      reply,
      {
        title: '办理进度查询',
        status,
        crumbs: [...PORTAL_CRUMBS, { href: '/ysqgk/track', label: '办理进度查询' }],
      },
      (page) => (
        <>
          <h1>依申请公开办理进度查询</h1>
          {body(page)}
        </>
      ),
    );

  // The number may come in the link from the receipt (?number=); the query code never travels in a
  // URL (the receipt's link carries it in the fragment, which a small script copies into the form).
  app.get('/ysqgk/track', async (req, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const number = str((req.query as Record<string, unknown>)?.number).slice(0, 30);
    return trackPage(req, reply, (page) => <TrackForm page={page} number={number} />);
  });

  /** The tracking result, with a notice or an error of a follow-up form (补正). */
  const showTracked = async (
    req: FastifyRequest,
    reply: FastifyReply,
    number: string,
    code: string,
    extra: { notice?: string; error?: AppError } = {},
  ) => {
    const v = await trackApplication(ctx, number, code);
    reply.header('referrer-policy', 'no-referrer');
    return trackPage(
      req,
      reply,
      (page) => (
        <>
          {extra.notice && <Notice kind="success">{extra.notice}</Notice>}
          <TrackResult v={v} code={code.trim().toUpperCase()} page={page} error={extra.error} />
          <h2>查询其他申请</h2>
          <TrackForm page={page} />
        </>
      ),
      extra.error?.status ?? 200,
    );
  };
  const wrongCode = (req: FastifyRequest, reply: FastifyReply, number: string, e: AppError) =>
    trackPage(req, reply, (page) => <TrackForm page={page} number={number} error={e.userMessage} />, 404);

  // Brute force on query codes is rate-limited per address; every mismatch gets the same message.
  app.post(
    '/ysqgk/track',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      const number = str(b.number);
      reply.header('cache-control', 'no-store');
      return formPost(
        () => showTracked(req, reply, number, str(b.code)),
        (e) => wrongCode(req, reply, number, e),
        ['not_found'],
      );
    },
  );

  /**
   * A download for the applicant, proved by number + query code as for tracking: rate-limited per
   * address, never cached or sent on as a Referer; a wrong code reads as an unknown number.
   */
  const applicantDownload = (
    path: string,
    refusals: ErrorCode[],
    send: (reply: FastifyReply, number: string, code: string, b: Record<string, unknown>) => Promise<unknown>,
  ) =>
    app.post(path, { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      const number = str(b.number);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return formPost(
        () => send(reply, number, str(b.code), b),
        (e) => wrongCode(req, reply, number, e),
        refusals,
      );
    });

  // A letter for the applicant (DOCX or printable page), read as issued.
  applicantDownload(
    '/ysqgk/track/letter',
    ['not_found', 'bad_request', 'invalid_state'],
    async (reply, number, code, b) =>
      sendLetter(
        reply,
        await trackedLetter(ctx, number, code, str(b.ref)),
        str(b.format) === 'docx' ? 'docx' : 'html',
      ),
  );

  // A document released to the applicant.
  applicantDownload('/ysqgk/track/file', ['not_found'], async (reply, number, code, b) => {
    const { attachment, data } = await trackedFile(ctx, number, code, Number(str(b.id)) || 0);
    return sendDownload(reply, { name: attachment.filename, mime: attachment.contentType, body: data });
  });

  // The applicant's 补正, online (text and files, the same checks as staff uploads).
  app.post(
    '/ysqgk/track/correction',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const fields: Record<string, string> = {};
      try {
        const { files } = await readMultipart(
          req,
          { maxBytes: MAX_ATTACHMENT_BYTES, maxFiles: MAX_CORRECTION_FILES, maxFields: 10 },
          fields,
        );
        const a = await submitOnlineCorrection(ctx, req.actor, {
          number: fields.number ?? '',
          code: fields.code ?? '',
          text: fields.text ?? '',
          files: files.map((f) => ({ filename: f.name, data: f.data })),
        });
        return showTracked(req, reply, fields.number ?? '', fields.code ?? '', {
          notice: `补正已提交。收到补正之日为 ${shanghaiDate(ctx.clock.now())}，答复期限自次日起重新计算，新的答复期限为 ${a.dueDate ?? '—'}。`,
        });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.code === 'not_found') return wrongCode(req, reply, fields.number ?? '', e);
        if (['bad_request', 'invalid_state', 'payload_too_large'].includes(e.code)) {
          return formPost(
            () => showTracked(req, reply, fields.number ?? '', fields.code ?? '', { error: e }),
            (e2) => wrongCode(req, reply, fields.number ?? '', e2),
            ['not_found'],
          );
        }
        throw e;
      }
    },
  );

  // ------------------------------------------------------------ back office
  const orgNameMap = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  app.get('/admin/foi', async (req, reply) => {
    requirePermission(req.actor, 'foi.read');
    const q = req.query as Record<string, string | undefined>;
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
  app.post('/admin/foi/new', async (req, reply) => {
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

  app.get('/admin/foi/export.xlsx', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
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
  });

  app.get('/admin/foi/templates', async (req, reply) => {
    requirePermission(req.actor, 'foi.handle');
    if (req.actor.kind !== 'user') throw forbidden();
    const orgId = req.actor.orgId;
    const templates = await listTemplateBlocks(ctx, req.actor, orgId);
    const saved = (req.query as Record<string, string>).saved;
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
  app.post('/admin/foi/templates', async (req, reply) => {
    requirePermission(req.actor, 'foi.handle');
    if (req.actor.kind !== 'user') throw forbidden();
    const b = (req.body ?? {}) as Record<string, unknown>;
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

  const renderCase = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    revealed?: Awaited<ReturnType<typeof revealApplicant>>,
  ) => {
    const d = await getApplication(ctx, req.actor, id);
    const done = req.method === 'GET' ? str((req.query as Record<string, unknown> | undefined)?.done) : '';
    const desk = await deskView(ctx, req.actor, d, done || undefined);
    const orgs = await applicableOrgs(ctx.db);
    const handlerIds = (await usersWithRole(ctx.db, d.application.orgId, 'handler')).map((h) => h.id);
    const names = await userNames(ctx.db, handlerIds);
    const handlers = handlerIds.map((hid) => ({ id: hid, name: names.get(hid) ?? String(hid) }));
    return renderAdmin(
      req,
      reply,
      {
        title: `申请 ${d.application.number}`,
        status: error?.status ?? 200,
        crumbs: [
          { href: '/admin/foi', label: '依申请公开' },
          { href: `/admin/foi/${id}`, label: d.application.number },
        ],
      },
      (page) => (
        <CaseView
          page={page}
          d={d}
          orgs={orgs}
          handlers={handlers}
          canManage={can(req.actor, 'foi.manage')}
          canHandle={can(req.actor, 'foi.handle')}
          error={error}
          revealed={revealed}
          desk={desk}
        />
      ),
    );
  };

  app.get('/admin/foi/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderCase(req, reply, (req.params as { id: number }).id),
  );
  // Unmasking the applicant's personal data: an explicit, audited action (service revealApplicant).
  app.post('/admin/foi/:id/personal', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    return renderCase(req, reply, id, undefined, await revealApplicant(ctx, req.actor, id));
  });

  /** The confirm page of an action (no JavaScript needed): nothing is written until it is posted back with confirm=1. */
  const renderConfirm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    action: string,
    body: Record<string, unknown>,
    preview: ActionPreview,
  ) => {
    const fields = Object.fromEntries(
      Object.entries(body).filter(
        ([k, v]) => k !== '_csrf' && k !== 'confirm' && typeof v === 'string' && v !== '',
      ),
    ) as Record<string, string>;
    const number = (await getApplication(ctx, req.actor, id)).application.number;
    return renderAdmin(
      req,
      reply,
      {
        title: `请确认：${preview.label}`,
        crumbs: [
          { href: '/admin/foi', label: '依申请公开' },
          { href: `/admin/foi/${id}`, label: number },
        ],
      },
      (page) => (
        <ConfirmAction
          page={page}
          caseId={id}
          caseNumber={number}
          action={action}
          fields={fields}
          preview={preview}
        />
      ),
    );
  };

  app.post('/admin/foi/:id/confirm', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const b = (req.body ?? {}) as Record<string, unknown>;
    return formPost(
      async () => {
        if (str(b.confirm) !== '1')
          return renderConfirm(
            req,
            reply,
            id,
            `/admin/foi/${id}/confirm`,
            b,
            await previewConfirm(ctx, req.actor, id, str(b.on) || null),
          );
        await confirmReceipt(ctx, req.actor, id, str(b.on) || null);
        return seeOther(reply, `/admin/foi/${id}?done=confirm`);
      },
      (e) => renderCase(req, reply, id, e),
      STATE_REFUSALS,
    );
  });

  app.post('/admin/foi/:id/events', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const input: EventInput = {
      type: str(b.type) as CaseEventType,
      on: str(b.on) || null,
      periodDays: int(b.periodDays),
      reason: str(b.reason),
      approvedBy: str(b.approvedBy),
      party: str(b.party),
      partyName: str(b.partyName),
      deemed: str(b.deemed) === '1',
      method: str(b.method),
      pages: int(b.pages),
      dueDate: str(b.dueDate) || null,
      outcome: str(b.outcome),
      onTheSpot: str(b.onTheSpot) === '1',
      orgId: int(b.orgId),
      handlerId: int(b.handlerId),
      text: str(b.text),
      earlierId: int(b.earlierId),
    };
    return formPost(
      async () => {
        // Every action is confirmed first (issue 19 part 6): without confirm=1 nothing is written.
        if (str(b.confirm) !== '1')
          return renderConfirm(
            req,
            reply,
            id,
            `/admin/foi/${id}/events`,
            b,
            await previewEvent(ctx, req.actor, id, input),
          );
        await recordEvent(ctx, req.actor, id, input);
        return seeOther(reply, `/admin/foi/${id}?done=${input.type}`);
      },
      (e) => renderCase(req, reply, id, e),
      STATE_REFUSALS,
    );
  });

  app.post('/admin/foi/:id/attachments', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    requirePermission(req.actor, 'foi.handle');
    return formPost(
      async () => {
        const { fields, files } = await readMultipart(req, {
          maxBytes: MAX_ATTACHMENT_BYTES,
          maxFiles: 1,
          maxFields: 5,
        });
        const file = files[0] ?? { name: '', data: Buffer.alloc(0) }; // none chosen: the use case says so
        await addAttachment(
          ctx,
          req.actor,
          id,
          { filename: file.name, data: file.data },
          { released: fields.released === '1' },
        );
        return seeOther(reply, `/admin/foi/${id}#attachments`);
      },
      (e) => renderCase(req, reply, id, e),
    );
  });

  // Give a file to the applicant as released information, or take that back.
  app.post(
    '/admin/foi/attachments/:id/release',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const released = str(((req.body ?? {}) as Record<string, unknown>).released) === '1';
      const a = await setAttachmentReleased(ctx, req.actor, id, released);
      return seeOther(reply, `/admin/foi/${a.applicationId}#attachments`);
    },
  );

  app.get('/admin/foi/attachments/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const { attachment, data } = await readAttachment(ctx, req.actor, (req.params as { id: number }).id);
    return sendDownload(reply, { name: attachment.filename, mime: attachment.contentType, body: data });
  });

  const reviewForm = (b: Record<string, unknown>): ReviewInput => ({
    kind: str(b.kind) as ReviewKind,
    filedOn: str(b.filedOn),
    result: str(b.result) as ReviewResult,
    resultOn: str(b.resultOn) || null,
    note: str(b.note),
  });
  app.post('/admin/foi/:id/reviews', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    return formPost(
      async () => {
        await addReview(ctx, req.actor, id, reviewForm((req.body ?? {}) as Record<string, unknown>));
        return seeOther(reply, `/admin/foi/${id}#reviews`);
      },
      (e) => renderCase(req, reply, id, e),
    );
  });
  app.post('/admin/foi/reviews/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const r = await updateReview(
      ctx,
      req.actor,
      (req.params as { id: number }).id,
      reviewForm((req.body ?? {}) as Record<string, unknown>),
    );
    return seeOther(reply, `/admin/foi/${r.applicationId}#reviews`);
  });
  const resultForm = (b: Record<string, unknown>): ReviewResultInput => ({
    result: str(b.result) as ReviewResultInput['result'],
    resultOn: str(b.resultOn),
    note: str(b.note),
  });
  /** The case a review belongs to, for showing a refused result form again on its page. */
  const caseOfReview = async (req: FastifyRequest, reviewId: number) =>
    await reviewApplicationId(ctx, req.actor, reviewId);
  app.post(
    '/admin/foi/reviews/:id/results',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const caseId = await caseOfReview(req, id);
      return formPost(
        async () => {
          await addReviewResult(ctx, req.actor, id, resultForm((req.body ?? {}) as Record<string, unknown>));
          return seeOther(reply, `/admin/foi/${caseId}#review-${id}-results`);
        },
        (e) => renderCase(req, reply, caseId, e),
      );
    },
  );
  app.post(
    '/admin/foi/reviews/:id/results/:resultId',
    {
      schema: {
        params: StrictObject({
          id: Type.Integer({ minimum: 1, maximum: MAX_ID }),
          resultId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
        }),
        hide: true,
      },
    },
    async (req, reply) => {
      const p = req.params as { id: number; resultId: number };
      const caseId = await caseOfReview(req, p.id);
      return formPost(
        async () => {
          await correctReviewResult(
            ctx,
            req.actor,
            p.id,
            p.resultId,
            resultForm((req.body ?? {}) as Record<string, unknown>),
          );
          return seeOther(reply, `/admin/foi/${caseId}#review-${p.id}-results`);
        },
        (e) => renderCase(req, reply, caseId, e),
      );
    },
  );

  app.get(
    '/admin/foi/:id/letters/:file',
    {
      schema: {
        hide: true,
        params: StrictObject({
          id: Type.Integer({ minimum: 1 }),
          file: Type.String({ pattern: '^([a-z]+|[0-9]{1,12})\\.(docx|html)$' }),
        }),
      },
    },
    async (req, reply) => {
      const { id, file } = req.params as { id: number; file: string };
      const [ref, ext] = file.split('.');
      return sendLetter(reply, await composeLetter(ctx, req.actor, id, ref), ext as 'docx' | 'html');
    },
  );

  // ------------------------------------------------------------ JSON API
  const tags = ['依申请公开'];
  app.post(
    '/api/v1/foi/applications',
    {
      schema: {
        operationId: 'foi.applications.create',
        tags,
        summary: '登记政府信息公开申请（工作人员；公众通过在线表单提交）',
        body: RegisterBody,
        response: { 201: ReceiptSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const b = req.body as Record<string, unknown>;
      const input = {
        address: '',
        email: '',
        docNumber: '',
        docTitle: '',
        preferredForm: '',
        delivery: '',
        ...b,
      } as unknown as RegisterInput;
      const r = await registerApplication(ctx, req.actor, input);
      return reply.code(201).send({ application: r.application, queryCode: r.queryCode });
    },
  );

  app.get(
    '/api/v1/foi/applications',
    {
      schema: {
        operationId: 'foi.applications.list',
        tags,
        summary: '申请列表（按机关、状态、是否超期、年度筛选）',
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(ListedSchema),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const q = req.query as {
        org?: number;
        status?: FoiStatus | 'open';
        overdue?: boolean;
        year?: number;
        page?: number;
        pageSize?: number;
      };
      return listApplications(ctx, req.actor, {
        orgId: q.org,
        status: q.status,
        overdue: q.overdue,
        year: q.year,
        page: q.page,
        pageSize: q.pageSize,
        order: 'newest',
      });
    },
  );

  app.get(
    '/api/v1/foi/applications/:id',
    {
      schema: {
        operationId: 'foi.applications.get',
        tags,
        summary: '申请详情（含收到日期、答复期限、是否预估和计算过程）',
        params: IdParams,
        response: { 200: DetailSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => detailJson(await getApplication(ctx, req.actor, (req.params as { id: number }).id)),
  );

  app.post(
    '/api/v1/foi/applications/:id/events',
    {
      schema: {
        operationId: 'foi.applications.recordEvent',
        tags,
        summary: '登记办理事项（补正、延期、征求意见、收费、办结等）',
        params: IdParams,
        body: EventBody,
        response: { 201: DetailSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      await recordEvent(ctx, req.actor, id, req.body as EventInput);
      return reply.code(201).send(detailJson(await getApplication(ctx, req.actor, id)));
    },
  );

  app.get(
    '/api/v1/foi/applications/:id/earlier',
    {
      schema: {
        operationId: 'foi.earlierApplications.list',
        tags,
        summary:
          '申请人此前的申请（按证件号码或联系电话匹配，含办理结果、文书和申请内容相似度），用于核查重复申请',
        params: IdParams,
        response: { 200: Type.Array(EarlierSchema), ...errors(401, 403, 404) },
      },
    },
    async (req) => earlierApplications(ctx, req.actor, (req.params as { id: number }).id),
  );

  app.post(
    '/api/v1/foi/applications/:id/confirm',
    {
      schema: {
        operationId: 'foi.applications.confirm',
        tags,
        summary: '确认收到互联网/传真申请（确认之日为收到申请之日）',
        params: IdParams,
        body: StrictObject({ on: Type.Optional(Date_('确认日期，缺省为今天')) }),
        response: { 200: ApplicationSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) =>
      confirmReceipt(
        ctx,
        req.actor,
        (req.params as { id: number }).id,
        (req.body as { on?: string }).on ?? null,
      ),
  );

  const ReviewSchema = Type.Object({
    id: Type.Integer(),
    applicationId: Type.Integer(),
    kind: Type.String(),
    filedOn: Type.String(),
    result: Type.String({ description: '最新结果（没有结果时为 pending）' }),
    resultOn: Nullable(Type.String()),
    note: Type.String(),
    results: Type.Array(ReviewResultSchema, { description: '历次结果，按日期先后' }),
  });
  app.get(
    '/api/v1/foi/applications/:id/reviews',
    {
      schema: {
        operationId: 'foi.reviews.list',
        tags,
        summary: '行政复议、行政诉讼记录',
        params: IdParams,
        response: { 200: Type.Array(ReviewSchema), ...errors(401, 403, 404) },
      },
    },
    async (req) => (await getApplication(ctx, req.actor, (req.params as { id: number }).id)).reviews,
  );
  app.post(
    '/api/v1/foi/applications/:id/reviews',
    {
      schema: {
        operationId: 'foi.reviews.create',
        tags,
        summary: '登记行政复议或行政诉讼',
        params: IdParams,
        body: ReviewBody,
        response: { 201: ReviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addReview(ctx, req.actor, (req.params as { id: number }).id, req.body as ReviewInput)),
  );
  app.put(
    '/api/v1/foi/reviews/:id',
    {
      schema: {
        operationId: 'foi.reviews.update',
        tags,
        summary:
          '更新复议诉讼：更正类型、立案日期和备注；结果或结果日期与最新结果不同时新增一条结果（不覆盖原结果）',
        params: IdParams,
        body: ReviewBody,
        response: { 200: ReviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => updateReview(ctx, req.actor, (req.params as { id: number }).id, req.body as ReviewInput),
  );
  app.post(
    '/api/v1/foi/reviews/:id/results',
    {
      schema: {
        operationId: 'foi.reviewResults.create',
        tags,
        summary: '新增复议诉讼结果（再审、二审等后来的结果；此前的结果保留）',
        params: IdParams,
        body: ResultBody,
        response: { 201: ReviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await addReviewResult(
            ctx,
            req.actor,
            (req.params as { id: number }).id,
            req.body as ReviewResultInput,
          ),
        ),
  );
  app.put(
    '/api/v1/foi/reviews/:id/results/:resultId',
    {
      schema: {
        operationId: 'foi.reviewResults.update',
        tags,
        summary: '更正录入有误的一条复议诉讼结果（留审计记录）',
        params: StrictObject({
          id: Type.Integer({ minimum: 1, maximum: MAX_ID }),
          resultId: Type.Integer({ minimum: 1, maximum: MAX_ID }),
        }),
        body: ResultBody,
        response: { 200: ReviewSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const p = req.params as { id: number; resultId: number };
      return correctReviewResult(ctx, req.actor, p.id, p.resultId, req.body as ReviewResultInput);
    },
  );
};
