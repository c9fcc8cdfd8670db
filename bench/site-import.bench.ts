/**
 * Moving the old site in (issue #23 part 4): imports a package of 10 000 items (HTML bodies; one in
 * 50 with a PDF attachment; one in 100 holding an ID number, so held for review) through the real
 * pipeline — unzip, manifest, checks, the gate, items, search index, redirects, audit — as the
 * openness office, and prints the time, the rate and the peak memory (RSS sampled every 50 ms, and
 * the process's maxRSS). SQLite always; PostgreSQL too when BENCH_DATABASE_URL=postgres://… is set.
 * BENCH_IMPORT_ITEMS overrides the size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { resourceUsage } from 'node:process';
import pg from 'pg';
import { strToU8, zipSync } from 'fflate';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { UserActor } from '../src/context.ts';
import { ManualClock } from '../src/lib/time.ts';
import { residentIdCheckChar } from '../src/lib/identifiers.ts';
import { importPackage } from '../src/modules/content/import/service.ts';
import { minimalPdf } from '../src/modules/privacy/test-fixtures.ts';

const ITEMS = Number(process.env.BENCH_IMPORT_ITEMS ?? 10_000);
const ID = '36010219800101123' + residentIdCheckChar('36010219800101123');
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
];

function buildPackage(n: number): Buffer {
  const files: Record<string, Uint8Array> = {};
  const lines = ['原网址,栏目,标题,发布日期,文号,索引号,发布机构,正文文件,附件'];
  const pdf = new Uint8Array(minimalPdf(['Attachment for the import benchmark']));
  const columns = ['政务动态', '通知公告', '政务动态', 'zwdt'];
  for (let i = 0; i < n; i++) {
    const w = (j: number) => WORDS[(i * 7 + j * 3) % WORDS.length];
    const date = `20${String(10 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const att = i % 50 === 0 ? `files/${i}.pdf` : '';
    if (att) files[att] = pdf;
    files[`bodies/${i}.html`] = strToU8(
      `<html><body><p>${w(1)}${w(2)}相关工作情况（旧网站第 ${i} 条）。</p><p>${w(3)}、${w(4)}和${w(5)}持续推进。</p>${i % 100 === 7 ? `<p>联系人身份证号 ${ID}</p>` : ''}</body></html>`,
    );
    lines.push(
      `http://old.example.gov.cn/art/${date.replace(/-/g, '/')}/art_${i}.html,${columns[i % columns.length]},（迁移压测）关于${w(1)}和${w(2)}的第${i}号信息,${date},,,,bodies/${i}.html,${att}`,
    );
  }
  files['manifest.csv'] = strToU8('\ufeff' + lines.join('\r\n'));
  return Buffer.from(zipSync(files, { level: 6 }));
}

async function run(label: string, databaseUrl: string, schema?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-import-'));
  try {
    const config = {
      ...loadConfig({
        DATA_DIR: dataDir,
        SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12',
        LOG_LEVEL: 'silent',
      }),
      databaseUrl,
      databaseSchema: schema,
      seedDemo: true,
    };
    const app = await buildApp({ config, clock: new ManualClock('2026-06-01T02:00:00Z'), logger: false });
    await app.ready();
    const u = await app.ctx.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'org_id'])
      .where('username', '=', 'gkb')
      .executeTakeFirstOrThrow();
    const actor: UserActor = {
      kind: 'user',
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      orgId: u.org_id,
      roles: ['openness_admin'],
      ip: null,
    };
    const data = buildPackage(ITEMS);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const result = await importPackage(app.ctx, actor, { filename: 'bench.zip', data });
    const ms = performance.now() - t0;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const c = result.counts;
    console.log(
      `${label}: ${ITEMS} items (package ${(data.length / 1024 / 1024).toFixed(1)} MB) in ${(ms / 1000).toFixed(1)} s — ${((ITEMS / ms) * 1000).toFixed(0)} items/s; ` +
        `published ${c.published}, review ${c.review}, errors ${c.error}; RSS before ${(rssBefore / 1024 / 1024).toFixed(0)} MB, peak ${(peak / 1024 / 1024).toFixed(0)} MB (sampled), process maxRSS ${(resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function () {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-import-db-'));
  try {
    await run('SQLite', `sqlite:${join(dir, 'bench.db')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (!pgUrl) {
    console.log('PostgreSQL：跳过（设置 BENCH_DATABASE_URL=postgres://… 后运行）');
    return;
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    await run('PostgreSQL', pgUrl, schema);
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}
