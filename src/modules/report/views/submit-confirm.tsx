/** 提交发布 with empty written sections: the sections named, and a tick that there is nothing to report. */
import { CsrfField, Notice } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { ReportQuery } from '../service.ts';

/** The confirmation form: the empty sections, and the tick (required) to submit anyway. */
export function SubmitConfirm({
  page,
  q,
  base,
  emptySections,
  retried,
}: {
  page: PageContext;
  q: ReportQuery;
  /** The report's query string (org, year, scope). */
  base: string;
  /** The names of the empty sections. */
  emptySections: string;
  /** Shown again after a post without the tick. */
  retried: boolean;
}) {
  return (
    <>
      <h1>确认提交发布</h1>
      <Notice kind="warning">
        {q.year}年度报告中以下部分尚无文字：<strong>{emptySections}</strong>
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
  );
}
