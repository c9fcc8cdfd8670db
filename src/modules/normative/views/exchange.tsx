/** Back-office pages of the library's figures and exchange: the interpretation rate, the 索引号 template, the import. */
import type { AppError } from '../../../errors.ts';
import { Notice, Select, UploadForm } from '../../../web/components.tsx';
import { CrudForm } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { IMPORT_COLUMNS } from '../model.ts';
import { formatRate, INTERPRETATION_TARGET } from '../model.ts';
import type { RateReport } from '../service.ts';
import { yearOptions } from './filters.tsx';

const adminHref = (id: number) => `/admin/gfxwj/${id}`;

/** 解读率 of a year (rules.md §5): the district, each org, and the documents without or with late interpretations. */
export function RatePage({ r, year, now }: { r: RateReport; year: number; now: Date }) {
  return (
    <>
      <h1>{year} 年政策解读率</h1>
      <form method="get" action="/admin/gfxwj/rate" class="actions">
        <Select label="年度" name="year" value={year} options={yearOptions(now)} />
        <button type="submit">查看</button>
      </form>
      <p>
        口径：当年发布的需要解读的文件——行政规范性文件，以及登记为“其他涉及群众或企业权益的政策文件”的——中，已发布至少一篇解读的文件数
        ÷ 文件总数；与文件同日或之前发布的解读为同步解读，晚于文件发布的标记为非同步。目标：不低于{' '}
        {formatRate(INTERPRETATION_TARGET)}。
        {r.district.policies > 0 && `其中其他政策文件 ${r.district.policies} 件。`}
      </p>
      <p
        class={
          r.district.rate != null && r.district.rate < INTERPRETATION_TARGET ? 'status-bad' : 'status-ok'
        }
      >
        {r.district.rate == null
          ? '本年度尚无文件。'
          : `解读率 ${formatRate(r.district.rate)}（${r.district.interpreted}/${r.district.total}），${r.district.rate >= INTERPRETATION_TARGET ? '达到' : '未达到'} ${formatRate(INTERPRETATION_TARGET)} 目标；非同步解读 ${r.district.late} 件。`}
      </p>
      <DataTable
        caption="各单位解读率"
        rows={r.byOrg}
        columns={[
          { label: '单位', cell: (o) => o.orgName },
          { label: '文件数', cell: (o) => o.total, class: 'num' },
          { label: '已解读', cell: (o) => o.interpreted, class: 'num' },
          {
            label: '解读率',
            cell: (o) =>
              o.rate != null && o.rate < INTERPRETATION_TARGET ? (
                <span class="status-bad">{formatRate(o.rate)}</span>
              ) : (
                formatRate(o.rate)
              ),
            class: 'num',
          },
          { label: '非同步解读', cell: (o) => o.late, class: 'num' },
        ]}
      />
      <h2>尚无解读的文件（{r.missing.length} 件）</h2>
      {r.missing.length === 0 ? (
        <p>无。</p>
      ) : (
        <ul class="link-list">
          {r.missing.map((d) => (
            <li>
              <a href={adminHref(d.id)}>{`${d.title}（${d.docNumber}）`}</a>
              <span class="meta">
                {d.orgNames.join('、')} · {d.publishedOn} 发布{d.isNormative ? '' : ' · 其他政策文件'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>非同步解读的文件（{r.late.length} 件）</h2>
      {r.late.length === 0 ? (
        <p>无。</p>
      ) : (
        <ul class="link-list">
          {r.late.map((d) => (
            <li>
              <a href={adminHref(d.id)}>{`${d.title}（${d.docNumber}）`}</a>
              <span class="meta">
                文件 {d.publishedOn} 发布，首篇解读 {d.firstInterpretationOn}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The 索引号 template. */
export function SettingsPage({
  page,
  template,
  error,
  saved,
}: {
  page: PageContext;
  template: string;
  error?: AppError;
  saved?: boolean;
}) {
  return (
    <>
      <h1>索引号设置</h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <p>
        国家未规定索引号格式。登记文件时按下面的模板生成索引号，已生成的不变。可用：{'{orgCode}'}{' '}
        主办机关代码，{'{year}'} 发布年份，{'{seq}'} 或 {'{seq:N}'} 顺序号（补零到 N 位）。模板含{' '}
        {'{orgCode}'} 时顺序号按机关分别编排，含 {'{year}'} 时每年从 1
        起；生成时跳过已被使用的索引号，保证唯一。
      </p>
      <CrudForm
        page={page}
        form={{ action: '/admin/gfxwj/settings', values: { template }, error }}
        fields={[
          {
            name: 'template',
            label: '索引号模板',
            required: true,
            hint: '默认 {orgCode}/{year}-{seq:5}，如 11360100MB1234567X/2022-00012',
            maxLength: 100,
          },
        ]}
      />
    </>
  );
}

/** Errors of an import by row; the file's own error is the summary. */
const rowErrors = (error: AppError) => Object.entries(error.fields).filter(([key]) => key !== 'file');

/** Import of an existing register (every row checked; nothing imported unless all are valid). */
export function ImportPage({
  page,
  result,
  error,
}: {
  page: PageContext;
  result?: { imported: number };
  error?: AppError;
}) {
  return (
    <>
      <h1>导入登记台账</h1>
      {result && <Notice kind="success">已导入 {result.imported} 件文件。</Notice>}
      {error && (
        <div class="error-summary" role="alert" tabindex={-1}>
          <h2>{error.userMessage}</h2>
          {rowErrors(error).length > 0 && (
            <ul>
              {rowErrors(error).map(([row, msg]) => (
                <li>
                  {row}：{msg}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <p>
        上传 .xlsx 文件，第一行为列名：{Object.values(IMPORT_COLUMNS).join('、')}
        。文号、标题、制发机关、成文日期、施行日期、主题分类必填；任何一行有错误时不导入任何文件。
      </p>
      <UploadForm
        page={page}
        action="/admin/gfxwj/import"
        label="台账文件（.xlsx）"
        accept=".xlsx"
        submit="导入"
      />
    </>
  );
}
