/**
 * Publishing latency: with 100 000 items already in the database (bulk-inserted, published, spread
 * over the columns), takes fresh items through the real workflow use cases — submit (报送, runs the
 * gate) → review (审核) → confidentiality review (保密审查) → publish (gate again, search index) — as
 * the demo district's editor, reviewer and 保密审查员, and prints per-step and end-to-end latency.
 * SQLite always; PostgreSQL too when BENCH_DATABASE_URL=postgres://… is set.
 * BENCH_CONTENT_ITEMS overrides the background size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { UserActor } from '../src/context.ts';
import { ManualClock } from '../src/lib/time.ts';
import type { Role } from '../src/modules/auth/permissions.ts';
import {
  clearItem,
  createItem,
  publishItem,
  reviewItem,
  submitItem,
} from '../src/modules/content/service.ts';

const BACKGROUND = Number(process.env.BENCH_CONTENT_ITEMS ?? 100_000);
const SAMPLES = 60;
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
  '红谷滩区',
  '沙井街办',
];

async function actor(app: Awaited<ReturnType<typeof buildApp>>, username: string): Promise<UserActor> {
  const u = await app.ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'org_id'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const roles = (
    await app.ctx.db.selectFrom('user_roles').select('role').where('user_id', '=', u.id).execute()
  ).map((r) => r.role as Role);
  return {
    kind: 'user',
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    orgId: u.org_id,
    roles,
    ip: null,
  };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(1).padStart(6)} ms  p95 ${pct(xs, 95).toFixed(1).padStart(6)} ms  max ${Math.max(
    ...xs,
  )
    .toFixed(1)
    .padStart(6)} ms`;

async function run(engine: string, databaseUrl: string, schema?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-content-'));
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
  const clock = new ManualClock('2022-06-01T02:00:00Z');
  const t0 = performance.now();
  const app = await buildApp({ config, clock, logger: false });
  await app.ready();
  const db = app.ctx.db;
  const orgs = (await db.selectFrom('orgs').select('id').execute()).map((o) => o.id);
  const columns = (await db.selectFrom('content_columns').select('id').execute()).map((c) => c.id);
  const now = clock.now().toISOString();
  const batch = 500;
  for (let done = 0; done < BACKGROUND; done += batch) {
    const n = Math.min(batch, BACKGROUND - done);
    const rows = Array.from({ length: n }, (_, k) => {
      const i = done + k;
      const w = (j: number) => WORDS[(i * 7 + j * 3) % WORDS.length];
      return {
        kind: ['article', 'notice', 'policy', 'interpretation', 'data'][i % 5],
        title: `（压测）关于${w(1)}和${w(2)}工作的第${i}号信息`,
        body: `<p>${w(3)}${w(4)}${w(5)}相关工作情况。本条为压测数据，编号 ${i}。</p>`,
        org_id: orgs[i % orgs.length],
        status: 'published',
        source: i % 4 === 0 ? 'reposted' : 'original',
        origin: i % 4 === 0 ? '江西省人民政府网站' : null,
        formation_date: '2022-01-10',
        revision: 1,
        published_at: new Date(Date.parse('2021-01-01T00:00:00Z') + i * 60_000).toISOString(),
        late: i % 9 === 0 ? 1 : 0,
        is_sample: 1,
        created_at: now,
        updated_at: now,
      };
    });
    const ids = await db.insertInto('content_items').values(rows).returning('id').execute();
    await db
      .insertInto('content_item_columns')
      .values(ids.map(({ id }, k) => ({ item_id: id, column_id: columns[(done + k) % columns.length] })))
      .execute();
  }
  const total = Number(
    (
      await db
        .selectFrom('content_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log(
    `\n${engine}：库中 ${total.toLocaleString('en-US')} 篇稿件（后台批量写入 ${BACKGROUND.toLocaleString('en-US')} 篇，准备耗时 ${((performance.now() - t0) / 1000).toFixed(1)} s）`,
  );

  const [editor, reviewer, secrecy] = await Promise.all([
    actor(app, 'editor'),
    actor(app, 'reviewer'),
    actor(app, 'secrecy'),
  ]);
  const zwdt = (
    await db.selectFrom('content_columns').select('id').where('slug', '=', 'zwdt').executeTakeFirstOrThrow()
  ).id;
  const steps: Record<string, number[]> = {
    '报送（含检查）': [],
    审核: [],
    保密审查: [],
    '发布（含检查、索引）': [],
    '报送→发布 合计': [],
  };
  for (let i = 0; i < SAMPLES + 5; i++) {
    const item = await createItem(app.ctx, editor, {
      kind: 'article',
      title: `区发改委召开第${i}次重大项目调度会`,
      body: '会议听取了各重大项目推进情况汇报，研究解决项目建设中的困难和问题。\n\n会议要求，各责任单位要对照时间节点，倒排工期，确保项目早开工、早见效。'.repeat(
        5,
      ),
      source: 'original',
      formationDate: '2022-05-30',
      columnIds: [zwdt],
    });
    const times: number[] = [];
    let t = performance.now();
    for (const step of [
      () => submitItem(app.ctx, editor, item.id),
      () => reviewItem(app.ctx, reviewer, item.id),
      () => clearItem(app.ctx, secrecy, item.id),
      () => publishItem(app.ctx, reviewer, item.id),
    ]) {
      await step();
      const t2 = performance.now();
      times.push(t2 - t);
      t = t2;
    }
    if (i < 5) continue; // warm-up
    Object.values(steps).forEach((xs, k) => xs.push(k < 4 ? times[k] : times.reduce((a, b) => a + b, 0)));
  }
  for (const [label, xs] of Object.entries(steps)) console.log(`  ${label}：${fmt(xs)}（${xs.length} 篇）`);
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

export default async function () {
  await run('SQLite', `sqlite:${join(mkdtempSync(join(tmpdir(), 'gongkai-bench-db-')), 'bench.db')}`);
  const pgUrl = process.env.BENCH_DATABASE_URL;
  if (!pgUrl) {
    console.log('PostgreSQL：跳过（设置 BENCH_DATABASE_URL=postgres://… 后运行）');
    return;
  }
  const schema = `bench_content_${randomBytes(4).toString('hex')}`;
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

if (import.meta.url === `file://${process.argv[1]}`) await (await import(import.meta.url)).default();
