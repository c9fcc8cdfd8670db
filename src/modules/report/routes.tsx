/** The annual report: back-office page with drill-down, narrative and entered figures; API; downloads. */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, badRequest } from '../../errors.ts';
import { checkUpload } from '../../lib/uploads.ts';
import { CsrfField, Field, FileField, Notice, Select, TextArea } from '../../web/components.tsx';
import { formPost, int, readMultipart, str, UPLOAD_REFUSALS, type Upload } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, StrictObject } from '../../web/schemas.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { inScope, treeOrder } from '../org/model.ts';
import { listPublicOrgs, orgScope } from '../org/service.ts';
import { APPLICANT_TYPES } from '../foi/outcomes.ts';
import {
  emptySections,
  feesSentence,
  pastTable3Grid,
  pastTable4Grid,
  SECTION_TITLES,
  table2Grid,
  table3Grid,
  table4Grid,
  yearOnYearGrid,
  type AnnualReport,
  type Grid,
} from './document.ts';
import { annualReportDocx } from './docx.ts';
import {
  reportingYear,
  TABLE3_COLUMNS,
  TABLE3_LABELS,
  TABLE3_ROWS,
  type Table3Column,
  type Table3Row,
} from './model.ts';
import { TABLE2_CELLS, type Table2Cell } from '../normative/model.ts';
import { describePastErrors, PAST_FORMATS, type PastFigures, type PastFormat } from './past.ts';
import {
  changesSincePublished,
  publicationOf,
  publishedFigures,
  submitReportForPublication,
} from './publish.ts';
import { shanghaiDate } from '../../lib/time.ts';
import {
  buildAnnualReport,
  drillDown,
  drillDownDocuments,
  importPastReport,
  previewPastReport,
  reportJson,
  saveAnnualReport,
  yearOnYear,
  type ReportQuery,
} from './service.ts';
import { annualReportXlsx } from './xlsx.ts';

const ReportQuerySchema = StrictObject({
  org: Type.Integer({ minimum: 1, description: '机关编号' }),
  year: Type.Integer({ minimum: 2008, maximum: 2100, description: '年度' }),
  scope: Type.Optional(
    Type.Union([Type.Literal('own'), Type.Literal('rollup')], {
      description: 'own：本机关；rollup：本机关及下属机关汇总',
    }),
  ),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('docx'), Type.Literal('xlsx')])),
});

const counts = (cols: readonly string[]) =>
  Type.Object(Object.fromEntries(cols.map((c) => [c, Type.Integer()])));
const ReportJsonSchema = Type.Object({
  org: Type.Object({ id: Type.Integer(), name: Type.String() }),
  year: Type.Integer(),
  scope: Type.String(),
  table2: Type.Unknown({
    description:
      '表二：rules、normativeDocuments（issued/repealed/inForce）、licensing、penalties、enforcement、feesWanYuan',
  }),
  table3: Type.Object(Object.fromEntries(TABLE3_ROWS.map((r) => [r, counts(TABLE3_COLUMNS)])), {
    description:
      '表三：行键 received、carriedOver、各办理结果代码、closedTotal、carriedForward；列键 natural、commercial、research、publicInterest、legalServices、otherOrg、total',
  }),
  table4: Type.Unknown({
    description:
      '表四：reconsideration、litigation_direct、litigation_after_reconsideration，各含 upheld、corrected、other、pending、total',
  }),
  fees: Type.Object({
    noticesSent: Type.Integer(),
    noticesTotalYuan: Type.String(),
    collectedYuan: Type.String(),
  }),
  narrative: Type.Object({ overview: Type.String(), problems: Type.String(), other: Type.String() }),
  problems: Type.Array(
    Type.Object({ kind: Type.String(), message: Type.String(), caseIds: Type.Array(Type.Integer()) }),
    { description: '一致性检查发现的问题' },
  ),
  previousYear: Type.Union([Type.Null(), Type.Unknown()], {
    description:
      '上年数据（同比）：year、source（imported 导入 / computed 系统计算）、format（2019 / 2021）、table2、table3（2019 年版导入时（六）的三个子项为 null）、otherTotal（（六）其他处理合计）、table4、extra（2019 年版特有的数字）；没有上年数据时为 null',
  }),
  yearOnYear: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      previous: Type.Union([Type.Number(), Type.Null()]),
      current: Type.Union([Type.Number(), Type.Null()]),
    }),
    { description: '同比：上年与本年的主要数字' },
  ),
  published: Type.Union(
    [
      Type.Null(),
      Type.Object({
        itemId: Type.Integer({ description: '已发布的“公开年报”稿件' }),
        scope: Type.String({ description: '已发布报告的范围（own / rollup）' }),
        takenAt: Type.String({ description: '已发布版本提交的时间（其数字以此时的数据为准，之后不再改变）' }),
        changes: Type.Array(
          Type.Object({
            key: Type.String(),
            label: Type.String(),
            published: Type.Union([Type.Number(), Type.Null()]),
            now: Type.Union([Type.Number(), Type.Null()]),
          }),
          { description: '按现在的数据与已发布数字不同的格子（已发布 → 现在）；范围不同时为空' },
        ),
      }),
    ],
    { description: '已发布的本年度报告：没有发布时为 null' },
  ),
});

/** The published report of the query's org and year beside the figures computed now (page and API). */
async function publishedState(ctx: FastifyInstance['ctx'], r: AnnualReport) {
  const published = await publishedFigures(ctx, r.orgId, r.year);
  if (!published) return null;
  return {
    itemId: published.itemId,
    scope: published.scope,
    takenAt: published.takenAt,
    changes: published.scope === r.scope ? changesSincePublished(published, r) : [],
  };
}

const ImportQuerySchema = StrictObject({
  org: Type.Integer({ minimum: 1, description: '机关编号' }),
  year: Type.Integer({ minimum: 2008, maximum: 2100, description: '被导入报告的年度' }),
  format: Type.Optional(
    Type.Union([Type.Literal('2019'), Type.Literal('2021')], { description: '报告格式；省略时按内容识别' }),
  ),
});

export function GridTable({
  grid,
  link,
  id,
}: {
  grid: Grid;
  link?: (rowIndex: number, colIndex: number) => string | null;
  id?: string;
}) {
  return (
    <div class="table-wrap" id={id}>
      <table class="report-table">
        <caption>{grid.caption}</caption>
        <thead>
          {grid.head.map((row) => (
            <tr>
              {row.map((c) => (
                <th
                  scope={c.colSpan && c.colSpan > 1 ? 'colgroup' : 'col'}
                  colSpan={c.colSpan}
                  rowSpan={c.rowSpan}
                >
                  {c.text}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {grid.body.map((row, ri) => (
            <tr>
              {row.map((c, ci) => {
                if (c.header)
                  return (
                    <th scope="row" colSpan={c.colSpan}>
                      {c.text}
                    </th>
                  );
                const href = link?.(ri, ci - 1);
                return <td class="num">{href ? <a href={href}>{c.text}</a> : c.text}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The report body, shared by the back-office page and the published HTML. */
/** How each normative cell of 表二 is counted (rules.md §4), said on its drill-down page. */
const TABLE2_CELL_RULES: Record<Table2Cell, string> = {
  issued: '成文（印发）日期在本年度的文件，只计入主办机关（联合发文不重复计入会签机关）。',
  repealed: '废止在本年度生效的文件；有效期届满失效和修改不属于废止。',
  inForce:
    '本年 12 月 31 日现行有效的文件：施行日期不晚于该日，且该日前未废止、未失效（次年 1 月 1 日起施行的不计；有效期到 12 月 31 日的仍计）。只计入主办机关。',
};

const TABLE2_CELL_ORDER: Table2Cell[] = ['issued', 'repealed', 'inForce'];

export function ReportBody({
  r,
  drill,
  drillDocuments,
}: {
  r: AnnualReport;
  drill?: (row: Table3Row, col: Table3Column) => string;
  drillDocuments?: (cell: Table2Cell) => string;
}) {
  const para = (text: string) =>
    text
      .split(/\n+/)
      .filter(Boolean)
      .map((p) => <p>{p}</p>);
  const yoy = yearOnYearGrid(r, yearOnYear(r));
  return (
    <article class="annual-report">
      <h2>{SECTION_TITLES[0]}</h2>
      {para(r.narrative.overview)}
      {yoy && <GridTable grid={yoy} id="yoy" />}
      <h2>{SECTION_TITLES[1]}</h2>
      {table2Grid(r.table2).map((g, gi) => (
        // The 行政规范性文件 row of 第二十条第（一）项 links to the library documents behind each figure.
        <GridTable
          grid={g}
          link={
            drillDocuments && gi === 0
              ? (ri, ci) =>
                  ri === 1 && r.table2.normativeDocuments[TABLE2_CELL_ORDER[ci]] > 0
                    ? drillDocuments(TABLE2_CELL_ORDER[ci])
                    : null
              : undefined
          }
        />
      ))}
      <h2>{SECTION_TITLES[2]}</h2>
      <GridTable
        grid={table3Grid(r.table3)}
        link={
          drill
            ? (ri, ci) =>
                r.table3[TABLE3_ROWS[ri]][TABLE3_COLUMNS[ci]].count > 0
                  ? drill(TABLE3_ROWS[ri], TABLE3_COLUMNS[ci])
                  : null
            : undefined
        }
      />
      <h2>{SECTION_TITLES[3]}</h2>
      <GridTable grid={table4Grid(r.table4)} />
      <h2>{SECTION_TITLES[4]}</h2>
      {para(r.narrative.problems)}
      <h2>{SECTION_TITLES[5]}</h2>
      <p>{feesSentence(r.fees)}</p>
      {para(r.narrative.other)}
    </article>
  );
}

/**
 * The published report's figures beside today's data: they never change (rules.md §4), so where
 * later entries would give a different figure, each such cell is listed (old → new) for the office
 * to decide whether to publish a correction.
 */
function PublishedChanges({
  published,
  scope,
}: {
  published: NonNullable<Awaited<ReturnType<typeof publishedState>>>;
  scope: 'own' | 'rollup';
}) {
  const when = shanghaiDate(new Date(published.takenAt));
  if (published.scope !== scope) {
    return (
      <p>
        已发布的是{published.scope === 'rollup' ? '本机关及下属机关汇总' : '本机关'}
        的报告，与本页范围不同，不作比较。
      </p>
    );
  }
  if (published.changes.length === 0) {
    return <Notice kind="success">已发布的报告（{when} 提交）的数字与按现在的数据计算的一致。</Notice>;
  }
  return (
    <div id="published-changes">
      <Notice kind="warning">
        已发布的报告（{when} 提交）有 {published.changes.length}{' '}
        个数字与按现在的数据计算的不同。已发布的报告不会因此改变；如需更正，可再次“提交发布”生成新版本，经审核、保密审查并发布后替代已发布的版本。
      </Notice>
      <div class="table-wrap">
        <table>
          <caption>已发布的数字与现在的数据</caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              <th scope="col">已发布</th>
              <th scope="col">按现在的数据</th>
            </tr>
          </thead>
          <tbody>
            {published.changes.map((c) => (
              <tr>
                <th scope="row">{c.label}</th>
                <td class="num">{c.published ?? '—'}</td>
                <td class="num">{c.now ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function queryOf(q: Record<string, unknown>): ReportQuery {
  const orgId = int(q.org);
  const year = int(q.year);
  if (!orgId || !year) throw badRequest('请选择机关和年度');
  return { orgId, year, scope: str(q.scope) === 'rollup' ? 'rollup' : 'own' };
}

/** Largest past report accepted from the back-office form (ours are some 20 KB). */
const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

type ReportTab = 'report' | 'edit' | 'import';
/** Each tab's page title starts with what the tab holds, so a screen reader and the history tell them apart. */
const TAB_TITLES: Record<ReportTab, string> = { report: '', edit: '编辑 · ', import: '导入往年报告 · ' };

/** The import form's fields as entered, and why it was refused, for showing it again. */
interface ImportState {
  values: { org?: string; year?: string; format?: string };
  error: AppError;
}

/** Form fields an import error may name; the rest are places in the imported file. */
const IMPORT_FIELDS: Record<string, string> = {
  importOrg: 'f-importOrg',
  importYear: 'f-importYear',
  year: 'f-importYear',
  importFormat: 'f-importFormat',
  file: 'f-file',
};

/**
 * Reads the import form (multipart: `importOrg`, `importYear`, `importFormat`, then `file`) into
 * `fields`; the file only when one was chosen. Refuses, in Chinese, a file over IMPORT_MAX_BYTES
 * (readMultipart), and one named other than .xlsx/.json or whose bytes are not what its name says.
 */
async function readImportUpload(req: FastifyRequest, fields: Record<string, string>): Promise<Upload | null> {
  const { files } = await readMultipart(
    req,
    { maxBytes: IMPORT_MAX_BYTES, maxFiles: 1, maxFields: 10 },
    fields,
  );
  const file = files.find((f) => f.field === 'file');
  if (!file) return null;
  const kind = /\.xlsx$/i.test(file.name)
    ? 'xlsx'
    : /\.json$/i.test(file.name)
      ? 'json'
      : /\.docx$/i.test(file.name)
        ? 'docx'
        : /\.html?$/i.test(file.name)
          ? 'html'
          : null;
  if (!kind)
    throw badRequest('只能导入 .xlsx、.json、.docx 或 .html 文件', {
      file: `“${file.name}”不是 .xlsx、.json、.docx 或 .html 文件`,
    });
  // The bytes decide (lib/uploads.ts): a real workbook or Word file (no macros, no ZIP bomb); JSON is
  // checked as plain text. A saved web page is only read for its tables, never served back.
  if (kind !== 'html')
    await checkUpload(
      { filename: kind === 'json' ? 'report.txt' : file.name, data: file.data },
      { kinds: [kind === 'json' ? 'txt' : kind], maxBytes: IMPORT_MAX_BYTES },
    );
  return file;
}

/** Why an import was refused: the form's fields link to their inputs; places in the file are listed as read. */
function ImportErrorSummary({ error }: { error: AppError }) {
  const entries = Object.entries(error.fields);
  const formFields = entries.filter(([k]) => k in IMPORT_FIELDS);
  const places = describePastErrors(Object.fromEntries(entries.filter(([k]) => !(k in IMPORT_FIELDS))));
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>
        {error.userMessage.startsWith('导入失败') ? error.userMessage : `导入失败：${error.userMessage}`}
      </h2>
      {entries.length > 0 && (
        <ul>
          {formFields.map(([k, msg]) => (
            <li>
              <a href={`#${IMPORT_FIELDS[k]}`}>{msg}</a>
            </li>
          ))}
          {places.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      )}
      <p>
        <a href="#import">返回导入表单</a>
      </p>
    </div>
  );
}

async function sendFile(reply: FastifyReply, r: AnnualReport, format: 'docx' | 'xlsx') {
  const name = encodeURIComponent(`${r.orgName}${r.year}年政府信息公开工作年度报告.${format}`);
  const type =
    format === 'docx'
      ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const body = format === 'docx' ? await annualReportDocx(r) : await annualReportXlsx(r);
  return reply.type(type).header('content-disposition', `attachment; filename*=UTF-8''${name}`).send(body);
}

export const reportRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/reports/annual',
    {
      schema: {
        operationId: 'report.annual.get',
        tags: ['年度报告'],
        summary: '政府信息公开工作年度报告（按数据计算）',
        querystring: ReportQuerySchema,
        response: { 200: ReportJsonSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const q = req.query as {
        org: number;
        year: number;
        scope?: 'own' | 'rollup';
        format?: 'json' | 'docx' | 'xlsx';
      };
      const r = await buildAnnualReport(ctx, req.actor, { orgId: q.org, year: q.year, scope: q.scope });
      if (q.format === 'docx' || q.format === 'xlsx') return sendFile(reply, r, q.format);
      return { ...reportJson(r), published: await publishedState(ctx, r) };
    },
  );

  app.post(
    '/api/v1/reports/annual/submit',
    {
      schema: {
        operationId: 'report.annual.submit',
        tags: ['年度报告'],
        summary:
          '提交发布：在“公开年报”栏目生成稿件（被退回的草稿则更新；已发布的则生成替代它的新版本）并报送审核',
        querystring: StrictObject({
          org: Type.Integer({ minimum: 1 }),
          year: Type.Integer({ minimum: 2008, maximum: 2100 }),
          scope: Type.Optional(Type.Union([Type.Literal('own'), Type.Literal('rollup')])),
          acknowledgeEmpty: Type.Optional(
            Type.Boolean({
              description:
                '确认报告中尚无文字的部分（一、五、六）确无内容，仍提交发布；不确认时有空白部分则返回 409，fields.acknowledgeEmpty 列出这些部分',
            }),
          ),
        }),
        response: {
          200: Type.Object({
            itemId: Type.Integer(),
            status: Type.String(),
            statusLabel: Type.String(),
            revision: Type.Integer(),
            replaces: Type.Union([Type.Integer(), Type.Null()], {
              description: '新版本发布后替代的已发布稿件（此前仍公开）',
            }),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (req) => {
      const q = req.query as {
        org: number;
        year: number;
        scope?: 'own' | 'rollup';
        acknowledgeEmpty?: boolean;
      };
      return submitReportForPublication(
        ctx,
        req.actor,
        { orgId: q.org, year: q.year, scope: q.scope },
        { acknowledgeEmpty: q.acknowledgeEmpty },
      );
    },
  );

  app.post(
    '/api/v1/reports/annual/import',
    {
      schema: {
        operationId: 'report.annual.import',
        tags: ['年度报告'],
        summary: '导入往年报告的数字（JSON，2019 或 2021 年版），用于同比',
        querystring: ImportQuerySchema,
        body: Type.Object(
          {},
          {
            additionalProperties: true,
            description:
              '与 GET /api/v1/reports/annual 相同的 table2、table3、table4；2019 年版的 table3 以 other 表示（六）其他处理',
          },
        ),
        response: {
          200: Type.Object({ format: Type.String(), received: Type.Integer() }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const q = req.query as { org: number; year: number; format?: '2019' | '2021' };
      const f = await importPastReport(
        ctx,
        req.actor,
        { orgId: q.org, year: q.year },
        { name: 'body.json', data: Buffer.from(JSON.stringify(req.body)) },
        q.format,
      );
      return { format: f.format, received: f.table3.received.total ?? 0 };
    },
  );

  // 提交发布 from the report page: when a written section is empty, a page names the sections and
  // asks the submitter to tick that they have none to report (or to go and write them).
  app.post('/admin/reports/annual/submit', async (req, reply) => {
    const q = queryOf(req.query as Record<string, unknown>);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const acknowledged = str(b.acknowledgeEmpty) === '1';
    try {
      const p = await submitReportForPublication(ctx, req.actor, q, { acknowledgeEmpty: acknowledged });
      return seeOther(reply, `/admin/content/${p.itemId}`);
    } catch (e) {
      if (!(e instanceof AppError && e.fields.acknowledgeEmpty)) throw e;
      const base = `org=${q.orgId}&year=${q.year}&scope=${q.scope ?? 'own'}`;
      const retried = str(b.confirmPage) === '1';
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
          <>
            <h1>确认提交发布</h1>
            <Notice kind="warning">
              {q.year}年度报告中以下部分尚无文字：<strong>{e.fields.acknowledgeEmpty}</strong>
              。按国办公开办函〔2021〕30号的格式，这些部分应写明情况；确无内容的，可写“无”或确认后提交。
            </Notice>
            <form method="post" action={`/admin/reports/annual/submit?${base}`}>
              <CsrfField page={page} />
              <input type="hidden" name="confirmPage" value="1" />
              <div class={retried ? 'field has-error' : 'field'}>
                {retried && (
                  <p class="error" id="f-acknowledgeEmpty-err">
                    请勾选确认，或返回补写这些部分
                  </p>
                )}
                <label class="checkbox">
                  <input
                    type="checkbox"
                    name="acknowledgeEmpty"
                    value="1"
                    required
                    aria-describedby={retried ? 'f-acknowledgeEmpty-err' : undefined}
                  />{' '}
                  我已核对，上述部分确无需要报告的内容，仍提交发布
                </label>
              </div>
              <div class="actions">
                <button type="submit">确认并提交发布</button>
                <a href={`/admin/reports/annual?${base}&tab=edit`}>返回补写</a>
              </div>
            </form>
          </>
        ),
      );
    }
  });

  /**
   * The back-office report page, on three tabs (`?tab=`, plain links, so they work without
   * JavaScript): the report with its checks and publication, the editing form, the import of past
   * reports. `importState` carries the import form's values and refusal when it is shown again.
   */
  const renderReportPage = async (req: FastifyRequest, reply: FastifyReply, importState?: ImportState) => {
    const raw = req.query as Record<string, unknown>;
    const orgs = await listPublicOrgs(ctx.db);
    const district = orgs.find((o) => o.kind === 'government' && o.parentId != null) ?? orgs[0];
    const reporting = reportingYear(shanghaiDate(ctx.clock.now()));
    const q: ReportQuery = raw.org
      ? queryOf(raw)
      : { orgId: req.actor.kind === 'user' ? req.actor.orgId : district.id, year: reporting.year };
    const r = await buildAnnualReport(ctx, req.actor, q);
    const publication = await publicationOf(ctx, req.actor, q.orgId, q.year);
    const published = await publishedState(ctx, r);
    const base = `org=${q.orgId}&year=${q.year}&scope=${q.scope ?? 'own'}`;
    const format = (raw as { format?: string }).format;
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
    const importError = importState?.error;
    const tabs: { key: ReportTab; label: string; shown: boolean }[] = [
      { key: 'report', label: '报告', shown: true },
      { key: 'edit', label: '编辑文字和数字', shown: canEdit },
      { key: 'import', label: '导入往年报告', shown: canImport },
    ];
    // A tab the actor has no form on (or an unknown one) shows the report.
    const asked = importState ? 'import' : raw.tab;
    const tab: ReportTab = tabs.find((x) => x.shown && x.key === asked)?.key ?? 'report';
    const empty = emptySections(r);
    return renderAdmin(
      req,
      reply,
      { title: `${TAB_TITLES[tab]}政府信息公开工作年度报告`, status: importError?.status ?? 200 },
      (page) => (
        <>
          <h1>
            {r.orgName}
            {r.year}年政府信息公开工作年度报告
          </h1>
          <nav class="tabs" aria-label="年度报告">
            <ul>
              {tabs
                .filter((x) => x.shown)
                .map((x) => (
                  <li>
                    <a
                      href={`/admin/reports/annual?${base}${x.key === 'report' ? '' : `&tab=${x.key}`}`}
                      aria-current={x.key === tab ? 'page' : undefined}
                    >
                      {x.label}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
          {importError && <ImportErrorSummary error={importError} />}
          {reporting.running && q.year === reporting.year && (
            <Notice kind="info">
              {q.year}年尚未结束，本页数字截至今日，年底前还会变化；{q.year}年度报告应于次年 1 月 31
              日前（区县人民政府 3 月 31 日前）发布。查看上一年度的报告，请在下方选择 {q.year - 1} 年。
            </Notice>
          )}
          {imported && (
            <Notice kind="success">
              已导入{r.orgName}
              {imported.year}年度报告的数字（{PAST_FORMATS[imported.format]}）。
              <a href="#yoy">“与上年比较”</a>中的{imported.year}年数字即来自该报告。
            </Notice>
          )}
          <form method="get" action="/admin/reports/annual" class="filters">
            {tab !== 'report' && <input type="hidden" name="tab" value={tab} />}
            <Select
              label="机关"
              name="org"
              value={q.orgId}
              options={treeOrder(orgs).map(({ org, depth }) => ({
                value: org.id,
                label: `${'　'.repeat(depth)}${org.name}`,
              }))}
            />
            <Field label="年度" name="year" type="number" value={q.year} />
            <Select
              label="范围"
              name="scope"
              value={q.scope ?? 'own'}
              options={[
                { value: 'own', label: '本机关' },
                { value: 'rollup', label: '本机关及下属机关汇总' },
              ]}
            />
            <button type="submit">查看</button>
          </form>
          {tab === 'report' && (
            <>
              <p class="actions">
                <a class="button secondary" href={`/admin/reports/annual?${base}&format=docx`}>
                  下载 Word
                </a>
                <a class="button secondary" href={`/admin/reports/annual?${base}&format=xlsx`}>
                  下载 Excel
                </a>
                <a
                  class="button secondary"
                  href={`/api/v1/reports/annual?org=${q.orgId}&year=${q.year}&scope=${q.scope ?? 'own'}`}
                >
                  JSON
                </a>
              </p>
              <section aria-labelledby="checks">
                <h2 id="checks">发布前检查</h2>
                {r.problems.length === 0 ? (
                  <Notice kind="success">
                    表三勾稽关系（一+二=三(七)+四）、总计与各列之和、办理结果完整性均已通过。
                  </Notice>
                ) : (
                  <ul>
                    {r.problems.map((p) => (
                      <li class={p.kind === 'no_receipt_date' ? 'status-warn' : 'status-bad'}>
                        {p.message}
                        {p.caseIds.length > 0 && (
                          <>
                            ：
                            {p.caseIds.slice(0, 50).map((id) => (
                              <>
                                {' '}
                                <a href={`/admin/foi/${id}`}>#{id}</a>
                              </>
                            ))}
                          </>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section aria-labelledby="publish">
                <h2 id="publish">发布</h2>
                <p>
                  {publication ? (
                    <>
                      {publication.replaces ? '新版本已' : '已'}提交为
                      <a href={`/admin/content/${publication.itemId}`}>“公开年报”栏目稿件</a>（第{' '}
                      {publication.revision} 版，{publication.statusLabel}）。
                      {publication.replaces ? (
                        <>
                          门户上仍是<a href={`/items/${publication.replaces}`}>已发布的版本</a>
                          ，新版本经审核、保密审查并发布后替代它。
                        </>
                      ) : publication.status === 'published' ? (
                        '再次提交将生成新版本，经审核、保密审查并发布后替代已发布的版本（原网址跳转到新版本）。'
                      ) : (
                        '被退回后再次提交将更新同一稿件。'
                      )}
                    </>
                  ) : (
                    '尚未提交发布。提交后在“公开年报”栏目生成稿件（正文为本报告，附 Word 和 Excel），经审核、保密审查后发布到门户。'
                  )}
                </p>
                {published && <PublishedChanges published={published} scope={r.scope} />}
                {empty.length > 0 && (
                  <Notice kind="warning">
                    以下部分尚无文字：{empty.join('、')}。提交发布时需确认；如需补写，请到
                    <a href={`/admin/reports/annual?${base}&tab=edit`}>“编辑文字和数字”</a>。
                  </Notice>
                )}
                {canSubmit && (
                  <form method="post" action={`/admin/reports/annual/submit?${base}`}>
                    <CsrfField page={page} />
                    <button type="submit">提交发布</button>
                  </form>
                )}
              </section>
              {!canEdit && (
                <Notice kind="info">
                  你可以查看本报告和明细；修改文字、填报数字和提交发布由本机关的信息公开工作人员或区政务公开办办理。
                </Notice>
              )}
              <ReportBody
                r={r}
                drill={(row, col) =>
                  `/admin/reports/annual/cases?${base}&row=${encodeURIComponent(row)}&col=${col}`
                }
                drillDocuments={(cell) => `/admin/reports/annual/documents?${base}&cell=${cell}`}
              />
            </>
          )}
          {tab === 'edit' && (
            <section aria-labelledby="edit">
              <h2 id="edit">编辑报告文字和填报数字</h2>
              <form method="post" action={`/admin/reports/annual?${base}`}>
                <CsrfField page={page} />
                <TextArea
                  label="一、总体情况"
                  name="overview"
                  value={r.narrative.overview}
                  rows={8}
                  hint="已按数据起草，可修改"
                />
                <TextArea
                  label="五、存在的主要问题及改进情况"
                  name="problems"
                  value={r.narrative.problems}
                  rows={5}
                />
                <TextArea
                  label="六、其他需要报告的事项"
                  name="other"
                  value={r.narrative.other}
                  rows={4}
                  hint="信息处理费情况由系统按数据生成"
                />
                <Field
                  label="行政许可 本年处理决定数量"
                  name="licensing"
                  type="number"
                  value={r.table2.licensing}
                />
                <Field
                  label="行政处罚 本年处理决定数量"
                  name="penalties"
                  type="number"
                  value={r.table2.penalties}
                />
                <Field
                  label="行政强制 本年处理决定数量"
                  name="enforcement"
                  type="number"
                  value={r.table2.enforcement}
                />
                <Field
                  label="行政事业性收费 本年收费金额（元）"
                  name="feesYuan"
                  value={r.table2.feesWanYuan == null ? '' : (r.table2.feesWanYuan * 10000).toFixed(2)}
                  hint="报告中按万元显示"
                />
                <Field
                  label="规章 本年制发件数"
                  name="rulesIssued"
                  type="number"
                  value={r.table2.rules.issued}
                />
                <Field
                  label="规章 本年废止件数"
                  name="rulesRepealed"
                  type="number"
                  value={r.table2.rules.repealed}
                />
                <Field
                  label="规章 现行有效件数"
                  name="rulesInForce"
                  type="number"
                  value={r.table2.rules.inForce}
                />
                <button type="submit">保存</button>
              </form>
            </section>
          )}
          {tab === 'import' && (
            <section aria-labelledby="import">
              <h2 id="import">导入往年报告</h2>
              <p>
                导入某一年度已发布的年度报告中的数字，用于下一年度报告的“与上年比较”。可导入已发布报告的 Word
                文件（.docx）或保存的网页（.html）——系统读出其中的表格，先请您核对数字再导入；也可导入本系统“下载
                Excel”导出的文件（2021 年版，可修改数字后导入）、按 2019 年版表格填写的 Excel，或
                JSON。任何一处错误都不会导入任何数据；同一机关同一年度再次导入将替换此前导入的数字。
              </p>
              <form
                method="post"
                action={`/admin/reports/annual/import?${base}&_csrf=${encodeURIComponent(page.csrfToken)}`}
                enctype="multipart/form-data"
              >
                <Select
                  label="机关"
                  name="importOrg"
                  value={importState?.values.org ?? q.orgId}
                  options={importOrgs.map(({ org, depth }) => ({
                    value: org.id,
                    label: `${'　'.repeat(depth)}${org.name}`,
                  }))}
                  error={importError?.fields.importOrg}
                />
                <Field
                  label="年度"
                  name="importYear"
                  type="number"
                  value={importState?.values.year ?? q.year - 1}
                  required
                  hint={`被导入报告的年度：导入 ${q.year - 1} 年的报告，即在 ${q.year} 年度报告中与之比较`}
                  error={importError?.fields.importYear ?? importError?.fields.year}
                />
                <Select
                  label="格式"
                  name="importFormat"
                  value={importState?.values.format ?? ''}
                  options={[
                    { value: '', label: '自动识别' },
                    ...Object.entries(PAST_FORMATS).map(([value, label]) => ({ value, label })),
                  ]}
                  error={importError?.fields.importFormat}
                />
                <FileField
                  label="报告文件（.xlsx、.json，或已发布报告的 Word 文件、网页）"
                  accept=".xlsx,.json,.docx,.html,.htm"
                  required
                  hint={`不超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB`}
                  error={importError?.fields.file}
                />
                <button type="submit">导入</button>
              </form>
            </section>
          )}
        </>
      ),
    );
  };

  app.get('/admin/reports/annual', async (req, reply) => renderReportPage(req, reply));

  app.post('/admin/reports/annual/import', async (req, reply) => {
    requirePermission(req.actor, 'report.edit');
    const fields: Record<string, string> = {};
    return formPost(
      async () => {
        const file = await readImportUpload(req, fields);
        const orgId = int(fields.importOrg);
        const year = int(fields.importYear);
        const format = fields.importFormat?.trim() || undefined;
        if (!orgId) throw badRequest('请选择机关', { importOrg: '请选择机关' });
        if (!year) throw badRequest('年份无效', { importYear: '年份应为四位数字，如 2021' });
        if (format && !Object.hasOwn(PAST_FORMATS, format))
          throw badRequest('格式无效', { importFormat: '请选择 自动识别、2019 年版 或 2021 年版' });
        if (!file)
          throw badRequest('请选择要导入的文件', { file: '请选择 .xlsx、.json、.docx 或 .html 文件' });
        // A report as published (Word or web page) is read by its labels: the figures are shown for confirmation first.
        if (/\.(docx|html?)$/i.test(file.name)) {
          const preview = await previewPastReport(
            ctx,
            req.actor,
            { orgId, year },
            file,
            format as PastFormat | undefined,
          );
          return renderImportConfirmation(req, reply, { orgId, year, name: file.name, ...preview });
        }
        await importPastReport(ctx, req.actor, { orgId, year }, file, format as PastFormat | undefined);
        // The imported year is the previous year of the next one's report: open that, at its 同比.
        const next = Math.min(year + 1, 2100);
        return seeOther(reply, `/admin/reports/annual?org=${orgId}&year=${next}&scope=own&imported=${year}`);
      },
      (error) =>
        renderReportPage(req, reply, {
          values: { org: fields.importOrg, year: fields.importYear, format: fields.importFormat },
          error,
        }),
      UPLOAD_REFUSALS,
    );
  });

  const renderImportConfirmation = (
    req: FastifyRequest,
    reply: FastifyReply,
    p: { orgId: number; year: number; name: string; figures: PastFigures; json?: unknown },
  ) =>
    renderAdmin(
      req,
      reply,
      {
        title: '确认导入往年报告',
        crumbs: [
          { href: '/admin/reports/annual', label: '年度报告' },
          { href: req.url, label: '确认导入' },
        ],
      },
      (page) => (
        <>
          <h1>确认导入 {p.year} 年度报告的数字</h1>
          <p>
            以下数字读自“{p.name}”（{PAST_FORMATS[p.figures.format]}
            ）。请与已发布的报告逐项核对，无误后确认导入；如有不符，请修改文件后重新上传，或改用 Excel 导入。
          </p>
          <GridTable grid={pastTable3Grid(p.figures)} />
          <GridTable grid={pastTable4Grid(p.figures)} />
          <form
            method="post"
            action={`/admin/reports/annual/import/confirm?_csrf=${encodeURIComponent(page.csrfToken)}`}
          >
            <input type="hidden" name="org" value={p.orgId} />
            <input type="hidden" name="year" value={p.year} />
            <input type="hidden" name="format" value={p.figures.format} />
            <input type="hidden" name="figures" value={JSON.stringify(p.json)} />
            <div class="actions">
              <button type="submit">确认导入</button>
              <a href={`/admin/reports/annual?org=${p.orgId}&year=${p.year + 1}&scope=own`}>取消</a>
            </div>
          </form>
        </>
      ),
    );

  app.post('/admin/reports/annual/import/confirm', async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const orgId = int(b.org);
    const year = int(b.year);
    if (!orgId || !year) throw badRequest('确认的内容不完整，请重新上传报告文件');
    await importPastReport(
      ctx,
      req.actor,
      { orgId, year },
      { name: 'confirmed.json', data: Buffer.from(str(b.figures)) },
      (str(b.format) || undefined) as PastFormat | undefined,
    );
    return seeOther(
      reply,
      `/admin/reports/annual?org=${orgId}&year=${Math.min(year + 1, 2100)}&scope=own&imported=${year}`,
    );
  });

  app.post('/admin/reports/annual', async (req, reply) => {
    const q = queryOf(req.query as Record<string, unknown>);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const num = (k: string) => (str(b[k]) === '' ? null : Number(str(b[k])));
    await saveAnnualReport(ctx, req.actor, q, {
      overview: str(b.overview),
      problems: str(b.problems),
      other: str(b.other),
      licensing: num('licensing'),
      penalties: num('penalties'),
      enforcement: num('enforcement'),
      feesYuan: str(b.feesYuan) || null,
      rulesIssued: num('rulesIssued'),
      rulesRepealed: num('rulesRepealed'),
      rulesInForce: num('rulesInForce'),
    });
    return seeOther(reply, `/admin/reports/annual?org=${q.orgId}&year=${q.year}&scope=${q.scope}`);
  });

  app.get('/admin/reports/annual/documents', async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const q = queryOf(raw);
    const cell = str(raw.cell) as Table2Cell;
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
      <>
        <h1>
          行政规范性文件 · {TABLE2_CELLS[cell]}（{docs.length} 件）
        </h1>
        <p>{TABLE2_CELL_RULES[cell]}</p>
        <div class="table-wrap">
          <table>
            <caption>构成该数字的文件</caption>
            <thead>
              <tr>
                <th scope="col">文号</th>
                <th scope="col">标题</th>
                <th scope="col">成文日期</th>
                <th scope="col">施行日期</th>
                <th scope="col">{q.year}年12月31日状态</th>
                {cell === 'repealed' && <th scope="col">废止生效日期</th>}
              </tr>
            </thead>
            <tbody>
              {docs.map((d) => (
                <tr>
                  <td>
                    <a href={`/admin/gfxwj/${d.id}?on=${q.year}-12-31`}>{d.docNumber}</a>
                  </td>
                  <td>{d.title}</td>
                  <td>{d.writtenOn}</td>
                  <td>{d.effectiveOn}</td>
                  <td>{d.statusAtYearEnd}</td>
                  {cell === 'repealed' && <td>{d.repealedOn}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });

  app.get('/admin/reports/annual/cases', async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const q = queryOf(raw);
    const row = str(raw.row) as Table3Row;
    const col = str(raw.col) as Table3Column;
    if (!TABLE3_ROWS.includes(row) || !TABLE3_COLUMNS.includes(col)) throw badRequest('表格位置无效');
    const cases = await drillDown(ctx, req.actor, q, row, col);
    const colLabel = col === 'total' ? '总计' : APPLICANT_TYPES[col];
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
      <>
        <h1>
          {TABLE3_LABELS[row]} · {colLabel}（{cases.length} 件）
        </h1>
        <div class="table-wrap">
          <table>
            <caption>构成该数字的申请</caption>
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">收到日期</th>
                <th scope="col">办结日期</th>
                <th scope="col">办理结果</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr>
                  <td>
                    <a href={`/admin/foi/${c.id}`}>{c.number}</a>
                  </td>
                  <td>{c.receivedOn}</td>
                  <td>{c.closedOn}</td>
                  <td>{c.outcomeLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });
};
