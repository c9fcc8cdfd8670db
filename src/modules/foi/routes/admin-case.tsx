/** One FOI case in the back office: its page, the applicant's unmasked data, confirmation, events (confirmed first), files, reviews, letters. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../errors.ts';
import { sendDownload } from '../../../lib/uploads.ts';
import { formPost, int, readMultipart, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { IdParams, StrictObject } from '../../../web/schemas.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { usersWithRole } from '../../auth/service.ts';
import {
  addAttachment,
  MAX_ATTACHMENT_BYTES,
  readAttachment,
  setAttachmentReleased,
} from '../service/attachments.ts';
import { composeLetter } from '../letters/service.ts';
import type { CaseEventType, ReviewKind } from '../model.ts';
import type { ReviewResult } from '../outcomes.ts';
import { confirmReceipt, recordEvent, type EventInput } from '../service/events.ts';
import { getApplication, revealApplicant, userNames } from '../service/read.ts';
import {
  addReview,
  addReviewResult,
  correctReviewResult,
  reviewApplicationId,
  updateReview,
  type ReviewInput,
  type ReviewResultInput,
} from '../service/reviews.ts';
import { CaseView } from '../views/case.tsx';
import { deskView, previewConfirm, previewEvent, type ActionPreview } from '../desk.ts';
import { ConfirmAction } from '../views/desk.tsx';
import {
  ConfirmFormBody,
  DoneQuery,
  EventFormBody,
  ReleaseFormBody,
  ResultFormBody,
  ResultParams,
  ReviewFormBody,
} from './schemas.ts';
import { applicableOrgs, sendLetter } from './shared.tsx';
/** The case page and every action on it. */
export const foiCaseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const renderCase = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    revealed?: Awaited<ReturnType<typeof revealApplicant>>,
    done = '',
  ) => {
    const d = await getApplication(ctx, req.actor, id);
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

  // ?done=<action>: the desk says what was just done and what comes next.
  app.get(
    '/admin/foi/:id',
    { schema: { params: IdParams, querystring: DoneQuery, hide: true } },
    async (req, reply) => renderCase(req, reply, req.params.id, undefined, undefined, str(req.query.done)),
  );
  // Unmasking the applicant's personal data: an explicit, audited action (service revealApplicant).
  app.post('/admin/foi/:id/personal', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = req.params.id;
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

  app.post(
    '/admin/foi/:id/confirm',
    { schema: { params: IdParams, body: ConfirmFormBody, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const b = req.body;
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
    },
  );

  app.post(
    '/admin/foi/:id/events',
    { schema: { params: IdParams, body: EventFormBody, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const b = req.body;
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
    },
  );

  app.post('/admin/foi/:id/attachments', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = req.params.id;
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
    { schema: { params: IdParams, body: ReleaseFormBody, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const released = str(req.body.released) === '1';
      const a = await setAttachmentReleased(ctx, req.actor, id, released);
      return seeOther(reply, `/admin/foi/${a.applicationId}#attachments`);
    },
  );

  app.get('/admin/foi/attachments/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const { attachment, data } = await readAttachment(ctx, req.actor, req.params.id);
    return sendDownload(reply, { name: attachment.filename, mime: attachment.contentType, body: data });
  });

  const reviewForm = (b: Record<string, unknown>): ReviewInput => ({
    kind: str(b.kind) as ReviewKind,
    filedOn: str(b.filedOn),
    result: str(b.result) as ReviewResult,
    resultOn: str(b.resultOn) || null,
    note: str(b.note),
  });
  app.post(
    '/admin/foi/:id/reviews',
    { schema: { params: IdParams, body: ReviewFormBody, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      return formPost(
        async () => {
          await addReview(ctx, req.actor, id, reviewForm(req.body));
          return seeOther(reply, `/admin/foi/${id}#reviews`);
        },
        (e) => renderCase(req, reply, id, e),
      );
    },
  );
  app.post(
    '/admin/foi/reviews/:id',
    { schema: { params: IdParams, body: ReviewFormBody, hide: true } },
    async (req, reply) => {
      const r = await updateReview(ctx, req.actor, req.params.id, reviewForm(req.body));
      return seeOther(reply, `/admin/foi/${r.applicationId}#reviews`);
    },
  );
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
    { schema: { params: IdParams, body: ResultFormBody, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const caseId = await caseOfReview(req, id);
      return formPost(
        async () => {
          await addReviewResult(ctx, req.actor, id, resultForm(req.body));
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
        params: ResultParams,
        body: ResultFormBody,
        hide: true,
      },
    },
    async (req, reply) => {
      const p = req.params;
      const caseId = await caseOfReview(req, p.id);
      return formPost(
        async () => {
          await correctReviewResult(ctx, req.actor, p.id, p.resultId, resultForm(req.body));
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
      const { id, file } = req.params;
      const [ref, ext] = file.split('.');
      return sendLetter(reply, await composeLetter(ctx, req.actor, id, ref), ext as 'docx' | 'html');
    },
  );
};
