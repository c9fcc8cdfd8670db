/** The 迁移旧网站内容 pages: the upload and crawl forms with the runs, a run's report, the review queue of held items. */
import type { AppError } from '../../../errors.ts';
import { beijingTime, CsrfField, Notice } from '../../../web/components.tsx';
import { CrudForm, type CrudField, type Option } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { PRESETS, ROW_STATES, RUN_STATUSES } from '../import/model.ts';
import type { ImportRun } from '../import/rows.ts';

/** Packages up to this size are uploaded through the browser; larger ones through the CLI. */
export const PACKAGE_MAX_BYTES = 200 * 1024 * 1024;

/** A form's refusal and the values to show again. */
export interface FormState {
  error?: AppError;
  values?: Record<string, string>;
}

/** How many rows of a run (or a dry run) ended how. */
export function Counts({ run }: { run: ImportRun }) {
  const c = run.counts;
  const dry = run.id == null;
  const line = (label: string, n: number) => (
    <li>
      {label}：{n} 条
    </li>
  );
  return (
    <ul>
      {line('共', c.total)}
      {line(dry ? '可直接发布' : '已发布', c.published)}
      {line(dry ? '将进入待审核' : '待审核（检查发现须处理的问题）', c.review)}
      {line('有错误', c.error)}
      {line('已跳过', c.skipped)}
      {line('已导入过', c.duplicate)}
      {c.pending > 0 && line('待导入', c.pending)}
    </ul>
  );
}

/** A run's (or a dry run's) report: its counts, the rows that need attention, the pages that could not be read. */
export function RunReport({ run, page }: { run: ImportRun; page: PageContext }) {
  const problems = run.rows.filter((r) => r.errors.length || r.state === 'review');
  const dry = run.id == null;
  return (
    <>
      {dry && (
        <Notice kind="info">
          这是试运行的结果：没有写入任何内容。确认无误后，不勾选“试运行”再导入一次。
        </Notice>
      )}
      {run.manifestErrors.length > 0 && (
        <Notice kind="warning">
          <p>清单有误，不能导入：</p>
          <ul>
            {run.manifestErrors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </Notice>
      )}
      {run.status === 'blocked' && (
        <Notice kind="warning">
          <p>
            有 {run.counts.error} 行有错误，未导入任何内容。请改正后重新导入，或跳过这些行，导入其余各行。
          </p>
        </Notice>
      )}
      <Counts run={run} />
      {run.id != null && (run.status === 'blocked' || run.status === 'running' || run.status === 'ready') && (
        <form method="post" action={`/admin/content/import/runs/${run.id}/continue`}>
          <CsrfField page={page} />
          {run.status === 'blocked' && <input type="hidden" name="skipErrors" value="1" />}
          <div class="actions">
            <button type="submit">
              {run.status === 'blocked' ? '跳过有错误的行，导入其余各行' : '继续导入'}
            </button>
          </div>
        </form>
      )}
      {problems.length > 0 && (
        <section aria-labelledby="h-problems">
          <h2 id="h-problems">需要注意的行（{problems.length} 行）</h2>
          <ul class="source-note">
            {problems.slice(0, 1000).map((r) => (
              <li>
                第 {r.rowNo} 行{' '}
                {r.itemId != null && !dry ? (
                  <a href={`/admin/content/${r.itemId}`}>{r.title || r.oldUrl}</a>
                ) : (
                  r.title || r.oldUrl
                )}
                ：{ROW_STATES[r.state]}
                {(r.errors.length > 0 || r.state === 'review') && (
                  <>。{r.errors.join('；') || '个人信息或严重错敏词，已作为草稿等待处理'}</>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {run.failures.length > 0 && (
        <section aria-labelledby="h-failures">
          <h2 id="h-failures">未能读取的旧网站页面（{run.failures.length} 个，不影响其他内容导入）</h2>
          <ul class="source-note">
            {run.failures.slice(0, 1000).map((f) => (
              <li>
                {f.url}：{f.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** 上传导入包: the publishing org and the ZIP. */
const packageFields = (orgs: Option[]): CrudField[] => [
  { kind: 'select', name: 'orgId', label: '发布单位', required: true, options: orgs },
  { kind: 'file', name: 'file', label: '导入包（.zip）', required: true, accept: '.zip,application/zip' },
];

/** 从旧网站抓取: the publishing org, the column pages to start from, how to read them, how fast, how many. */
const crawlFields = (orgs: Option[]): CrudField[] => [
  { kind: 'select', name: 'orgId', label: '发布单位', required: true, options: orgs },
  {
    kind: 'textarea',
    name: 'starts',
    label: '栏目页',
    required: true,
    rows: 4,
    hint: '每行一个：旧网站栏目页地址，空格，本站栏目的名称或网址标识。例如 http://www.example.gov.cn/col/col123/index.html 通知公告',
  },
  {
    kind: 'select',
    name: 'preset',
    label: '页面结构',
    default: 'generic',
    options: Object.entries(PRESETS).map(([k, p]) => ({ value: k, label: p.label })),
  },
  {
    name: 'body',
    label: '正文选择器（可选，覆盖预设）',
    maxLength: 500,
    hint: 'CSS 选择器，如 .article-content',
  },
  { kind: 'number', name: 'delayMs', label: '两次请求的间隔（毫秒）', default: '1000' },
  { kind: 'number', name: 'maxItems', label: '最多导入的文章数', default: '1000' },
];

/** The import home page: the package upload, the crawl form, the recent runs. */
export function ImportHome({
  page,
  state,
  runs,
  orgs,
  me,
}: {
  page: PageContext;
  state: { package?: FormState; crawl?: FormState; started?: boolean };
  runs: ImportRun[];
  orgs: { value: number; label: string }[];
  me: number | undefined;
}) {
  const pv = state.package?.values ?? {};
  const cv = state.crawl?.values ?? {};
  return (
    <>
      <h1>迁移旧网站内容</h1>
      <p>
        把旧网站上已发布的内容迁入本站：保留原发布日期，标注“从旧网站导入”；附件按本站的附件规则检查后保存；旧网址以
        301 跳转到新页面。每条内容先经个人信息和错敏词检查， 发现须处理问题的作为草稿进入
        <a href="/admin/content/import/review">待审核队列</a>，其余直接发布。导入中断后可继续，不会重复。
      </p>
      {state.started && (
        <Notice kind="success">
          已开始抓取旧网站。抓取按设置的间隔逐页进行，完成后导入任务出现在下方列表中。
        </Notice>
      )}
      <section aria-labelledby="h-package">
        <h2 id="h-package">上传导入包</h2>
        <p>
          ZIP 压缩文件，内含清单 <code>manifest.xlsx</code> 或 <code>manifest.csv</code>
          （列：原网址、栏目、标题、发布日期、文号、索引号、发布机构、正文文件、附件；多个附件用分号隔开），
          以及清单列出的正文文件（HTML、DOCX、PDF 或 TXT）和附件。不超过 {PACKAGE_MAX_BYTES /
            1024 /
            1024}{' '}
          MB，更大的包请用命令 <code>gongkai content import-site --package</code>。
        </p>
        <CrudForm
          page={page}
          form={{
            action: '/admin/content/import/package',
            values: { orgId: me, ...pv },
            error: state.package?.error,
          }}
          fields={packageFields(orgs)}
          submit="导入"
          multipart
        >
          <ImportChecks prefix="p" values={pv} />
        </CrudForm>
      </section>
      <section aria-labelledby="h-crawl">
        <h2 id="h-crawl">从旧网站抓取</h2>
        <p>
          从旧网站的栏目页开始，按页面结构读取列表、翻页、标题、日期、正文和附件。只访问所填网站，每次一个请求，遵守
          robots.txt；打不开或无法识别的页面列在报告中。
        </p>
        <CrudForm
          page={page}
          form={{
            action: '/admin/content/import/crawl',
            values: { orgId: me, ...cv },
            error: state.crawl?.error,
          }}
          fields={crawlFields(orgs)}
          submit="开始抓取"
        >
          <ImportChecks prefix="c" values={cv} />
        </CrudForm>
      </section>
      <section aria-labelledby="h-runs">
        <h2 id="h-runs">导入任务</h2>
        <DataTable
          caption="最近的导入任务"
          rows={runs}
          empty={{ text: '还没有导入任务。' }}
          columns={[
            {
              label: '编号',
              rowHeader: true,
              cell: (r) => <a href={`/admin/content/import/runs/${r.id}`}>{r.id}</a>,
            },
            {
              label: '来源',
              cell: (r) => `${r.source === 'package' ? '导入包' : '抓取'}：${r.label}`,
            },
            { label: '状态', cell: (r) => RUN_STATUSES[r.status as keyof typeof RUN_STATUSES] },
            {
              label: '结果',
              cell: (r) =>
                `共 ${r.counts.total}，发布 ${r.counts.published}，待审核 ${r.counts.review}，错误 ${r.counts.error}`,
            },
            { label: '时间', date: true, cell: (r) => beijingTime(r.createdAt) },
          ]}
        />
      </section>
    </>
  );
}

/** Imported items the gate held back as drafts. */
export function ImportReviewPage({
  items,
}: {
  items: {
    id: number;
    title: string;
    importedFrom: string;
    originalPublishedAt: string | null;
    blocking: number;
  }[];
}) {
  return (
    <>
      <h1>导入内容待审核</h1>
      <p>
        从旧网站导入、经检查发现个人信息或严重错敏词的内容，作为草稿在此等待处理：打开稿件一键脱敏或修改后，按正常流程报送、审核、发布；发布时保留原发布日期。
      </p>
      <DataTable
        caption={`待审核的导入内容（${items.length} 篇）`}
        rows={items}
        empty={{ text: '没有待审核的导入内容。' }}
        columns={[
          { label: '标题', rowHeader: true, cell: (i) => <a href={`/admin/content/${i.id}`}>{i.title}</a> },
          { label: '原网址', cell: (i) => i.importedFrom },
          { label: '原发布时间', date: true, cell: (i) => beijingTime(i.originalPublishedAt) },
          { label: '须处理的问题', cell: (i) => `${i.blocking} 处` },
        ]}
      />
    </>
  );
}

/** The two choices every import offers. */
export function ImportChecks({ prefix, values }: { prefix: string; values: Record<string, string> }) {
  return (
    <fieldset>
      <legend>导入方式</legend>
      <div class="checkbox">
        <input type="checkbox" id={`${prefix}-dry`} name="dryRun" value="1" checked={values.dryRun === '1'} />
        <label for={`${prefix}-dry`}>试运行：只报告将会怎样，不写入任何内容</label>
      </div>
      <div class="checkbox">
        <input
          type="checkbox"
          id={`${prefix}-skip`}
          name="skipErrors"
          value="1"
          checked={values.skipErrors === '1'}
        />
        <label for={`${prefix}-skip`}>
          跳过有错误的行，导入其余各行（不勾选时，只要有一行有错误就不导入任何内容）
        </label>
      </div>
    </fieldset>
  );
}
