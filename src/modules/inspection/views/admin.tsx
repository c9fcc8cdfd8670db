/** 自查 pages in the back office: the health page, one run, the run history, the home panel. */
import { beijingTime, CsrfField, Notice, Select } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { ChartFigure, stackedBarSvg } from '../../../web/charts.tsx';
import type { Org } from '../../org/model.ts';
import { reportTitle, TRIGGERS } from '../export.ts';
import { CHECK_STATUS, CHECKS, type CheckStatus } from '../model.ts';
import type { InspectionRun, RunDetail } from '../service.ts';

const STATUS_CLASS: Record<CheckStatus, string> = {
  pass: 'status-ok',
  warn: 'status-warn',
  fail: 'status-bad',
  skipped: 'meta',
};

function FindingsTable({
  run,
  veto,
  caption,
  orgs,
}: {
  run: RunDetail;
  veto: boolean;
  caption: string;
  orgs: Map<number, string>;
}) {
  const rows = run.findings.filter((f) => f.veto === veto);
  return (
    <section aria-labelledby={`h-${veto ? 'veto' : 'other'}`}>
      <h2 id={`h-${veto ? 'veto' : 'other'}`}>{caption}</h2>
      {rows.map((f) => (
        <div class="card">
          <h3>
            {CHECKS[f.key].label}：<span class={STATUS_CLASS[f.status]}>{CHECK_STATUS[f.status]}</span>
          </h3>
          <p class="meta">{CHECKS[f.key].rule}</p>
          <p>{f.summary}</p>
          {f.evidence.length > 0 && (
            <details open={f.status === 'fail'}>
              <summary>问题清单（{f.evidence.length}）</summary>
              <ul class="link-list">
                {f.evidence.slice(0, 200).map((e) => (
                  <li>
                    {e.url ? <a href={e.url}>{e.title}</a> : e.title}
                    <span class="meta">
                      {e.orgId ? `${orgs.get(e.orgId) ?? ''}：` : ''}
                      {e.detail}
                    </span>
                  </li>
                ))}
              </ul>
              {f.evidence.length > 200 && (
                <p class="meta">另有 {f.evidence.length - 200} 条，请下载报告查看全部。</p>
              )}
            </details>
          )}
        </div>
      ))}
    </section>
  );
}

/** One run: its counts, the report downloads and the findings. */
export function RunView({ run, orgs }: { run: RunDetail; orgs: Map<number, string> }) {
  return (
    <>
      <p>
        检查日期 {run.asOf}（{TRIGGERS[run.trigger] ?? run.trigger}，{run.actorName}，完成于{' '}
        {beijingTime(run.finishedAt)}）：
        <span class={run.vetoFailed ? 'status-bad' : 'status-ok'}>单项否决不通过 {run.vetoFailed} 项</span>
        ，不通过 {run.failed} 项，需关注 {run.warned} 项；抓取页面 {run.pagesCrawled} 个，检查链接{' '}
        {run.linksChecked} 个。
      </p>
      <p class="actions">
        <a class="button secondary" href={`/admin/inspection/runs/${run.id}/report.docx`}>
          下载自查报告（Word）
        </a>
        <a class="button secondary" href={`/admin/inspection/runs/${run.id}/report.xlsx`}>
          下载问题清单（Excel）
        </a>
      </p>
      <FindingsTable run={run} veto caption="单项否决指标" orgs={orgs} />
      <FindingsTable run={run} veto={false} caption="其他检查项" orgs={orgs} />
    </>
  );
}

/** The run history: a trend chart with its table. */
export function History({ runs }: { runs: InspectionRun[] }) {
  if (runs.length === 0) return null;
  const ordered = [...runs].reverse();
  const svg = stackedBarSvg(
    '历次自查结果趋势',
    [
      { name: '单项否决不通过', color: '#b3261e' },
      { name: '其他不通过', color: '#c25e00' },
      { name: '需关注', color: '#6b6b00' },
    ],
    ordered.map((r) => ({
      label: `${r.asOf} #${r.id}`,
      values: [r.vetoFailed, r.failed - r.vetoFailed, r.warned],
    })),
  );
  return (
    <section aria-labelledby="h-history">
      <h2 id="h-history">历次自查（整改进展）</h2>
      <ChartFigure
        svg={svg}
        caption="历次自查的不通过和需关注项数"
        table={
          <DataTable
            caption="历次自查"
            rows={runs}
            columns={[
              { label: '检查日期', date: true, cell: (r) => r.asOf },
              { label: '方式', cell: (r) => TRIGGERS[r.trigger] ?? r.trigger },
              { label: '单项否决不通过', class: 'num', cell: (r) => r.vetoFailed },
              { label: '不通过', class: 'num', cell: (r) => r.failed },
              { label: '需关注', class: 'num', cell: (r) => r.warned },
              { label: '详情', cell: (r) => <a href={`/admin/inspection/runs/${r.id}`}>第 {r.id} 次</a> },
            ]}
          />
        }
      />
    </section>
  );
}

/** /admin/inspection: the target picker, run now, the latest run, the units' overview and the history. */
export function HealthPage(p: {
  page: PageContext;
  name: string;
  target: number | null;
  options: { value: string | number; label: string }[];
  run: RunDetail | null;
  runs: InspectionRun[];
  names: Map<number, string>;
  units: { org: Org; last?: InspectionRun }[];
  canRun: boolean;
}) {
  const { page, name, target, options, run, runs, names, units } = p;
  return (
    <>
      <h1>网站与政务新媒体自查：{name}</h1>
      <p class="meta">
        对照国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》逐项检查，每天自动自查一次，也可随时立即自查。
      </p>
      <form method="get" action="/admin/inspection">
        <Select label="检查对象" name="org" value={target ?? 0} options={options} />
        <div class="actions">
          <button type="submit" class="secondary">
            查看
          </button>
        </div>
      </form>
      {p.canRun && (
        <form method="post" action="/admin/inspection/run">
          <CsrfField page={page} />
          <input type="hidden" name="org" value={String(target ?? 0)} />
          <div class="actions">
            <button type="submit">立即自查</button>
          </div>
        </form>
      )}
      {run ? <RunView run={run} orgs={names} /> : <Notice>尚未进行过自查。</Notice>}
      {units.length > 0 && (
        <section aria-labelledby="h-units">
          <h2 id="h-units">各单位最近一次自查</h2>
          <DataTable
            rows={units}
            columns={[
              {
                label: '单位',
                rowHeader: true,
                cell: ({ org }) => <a href={`/admin/inspection?org=${org.id}`}>{org.name}</a>,
              },
              { label: '检查日期', date: true, cell: ({ last }) => last?.asOf ?? '尚未自查' },
              {
                label: '单项否决不通过',
                cell: ({ last }) =>
                  last?.vetoFailed ? (
                    <span class="status-bad">{last.vetoFailed}</span>
                  ) : (
                    (last?.vetoFailed ?? '—')
                  ),
              },
              { label: '不通过', cell: ({ last }) => last?.failed ?? '—' },
              { label: '需关注', cell: ({ last }) => last?.warned ?? '—' },
            ]}
          />
        </section>
      )}
      <History runs={runs} />
    </>
  );
}

/** One past run. */
export function RunPage({ run, names }: { run: RunDetail; names: Map<number, string> }) {
  return (
    <>
      <h1>{reportTitle(run)}</h1>
      <RunView run={run} orgs={names} />
      <p>
        <a href={`/admin/inspection?org=${run.orgId ?? 0}`}>返回{run.orgName}的自查</a>
      </p>
    </>
  );
}

/** The back-office home panel: the latest run of the actor's site or unit. */
export function InspectionPanel({ run }: { run: RunDetail | null }) {
  return (
    <section class="card" aria-labelledby="inspection-panel">
      <h2 id="inspection-panel">网站与政务新媒体自查</h2>
      {run ? (
        <p>
          {run.orgName} {run.asOf} 自查：
          <span class={run.vetoFailed ? 'status-bad' : 'status-ok'}>单项否决不通过 {run.vetoFailed} 项</span>
          ，不通过 {run.failed} 项，需关注 {run.warned} 项。
        </p>
      ) : (
        <p>尚未进行过自查。</p>
      )}
      <p>
        <a href="/admin/inspection">查看自查结果</a>
      </p>
    </section>
  );
}
