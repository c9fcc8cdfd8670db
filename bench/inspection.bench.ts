/**
 * Self-inspection on the demo district (the test harness database: SQLite, or PostgreSQL with
 * TEST_DATABASE_URL): the in-process crawl rate (pages and addresses per second through app.inject) and the
 * time of a whole-site run and of a unit's run with the default budgets.
 */
import { systemActor } from '../src/context.ts';
import { crawl } from '../src/modules/inspection/crawl.ts';
import { injectFetcher } from '../src/modules/inspection/routes/index.ts';
import { CRAWL_LIMITS, runInspection } from '../src/modules/inspection/service.ts';
import { listPublicOrgs } from '../src/modules/org/service.ts';
import { buildTestApp } from '../test/helpers.ts';

export default async function (): Promise<void> {
  const t = await buildTestApp({ start: '2023-01-15T02:00:00Z' });
  try {
    const fetcher = injectFetcher(t.app);
    await crawl(fetcher, { seeds: ['/'], follow: true, maxPages: 20, maxLinks: 200 }); // warm up
    const t0 = performance.now();
    const r = await crawl(fetcher, { seeds: ['/'], follow: true, ...CRAWL_LIMITS.site });
    const s = (performance.now() - t0) / 1000;
    console.log(
      `全站抓取（首页起，上限 ${CRAWL_LIMITS.site.maxPages} 页 / ${CRAWL_LIMITS.site.maxLinks} 个地址）：解析 ${r.pages} 页、请求 ${r.checked} 个地址，用时 ${s.toFixed(1)} 秒（${(r.checked / s).toFixed(0)} 个地址/秒），错链 ${r.broken.length} 处${r.truncated ? '，达到上限' : ''}`,
    );
    const actor = systemActor('bench');
    let t1 = performance.now();
    const site = await runInspection(t.ctx, actor, null, 'cli');
    console.log(
      `全站自查（全部检查项，含抓取 ${site.pagesCrawled} 页、${site.linksChecked} 个地址）：${((performance.now() - t1) / 1000).toFixed(1)} 秒`,
    );
    const ndrc = (await listPublicOrgs(t.ctx.db)).find((o) => o.shortName === '区发改委')!;
    t1 = performance.now();
    const unit = await runInspection(t.ctx, actor, ndrc.id, 'cli');
    console.log(
      `单位自查（区发改委，抓取 ${unit.pagesCrawled} 页、${unit.linksChecked} 个地址）：${((performance.now() - t1) / 1000).toFixed(2)} 秒`,
    );
  } finally {
    await t.close();
  }
}
