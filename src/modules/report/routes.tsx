/** The annual report: back-office page with drill-down, narrative and entered figures; API; downloads. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { badRequest } from '../../errors.ts';
import { CsrfField, Field, Notice, Select, TextArea } from '../../web/components.tsx';
import { int, str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, StrictObject } from '../../web/schemas.ts';
import { treeOrder } from '../org/model.ts';
import { listPublicOrgs } from '../org/service.ts';
import { APPLICANT_TYPES } from '../foi/outcomes.ts';
import { feesSentence, SECTION_TITLES, table2Grid, table3Grid, table4Grid, type AnnualReport, type Grid } from './document.ts';
import { annualReportDocx } from './docx.ts';
import { TABLE3_COLUMNS, TABLE3_LABELS, TABLE3_ROWS, type Table3Column, type Table3Row } from './model.ts';
import { buildAnnualReport, drillDown, reportJson, saveAnnualReport, type ReportQuery } from './service.ts';
import { annualReportXlsx } from './xlsx.ts';

const ReportQuerySchema = StrictObject({
  org: Type.Integer({ minimum: 1, description: '机关编号' }),
  year: Type.Integer({ minimum: 2008, maximum: 2100, description: '年度' }),
  scope: Type.Optional(Type.Union([Type.Literal('own'), Type.Literal('rollup')], { description: 'own：本机关；rollup：本机关及下属机关汇总' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('docx'), Type.Literal('xlsx')])),
});

const counts = (cols: readonly string[]) => Type.Object(Object.fromEntries(cols.map((c) => [c, Type.Integer()])));
const ReportJsonSchema = Type.Object({
  org: Type.Object({ id: Type.Integer(), name: Type.String() }),
  year: Type.Integer(),
  scope: Type.String(),
  table2: Type.Unknown({ description: '表二：rules、normativeDocuments（issued/repealed/inForce）、licensing、penalties、enforcement、feesWanYuan' }),
  table3: Type.Object(Object.fromEntries(TABLE3_ROWS.map((r) => [r, counts(TABLE3_COLUMNS)])), { description: '表三：行键 received、carriedOver、各办理结果代码、closedTotal、carriedForward；列键 natural、commercial、research、publicInterest、legalServices、otherOrg、total' }),
  table4: Type.Unknown({ description: '表四：reconsideration、litigation_direct、litigation_after_reconsideration，各含 upheld、corrected、other、pending、total' }),
  fees: Type.Object({ noticesSent: Type.Integer(), noticesTotalYuan: Type.String(), collectedYuan: Type.String() }),
  narrative: Type.Object({ overview: Type.String(), problems: Type.String(), other: Type.String() }),
  problems: Type.Array(Type.Object({ kind: Type.String(), message: Type.String(), caseIds: Type.Array(Type.Integer()) }), { description: '一致性检查发现的问题' }),
});

export function GridTable({ grid, link }: { grid: Grid; link?: (rowIndex: number, colIndex: number) => string | null }) {
  return (
    <div class="table-wrap">
      <table class="report-table">
        <caption>{grid.caption}</caption>
        <thead>
          {grid.head.map((row) => (
            <tr>
              {row.map((c) => (
                <th scope={c.colSpan && c.colSpan > 1 ? 'colgroup' : 'col'} colSpan={c.colSpan} rowSpan={c.rowSpan}>
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
                if (c.header) return <th scope="row" colSpan={c.colSpan}>{c.text}</th>;
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
export function ReportBody({ r, drill }: { r: AnnualReport; drill?: (row: Table3Row, col: Table3Column) => string }) {
  const para = (text: string) => text.split(/\n+/).filter(Boolean).map((p) => <p>{p}</p>);
  return (
    <article class="annual-report">
      <h2>{SECTION_TITLES[0]}</h2>
      {para(r.narrative.overview)}
      <h2>{SECTION_TITLES[1]}</h2>
      {table2Grid(r.table2).map((g) => (
        <GridTable grid={g} />
      ))}
      <h2>{SECTION_TITLES[2]}</h2>
      <GridTable grid={table3Grid(r.table3)} link={drill ? (ri, ci) => (r.table3[TABLE3_ROWS[ri]][TABLE3_COLUMNS[ci]].count > 0 ? drill(TABLE3_ROWS[ri], TABLE3_COLUMNS[ci]) : null) : undefined} />
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

function queryOf(q: Record<string, unknown>): ReportQuery {
  const orgId = int(q.org);
  const year = int(q.year);
  if (!orgId || !year) throw badRequest('请选择机关和年度');
  return { orgId, year, scope: str(q.scope) === 'rollup' ? 'rollup' : 'own' };
}

async function sendFile(reply: FastifyReply, r: AnnualReport, format: 'docx' | 'xlsx') {
  const name = encodeURIComponent(`${r.orgName}${r.year}年政府信息公开工作年度报告.${format}`);
  const type = format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const body = format === 'docx' ? await annualReportDocx(r) : await annualReportXlsx(r);
  return reply.type(type).header('content-disposition', `attachment; filename*=UTF-8''${name}`).send(body);
}

export const reportRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  app.get('/api/v1/reports/annual', { schema: { tags: ['年度报告'], summary: '政府信息公开工作年度报告（按数据计算）', querystring: ReportQuerySchema, response: { 200: ReportJsonSchema, ...errors(400, 401, 403, 404) } } }, async (req, reply) => {
    const q = req.query as { org: number; year: number; scope?: 'own' | 'rollup'; format?: 'json' | 'docx' | 'xlsx' };
    const r = await buildAnnualReport(ctx, req.actor, { orgId: q.org, year: q.year, scope: q.scope });
    if (q.format === 'docx' || q.format === 'xlsx') return sendFile(reply, r, q.format);
    return reportJson(r);
  });

  app.get('/admin/reports/annual', async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const orgs = await listPublicOrgs(ctx.db);
    const district = orgs.find((o) => o.kind === 'government' && o.parentId != null) ?? orgs[0];
    const q: ReportQuery = raw.org ? queryOf(raw) : { orgId: req.actor.kind === 'user' ? req.actor.orgId : district.id, year: new Date(ctx.clock.now()).getUTCFullYear() - 1 };
    const r = await buildAnnualReport(ctx, req.actor, q);
    const base = `org=${q.orgId}&year=${q.year}&scope=${q.scope ?? 'own'}`;
    const format = (raw as { format?: string }).format;
    if (format === 'docx' || format === 'xlsx') return sendFile(reply, r, format);
    return renderAdmin(req, reply, { title: '政府信息公开工作年度报告' }, (page) => (
      <>
        <h1>
          {r.orgName}
          {r.year}年政府信息公开工作年度报告
        </h1>
        <form method="get" action="/admin/reports/annual" class="filters">
          <Select label="机关" name="org" value={q.orgId} options={treeOrder(orgs).map(({ org, depth }) => ({ value: org.id, label: `${'　'.repeat(depth)}${org.name}` }))} />
          <Field label="年度" name="year" type="number" value={q.year} />
          <Select label="范围" name="scope" value={q.scope ?? 'own'} options={[{ value: 'own', label: '本机关' }, { value: 'rollup', label: '本机关及下属机关汇总' }]} />
          <button type="submit">查看</button>
        </form>
        <p class="actions">
          <a class="button secondary" href={`/admin/reports/annual?${base}&format=docx`}>下载 Word</a>
          <a class="button secondary" href={`/admin/reports/annual?${base}&format=xlsx`}>下载 Excel</a>
          <a class="button secondary" href={`/api/v1/reports/annual?org=${q.orgId}&year=${q.year}&scope=${q.scope ?? 'own'}`}>JSON</a>
        </p>
        <section aria-labelledby="checks">
          <h2 id="checks">发布前检查</h2>
          {r.problems.length === 0 ? (
            <Notice kind="success">表三勾稽关系（一+二=三(七)+四）、总计与各列之和、办理结果完整性均已通过。</Notice>
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
        <ReportBody r={r} drill={(row, col) => `/admin/reports/annual/cases?${base}&row=${encodeURIComponent(row)}&col=${col}`} />
        <section aria-labelledby="edit">
          <h2 id="edit">编辑报告文字和填报数字</h2>
          <form method="post" action={`/admin/reports/annual?${base}`}>
            <CsrfField page={page} />
            <TextArea label="一、总体情况" name="overview" value={r.narrative.overview} rows={8} hint="已按数据起草，可修改" />
            <TextArea label="五、存在的主要问题及改进情况" name="problems" value={r.narrative.problems} rows={5} />
            <TextArea label="六、其他需要报告的事项" name="other" value={r.narrative.other} rows={4} hint="信息处理费情况由系统按数据生成" />
            <Field label="行政许可 本年处理决定数量" name="licensing" type="number" value={r.table2.licensing} />
            <Field label="行政处罚 本年处理决定数量" name="penalties" type="number" value={r.table2.penalties} />
            <Field label="行政强制 本年处理决定数量" name="enforcement" type="number" value={r.table2.enforcement} />
            <Field label="行政事业性收费 本年收费金额（元）" name="feesYuan" value={r.table2.feesWanYuan == null ? '' : (r.table2.feesWanYuan * 10000).toFixed(2)} hint="报告中按万元显示" />
            <Field label="规章 本年制发件数" name="rulesIssued" type="number" value={r.table2.rules.issued} />
            <Field label="规章 本年废止件数" name="rulesRepealed" type="number" value={r.table2.rules.repealed} />
            <Field label="规章 现行有效件数" name="rulesInForce" type="number" value={r.table2.rules.inForce} />
            <button type="submit">保存</button>
          </form>
        </section>
      </>
    ));
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

  app.get('/admin/reports/annual/cases', async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    const q = queryOf(raw);
    const row = str(raw.row) as Table3Row;
    const col = str(raw.col) as Table3Column;
    if (!TABLE3_ROWS.includes(row) || !TABLE3_COLUMNS.includes(col)) throw badRequest('表格位置无效');
    const cases = await drillDown(ctx, req.actor, q, row, col);
    const colLabel = col === 'total' ? '总计' : APPLICANT_TYPES[col];
    return renderAdmin(req, reply, { title: '年度报告明细', crumbs: [{ href: `/admin/reports/annual?org=${q.orgId}&year=${q.year}&scope=${q.scope}`, label: '年度报告' }, { href: req.url, label: '明细' }] }, (
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
      </>
    ));
  });
};
