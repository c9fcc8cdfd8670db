/**
 * Page speed (issue 5, Speed; issue 24 part 6): starts the real server (src/main.ts, demo data, jobs
 * off) in a child process and loads the home page, an item page, a column list and a search page
 * with autocannon for BENCH_PAGES_SECONDS (default 5) each after a 2 s warm-up, 10 connections, gzip
 * accepted as browsers do; prints requests/s, p99 latency and the server's CPU time per request
 * (from /proc, so a figure that a busy machine disturbs less than requests/s), uncached
 * (PAGE_CACHE_SECONDS=0: every request queries and renders, as most requests do on a site of a
 * million pages) beside cached. SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set. Then
 * the item page, uncached and cached, in alternation with nginx serving the same page as a static
 * file (the ceiling; skipped with a message when nginx is not installed) for BENCH_PAGES_ROUNDS
 * (default 3) rounds, and each one's share of nginx's rate (target ≥ 50%, cached).
 * BENCH_PAGES_BASELINE=/path/to/another/checkout (with node_modules) also starts that checkout's
 * server, uncached, on its own data and puts its item page into the same alternation: before/after
 * under the same machine load, printed as the median of the rounds' ratios (req/s and CPU per request).
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../test/helpers.ts';

const SECONDS = Number(process.env.BENCH_PAGES_SECONDS ?? 5);
const CONNECTIONS = 10;
const HEADERS = { 'accept-encoding': 'gzip' };
const ROUNDS = Number(process.env.BENCH_PAGES_ROUNDS ?? 3);
const BASELINE = process.env.BENCH_PAGES_BASELINE;

async function waitFor(url: string, child: ChildProcess, seconds: number): Promise<void> {
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

/** CPU time (user + system, ms) a process has used so far; null where /proc is not there (not Linux). */
function cpuMs(pid: number | undefined): number | null {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

interface Measure {
  rps: number;
  p99: number;
  /** The server's CPU time per request, µs (null: not measured). */
  cpu: number | null;
}

/** Loads `url` (served by process `pid`) after a warm-up. */
async function load(url: string, pid?: number): Promise<Measure> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers: HEADERS }); // warm-up: JIT, first renders
  const before = cpuMs(pid);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: HEADERS });
  const after = cpuMs(pid);
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  const cpu = before === null || after === null ? null : ((after - before) * 1000) / r.requests.total;
  return { rps: r.requests.average, p99: r.latency.p99, cpu };
}

const fmt = (m: Measure) =>
  `${m.rps.toFixed(0).padStart(6)} req/s  p99 ${String(m.p99).padStart(4)} ms` +
  (m.cpu === null ? '' : `  CPU ${m.cpu.toFixed(0).padStart(4)} µs/req`);

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

interface Target {
  label: string;
  url: string;
  pid?: number;
}

/**
 * Item pages against nginx serving the same HTML as a static file, measured in alternation
 * (each of ours, nginx, each of ours, nginx …) so that all see the same machine load; per page the
 * median of the rounds' figures and of their ratios to nginx, and with a baseline checkout, the
 * median of the rounds' uncached/baseline ratios.
 */
async function againstNginx(engine: string, items: Target[], nginx: Target): Promise<void> {
  const rounds: Map<string, Measure>[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const m = new Map<string, Measure>();
    for (const t of items) m.set(t.label, await load(t.url, t.pid));
    m.set(nginx.label, await load(nginx.url, nginx.pid));
    rounds.push(m);
    console.log(
      `${engine.padEnd(11)} round ${round}: ${[...m].map(([label, x]) => `${label} ${fmt(x)}`).join(' | ')}`,
    );
  }
  const of = (label: string, f: (m: Measure) => number | null) =>
    rounds.map((r) => f(r.get(label)!)).filter((x): x is number => x !== null);
  const ratio = (a: string, b: string, f: (m: Measure) => number | null) =>
    rounds.map((r) => [f(r.get(a)!), f(r.get(b)!)]).flatMap(([x, y]) => (x && y ? [x / y] : []));
  const cpuText = (label: string) => {
    const cpu = of(label, (m) => m.cpu);
    return cpu.length ? `, CPU ${median(cpu).toFixed(0)} µs/req` : '';
  };
  const load1 = loadavg()[0]!.toFixed(1);
  for (const t of [...items, nginx])
    console.log(
      `${engine.padEnd(11)} item page ${t.label}: median ${median(of(t.label, (m) => m.rps)).toFixed(0)} req/s${cpuText(t.label)}` +
        (t === nginx
          ? ''
          : `, ${(100 * median(ratio(t.label, nginx.label, (m) => m.rps))).toFixed(1)}% of nginx's static rate` +
            (of(t.label, (m) => m.cpu).length
              ? ` (${(100 * median(ratio(nginx.label, t.label, (m) => m.cpu))).toFixed(1)}% by CPU per request)`
              : '')) +
        ` (median of ${ROUNDS} alternating rounds, load ${load1})`,
    );
  if (items.some((t) => t.label === 'baseline uncached')) {
    const speed = ratio('uncached', 'baseline uncached', (m) => m.rps);
    const cpu = ratio('baseline uncached', 'uncached', (m) => m.cpu);
    console.log(
      `${engine.padEnd(11)} item page uncached against the baseline checkout: ${median(speed).toFixed(2)}× the requests/s (rounds ${speed.map((x) => x.toFixed(2)).join(' / ')})` +
        (cpu.length
          ? `, ${median(cpu).toFixed(2)}× less CPU per request (rounds ${cpu.map((x) => x.toFixed(2)).join(' / ')})`
          : ''),
    );
  }
}

interface Server {
  base: string;
  pid?: number;
  stop(): Promise<void>;
}

/** Starts the server of the checkout in `cwd` on its own data (demo seeded) and waits until it answers. */
async function startServer(env: Record<string, string>, cwd = process.cwd()): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-pages-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: '1',
      JOBS: '0',
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    // Migrating and seeding the demo takes minutes on PostgreSQL when the machine is busy.
    await waitFor(`${base}/healthz`, child, 900);
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, pid: child.pid, stop };
}

async function itemPath(base: string): Promise<string> {
  const items = (await (await fetch(`${base}/api/v1/content/public/items?column=zcwj`)).json()) as {
    items: { id: number }[];
  };
  return `/items/${items.items[0]!.id}`;
}

/** A PostgreSQL schema of its own for one server, dropped afterwards; none on SQLite. */
async function withSchema<T>(
  pgUrl: string | undefined,
  use: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  if (!pgUrl) return use({});
  const schema = `bench_pages_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    return await use({ DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema });
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

/**
 * One engine: an uncached and a cached server side by side; each page on both; then the item page
 * of both (and of the baseline checkout's uncached server) in alternation with nginx.
 */
async function engineRun(engine: string, pgUrl?: string): Promise<void> {
  await withSchema(pgUrl, (envA) =>
    withSchema(pgUrl, (envB) =>
      withSchema(BASELINE && pgUrl, async (envC) => {
        const servers: [string, Server][] = [];
        try {
          servers.push(['uncached', await startServer({ ...envA, PAGE_CACHE_SECONDS: '0' })]);
          servers.push(['cached', await startServer({ ...envB, PAGE_CACHE_SECONDS: '10' })]);
          if (BASELINE)
            servers.push([
              'baseline uncached',
              await startServer({ ...envC, PAGE_CACHE_SECONDS: '0' }, BASELINE),
            ]);
          const item = await itemPath(servers[0]![1].base);
          const pages: [string, string][] = [
            ['home', '/'],
            ['item page', item],
            ['column list', '/columns/zcwj'],
            ['search', `/search?q=${encodeURIComponent('营商环境 政策')}`],
          ];
          for (const [name, path] of pages) {
            const [u, c] = [
              await load(servers[0]![1].base + path, servers[0]![1].pid),
              await load(servers[1]![1].base + path, servers[1]![1].pid),
            ];
            console.log(`${engine.padEnd(11)} ${name.padEnd(12)} uncached ${fmt(u)} | cached ${fmt(c)}`);
          }
          const items: Target[] = [];
          for (const [label, server] of servers)
            items.push({ label, url: server.base + (await itemPath(server.base)), pid: server.pid });
          await withNginx(await (await fetch(servers[0]![1].base + item)).text(), (nginx) =>
            againstNginx(engine, items, nginx),
          );
        } finally {
          for (const [, server] of servers) await server.stop();
        }
      }),
    ),
  );
}

/** Runs `use` with nginx (one process, like our one Node process: no master) serving the HTML as a static file. */
async function withNginx<T>(html: string, use: (nginx: Target) => Promise<T>): Promise<T | null> {
  if (spawnSync('nginx', ['-v']).error) {
    console.log(
      'nginx: not installed — the static-file ceiling is skipped (apt-get install nginx to measure it)',
    );
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-nginx-'));
  const port = await freePort();
  writeFileSync(join(dir, 'item.html'), html);
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  gzip on;
  server { listen 127.0.0.1:${port}; root ${dir}; location / { default_type 'text/html; charset=utf-8'; } }
}
`,
  );
  const child = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/item.html`, child, 10);
    return await use({ label: 'nginx static', url: `http://127.0.0.1:${port}/item.html`, pid: child.pid });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function () {
  console.log(
    `autocannon: ${CONNECTIONS} connections, ${SECONDS} s per page after a 2 s warm-up, gzip accepted; one server process each; load ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  await engineRun('SQLite');
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl) await engineRun('PostgreSQL', pgUrl);
  else console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to run it)');
  console.log(
    `load at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}
