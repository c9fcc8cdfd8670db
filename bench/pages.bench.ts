/**
 * Page speed (issue 5, Speed): starts the real server (src/main.ts, demo data, jobs off) in a child
 * process and loads the home page, an item page, a column list and a search page with autocannon
 * for BENCH_PAGES_SECONDS (default 5) each after a 2 s warm-up, 10 connections, gzip accepted as browsers do; prints
 * requests/s and p99 latency. SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set. Then, as
 * the ceiling, nginx serving the same item page as a static file (skipped with a message when
 * nginx is not installed), measured in alternation with our item page, and our share of its rate
 * (target ≥ 50%).
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../test/helpers.ts';

const SECONDS = Number(process.env.BENCH_PAGES_SECONDS ?? 5);
const CONNECTIONS = 10;
const HEADERS = { 'accept-encoding': 'gzip' };
const ROUNDS = 3;

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

const fmt = (m: { rps: number; p99: number }) => `${m.rps.toFixed(0).padStart(6)} req/s  p99 ${String(m.p99).padStart(4)} ms`;

/**
 * Our item page against nginx serving the same HTML as a static file, measured in alternation
 * (ours, nginx, ours, nginx …) so that both see the same machine load; the median of the rounds' ratios.
 */
async function againstNginx(engine: string, itemUrl: string, nginxUrl: string): Promise<number> {
  const ratios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const ours = await load(itemUrl);
    const theirs = await load(nginxUrl);
    ratios.push(ours.rps / theirs.rps);
    console.log(`${engine.padEnd(11)} round ${round}: item page ${fmt(ours)} | nginx static ${fmt(theirs)} | ${(100 * ours.rps / theirs.rps).toFixed(1)}%`);
  }
  return ratios.sort((x, y) => x - y)[Math.floor(ratios.length / 2)]!;
}

/** Starts the server on this database, loads each page, then the item page against nginx. */
async function serverRun(engine: string, env: Record<string, string>): Promise<number | null> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-pages-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: '1', JOBS: '0', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    // Migrating and seeding the demo takes minutes on PostgreSQL when the machine is busy.
    await waitFor(`${base}/healthz`, child, 900);
    const items = (await (await fetch(`${base}/api/v1/content/public/items?column=zcwj`)).json()) as { items: { id: number }[] };
    const pages: [string, string][] = [
      ['home', '/'],
      ['item page', `/items/${items.items[0]!.id}`],
      ['column list', '/columns/zcwj'],
      ['search', `/search?q=${encodeURIComponent('营商环境 政策')}`],
    ];
    for (const [name, path] of pages) console.log(`${engine.padEnd(11)} ${name.padEnd(12)} ${fmt(await load(base + path))}`);
    const itemUrl = base + pages[1]![1];
    return await withNginx(await (await fetch(itemUrl)).text(), (nginxUrl) => againstNginx(engine, itemUrl, nginxUrl));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `use` with nginx (one worker, like our one Node process) serving the HTML as a static file. */
async function withNginx<T>(html: string, use: (url: string) => Promise<T>): Promise<T | null> {
  if (spawnSync('nginx', ['-v']).error) {
    console.log('nginx: not installed — the static-file ceiling is skipped (apt-get install nginx to measure it)');
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
  const child = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
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
  console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per page after a 2 s warm-up, gzip accepted; one server process`);
  const ratios: [string, number | null][] = [['SQLite', await serverRun('SQLite', {})]];
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (pgUrl) {
    const schema = `bench_pages_${Date.now()}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      ratios.push(['PostgreSQL', await serverRun('PostgreSQL', { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema })]);
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  } else console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to run it)');
  for (const [engine, ratio] of ratios)
    if (ratio !== null) console.log(`item page on ${engine}: ${(100 * ratio).toFixed(1)}% of nginx's static rate, median of ${ROUNDS} alternating rounds (target ≥ 50%)`);
}
