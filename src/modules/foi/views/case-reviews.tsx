/** The case page's reviews and lawsuits (复议/诉讼): each with every result kept, and their forms. */
import { beijingTime, CsrfField } from '../../../web/components.tsx';
import { DataTable } from '../../../web/table.tsx';
import type { PageContext } from '../../../web/page.ts';
import { REVIEW_KINDS } from '../model.ts';
import { REVIEW_RESULTS } from '../outcomes.ts';
import type { ApplicationDetail } from '../service/read.ts';
import { FINAL_RESULTS, In, opts, Sel } from './form-parts.tsx';

/** The reviews section: the latest results, each proceeding's result history, and the forms to add or correct. */
export function ReviewsSection({
  page,
  d,
  canHandle,
}: {
  page: PageContext;
  d: ApplicationDetail;
  canHandle: boolean;
}) {
  const a = d.application;
  return (
    <section aria-labelledby="reviews">
      <h2 id="reviews">行政复议与行政诉讼</h2>
      {d.reviews.length > 0 && (
        <DataTable
          caption="复议诉讼记录（最新结果）"
          rows={d.reviews}
          columns={[
            { label: '类型', cell: (r) => REVIEW_KINDS[r.kind as keyof typeof REVIEW_KINDS] ?? r.kind },
            { label: '立案日期', cell: (r) => r.filedOn, date: true },
            { label: '结果', cell: (r) => REVIEW_RESULTS[r.result] },
            { label: '结果日期', cell: (r) => r.resultOn ?? '—', date: true },
            { label: '备注', cell: (r) => r.note },
          ]}
        />
      )}
      {d.reviews
        .filter((r) => r.results.length > 0)
        .map((r) => (
          <DataTable
            id={`review-${r.id}-results`}
            caption={
              <>
                结果记录：{REVIEW_KINDS[r.kind as keyof typeof REVIEW_KINDS] ?? r.kind}（{r.filedOn}{' '}
                立案）。后来的结果（再审、二审等）另行登记，不覆盖此前的结果；年度报告按当年 12 月 31
                日及以前的最新结果统计。
              </>
            }
            rows={r.results}
            columns={[
              { label: '结果日期', cell: (x) => x.resultOn, date: true },
              { label: '结果', cell: (x) => REVIEW_RESULTS[x.result] },
              { label: '备注', cell: (x) => x.note },
              {
                label: '登记',
                cell: (x) => (
                  <>
                    {x.actorName} {beijingTime(x.recordedAt)}
                    {x.correctedAt && <>（{beijingTime(x.correctedAt)} 更正）</>}
                  </>
                ),
              },
            ]}
          />
        ))}
      {canHandle && (
        <>
          <details class="foi-event">
            <summary>登记复议或诉讼</summary>
            <form method="post" action={`/admin/foi/${a.id}/reviews`}>
              <CsrfField page={page} />
              <Sel form="review" name="kind" label="类型" options={opts(REVIEW_KINDS)} />
              <In form="review" name="filedOn" label="立案（申请）日期" type="date" required />
              <Sel form="review" name="result" label="结果" options={opts(REVIEW_RESULTS)} value="pending" />
              <In form="review" name="resultOn" label="结果日期（已审结时填写）" type="date" />
              <In form="review" name="note" label="备注" />
              <div class="actions">
                <button type="submit">登记</button>
              </div>
            </form>
          </details>
          {d.reviews.map((r) => (
            <>
              <details class="foi-event">
                <summary>
                  新增结果：{REVIEW_KINDS[r.kind as keyof typeof REVIEW_KINDS]}（{r.filedOn}）
                </summary>
                <form method="post" action={`/admin/foi/reviews/${r.id}/results`}>
                  <CsrfField page={page} />
                  <p class="hint">再审、二审等后来的结果另行登记，此前的结果保留。</p>
                  <Sel form={`rv${r.id}`} name="result" label="结果" options={opts(FINAL_RESULTS)} />
                  <In form={`rv${r.id}`} name="resultOn" label="结果日期" type="date" required />
                  <In form={`rv${r.id}`} name="note" label="备注" />
                  <div class="actions">
                    <button type="submit">登记结果</button>
                  </div>
                </form>
              </details>
              {r.results.map((x) => (
                <details class="foi-event">
                  <summary>
                    更正录入有误的结果：{REVIEW_RESULTS[x.result]}（{x.resultOn}）
                  </summary>
                  <form method="post" action={`/admin/foi/reviews/${r.id}/results/${x.id}`}>
                    <CsrfField page={page} />
                    <Sel
                      form={`rr${x.id}`}
                      name="result"
                      label="结果"
                      options={opts(FINAL_RESULTS)}
                      value={x.result}
                    />
                    <In
                      form={`rr${x.id}`}
                      name="resultOn"
                      label="结果日期"
                      type="date"
                      value={x.resultOn}
                      required
                    />
                    <In form={`rr${x.id}`} name="note" label="备注" value={x.note} />
                    <div class="actions">
                      <button type="submit">保存更正</button>
                    </div>
                  </form>
                </details>
              ))}
            </>
          ))}
        </>
      )}
    </section>
  );
}
