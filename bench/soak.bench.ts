/**
 * Soak: the real server (a child process, SQLite, demo district, job runner on) under autocannon for
 * SOAK_SECONDS (default 600) with a mixed workload — portal pages, search, documents, FOI and
 * inquiry forms (GET), back-office pages and API reads as signed-in staff, and draft writes through
 * the API (about 1 request in 20). Reports requests, errors (connection errors, timeouts and non-2xx
 * answers), latency percentiles, and the server's RSS sampled every 10 s (stable = the last minute's
 * average within 10 % of the first minute after warm-up). SOAK_CONNECTIONS (default 10).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { freePort } from '../test/helpers.ts';

/** The part of autocannon's result we report (the package ships no types). */
interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: Record<string, unknown>,
) => Promise<AutocannonResult>;

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 10);

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function waitUp(base: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become ready');
}

export default async function soak() {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-soak-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    DATABASE_URL: `sqlite:${join(dir, 'gongkai.db')}`,
    SEED_DEMO: '1',
    JOBS: '1',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'soak-secret-soak-secret-soak-secret-1234',
    // One load generator stands for many visitors: the per-address write limit (tested on its own) would answer 429.
    RATE_LIMIT_WRITES: '1000000',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitUp(base, child);
    // Staff credentials: API tokens made by the CLI on the same database.
    const token = async (user: string) => {
      const out = await new Promise<string>((resolve, reject) => {
        const p = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/cli.ts', 'token', 'create', '--user', user, '--name', 'soak'],
          { env },
        );
        let s = '';
        p.stdout.on('data', (d) => (s += d));
        p.on('exit', (c) => (c === 0 ? resolve(s.trim()) : reject(new Error(`token for ${user}: ${c}`))));
      });
      return { authorization: `Bearer ${out}` };
    };
    const gkb = await token('gkb');
    const editor = await token('editor');
    const columns = (await (await fetch(`${base}/api/v1/content/columns`)).json()) as {
      id: number;
      slug: string;
    }[];
    const zwdt = columns.find((c) => c.slug === 'zwdt')!.id;
    const items = (
      (await (
        await fetch(`${base}/api/v1/content/items?pageSize=50&status=published`, { headers: gkb })
      ).json()) as { items: { id: number }[] }
    ).items.map((i) => i.id);
    const foiIds = (
      (await (await fetch(`${base}/api/v1/foi/applications?pageSize=20`, { headers: gkb })).json()) as {
        items: { id: number }[];
      }
    ).items.map((i) => i.id);

    type Req = {
      method: 'GET' | 'POST';
      path: string;
      headers?: Record<string, string>;
      body?: string;
      weight: number;
    };
    let draft = 0;
    const mix: Req[] = [
      { method: 'GET', path: '/', weight: 10 },
      { method: 'GET', path: '/xxgk', weight: 5 },
      { method: 'GET', path: '/search?q=%E8%B4%A2%E6%94%BF%E9%A2%84%E7%AE%97', weight: 8 },
      { method: 'GET', path: '/search?q=%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83&sort=date', weight: 4 },
      { method: 'GET', path: '/gfxwj', weight: 5 },
      { method: 'GET', path: '/ysqgk/apply', weight: 4 },
      { method: 'GET', path: '/hdjl/zxzx/faq', weight: 3 },
      { method: 'GET', path: '/columns/zwdt', weight: 5 },
      ...items.slice(0, 10).map((id) => ({ method: 'GET' as const, path: `/items/${id}`, weight: 2 })),
      { method: 'GET', path: '/admin', headers: gkb, weight: 4 },
      { method: 'GET', path: '/admin/foi', headers: gkb, weight: 4 },
      ...foiIds
        .slice(0, 5)
        .map((id) => ({ method: 'GET' as const, path: `/admin/foi/${id}`, headers: gkb, weight: 1 })),
      { method: 'GET', path: '/admin/content', headers: gkb, weight: 3 },
      { method: 'GET', path: '/api/v1/foi/applications?pageSize=50', headers: gkb, weight: 3 },
      { method: 'GET', path: '/api/v1/content/items?pageSize=50', headers: editor, weight: 3 },
      {
        method: 'POST',
        path: '/api/v1/content/items',
        headers: { ...editor, 'content-type': 'application/json' },
        weight: 5,
      },
    ];
    const total = mix.reduce((s, r) => s + r.weight, 0);
    const pick = () => {
      let x = Math.random() * total;
      for (const r of mix) if ((x -= r.weight) < 0) return r;
      return mix[0];
    };

    const samples: { t: number; rss: number }[] = [];
    const started = Date.now();
    const sampler = setInterval(
      () => samples.push({ t: (Date.now() - started) / 1000, rss: rssMb(child.pid!) }),
      10_000,
    );
    samples.push({ t: 0, rss: rssMb(child.pid!) });
    const result = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      timeout: 30,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => {
            const r = pick();
            const body =
              r.method === 'POST'
                ? JSON.stringify({
                    kind: 'article',
                    title: `压力测试稿件 ${++draft}`,
                    body: '压力测试正文。',
                    source: 'original',
                    formationDate: '2022-02-25',
                    columnIds: [zwdt],
                  })
                : undefined;
            return { ...req, method: r.method, path: r.path, headers: { ...(r.headers ?? {}) }, body };
          },
        },
      ],
    });
    clearInterval(sampler);
    samples.push({ t: (Date.now() - started) / 1000, rss: rssMb(child.pid!) });

    const afterWarmup = samples.filter((s) => s.t >= 60 && s.t < 120);
    const lastMinute = samples.filter((s) => s.t >= SECONDS - 60);
    const avg = (xs: { rss: number }[]) => (xs.length ? xs.reduce((s, x) => s + x.rss, 0) / xs.length : NaN);
    const first = avg(afterWarmup.length ? afterWarmup : samples.slice(0, 2));
    const last = avg(lastMinute);
    const errors = result.errors + result.timeouts + result.non2xx;
    console.log(
      `soak: ${SECONDS} s, ${CONNECTIONS} connections, SQLite, mixed portal + back office + API writes`,
    );
    console.log(
      `  requests ${result.requests.total} (${result.requests.average.toFixed(0)}/s), errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}${errors === 0 ? ' — zero errors' : ''}`,
    );
    console.log(
      `  latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`,
    );
    console.log(`  drafts written ${draft}`);
    console.log(
      `  RSS MB: start ${samples[0].rss.toFixed(0)}, minute 1–2 avg ${first.toFixed(0)}, last minute avg ${last.toFixed(0)}, max ${Math.max(...samples.map((s) => s.rss)).toFixed(0)} → ${Math.abs(last - first) / first <= 0.1 ? 'stable' : 'NOT stable'} (${(((last - first) / first) * 100).toFixed(1)} %)`,
    );
    console.log(
      `  RSS samples (s:MB): ${samples.map((s) => `${s.t.toFixed(0)}:${s.rss.toFixed(0)}`).join(' ')}`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    rmSync(dir, { recursive: true, force: true });
  }
}
