/** Back-office catalogue pages: the overview and new catalogue, a catalogue (notes, pilot report), its coverage, the XLSX import. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { CsrfField, ErrorSummary, Notice, UploadForm } from '../../../web/components.tsx';
import { DataTable } from '../../../web/table.tsx';
import { formPost, int, list, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { CHOOSE, CrudForm } from '../../../web/crud.tsx';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { percent } from '../../content/model.ts';
import { listOrgs } from '../../org/service.ts';
import { treeOrder } from '../../org/model.ts';
import { TO_CHECK } from '../model.ts';
import { attachPilotReport } from '../pilot.ts';
import {
  catalogueCoverage,
  coverageOverview,
  createCatalogue,
  getCatalogue,
  listTemplates,
  scopeOfOrg,
  updateCatalogueNotes,
} from '../service.ts';
import { DomainTable, entryName, StateLabel, ToCheckMark } from '../views/parts.tsx';
import { importCatalogueXlsx } from '../xlsx.ts';
import { adminCrumbs, fileFrom } from './http.ts';

const CreateForm = FormBody({ orgId: FormField, year: FormField, domains: FormField });
const CatalogueQuery = Type.Object({
  saved: Type.Optional(Type.String()),
  evidence: Type.Optional(Type.String()),
});

/** The back-office catalogue and entry pages. */
export const catalogueAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const today = () => shanghaiDate(ctx.clock.now());

  // ───────────── back office ─────────────
  const crumbs = adminCrumbs;

  const renderList = async (
    req: FastifyRequest,
    reply: FastifyReply,
    yearAsked: number | null,
    error?: AppError,
    form?: { orgId: number | null; year: number | null; domains: string[] },
  ) => {
    const year = yearAsked ?? Number(today().slice(0, 4));
    const overview = await coverageOverview(ctx, req.actor, year);
    const orgs = can(req.actor, 'catalogue.edit')
      ? (await listOrgs(ctx, req.actor)).filter((o) => scopeOfOrg(o))
      : [];
    const templates = await listTemplates(ctx, req.actor);
    const domains = [...new Set(templates.map((t) => `${t.scope}|${t.domain}`))].map(
      (k) => k.split('|') as [string, string],
    );
    return renderAdmin(
      req,
      reply,
      { title: '基层政务公开标准目录', status: error?.status ?? 200, crumbs: crumbs() },
      (page) => (
        <>
          <h1>基层政务公开标准目录（{year}年）</h1>
          <p class="actions">
            <a href="/admin/catalogue/templates">领域模板</a>
            <a href={`/admin/catalogues?year=${year - 1}`}>{year - 1}年</a>
            <a href={`/admin/catalogues?year=${year + 1}`}>{year + 1}年</a>
          </p>
          <DataTable
            caption={<>各单位目录覆盖率（截至 {today()}）</>}
            rows={overview}
            columns={[
              {
                label: '目录',
                cell: (r) => (
                  <>
                    <a href={`/admin/catalogues/${r.catalogue.id}`}>{r.catalogue.title}</a>
                  </>
                ),
              },
              { label: '单位', cell: (r) => r.orgName },
              { label: '事项', cell: (r) => r.total.entries },
              {
                label: '已公开/应公开',
                cell: (r) => (
                  <>
                    {r.total.fulfilled}/{r.total.due}
                  </>
                ),
              },
              { label: '覆盖率', cell: (r) => percent(r.total.rate) },
              { label: '逾期', cell: (r) => r.late },
              {
                label: '缺口',
                cell: (r) => (
                  <>
                    <a href={`/admin/catalogues/${r.catalogue.id}/coverage`}>{r.gaps} 项</a>
                  </>
                ),
              },
            ]}
          />
          {!overview.length && <p>本年度还没有目录。</p>}
          {orgs.length > 0 && (
            <section aria-labelledby="new-h">
              <h2 id="new-h">编制目录</h2>
              <CrudForm
                page={page}
                form={{
                  action: '/admin/catalogues',
                  values: { orgId: form?.orgId, year: form?.year ?? year, domains: form?.domains },
                  error,
                }}
                fields={[
                  {
                    kind: 'select',
                    name: 'orgId',
                    label: '单位',
                    required: true,
                    options: [
                      CHOOSE,
                      ...treeOrder(orgs).map(({ org }) => ({ value: org.id, label: org.name })),
                    ],
                  },
                  { kind: 'number', name: 'year', label: '年度', required: true },
                  {
                    kind: 'checkboxes',
                    name: 'domains',
                    label: '领域（不选则取全部正式模板；村、社区取村（居）务模板）',
                    options: domains.map(([scope, d]) => ({
                      value: d,
                      label: `${d}（${scope === 'village' ? '村（居）务' : '乡镇'}）`,
                    })),
                  },
                ]}
                submit="按模板编制"
              />
            </section>
          )}
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogues',
    { schema: { hide: true, querystring: Type.Object({ year: Type.Optional(Type.String()) }) } },
    async (req, reply) => renderList(req, reply, int(req.query.year)),
  );
  app.post('/admin/catalogues', { schema: { hide: true, body: CreateForm } }, async (req, reply) => {
    const b = req.body;
    const form = { orgId: int(b.orgId), year: int(b.year), domains: list(b.domains) };
    return formPost(
      async () => {
        const c = await createCatalogue(ctx, req.actor, {
          orgId: form.orgId ?? 0,
          year: form.year ?? 0,
          domains: form.domains.length ? form.domains : undefined,
        });
        return seeOther(reply, `/admin/catalogues/${c.id}?saved=1`);
      },
      (e) => renderList(req, reply, null, e, form),
    );
  });

  const renderCatalogue = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    q: { saved?: string; evidence?: string },
    error?: AppError,
    notes?: string,
  ) => {
    const cov = await catalogueCoverage(ctx, req.actor, id);
    const c = cov.catalogue;
    const editable = can(req.actor, 'catalogue.edit');
    return renderAdmin(
      req,
      reply,
      {
        title: c.title,
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: `/admin/catalogues/${id}`, label: c.title }]),
      },
      (page) => (
        <>
          <h1>{c.title}</h1>
          {q.saved && <Notice kind="success">已保存。</Notice>}
          {q.evidence && <Notice kind="success">建设情况报告已作为佐证材料关联到任务台账。</Notice>}
          <p>
            {cov.orgName}，共 {cov.entries.length} 个事项，覆盖率 {percent(cov.total.rate)}
            {cov.unreadableLimits.length > 0 && `；${cov.unreadableLimits.length} 个事项的公开时限未能识别`}。
          </p>
          <p class="actions">
            <a href={`/admin/catalogues/${id}/coverage`}>覆盖率和时效</a>
            <a href={`/api/v1/catalogues/${id}/export.xlsx`}>导出 Excel</a>
            {editable && <a href={`/admin/catalogues/${id}/import`}>导入 Excel</a>}
            {editable && <a href={`/admin/catalogues/${id}/entries/new`}>增补事项</a>}
            <a href={`/catalogue/${id}`}>查看公开页面</a>
            {c.scope === 'township' && <a href={`/catalogue/${id}/report.docx`}>建设情况报告（Word）</a>}
          </p>
          {editable && c.scope === 'township' && (
            <form method="post" action={`/admin/catalogues/${id}/evidence`}>
              <CsrfField page={page} />
              <button type="submit">把建设情况报告关联到任务台账第 13 项</button>
            </form>
          )}
          <DataTable
            caption="公开事项"
            rows={cov.entries}
            columns={[
              { label: '序号', cell: ({ entry, status }) => entry.seq },
              { label: '领域', cell: ({ entry, status }) => entry.domain },
              {
                label: '公开事项',
                cell: ({ entry, status }) => (
                  <>
                    <a href={`/admin/catalogue/entries/${entry.id}`}>{entryName(entry)}</a>
                    <ToCheckMark e={entry} />
                    {entry.templateEntryId == null && <span class="meta">（本单位增补）</span>}
                  </>
                ),
              },
              { label: '公开时限', cell: ({ entry, status }) => entry.timeLimit },
              {
                label: '对应栏目',
                cell: ({ entry, status }) => (
                  <>{entry.columnIds.length ? `${entry.columnIds.length} 个栏目` : '未对应'}</>
                ),
              },
              {
                label: '完成情况',
                cell: ({ entry, status }) => (
                  <>
                    <StateLabel state={status.state} />
                  </>
                ),
              },
            ]}
          />
          {editable && (
            <CrudForm
              page={page}
              form={{ action: `/admin/catalogues/${id}/notes`, values: { notes: notes ?? c.notes }, error }}
              fields={[
                {
                  kind: 'textarea',
                  name: 'notes',
                  label: '建设成效与改进措施（写入建设情况报告）',
                  rows: 5,
                  maxLength: 5000,
                },
              ]}
            />
          )}
        </>
      ),
    );
  };
  app.get(
    '/admin/catalogues/:id',
    { schema: { params: IdParams, querystring: CatalogueQuery, hide: true } },
    async (req, reply) => renderCatalogue(req, reply, req.params.id, req.query),
  );
  app.post(
    '/admin/catalogues/:id/notes',
    { schema: { params: IdParams, body: FormBody({ notes: FormField }), hide: true } },
    async (req, reply) => {
      const notes = str(req.body.notes);
      return formPost(
        async () => {
          await updateCatalogueNotes(ctx, req.actor, req.params.id, notes);
          return seeOther(reply, `/admin/catalogues/${req.params.id}?saved=1`);
        },
        (e) => renderCatalogue(req, reply, req.params.id, {}, e, notes),
      );
    },
  );
  app.post(
    '/admin/catalogues/:id/evidence',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) =>
      formPost(
        async () => {
          await attachPilotReport(ctx, req.actor, req.params.id);
          return seeOther(reply, `/admin/catalogues/${req.params.id}?evidence=1`);
        },
        (e) => renderCatalogue(req, reply, req.params.id, {}, e),
        ['bad_request', 'not_found', 'forbidden'],
      ),
  );
};

/** A catalogue's coverage page and its XLSX import, in the back office. */
export const catalogueAdminReportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const crumbs = adminCrumbs;

  app.get(
    '/admin/catalogues/:id/coverage',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const cov = await catalogueCoverage(ctx, req.actor, req.params.id);
      const c = cov.catalogue;
      return renderAdmin(
        req,
        reply,
        {
          title: `${c.title}：覆盖率和时效`,
          crumbs: crumbs([
            { href: `/admin/catalogues/${c.id}`, label: c.title },
            { href: `/admin/catalogues/${c.id}/coverage`, label: '覆盖率和时效' },
          ]),
        },
        <>
          <h1>{c.title}：覆盖率和时效</h1>
          <p>截至 {cov.today}。时效按工作日历计算（法定节假日和调休），未能识别的公开时限不判断时效。</p>
          <DomainTable caption="各领域覆盖率" rows={[...cov.domains, cov.total]} />
          <p class="meta">标“{TO_CHECK}”的事项尚未与本省版本核对，单独计数，不计入事项数和覆盖率。</p>
          <h2>缺口和下一步（{cov.gaps.length} 项）</h2>
          {cov.gaps.length ? (
            <ul>
              {cov.gaps.map(({ entry, status }) => (
                <li>
                  <a href={`/admin/catalogue/entries/${entry.id}`}>
                    {entry.domain}：{entryName(entry)}
                    <ToCheckMark e={entry} />
                  </a>{' '}
                  <StateLabel state={status.state} />，{status.dueText}
                </li>
              ))}
            </ul>
          ) : (
            <p>没有缺口。</p>
          )}
          {cov.unreadableLimits.length > 0 && (
            <>
              <h2>公开时限未能识别（{cov.unreadableLimits.length} 项）</h2>
              <ul>
                {cov.unreadableLimits.map(({ entry }) => (
                  <li>
                    <a href={`/admin/catalogue/entries/${entry.id}`}>{entryName(entry)}</a>：“
                    {entry.timeLimit}”
                  </li>
                ))}
              </ul>
            </>
          )}
        </>,
      );
    },
  );

  const renderImport = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    error?: AppError,
    done?: { created: number; updated: number; deleted: number; warnings: string[] },
  ) => {
    const c = await getCatalogue(ctx, req.actor, id);
    return renderAdmin(
      req,
      reply,
      {
        title: '导入目录',
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: `/admin/catalogues/${id}`, label: c.title },
          { href: `/admin/catalogues/${id}/import`, label: '导入' },
        ]),
      },
      (page) => (
        <>
          <h1>导入目录：{c.title}</h1>
          {done && (
            <Notice kind="success">
              已导入：新增 {done.created} 项，更新 {done.updated} 项，删除 {done.deleted} 项。
            </Notice>
          )}
          {done?.warnings.length ? (
            <Notice kind="warning">
              <ul>
                {done.warnings.map((w) => (
                  <li>{w}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          <ErrorSummary message={error?.userMessage} />
          <p>
            上传标准目录表（.xlsx），每个领域一个工作表，表头为：序号、公开事项（一级事项、二级事项）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象（全社会、特定群体）、公开方式（主动、依申请）、公开层级（县级、乡级），勾选处填“√”。同领域、同一级和二级事项的行更新原事项（保留对应栏目和公开记录），文件中没有的事项将被删除。任何一行有误则整份文件不导入。
          </p>
          <UploadForm
            page={page}
            action={`/admin/catalogues/${id}/import`}
            label="文件"
            accept=".xlsx"
            submit="导入"
          />
        </>
      ),
    );
  };
  app.get('/admin/catalogues/:id/import', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    renderImport(req, reply, req.params.id),
  );
  app.post('/admin/catalogues/:id/import', { schema: { params: IdParams, hide: true } }, async (req, reply) =>
    formPost(
      async () =>
        renderImport(
          req,
          reply,
          req.params.id,
          undefined,
          await importCatalogueXlsx(ctx, req.actor, req.params.id, await fileFrom(req)),
        ),
      (e) => renderImport(req, reply, req.params.id, e),
    ),
  );
};
