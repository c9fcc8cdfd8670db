/**
 * The audit export at scale (issue 16): 1 000 000 audit records, exported as CSV and as XLSX through
 * the export's own use case into a sink that only counts bytes. Prints the time and the peak RSS
 * while exporting (sampled every 20 ms) over the RSS before: bounded memory means that figure stays
 * flat whatever the size. Records are bulk-inserted with one INSERT … SELECT over a recursive
 * sequence. SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set. AUDIT_BENCH_RECORDS overrides the size.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { systemActor, type AppContext } from '../src/context.ts';
import { systemClock } from '../src/lib/time.ts';
import { exportAudit } from '../src/modules/audit/service.ts';
import { onEachEngine } from './engines.ts';
import { MODULES } from '../src/modules/index.ts';

const RECORDS = Number(process.env.AUDIT_BENCH_RECORDS ?? 1_000_000);
const silent = { info() {}, warn() {}, error() {} };
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

export default async function bench() {
  await onEachEngine('audit', async (label, database, dir) => {
    const { db, engine } = database;
    const ctx: AppContext = {
      modules: MODULES,
      db,
      engine,
      config: loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12' }),
      clock: systemClock,
      log: silent as never,
    };
    let t = performance.now();
    await sql`
      insert into audit_log (at, actor_id, actor_name, action, object_type, object_id, before_json, after_json, ip, algo, prev_hash, hash)
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${sql.lit(RECORDS)})
      select '2024-01-01T00:00:00.000Z', null, '信息员（演示）', 'content.item.update', 'content_item', ${engine === 'sqlite' ? sql`cast(i as text)` : sql`i::text`},
        '{"title":"关于印发年度工作要点的通知","status":"draft"}', '{"title":"关于印发年度工作要点的通知","status":"published"}', '10.0.0.1', 'sm3',
        '0000000000000000000000000000000000000000000000000000000000000000', '1111111111111111111111111111111111111111111111111111111111111111'
      from n`.execute(db);
    console.log(
      `${label}: ${RECORDS.toLocaleString('en')} audit records inserted in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    for (const format of ['csv', 'xlsx'] as const) {
      global.gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      let bytes = 0;
      t = performance.now();
      await pipeline(
        exportAudit(ctx, systemActor('bench'), {}, format),
        new Writable({
          write(chunk: Buffer, _enc, done) {
            bytes += chunk.length;
            done();
          },
        }),
      );
      clearInterval(sampler);
      const seconds = (performance.now() - t) / 1000;
      console.log(
        `${label}: export of ${RECORDS.toLocaleString('en')} records as ${format.toUpperCase()}: ${seconds.toFixed(1)} s, ${mb(bytes)} written, peak RSS ${mb(peak)} (${mb(peak - base)} over the ${mb(base)} before)`,
      );
    }
  });
}
