/** The catalogue's panel on the back-office home page, and the 公开办's template upgrade notice. */
import { percent } from '../../content/model.ts';
import { TO_CHECK } from '../model.ts';
import type { coverageOverview, TemplateChangeView } from '../service.ts';
import { TemplateChangeLine } from './parts.tsx';

/** The 公开办's notice of what an upgrade changed in the shipped templates, until marked read. */
export function TemplateChangesNotice({ changes }: { changes: TemplateChangeView[] }) {
  const domains = [...new Set(changes.map((c) => c.domain))];
  return (
    <section class="card" aria-labelledby="catalogue-template-changes">
      <h2 id="catalogue-template-changes">领域模板已更新（{domains.join('、')}）</h2>
      <p>
        升级后随软件提供的模板已更正：本办未修改过的事项已替换，修改过的保留；已编制的目录不变。标“{TO_CHECK}
        ”的事项请对照本省版本核对。
      </p>
      <ul>
        {changes.slice(0, 30).map((c) => (
          <TemplateChangeLine c={c} />
        ))}
      </ul>
      {changes.length > 30 && <p class="meta">另有 {changes.length - 30} 项，见模板页。</p>}
      <p>
        <a href="/admin/catalogue/templates#template-changes">到领域模板页查看（在该页确认已阅后不再提示）</a>
      </p>
    </section>
  );
}

/** This year's township catalogues with their coverage. */
export function CoveragePanel({ rows }: { rows: Awaited<ReturnType<typeof coverageOverview>> }) {
  return (
    <section class="card" aria-labelledby="catalogue-panel">
      <h2 id="catalogue-panel">基层政务公开标准目录</h2>
      <ul class="link-list">
        {rows.slice(0, 8).map((r) => (
          <li>
            <a href={`/admin/catalogues/${r.catalogue.id}/coverage`}>{r.orgName}</a> 覆盖率{' '}
            {percent(r.total.rate)}
            {r.gaps > 0 && <span class="status-bad">，缺口 {r.gaps} 项</span>}
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/catalogues">查看全部目录</a>
      </p>
    </section>
  );
}
