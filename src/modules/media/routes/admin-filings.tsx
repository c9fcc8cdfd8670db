/** 政务新媒体 filings in the back office: the list, the filing form, one filing (documents, review) and the check import. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../../errors.ts';
import { formPost, int, STATE_REFUSALS, str } from '../../../web/forms.ts';
import { sendDownload } from '../../../lib/uploads.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, SavedQuery } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listOrgs, listPublicOrgs } from '../../org/service.ts';
import { FILING_KINDS, type AccountFields, type FilingKind } from '../model.ts';
import {
  decideFiling,
  getAccount,
  getFiling,
  listFilings,
  readFilingDocument,
  submitFiling,
} from '../service.ts';
import { FilingFormPage, FilingList, FilingPage, ImportPage } from '../views/filings.tsx';
import { ACCOUNT_FORM_FIELDS, accountForm, crumbs } from './forms.ts';
import { importCheckFile, uploadFilingDocument } from './uploads.ts';

const FilingForm = FormBody({
  ...ACCOUNT_FORM_FIELDS,
  kind: FormField,
  accountId: FormField,
  note: FormField,
});
const DecisionForm = FormBody({ decision: FormField, reason: FormField });

/** The back-office filing pages under /admin/media/filings, documents and the check import. */
export const mediaFilingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const orgName = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  app.get('/admin/media/filings', async (req, reply) => {
    const filings = await listFilings(ctx, req.actor);
    const names = await orgName();
    return renderAdmin(
      req,
      reply,
      { title: '新媒体备案', crumbs: crumbs([{ href: '/admin/media/filings', label: '备案' }]) },
      <FilingList filings={filings} names={names} />,
    );
  });

  const renderFilingForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    kind: FilingKind,
    accountId: number | null,
    a?: Partial<AccountFields>,
    note?: string,
    error?: AppError,
  ) => {
    const orgs = await listOrgs(ctx, req.actor);
    const account = accountId ? await getAccount(ctx, req.actor, accountId) : undefined;
    const title = `${FILING_KINDS[kind] ?? '备案'}${account ? `：${account.accountName}` : ''}`;
    return renderAdmin(
      req,
      reply,
      {
        title,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: '/admin/media/filings/new', label: title }]),
      },
      (page) => (
        <FilingFormPage
          page={page}
          title={title}
          kind={kind}
          account={account}
          orgs={orgs}
          a={a}
          note={note}
          error={error}
        />
      ),
    );
  };
  app.get(
    '/admin/media/filings/new',
    {
      schema: {
        hide: true,
        querystring: Type.Object({
          kind: Type.Optional(Type.String({ maxLength: 10 })),
          accountId: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const kind = (q.kind && q.kind in FILING_KINDS ? q.kind : 'open') as FilingKind;
      return renderFilingForm(req, reply, kind, kind === 'open' ? null : (q.accountId ?? null));
    },
  );
  app.post('/admin/media/filings/new', { schema: { body: FilingForm, hide: true } }, async (req, reply) => {
    const b = req.body;
    const kind = str(b.kind) as FilingKind;
    const accountId = int(b.accountId);
    const fields = accountForm(b);
    const note = str(b.note);
    return formPost(
      async () => {
        const f = await submitFiling(ctx, req.actor, {
          kind,
          accountId,
          fields: kind === 'close' ? undefined : fields,
          note,
        });
        return seeOther(reply, `/admin/media/filings/${f.id}?saved=1`);
      },
      (e) => renderFilingForm(req, reply, kind in FILING_KINDS ? kind : 'open', accountId, fields, note, e),
      STATE_REFUSALS,
    );
  });

  const renderFiling = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    saved: boolean,
    error?: AppError,
  ) => {
    const f = await getFiling(ctx, req.actor, id);
    const names = await orgName();
    return renderAdmin(
      req,
      reply,
      {
        title: `备案 ${f.id}`,
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: '/admin/media/filings', label: '备案' },
          { href: `/admin/media/filings/${f.id}`, label: `备案 ${f.id}` },
        ]),
      },
      (page) => (
        <FilingPage
          page={page}
          f={f}
          names={names}
          saved={saved}
          canManage={can(req.actor, 'media.manage')}
          canApprove={can(req.actor, 'media.approve')}
          error={error}
        />
      ),
    );
  };
  app.get(
    '/admin/media/filings/:id',
    { schema: { params: IdParams, querystring: SavedQuery, hide: true } },
    async (req, reply) => renderFiling(req, reply, req.params.id, !!req.query.saved),
  );
  app.post(
    '/admin/media/filings/:id/decision',
    { schema: { params: IdParams, body: DecisionForm, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const b = req.body;
      return formPost(
        async () => {
          await decideFiling(ctx, req.actor, id, {
            approve: str(b.decision) === 'approve',
            reason: str(b.reason),
          });
          return seeOther(reply, `/admin/media/filings/${id}?saved=1`);
        },
        (e) => renderFiling(req, reply, id, false, e),
        STATE_REFUSALS,
      );
    },
  );
  // Multipart: the file is read by the use case's helper, no body schema.
  app.post(
    '/admin/media/filings/:id/documents',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      return formPost(
        async () => {
          await uploadFilingDocument(ctx, req, id);
          return seeOther(reply, `/admin/media/filings/${id}?saved=1`);
        },
        (e) => renderFiling(req, reply, id, false, e),
        STATE_REFUSALS,
      );
    },
  );
  app.get('/admin/media/documents/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const { doc, data } = await readFilingDocument(ctx, req.actor, req.params.id);
    return sendDownload(reply, { name: doc.fileName, mime: doc.mime, body: data });
  });

  // Import of freshness checks
  const renderImport = async (req: FastifyRequest, reply: FastifyReply, error?: AppError, done?: number) =>
    renderAdmin(
      req,
      reply,
      {
        title: '导入更新情况',
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: '/admin/media/import', label: '导入更新情况' }]),
      },
      (page) => <ImportPage page={page} error={error} done={done} />,
    );
  app.get('/admin/media/import', async (req, reply) => renderImport(req, reply));
  app.post('/admin/media/import', async (req, reply) => {
    return formPost(
      async () => {
        const n = await importCheckFile(ctx, req);
        return renderImport(req, reply, undefined, n);
      },
      (e) => renderImport(req, reply, e),
      STATE_REFUSALS,
    );
  });
};
