/**
 * The platform's shared state (issue 27), on PostgreSQL (BENCH_DATABASE_URL): the cost of counting a
 * limited request in the database (`rate_limits`, src/platform/ratestore.ts) — one at a time and
 * eight at once. Not yet here (docs/modules/sites.md): N sites × M items behind three app processes
 * (page requests/s with and without cache, search p95 per site, the city roll-up time).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase } from '../src/db/index.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { countRequest } from '../src/platform/ratestore.ts';

export default async function bench(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  if (!url)
    return console.log('sites: set BENCH_DATABASE_URL=postgres://… (the platform runs on PostgreSQL only)');
  const n = Number(process.env.BENCH_RATE_REQUESTS ?? 2000);
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const d = createDatabase(url, { schema });
  try {
    await migrateToLatest(d.db, schema);
    const lat: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await countRequest(d.db, `k${i % 50}`, 60_000);
      lat.push(performance.now() - s);
    }
    const seq = performance.now() - t0;
    lat.sort((a, b) => a - b);
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, j) => {
        for (let i = 0; i < n / 8; i++) await countRequest(d.db, `c${j}`, 60_000);
      }),
    );
    const conc = performance.now() - t1;
    console.log(
      `rate-limit counter in PostgreSQL: ${n} counts one at a time ${Math.round((n / seq) * 1000)}/s (p50 ${lat[Math.floor(n / 2)].toFixed(2)} ms, p95 ${lat[Math.floor(n * 0.95)].toFixed(2)} ms); 8 clients at once ${Math.round((n / conc) * 1000)}/s`,
    );
  } finally {
    await d.destroy();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
