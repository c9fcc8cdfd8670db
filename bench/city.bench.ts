/**
 * The platform at city scale (issue 27), on PostgreSQL (BENCH_DATABASE_URL): BENCH_CITY_SITES sites
 * (default 20: the city with the demo district, the others copies of it below the city) each with
 * BENCH_CITY_ITEMS more published items (default 50 000, bulk-inserted with their search entries),
 * served by BENCH_CITY_PROCESSES app processes (default 3, `PLATFORM=1`) with nothing in front: the
 * client spreads its requests over the processes and the sites' host names. Prints
 *   - page requests/s (each site's home page and an item page) with the page cache and without it
 *     (PAGE_CACHE_SECONDS=0), autocannon for BENCH_CITY_SECONDS (default 10) after a warm-up;
 *   - search p95 per site (sequential /search requests, round-robin over the processes);
 *   - the city roll-up time (GET /api/v1/city/rollup, first and second request);
 *   - the rate-limit counter: increments/s from 3 processes at once, in the database
 *     (src/platform/ratestore.ts) and in Redis (BENCH_REDIS, default 127.0.0.1:6379; INCR + PEXPIRE).
 * A quick run: BENCH_CITY_SITES=3 BENCH_CITY_ITEMS=2000 BENCH_CITY_SECONDS=3.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config.ts';
import { systemActor } from '../src/context.ts';
import { systemClock } from '../src/lib/time.ts';
import { createApiToken } from '../src/modules/auth/service.ts';
import { segmentForIndex } from '../src/modules/search/segment.ts';
import { recountFacets } from '../src/modules/search/store.ts';
import { Platform } from '../src/platform/registry.ts';
import { createSite, openSiteContext } from '../src/platform/sites.ts';
import { MODULES } from '../src/modules/index.ts';

const run = promisify(execFile);
const env = process.env;
const SITES = Number(env.BENCH_CITY_SITES ?? 20);
const ITEMS = Number(env.BENCH_CITY_ITEMS ?? 50_000);
const PROCESSES = Number(env.BENCH_CITY_PROCESSES ?? 3);
const SECONDS = Number(env.BENCH_CITY_SECONDS ?? 10);
const CONNECTIONS = 10;
const REDIS = env.BENCH_REDIS ?? '127.0.0.1:6379';
const KEYS = {
  SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12',
  GONGKAI_DATA_KEY: 'bench1:YmVuY2gtZGF0YS1rZXktYmVuY2gtZGF0YS1rZXktMzI=',
  LOG_LEVEL: 'silent',
};
const WORDS = [
  '营商环境',
  '政务公开',
  '减税降费',
  '数字经济',
  '乡村振兴',
  '疫情防控',
  '稳岗就业',
  '财政资金',
  '重大项目',
  '安全生产',
  '生态环境',
  '规范性文件',
  '政策解读',
  '城市更新',
  '教育医疗',
];

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** Copies the city's schema into a new site's (empty) schema: the demo district, ids and all. */
async function copySchema(url: string, from: string, to: string, dump: string): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const p = spawn(
      'psql',
      ['--quiet', '--no-psqlrc', '--single-transaction', '--set', 'ON_ERROR_STOP=1', '--dbname', url],
      {
        stdio: ['pipe', 'ignore', 'inherit'],
      },
    );
    p.on('exit', (c) => (c === 0 ? ok() : fail(new Error(`psql exit ${c}`))));
    p.stdin.end(dump.replaceAll(from, to));
  });
}

/** Bulk items (published, in the site's columns) with their search entries, in SQL. */
async function bulkItems(admin: pg.Client, schema: string, n: number): Promise<number> {
  const segs = WORDS.map((w) => segmentForIndex(w));
  await admin.query(`set search_path = ${schema}`);
  const orgs = (await admin.query('select id from orgs order by id')).rows.map((r) => r.id as number);
  const cols = (await admin.query('select id from content_columns order by id')).rows.map(
    (r) => r.id as number,
  );
  const first = Number(
    (await admin.query('select coalesce(max(id), 0) + 1 as n from content_items')).rows[0].n,
  );
  await admin.query(
    `insert into content_items (kind, title, body, org_id, status, source, origin, formation_date, revision, published_at, late, is_sample, created_at, updated_at)
     select (array['article','notice','policy','interpretation','data'])[i % 5 + 1],
       '（压测）关于' || w[(i * 7 + 1) % 15 + 1] || '和' || w[(i * 7 + 2) % 15 + 1] || '工作的第' || i || '号信息',
       '<p>' || w[(i * 7 + 3) % 15 + 1] || w[(i * 7 + 4) % 15 + 1] || '相关工作情况。本条为压测数据，编号 ' || i || '。</p>',
       o[i % cardinality(o) + 1], 'published', 'original', null, '2022-01-10', 1,
       to_char(timestamp '2021-01-01' + i * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"'), 0, 1, now()::text, now()::text
     from generate_series(1, $1::int) as i, (select $2::text[] as w, $3::int[] as o) as p`,
    [n, WORDS, orgs],
  );
  await admin.query(
    `insert into content_item_columns (item_id, column_id) select id, ($2::int[])[id % cardinality($2::int[]) + 1] from content_items where id >= $1`,
    [first, cols],
  );
  await admin.query(
    `insert into search_documents (kind, ref_id, url, title, body, org_id, doc_number, year, published_at, item_type, column_keys, topic_keys, tsv)
     select 'item', c.id, '/items/' || c.id, c.title, c.body, c.org_id, null, 2021 + (c.id % 2), c.published_at, c.kind, '["政务动态"]', '[]',
       setweight(to_tsvector('simple', s[(c.i * 7 + 1) % 15 + 1] || ' ' || s[(c.i * 7 + 2) % 15 + 1]), 'A') ||
       setweight(to_tsvector('simple', s[(c.i * 7 + 3) % 15 + 1] || ' ' || s[(c.i * 7 + 4) % 15 + 1]), 'C')
     from (select id, title, body, org_id, published_at, kind, id - $1 + 1 as i from content_items where id >= $1) as c,
       (select $2::text[] as s) as p`,
    [first, segs],
  );
  await admin.query(
    `insert into search_document_tags (document_id, tag_kind, tag_key)
     select id, 'column', '政务动态' from search_documents where kind = 'item' and ref_id >= $1`,
    [first],
  );
  await admin.query('analyze content_items; analyze search_documents; analyze search_document_tags');
  await admin.query('reset search_path');
  return first + n - 1; // the last item's id: its page is one of the pages loaded
}

/** A TCP port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

function startNode(config: Config, schema: string, port: number, cacheSeconds: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...env,
      ...KEYS,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: config.databaseUrl,
      DATA_DIR: config.dataDir,
      PLATFORM: '1',
      PLATFORM_SCHEMA: schema,
      SITE_POOL_MAX: '1',
      JOBS: '0',
      SEED_DEMO: '0',
      PAGE_CACHE_SECONDS: String(cacheSeconds),
      RATE_LIMIT_WRITES: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function up(port: number): Promise<void> {
  for (const deadline = Date.now() + 300_000; Date.now() < deadline;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`node on ${port} did not start`);
}

async function get(port: number, host: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((ok, fail) => {
    import('node:http').then(({ request }) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { host, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', fail);
      req.end();
    }, fail);
  });
}

interface Sites {
  hosts: string[];
  items: Map<string, number>;
}

/** Page requests/s over every process at once, each cycling through the sites' home and item pages. */
async function pageLoad(ports: number[], sites: Sites, seconds: number): Promise<number> {
  const requests = sites.hosts.flatMap((host) => [
    { method: 'GET' as const, path: '/', headers: { host, 'accept-encoding': 'gzip' } },
    {
      method: 'GET' as const,
      path: `/items/${sites.items.get(host)}`,
      headers: { host, 'accept-encoding': 'gzip' },
    },
  ]);
  const results = await Promise.all(
    ports.map((port) => {
      // autocannon's `requests`: each connection cycles through them (bench/autocannon.d.ts lists only the rest).
      const opts = { url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: seconds, requests };
      return autocannon(opts);
    }),
  );
  const bad = results.reduce((n, r) => n + r.non2xx + r.errors, 0);
  if (bad) console.log(`  (注意：${bad} 个请求非 2xx 或出错)`);
  return results.reduce((n, r) => n + r.requests.average, 0);
}

/** Starts the nodes, then requests every site's home page on each (each node builds its sites' apps). */
async function startNodes(config: Config, schema: string, sites: Sites, cacheSeconds: number) {
  const ports = await Promise.all(Array.from({ length: PROCESSES }, freePort));
  const nodes = ports.map((p) => startNode(config, schema, p, cacheSeconds));
  const t0 = performance.now();
  await Promise.all(ports.map(up));
  await Promise.all(
    ports.map(async (p) => {
      for (const h of sites.hosts) {
        const r = await get(p, h, '/');
        if (r.status !== 200) throw new Error(`${h} on ${p}: ${r.status}`);
      }
    }),
  );
  return { ports, nodes, warmMs: performance.now() - t0 };
}

async function stopNodes(nodes: ChildProcess[]) {
  await Promise.all(
    nodes.map(
      (n) => new Promise((r) => (n.exitCode !== null ? r(null) : (n.once('exit', r), n.kill('SIGTERM')))),
    ),
  );
}

// ------------------------------------------------------------------ rate-limit counters

const CHILD_DB = `
import { createDatabase } from ${JSON.stringify(resolve('src/db/index.ts'))};
import { countRequest } from ${JSON.stringify(resolve('src/platform/ratestore.ts'))};
const [url, schema, n, tag] = process.argv.slice(-4);
const d = createDatabase(url, { schema, poolMax: 8 });
const t0 = performance.now();
await Promise.all(Array.from({ length: 8 }, async (_, j) => { for (let i = 0; i < Number(n) / 8; i++) await countRequest(d.db, tag + (i % 50), 60000); }));
console.log(performance.now() - t0);
await d.destroy();
`;

const CHILD_REDIS = `
import { connect } from 'node:net';
const [hostport, n, tag] = process.argv.slice(-3);
const [host, port] = hostport.split(':');
const cmd = (...a) => '*' + a.length + '\\r\\n' + a.map((x) => '$' + Buffer.byteLength(String(x)) + '\\r\\n' + x + '\\r\\n').join('');
async function worker(j) {
  const s = connect(Number(port), host); s.setNoDelay(true);
  await new Promise((r) => s.once('connect', r));
  let buf = '', waiting;
  s.on('data', (d) => { buf += d; if (waiting && (buf.match(/\\r\\n/g) ?? []).length >= 2) { buf = ''; waiting(); } });
  for (let i = 0; i < Number(n) / 8; i++) {
    const key = tag + (i % 50);
    // One count as the store would make it: INCR, and the window's expiry when the key is new.
    await new Promise((r) => { waiting = r; s.write(cmd('INCR', key) + cmd('PEXPIRE', key, 60000, 'NX')); });
  }
  s.end();
}
const t0 = performance.now();
await Promise.all(Array.from({ length: 8 }, (_, j) => worker(j)));
console.log(performance.now() - t0);
`;

async function counters(kind: 'db' | 'redis', args: string[], perProcess: number): Promise<number> {
  const code = kind === 'db' ? CHILD_DB : CHILD_REDIS;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 3 }, (_, i) =>
      run(process.execPath, [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        code,
        ...args,
        String(perProcess),
        `p${i}:`,
      ]),
    ),
  );
  return (3 * perProcess) / ((performance.now() - t0) / 1000);
}

// ------------------------------------------------------------------ the bench

export default async function bench(): Promise<void> {
  const url = env.BENCH_DATABASE_URL;
  if (!url)
    return console.log('city: set BENCH_DATABASE_URL=postgres://… (the platform runs on PostgreSQL only)');
  const schema = `bench_city_${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-city-'));
  const config: Config = {
    ...loadConfig({ ...KEYS, DATA_DIR: dataDir }),
    databaseUrl: url,
    platform: true,
    platformSchema: schema,
    jobsEnabled: false,
    sitePoolMax: 1,
  };
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const platform = await Platform.open(url, schema);
  const nodes: ChildProcess[] = [];
  console.log(
    `${SITES} 个站点 × ${ITEMS.toLocaleString('en-US')} 篇批量稿件，${PROCESSES} 个应用进程；负载 ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  try {
    // The data: the city seeded once, the districts copied from it, then the bulk items.
    let t0 = performance.now();
    const sites: Sites = { hosts: [], items: new Map() };
    await createSite(
      platform,
      config,
      { code: 'city', name: '压测市', hosts: ['city.bench.local'] },
      { clock: systemClock, demo: true },
    );
    const cityDump = (
      await run('pg_dump', ['--no-owner', '--no-privileges', '--schema', `${schema}_city`, '--dbname', url], {
        maxBuffer: 1 << 30,
      })
    ).stdout.replace(`CREATE SCHEMA ${schema}_city;\n`, '');
    for (let i = 1; i < SITES; i++) {
      const site = await platform.addSite(
        { code: `d${i}`, name: `压测第${i}区`, hosts: [`d${i}.bench.local`], parentCode: 'city' },
        new Date(),
      );
      await copySchema(url, `${schema}_city`, site.schema, cityDump);
    }
    const seeded = performance.now() - t0;
    t0 = performance.now();
    for (const s of await platform.listSites()) {
      sites.hosts.push(s.hosts[0]);
      sites.items.set(s.hosts[0], await bulkItems(admin, s.schema, ITEMS));
      const { ctx, close } = await openSiteContext(config, s, systemClock, MODULES);
      await recountFacets(ctx.db);
      await close();
    }
    console.log(
      `数据：演示区播种并复制 ${secs(seeded)}，批量写入 ${(SITES * ITEMS).toLocaleString('en-US')} 篇稿件和检索条目 ${secs(performance.now() - t0)}`,
    );

    // With the page cache (the default), then without.
    const year = new Date().getUTCFullYear();
    for (const cache of [300, 0]) {
      const started = await startNodes(config, schema, sites, cache);
      nodes.push(...started.nodes);
      const { ports } = started;
      await pageLoad(ports, sites, 2); // warm-up: JIT, first renders
      const rps = await pageLoad(ports, sites, SECONDS);
      console.log(
        `页面（各站首页和一篇稿件页，${PROCESSES} 个进程共 ${CONNECTIONS * PROCESSES} 个连接，${SECONDS} s）：${cache ? '有页面缓存' : '无页面缓存（PAGE_CACHE_SECONDS=0）'} ${Math.round(rps)} 次/秒（进程启动并建好各站应用 ${secs(started.warmMs)}）`,
      );
      if (!cache) {
        // Search p95 per site, round-robin over the nodes.
        const p95s: [string, number][] = [];
        let k = 0;
        for (const host of sites.hosts) {
          const lat: number[] = [];
          for (let i = 0; i < 20; i++) {
            const q = encodeURIComponent(
              `${WORDS[i % WORDS.length]}${i % 3 === 0 ? ' ' + WORDS[(i + 5) % WORDS.length] : ''}`,
            );
            const s = performance.now();
            const r = await get(ports[k++ % ports.length], host, `/search?q=${q}`);
            if (r.status !== 200) throw new Error(`search on ${host}: ${r.status}`);
            lat.push(performance.now() - s);
          }
          lat.sort((a, b) => a - b);
          p95s.push([host, pct(lat, 0.95)]);
        }
        const all = p95s.map(([, v]) => v).sort((a, b) => a - b);
        console.log(
          `检索 p95（每站 20 次，各进程轮流）：最低 ${all[0].toFixed(0)} ms，中位 ${pct(all, 0.5).toFixed(0)} ms，最高 ${all.at(-1)!.toFixed(0)} ms（${p95s.map(([h, v]) => `${h.split('.')[0]} ${v.toFixed(0)}`).join('，')}）`,
        );

        // The city roll-up over every site.
        const city = await platform.getSite('city');
        const { ctx, close } = await openSiteContext(config, city, systemClock, MODULES);
        const token = await createApiToken(ctx, systemActor('bench'), 'gkb', 'bench');
        await close();
        for (const label of ['首次', '再次']) {
          const s = performance.now();
          const r = await get(ports[0], 'city.bench.local', `/api/v1/city/rollup?year=${year}`, {
            authorization: `Bearer ${token}`,
          });
          if (r.status !== 200) throw new Error(`roll-up: ${r.status} ${r.body.slice(0, 200)}`);
          const n = (JSON.parse(r.body) as { sites: unknown[] }).sites.length;
          console.log(`全市汇总（${n} 个站点，${year} 年）${label}：${secs(performance.now() - s)}`);
        }
      }
      await stopNodes(started.nodes);
    }

    // Rate-limit counters from three processes at once: the database vs Redis.
    const per = Number(env.BENCH_CITY_COUNTS ?? 3000);
    const dbRate = await counters('db', [url, `${schema}_city`], per);
    let redisRate: number | null = null;
    try {
      redisRate = await counters('redis', [REDIS], per);
    } catch (e) {
      console.log(`Redis（${REDIS}）不可用：${(e as Error).message.split('\n')[0]}`);
    }
    console.log(
      `限流计数（3 个进程各 8 个并发，共 ${(3 * per).toLocaleString('en-US')} 次）：PostgreSQL ${Math.round(dbRate)} 次/秒${redisRate ? `，Redis ${Math.round(redisRate)} 次/秒` : ''}`,
    );
  } finally {
    await stopNodes(nodes);
    const sites = await platform.listSites().catch(() => []);
    await platform.close();
    for (const s of sites) await admin.query(`drop schema if exists ${s.schema} cascade`);
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
