/** The annual report in the back office: the report page on its tabs, saving, 提交发布, the drill-downs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { AppError, badRequest } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { int, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { can } from '../../auth/permissions.ts';
import { inScope, treeOrder } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import { TABLE2_CELLS, type Table2Cell } from '../../normative/model.ts';
import { reportingYear, TABLE3_COLUMNS, TABLE3_ROWS, type Table3Column, type Table3Row } from '../model.ts';
import { publicationOf, publishedState, submitReportForPublication } from '../publish.ts';
import {
  buildAnnualReport,
  drillDown,
  drillDownDocuments,
  saveAnnualReport,
  type ReportQuery,
} from '../service.ts';
import { DrillCases, DrillDocuments } from '../views/drill.tsx';
import type { ImportState } from '../views/import.tsx';
import { ReportPage, TAB_TITLES, type ReportTab } from '../views/report-page.tsx';
import { SubmitConfirm } from '../views/submit-confirm.tsx';
import { ReportPageQuery, ReportFormBody, SubmitFormBody } from './schemas.ts';
import { queryOf, sendFile } from './shared.ts';
/**
 * The report page, on three tabs: the report with its checks and publication, the editing form,
 * the import of past reports. `importState` carries the import form's values and refusal when it
 * is shown again (routes/admin-import.tsx).
 */
export async function renderReportPage(
  req: FastifyRequest,
  reply: FastifyReply,
  raw: Static<typeof ReportPageQuery>,
  importState?: ImportState,
) {
  const ctx = req.server.ctx;
  const orgs = await listPublicOrgs(ctx.db);
  const district = orgs.find((o) => o.kind === 'government' && o.parentId != null) ?? orgs[0];
  const reporting = reportingYear(shanghaiDate(ctx.clock.now()));
  const q: ReportQuery = str(raw.org)
    ? queryOf(raw)
    : { orgId: req.actor.kind === 'user' ? req.actor.orgId : district.id, year: reporting.year };
  const r = await buildAnnualReport(ctx, req.actor, q);
  const publication = await publicationOf(ctx, req.actor, q.orgId, q.year);
  const published = await publishedState(ctx, r);
  const base = `org=${q.orgId}&year=${q.year}&scope=${q.scope ?? 'own'}`;
  const format = str(raw.format);
  if (format === 'docx' || format === 'xlsx') return sendFile(reply, r, format);
  const canImport = can(req.actor, 'report.edit');
  const scope = canImport ? await orgScope(ctx.db, req.actor) : null;
  // Forms only for those whose post would be taken: report.edit for this org (and content.edit to submit it).
  const canEdit = !!scope && inScope(scope, q.orgId);
  const canSubmit = canEdit && can(req.actor, 'content.edit');
  const importOrgs = scope ? treeOrder(orgs).filter(({ org }) => inScope(scope, org.id)) : [];
  // After an import the page of the following year opens with ?imported=YEAR: say where its 同比 comes from.
  const importedYear = int(raw.imported);
  const imported =
    importedYear != null && r.previousYear?.source === 'imported' && r.previousYear.year === importedYear
      ? r.previousYear
      : null;
  const tabs: { key: ReportTab; label: string; shown: boolean }[] = [
    { key: 'report', label: '报告', shown: true },
    { key: 'edit', label: '编辑文字和数字', shown: canEdit },
    { key: 'import', label: '导入往年报告', shown: canImport },
  ];
  // A tab the actor has no form on (or an unknown one) shows the report.
  const asked = importState ? 'import' : str(raw.tab);
  const tab: ReportTab = tabs.find((x) => x.shown && x.key === asked)?.key ?? 'report';
  return renderAdmin(
    req,
    reply,
    {
      title: `${TAB_TITLES[tab]}政府信息公开工作年度报告`,
      status: importState?.error.status ?? 200,
    },
    (page) => (
      <ReportPage
        page={page}
        r={r}
        q={q}
        base={base}
        orgs={orgs}
        tabs={tabs}
        tab={tab}
        reporting={reporting}
        imported={imported}
        publication={publication}
        published={published}
        canEdit={canEdit}
        canSubmit={canSubmit}
        importOrgs={importOrgs}
        importState={importState}
      />
    ),
  );
}

/** The report page, saving, 提交发布 and the drill-downs. */
export const reportAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const pageSchema = { querystring: ReportPageQuery, hide: true };

  app.get('/admin/reports/annual', { schema: pageSchema }, async (req, reply) =>
    renderReportPage(req, reply, req.query),
  );

  // 提交发布 from the report page: when a written section is empty, a page names the sections and
  // asks the submitter to tick that they have none to report (or to go and write them).
  app.post(
    '/admin/reports/annual/submit',
    { schema: { ...pageSchema, body: SubmitFormBody } },
    async (req, reply) => {
      const q = queryOf(req.query);
      const b = req.body;
      const acknowledged = str(b.acknowledgeEmpty) === '1';
      try {
        const p = await submitReportForPublication(ctx, req.actor, q, { acknowledgeEmpty: acknowledged });
        return seeOther(reply, `/admin/content/${p.itemId}`);
      } catch (e) {
        if (!(e instanceof AppError && e.fields.acknowledgeEmpty)) throw e;
        const base = `org=${q.orgId}&year=${q.year}&scope=${q.scope ?? 'own'}`;
        return renderAdmin(
          req,
          reply,
          {
            title: '确认提交发布：报告有空白部分',
            status: 409,
            crumbs: [
              { href: `/admin/reports/annual?${base}`, label: '年度报告' },
              { href: `/admin/reports/annual?${base}`, label: '确认提交发布' },
            ],
          },
          (page) => (
            <SubmitConfirm
              page={page}
              q={q}
              base={base}
              emptySections={e.fields.acknowledgeEmpty}
              retried={str(b.confirmPage) === '1'}
            />
          ),
        );
      }
    },
  );

  app.post(
    '/admin/reports/annual',
    { schema: { ...pageSchema, body: ReportFormBody } },
    async (req, reply) => {
      const q = queryOf(req.query);
      const b = req.body;
      const num = (v: string | string[] | undefined) => (str(v) === '' ? null : Number(str(v)));
      await saveAnnualReport(ctx, req.actor, q, {
        overview: str(b.overview),
        problems: str(b.problems),
        other: str(b.other),
        licensing: num(b.licensing),
        penalties: num(b.penalties),
        enforcement: num(b.enforcement),
        feesYuan: str(b.feesYuan) || null,
        rulesIssued: num(b.rulesIssued),
        rulesRepealed: num(b.rulesRepealed),
        rulesInForce: num(b.rulesInForce),
      });
      return seeOther(reply, `/admin/reports/annual?org=${q.orgId}&year=${q.year}&scope=${q.scope}`);
    },
  );

  app.get('/admin/reports/annual/documents', { schema: pageSchema }, async (req, reply) => {
    const q = queryOf(req.query);
    const cell = str(req.query.cell) as Table2Cell;
    if (!Object.hasOwn(TABLE2_CELLS, cell)) throw badRequest('表格位置无效');
    const docs = await drillDownDocuments(ctx, req.actor, q, cell);
    return renderAdmin(
      req,
      reply,
      {
        title: '年度报告明细',
        crumbs: [
          { href: `/admin/reports/annual?org=${q.orgId}&year=${q.year}&scope=${q.scope}`, label: '年度报告' },
          { href: req.url, label: '明细' },
        ],
      },
      <DrillDocuments cell={cell} year={q.year} docs={docs} />,
    );
  });

  app.get('/admin/reports/annual/cases', { schema: pageSchema }, async (req, reply) => {
    const q = queryOf(req.query);
    const row = str(req.query.row) as Table3Row;
    const col = str(req.query.col) as Table3Column;
    if (!TABLE3_ROWS.includes(row) || !TABLE3_COLUMNS.includes(col)) throw badRequest('表格位置无效');
    const cases = await drillDown(ctx, req.actor, q, row, col);
    return renderAdmin(
      req,
      reply,
      {
        title: '年度报告明细',
        crumbs: [
          { href: `/admin/reports/annual?org=${q.orgId}&year=${q.year}&scope=${q.scope}`, label: '年度报告' },
          { href: req.url, label: '明细' },
        ],
      },
      <DrillCases row={row} col={col} cases={cases} />,
    );
  });
};
