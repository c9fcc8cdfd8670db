/**
 * Page speed (issue 5, Speed; issue 24 part 6): starts the real server (src/main.ts, demo data, jobs
 * off) in a child process and loads the home page, an item page, a column list and a search page
 * with autocannon for BENCH_PAGES_SECONDS (default 5) each after a 2 s warm-up, 10 connections, gzip
 * accepted as browsers do; prints requests/s and p99 latency, uncached (PAGE_CACHE_SECONDS=0: every
 * request queries and renders, as most requests do on a site of a million pages) beside cached. SQLite always;
 * PostgreSQL too when BENCH_DATABASE_URL is set. Then the item page, uncached and cached, in
 * alternation with nginx serving the same page as a static file (the ceiling; skipped with a message
 * when nginx is not installed), and our share of its rate (target ≥ 50%, cached).
 * BENCH_PAGES_BASELINE=/path/to/another/checkout (with node_modules) also starts that checkout's
 * server, uncached, on its own data and puts its item page into the same alternation: before/after
 * under the same machine load.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../test/helpers.ts';

const SECONDS = Number(process.env.BENCH_PAGES_SECONDS ?? 5);
const CONNECTIONS = 10;
const HEADERS = { 'accept-encoding': 'gzip' };
const ROUNDS = 3;
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

async function load(url: string) {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers: HEADERS }); // warm-up: JIT, first renders
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: HEADERS });
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

const fmt = (m: { rps: number; p99: number }) =>
  `${m.rps.toFixed(0).padStart(6)} req/s  p99 ${String(m.p99).padStart(4)} ms`;

/**
 * Item pages against nginx serving the same HTML as a static file, measured in alternation
 * (each of ours, nginx, each of ours, nginx …) so that all see the same machine load; per page the
 * median of the rounds' ratios.
 */
async function againstNginx(engine: string, items: [string, string][], nginxUrl: string): Promise<void> {
  const ratios = new Map<string, number[]>(items.map(([label]) => [label, []]));
  const rates = new Map<string, number[]>(items.map(([label]) => [label, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    const ours: [string, { rps: number; p99: number }][] = [];
    for (const [label, url] of items) ours.push([label, await load(url)]);
    const theirs = await load(nginxUrl);
    for (const [label, m] of ours) {
      ratios.get(label)!.push(m.rps / theirs.rps);
      rates.get(label)!.push(m.rps);
    }
    console.log(
      `${engine.padEnd(11)} round ${round}: ${ours.map(([label, m]) => `${label} ${fmt(m)}`).join(' | ')} | nginx static ${fmt(theirs)}`,
    );
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  for (const [label] of items)
    console.log(
      `${engine.padEnd(11)} item page ${label}: median ${median(rates.get(label)!).toFixed(0)} req/s, ${(100 * median(ratios.get(label)!)).toFixed(1)}% of nginx's static rate (median of ${ROUNDS} alternating rounds)`,
    );
}

interface Server {
  base: string;
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
  return { base, stop };
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
            const [u, c] = [await load(servers[0]![1].base + path), await load(servers[1]![1].base + path)];
            console.log(`${engine.padEnd(11)} ${name.padEnd(12)} uncached ${fmt(u)} | cached ${fmt(c)}`);
          }
          const items: [string, string][] = [];
          for (const [label, server] of servers)
            items.push([label, server.base + (await itemPath(server.base))]);
          await withNginx(await (await fetch(servers[0]![1].base + item)).text(), (nginxUrl) =>
            againstNginx(engine, items, nginxUrl),
          );
        } finally {
          for (const [, server] of servers) await server.stop();
        }
      }),
    ),
  );
}

/** Runs `use` with nginx (one worker, like our one Node process) serving the HTML as a static file. */
async function withNginx<T>(html: string, use: (url: string) => Promise<T>): Promise<T | null> {
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
    return await use(`http://127.0.0.1:${port}/item.html`);
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
