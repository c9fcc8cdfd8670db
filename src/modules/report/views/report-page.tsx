/** The back-office report page on its three tabs: the report (checks, publication, body), editing, importing past reports. */
import { CsrfField, Field, Notice, Select } from '../../../web/components.tsx';
import { CrudForm, optionsOf, type CrudField } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { treeOrder, type Org } from '../../org/model.ts';
import { emptySections, type AnnualReport } from '../document.ts';
import type { reportingYear } from '../model.ts';
import { PAST_FORMATS } from '../past.ts';
import type { PreviousYear } from '../yoy.ts';
import type { PublicationState, PublishedState } from '../publish.ts';
import type { ReportQuery } from '../service.ts';
import { ReportBody } from './report-body.tsx';
import { PublishedChanges } from './published-changes.tsx';
import { ImportErrorSummary, IMPORT_MAX_BYTES, type ImportState } from './import.tsx';

/** The page's tabs (`?tab=`, plain links, so they work without JavaScript). */
export type ReportTab = 'report' | 'edit' | 'import';

/** Each tab's page title starts with what the tab holds, so a screen reader and the history tell them apart. */
export const TAB_TITLES: Record<ReportTab, string> = {
  report: '',
  edit: '编辑 · ',
  import: '导入往年报告 · ',
};

/** What the report page shows, as the route gathered it. */
export interface ReportPageProps {
  page: PageContext;
  r: AnnualReport;
  q: ReportQuery;
  /** The query string of the report (org, year, scope). */
  base: string;
  orgs: Org[];
  tabs: { key: ReportTab; label: string; shown: boolean }[];
  tab: ReportTab;
  reporting: ReturnType<typeof reportingYear>;
  /** The previous year's imported figures, right after their import. */
  imported: PreviousYear | null;
  publication: PublicationState | null;
  published: PublishedState | null;
  canEdit: boolean;
  canSubmit: boolean;
  importOrgs: { org: Org; depth: number }[];
  importState?: ImportState;
}

/** 编辑报告文字和填报数字: the three written parts, then the figures of table 2 no module counts. */
const editFields: CrudField[] = [
  { kind: 'textarea', name: 'overview', label: '一、总体情况', rows: 8, hint: '已按数据起草，可修改' },
  { kind: 'textarea', name: 'problems', label: '五、存在的主要问题及改进情况', rows: 5 },
  {
    kind: 'textarea',
    name: 'other',
    label: '六、其他需要报告的事项',
    rows: 4,
    hint: '信息处理费情况由系统按数据生成',
  },
  { kind: 'number', name: 'licensing', label: '行政许可 本年处理决定数量' },
  { kind: 'number', name: 'penalties', label: '行政处罚 本年处理决定数量' },
  { kind: 'number', name: 'enforcement', label: '行政强制 本年处理决定数量' },
  { name: 'feesYuan', label: '行政事业性收费 本年收费金额（元）', hint: '报告中按万元显示' },
  { kind: 'number', name: 'rulesIssued', label: '规章 本年制发件数' },
  { kind: 'number', name: 'rulesRepealed', label: '规章 本年废止件数' },
  { kind: 'number', name: 'rulesInForce', label: '规章 现行有效件数' },
];

/** 导入往年报告: the org and year the figures are of, their format, and the file. */
const importFields = (orgs: { org: Org; depth: number }[], year: number): CrudField[] => [
  {
    kind: 'select',
    name: 'importOrg',
    label: '机关',
    options: orgs.map(({ org, depth }) => ({ value: org.id, label: `${'　'.repeat(depth)}${org.name}` })),
  },
  {
    kind: 'number',
    name: 'importYear',
    label: '年度',
    required: true,
    hint: `被导入报告的年度：导入 ${year - 1} 年的报告，即在 ${year} 年度报告中与之比较`,
  },
  {
    kind: 'select',
    name: 'importFormat',
    label: '格式',
    options: [{ value: '', label: '自动识别' }, ...optionsOf(PAST_FORMATS)],
  },
  {
    kind: 'file',
    name: 'file',
    label: '报告文件（.xlsx、.json，或已发布报告的 Word 文件、网页）',
    accept: '.xlsx,.json,.docx,.html,.htm',
    required: true,
    hint: `不超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB`,
  },
];

/** The report page. */
export function ReportPage({
  page,
  r,
  q,
  base,
  orgs,
  tabs,
  tab,
  reporting,
  imported,
  publication,
  published,
  canEdit,
  canSubmit,
  importOrgs,
  importState,
}: ReportPageProps) {
  const importError = importState?.error;
  const empty = emptySections(r);
  return (
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
          <CrudForm
            page={page}
            form={{
              action: `/admin/reports/annual?${base}`,
              values: {
                ...r.narrative,
                licensing: r.table2.licensing,
                penalties: r.table2.penalties,
                enforcement: r.table2.enforcement,
                feesYuan: r.table2.feesWanYuan == null ? '' : (r.table2.feesWanYuan * 10000).toFixed(2),
                rulesIssued: r.table2.rules.issued,
                rulesRepealed: r.table2.rules.repealed,
                rulesInForce: r.table2.rules.inForce,
              },
            }}
            fields={editFields}
          />
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
          <CrudForm
            page={page}
            form={{
              action: `/admin/reports/annual/import?${base}`,
              values: {
                importOrg: importState?.values.org ?? q.orgId,
                importYear: importState?.values.year ?? q.year - 1,
                importFormat: importState?.values.format,
              },
              errors: importError && {
                ...importError.fields,
                importYear: importError.fields.importYear ?? importError.fields.year,
              },
            }}
            fields={importFields(importOrgs, q.year)}
            submit="导入"
            multipart
          />
        </section>
      )}
    </>
  );
}
