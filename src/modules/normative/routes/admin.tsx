/** The back office's library (/admin/gfxwj): the list, registration and correction, a document and its forms. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { AppError } from '../../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../../lib/time.ts';
import { sendDownload } from '../../../lib/uploads.ts';
import { formPost, int, list, readUpload, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { IdParams } from '../../../web/schemas.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { listPublicOrgs } from '../../org/service.ts';
import type { InterpretationForm, KeyPoint } from '../model.ts';
import {
  addInterpretation,
  addSupersedes,
  attachFile,
  changeStatus,
  documentFile,
  getDocumentDetail,
  listDocuments,
  renewDocument,
  updateDocument,
} from '../service.ts';
import { registerDocument, resubmitDocument } from '../service/workflow.ts';
import {
  AdminLibraryPage,
  DocumentFormPage,
  type DocumentFormMode,
  type DocumentFormValues,
} from '../views/admin.tsx';
import {
  AdminDocumentPage,
  fieldsWithPrefix,
  type DocumentSection,
  type FailedForm,
} from '../views/admin-document.tsx';
import { adminHref, filterFromQuery, leadOrgOptions, queryString } from './helpers.ts';
import {
  DocumentActionForm,
  DocumentForm,
  DocumentPageQuery,
  FILE_MAX_BYTES,
  LibraryPageQuery,
} from './schemas.ts';

type ActionFields = Static<typeof DocumentActionForm>;

/** The registration and correction form's fields as entered (kept as text for the form again). */
function formValues(b: Static<typeof DocumentForm>): DocumentFormValues {
  const lead = int(b.leadOrgId);
  const joint = list(b.jointOrgIds)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0 && n !== lead);
  const years = str(b.validityYears);
  return {
    docNumber: str(b.docNumber),
    title: str(b.title),
    leadOrgId: lead,
    jointOrgIds: joint,
    orgIds: lead ? [lead, ...joint] : [],
    writtenOn: str(b.writtenOn),
    publishedOn: str(b.publishedOn) || null,
    effectiveOn: str(b.effectiveOn),
    validityYears: years === '' ? null : /^\d{1,2}$/.test(years) ? Number(years) : -1,
    registrationNumber: str(b.registrationNumber) || null,
    subject: str(b.subject),
    body: typeof b.body === 'string' ? b.body : '',
    isNormative: str(b.docKind) !== 'policy',
  };
}

const opt = (v: unknown) => str(v) || null;

/** The back office's library pages and their forms under /admin/gfxwj. */
export const normativeAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/admin/gfxwj', { schema: { querystring: LibraryPageQuery, hide: true } }, async (req, reply) => {
    requirePermission(req.actor, 'normative.read');
    const filter = filterFromQuery(req.query);
    const result = await listDocuments(ctx, req.actor, { ...filter, pageSize: 30 });
    const orgs = await listPublicOrgs(ctx.db);
    const base = `/admin/gfxwj${queryString(filter)}`;
    return renderAdmin(req, reply, { title: '规范性文件库' }, () => (
      <AdminLibraryPage
        filter={filter}
        result={result}
        orgs={orgs}
        now={ctx.clock.now()}
        base={base}
        canManage={can(req.actor, 'normative.manage')}
        canExchange={can(req.actor, 'normative.exchange')}
      />
    ));
  });

  // Registration and correction form.
  const renderDocForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    mode: DocumentFormMode,
    values: DocumentFormValues,
    error?: AppError,
  ) => {
    const orgs = await listPublicOrgs(ctx.db);
    const leads = await leadOrgOptions(ctx, req.actor, orgs);
    const title = mode.kind === 'new' ? '登记规范性文件' : '更正文件信息';
    const action = mode.kind === 'new' ? '/admin/gfxwj/new' : `/admin/gfxwj/${mode.id}/edit`;
    const errs = fieldsWithPrefix(error, { orgIds: 'leadOrgId' });
    return renderAdmin(
      req,
      reply,
      {
        title,
        status: error ? error.status : 200,
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: action, label: title },
        ],
      },
      (page) => (
        <DocumentFormPage
          page={page}
          mode={mode}
          values={values}
          orgs={orgs}
          leads={leads}
          errs={errs}
          error={error}
          title={title}
          action={action}
        />
      ),
    );
  };

  app.get('/admin/gfxwj/new', async (req, reply) => {
    requirePermission(req.actor, 'normative.manage');
    return renderDocForm(
      req,
      reply,
      { kind: 'new' },
      { leadOrgId: req.actor.kind === 'user' ? req.actor.orgId : null },
    );
  });
  app.post('/admin/gfxwj/new', { schema: { body: DocumentForm, hide: true } }, async (req, reply) => {
    const values = formValues(req.body);
    return formPost(
      async () => {
        const doc = await registerDocument(ctx, req.actor, {
          docNumber: values.docNumber ?? '',
          title: values.title ?? '',
          orgIds: values.orgIds ?? [],
          writtenOn: values.writtenOn ?? '',
          effectiveOn: values.effectiveOn ?? '',
          validityYears: values.validityYears,
          registrationNumber: values.registrationNumber,
          subject: values.subject ?? '',
          body: values.body,
          isNormative: values.isNormative,
        });
        return seeOther(reply, `${adminHref(doc.id)}?saved=1`);
      },
      (e) => renderDocForm(req, reply, { kind: 'new' }, values, e),
    );
  });

  app.get('/admin/gfxwj/:id/edit', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const doc = await getDocumentDetail(ctx, req.actor, req.params.id);
    if (!doc.canEdit) throw new AppError('forbidden', '该文件由其他单位制发，您无权修改');
    return renderDocForm(
      req,
      reply,
      {
        kind: 'edit',
        id: doc.id,
        effectiveOn: doc.effectiveOn,
        endsOn: doc.endsOn,
        inLibrary: doc.inLibrary,
      },
      {
        ...doc,
        leadOrgId: doc.orgs[0]?.id,
        jointOrgIds: doc.orgs.slice(1).map((o) => o.id),
      },
    );
  });
  app.post(
    '/admin/gfxwj/:id/edit',
    { schema: { params: IdParams, body: DocumentForm, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const values = formValues(req.body);
      return formPost(
        async () => {
          await updateDocument(ctx, req.actor, id, {
            docNumber: values.docNumber ?? '',
            title: values.title ?? '',
            orgIds: values.orgIds ?? [],
            writtenOn: values.writtenOn ?? '',
            publishedOn: values.publishedOn,
            registrationNumber: values.registrationNumber,
            subject: values.subject ?? '',
            body: values.body,
          });
          return seeOther(reply, `${adminHref(id)}?saved=1`);
        },
        async (e) => {
          const doc = await getDocumentDetail(ctx, req.actor, id);
          return renderDocForm(
            req,
            reply,
            { kind: 'edit', id, effectiveOn: doc.effectiveOn, endsOn: doc.endsOn, inLibrary: doc.inLibrary },
            values,
            e,
          );
        },
      );
    },
  );

  /** A document's page; `on` shows the status (and banner) as of that day, as on the portal page. */
  const renderDetail = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    view: { on?: string; saved?: boolean; failed?: FailedForm },
  ) => {
    const { on, failed } = view;
    if (on && !isIsoDate(on))
      throw new AppError('bad_request', '日期无效，格式应为 YYYY-MM-DD，如 2022-03-01', { on: '日期无效' });
    const doc = await getDocumentDetail(ctx, req.actor, id, on);
    return renderAdmin(
      req,
      reply,
      {
        title: doc.title,
        status: failed ? failed.error.status : 200,
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: adminHref(id), label: doc.docNumber },
        ],
      },
      (page) => (
        <AdminDocumentPage
          page={page}
          doc={doc}
          today={shanghaiDate(ctx.clock.now())}
          saved={!!view.saved}
          failed={failed}
        />
      ),
    );
  };

  app.get(
    '/admin/gfxwj/:id',
    { schema: { params: IdParams, querystring: DocumentPageQuery, hide: true } },
    async (req, reply) => {
      requirePermission(req.actor, 'normative.read');
      return renderDetail(req, reply, req.params.id, {
        on: str(req.query.on) || undefined,
        saved: !!req.query.saved,
      });
    },
  );
  app.get('/admin/gfxwj/:id/file', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const f = await documentFile(ctx, req.actor, req.params.id);
    return sendDownload(reply, { name: f.name, mime: f.type, body: f.data });
  });

  /** A form of the document page: runs the use case, then back to the page; a refusal re-shows that form. */
  const formAction = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    section: DocumentSection,
    values: ActionFields,
    run: () => Promise<unknown>,
  ) =>
    formPost(
      async () => {
        await run();
        return seeOther(reply, `${adminHref(id)}?saved=1`);
      },
      (e) => renderDetail(req, reply, id, { failed: { section, error: e, values } }),
      STATE_REFUSALS,
    );
  const form = { schema: { params: IdParams, body: DocumentActionForm, hide: true } };

  app.post('/admin/gfxwj/:id/status', form, async (req, reply) => {
    const b = req.body;
    return formAction(req, reply, req.params.id, 'status', b, () =>
      changeStatus(ctx, req.actor, req.params.id, {
        kind: str(b.kind) as 'amended' | 'repealed',
        effectiveOn: str(b.effectiveOn),
        byDocNumber: str(b.byDocNumber),
        articles: opt(b.articles),
        note: opt(b.note),
      }),
    );
  });
  app.post('/admin/gfxwj/:id/renew', form, async (req, reply) => {
    const b = req.body;
    const y = str(b.renewYears);
    return formAction(req, reply, req.params.id, 'renew', b, () =>
      renewDocument(ctx, req.actor, req.params.id, {
        years: y === '' ? null : /^\d{1,2}$/.test(y) ? Number(y) : -1,
        effectiveOn: opt(b.renewFrom),
        note: opt(b.renewNote),
      }),
    );
  });
  app.post('/admin/gfxwj/:id/resubmit', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    formAction(req, reply, req.params.id, 'resubmit', {}, () =>
      resubmitDocument(ctx, req.actor, req.params.id),
    ),
  );
  app.post('/admin/gfxwj/:id/supersede', form, async (req, reply) =>
    formAction(req, reply, req.params.id, 'supersede', req.body, () =>
      addSupersedes(ctx, req.actor, req.params.id, str(req.body.otherDocNumber)),
    ),
  );
  app.post('/admin/gfxwj/:id/interpretations', form, async (req, reply) => {
    const b = req.body;
    return formAction(req, reply, req.params.id, 'interp', b, () =>
      addInterpretation(ctx, req.actor, {
        documentId: req.params.id,
        title: str(b.interpTitle),
        url: opt(b.interpUrl),
        form: str(b.interpForm) as InterpretationForm,
        publishedOn: str(b.interpPublishedOn),
        keyPoints: list(b.keyPoints) as KeyPoint[],
        briefing:
          str(b.interpForm) === 'briefing'
            ? {
                date: opt(b.briefingDate),
                topic: opt(b.briefingTopic),
                speakers: opt(b.briefingSpeakers),
                link: opt(b.briefingLink),
              }
            : null,
      }),
    );
  });
  // A multipart upload: the file is read from the parts, no body schema.
  app.post('/admin/gfxwj/:id/file', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    formAction(req, reply, req.params.id, 'file', {}, async () => {
      const file = await readUpload(req, { maxBytes: FILE_MAX_BYTES });
      return attachFile(ctx, req.actor, req.params.id, {
        filename: file.name,
        mimetype: file.mime,
        data: file.data,
      });
    }),
  );
};
