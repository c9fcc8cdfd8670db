/** 依申请公开 on the portal: the guide, the online form with its check page and receipt, tracking, the applicant's downloads and 补正. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AppError, type ErrorCode } from '../../../errors.ts';
import { sendDownload } from '../../../lib/uploads.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { Notice } from '../../../web/components.tsx';
import { formPost, readMultipart, str } from '../../../web/forms.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { listPublicOrgs } from '../../org/service.ts';
import { getSiteInfo } from '../../portal/service.ts';
import { MAX_ATTACHMENT_BYTES } from '../service/attachments.ts';
import { applicationFormDocx } from '../form-docx.ts';
import { ApplyCheckPage } from '../views/applicant-form.tsx';
import {
  checkOnlineApplication,
  emailReceipt,
  newFormToken,
  submitOnlineApplication,
} from '../service/submit.ts';
import {
  MAX_CORRECTION_FILES,
  submitOnlineCorrection,
  trackApplication,
  trackedFile,
  trackedLetter,
} from '../service/track.ts';
import { FoiGuide } from '../views/guide.tsx';
import { ApplyForm, ReceiptView, TrackForm, TrackResult, type ApplyValues } from '../views/public.tsx';
import type { Static } from 'typebox';
import { ApplyFormBody, TrackFormBody, TrackQuery } from './schemas.ts';
import { applicableOrgs, applyValues, PORTAL_CRUMBS, sendLetter, submitInput } from './shared.tsx';
/** The public pages under /ysqgk. */
export const foiPortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
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
      <FoiGuide desks={desks} />,
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
    {
      schema: { body: ApplyFormBody, hide: true },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const values = applyValues(req.body);
      const formToken = str(req.body.formToken);
      const step = str(req.body.step);
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
  app.get('/ysqgk/track', { schema: { querystring: TrackQuery, hide: true } }, async (req, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const number = str(req.query.number).slice(0, 30);
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
    {
      schema: { body: TrackFormBody, hide: true },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const b = req.body;
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
    send: (
      reply: FastifyReply,
      number: string,
      code: string,
      b: Static<typeof TrackFormBody>,
    ) => Promise<unknown>,
  ) =>
    app.post(
      path,
      {
        schema: { body: TrackFormBody, hide: true },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (req, reply) => {
        const b = req.body;
        const number = str(b.number);
        reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
        return formPost(
          () => send(reply, number, str(b.code), b),
          (e) => wrongCode(req, reply, number, e),
          refusals,
        );
      },
    );

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
};
