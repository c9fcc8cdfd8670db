/**
 * Back-office pages for the district templates: every domain's rows for all who may read catalogues;
 * adding, editing and removing rows for the openness office (catalogue.template), through the same
 * use cases as the API, audited there. Catalogues already built keep their own copy.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { notFound, type AppError } from '../../../errors.ts';
import { ErrorSummary, UploadForm } from '../../../web/components.tsx';
import { optionsOf, type CrudField } from '../../../web/crud.tsx';
import { formPost, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { IdParams } from '../../../web/schemas.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { CONFIDENCES, SCOPES, TO_CHECK, type EntryFields, type Scope, type TemplateEntry } from '../model.ts';
import {
  createTemplateEntry,
  deleteTemplateEntry,
  listTemplateChanges,
  listTemplates,
  markTemplateChangesRead,
  updateTemplateEntry,
  type TemplateEntryInput,
} from '../service.ts';
import { EntryForm, entryName } from '../views/parts.tsx';
import { adminCrumbs, EntryFormBody, entryForm, uploadFrom } from './http.ts';
import { replaceTemplateFromXlsx } from '../xlsx.ts';
import { TemplateList } from '../views/templates.tsx';

const LIST = { href: '/admin/catalogue/templates', label: '领域模板' };

/** A new template entry's scope, needed when it starts a new domain. */
const SCOPE_FIELD: CrudField = {
  kind: 'select',
  name: 'scope',
  label: '适用范围（新领域必选）',
  options: [{ value: '', label: '沿用该领域的范围' }, ...optionsOf(SCOPES)],
};

const ListQuery = Type.Object({
  saved: Type.Optional(Type.String()),
  read: Type.Optional(Type.String()),
  replaced: Type.Optional(Type.String()),
  entries: Type.Optional(Type.String()),
  deleted: Type.Optional(Type.String()),
});
const DomainQuery = Type.Object({ domain: Type.Optional(Type.String()) });

/** The back-office template pages. */
export const catalogueTemplateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/admin/catalogue/templates',
    { schema: { hide: true, querystring: ListQuery } },
    async (req, reply) => {
      const rows = await listTemplates(ctx, req.actor);
      const domains = [...new Set(rows.map((t) => t.domain))];
      const editable = can(req.actor, 'catalogue.template');
      const q = req.query;
      const changes = await listTemplateChanges(ctx, req.actor, { unread: true });
      return renderAdmin(req, reply, { title: '领域模板', crumbs: adminCrumbs([LIST]) }, (page) => (
        <TemplateList page={page} rows={rows} domains={domains} editable={editable} q={q} changes={changes} />
      ));
    },
  );

  const renderNew = async (
    req: FastifyRequest,
    reply: FastifyReply,
    input?: Partial<TemplateEntryInput>,
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'catalogue.template');
    const label = '增加模板事项';
    return renderAdmin(
      req,
      reply,
      {
        title: label,
        status: error?.status ?? 200,
        crumbs: adminCrumbs([LIST, { href: '/admin/catalogue/templates/new', label }]),
      },
      (page) => (
        <>
          <h1>{label}</h1>
          <p>填写已有领域的名称即加入该领域（排在最后）；填写新领域的名称即新建领域，请选择适用范围。</p>
          <EntryForm
            page={page}
            action="/admin/catalogue/templates/new"
            e={input}
            error={error}
            cancel="/admin/catalogue/templates"
            lead={{ fields: [SCOPE_FIELD], values: { scope: input?.scope } }}
          />
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogue/templates/new',
    { schema: { hide: true, querystring: DomainQuery } },
    async (req, reply) => renderNew(req, reply, { domain: str(req.query.domain) }),
  );
  app.post(
    '/admin/catalogue/templates/new',
    { schema: { hide: true, body: EntryFormBody } },
    async (req, reply) => {
      const scope = str(req.body.scope);
      const input: TemplateEntryInput = {
        ...entryForm(req.body),
        scope: (scope || undefined) as Scope | undefined,
      };
      return formPost(
        async () => {
          await createTemplateEntry(ctx, req.actor, input);
          return seeOther(reply, '/admin/catalogue/templates?saved=1');
        },
        (e) => renderNew(req, reply, input, e),
      );
    },
  );

  const templateOf = async (req: FastifyRequest, id: number): Promise<TemplateEntry> => {
    const t = (await listTemplates(ctx, req.actor)).find((x) => x.id === id);
    if (!t) throw notFound('模板事项');
    return t;
  };
  const renderEdit = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    input?: Partial<EntryFields>,
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'catalogue.template');
    const t = await templateOf(req, id);
    return renderAdmin(
      req,
      reply,
      {
        title: `修改模板事项：${entryName(t)}`,
        status: error?.status ?? 200,
        crumbs: adminCrumbs([LIST, { href: `/admin/catalogue/templates/${id}`, label: entryName(t) }]),
      },
      (page) => (
        <>
          <h1>
            修改模板事项：{t.domain}：{entryName(t)}
          </h1>
          <p class="meta source-note">
            {SCOPES[t.scope]}，来源：{t.source || '演示数据，无来源'}。修改只影响以后编制的目录。
          </p>
          {t.confidence && (
            <dl class="source-note">
              <dt>可信度</dt>
              <dd>
                {CONFIDENCES[t.confidence]}
                {t.toCheck && `（${TO_CHECK}）`}：{t.confidenceNote}
              </dd>
              <dt>见证副本</dt>
              <dd>
                <ul>
                  {t.witnesses.map((w) => (
                    <li>
                      {w.name}
                      {!w.government && '（非政府网站）'} {w.url && <span class="meta">{w.url}</span>}
                    </li>
                  ))}
                </ul>
              </dd>
              {t.note && (
                <>
                  <dt>备注</dt>
                  <dd>{t.note}</dd>
                </>
              )}
            </dl>
          )}
          <EntryForm
            page={page}
            action={`/admin/catalogue/templates/${id}`}
            e={input ?? t}
            error={error}
            cancel="/admin/catalogue/templates"
          />
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogue/templates/:id',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => renderEdit(req, reply, req.params.id),
  );
  app.post(
    '/admin/catalogue/templates/:id',
    { schema: { params: IdParams, body: EntryFormBody, hide: true } },
    async (req, reply) => {
      const input = entryForm(req.body);
      return formPost(
        async () => {
          await updateTemplateEntry(ctx, req.actor, req.params.id, input);
          return seeOther(reply, '/admin/catalogue/templates?saved=1');
        },
        (e) => renderEdit(req, reply, req.params.id, input, e),
      );
    },
  );
  app.post(
    '/admin/catalogue/templates/:id/delete',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      await deleteTemplateEntry(ctx, req.actor, req.params.id);
      return seeOther(reply, '/admin/catalogue/templates?deleted=1');
    },
  );

  app.post('/admin/catalogue/template-changes/read', async (req, reply) => {
    await markTemplateChangesRead(ctx, req.actor);
    return seeOther(reply, '/admin/catalogue/templates?read=1');
  });

  const renderReplace = async (
    req: FastifyRequest,
    reply: FastifyReply,
    domain: string,
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'catalogue.template');
    const rows = (await listTemplates(ctx, req.actor)).filter((t) => t.domain === domain);
    if (!rows.length) throw notFound(`领域模板“${domain}”`);
    const label = `用本省版本替换“${domain}”`;
    const action = `/admin/catalogue/templates/replace?domain=${encodeURIComponent(domain)}`;
    return renderAdmin(
      req,
      reply,
      { title: label, status: error?.status ?? 200, crumbs: adminCrumbs([LIST, { href: action, label }]) },
      (page) => (
        <>
          <h1>{label}</h1>
          <ErrorSummary message={error?.userMessage} />
          <p>
            上传本省的“{domain}
            ”标准目录表（.xlsx），各栏与目录导出相同：序号、公开事项（一级事项、二级事项）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象（全社会、特定群体）、公开方式（主动、依申请）、公开层级（县级、乡级），勾选处填“√”；“核对情况”栏可有可无（写“
            {TO_CHECK}”的行仍标待核对）。工作表名为“{domain}”，或只有一个工作表。
          </p>
          <p>
            现有 {rows.length}{' '}
            个模板事项将全部换成文件中的事项；任何一行有误（错误写明行号和栏目）则不替换。已编制的目录不受影响。以后升级软件时不再改动此领域的模板。
          </p>
          <UploadForm page={page} action={action} label="文件" accept=".xlsx" submit="替换" />
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogue/templates/replace',
    { schema: { hide: true, querystring: DomainQuery } },
    async (req, reply) => renderReplace(req, reply, str(req.query.domain)),
  );
  // Multipart: the file is read by uploadFrom, no body schema.
  app.post(
    '/admin/catalogue/templates/replace',
    { schema: { hide: true, querystring: DomainQuery } },
    async (req, reply) =>
      formPost(
        async () => {
          const file = await uploadFrom(req);
          const r = await replaceTemplateFromXlsx(
            ctx,
            req.actor,
            str(req.query.domain),
            file.data,
            file.name,
          );
          return seeOther(
            reply,
            `/admin/catalogue/templates?replaced=${encodeURIComponent(r.domain)}&entries=${r.entries}`,
          );
        },
        (e) => renderReplace(req, reply, str(req.query.domain), e),
      ),
  );
};
