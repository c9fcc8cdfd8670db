/**
 * FOI at scale:
 * 1. recompute every open case after a calendar change (100 000 open cases received in December
 *    2026, whose due dates fall in 2027 — a year without an official notice — then 2027's notice is
 *    entered through the calendar's use case, which calls the FOI module's onCalendarChanged hook);
 * 2. p50/p95 latency of the staff case list (listApplications: org scope, filter, count, page of 50)
 *    with 1 000 000 cases in the database.
 * Rows are generated inside the database (one INSERT … SELECT over a recursive sequence), so the
 * sizes are reachable here. SQLite always; PostgreSQL too when BENCH_DATABASE_URL is set.
 * Sizes: FOI_BENCH_OPEN (default 100000) and FOI_BENCH_TOTAL (default 1000000); FOI_BENCH_SKIP_SQLITE=1
 * runs PostgreSQL only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { systemActor, type AppContext, type UserActor } from '../src/context.ts';
import { createDatabase, type Database } from '../src/db/index.ts';
import type { DB } from '../src/db/types.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/lib/time.ts';
import { saveCalendarNotice } from '../src/modules/calendar/service.ts';
import { listApplications } from '../src/modules/foi/service.ts';
import { MODULES } from '../src/modules/index.ts';

const OPEN = Number(process.env.FOI_BENCH_OPEN ?? 100_000);
const TOTAL = Number(process.env.FOI_BENCH_TOTAL ?? 1_000_000);
const silent = { info() {}, warn() {}, error() {} };

export async function openDb(
  engine: 'sqlite' | 'postgres',
): Promise<{ database: Database; cleanup: () => Promise<void>; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-foi-bench-'));
  if (engine === 'sqlite') {
    const database = createDatabase(`sqlite:${join(dir, 'bench.db')}`);
    return {
      database,
      dir,
      cleanup: async () => {
        await database.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.BENCH_DATABASE_URL!;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`create schema ${schema}`);
  await c.end();
  const database = createDatabase(url, { schema });
  return {
    database,
    dir,
    cleanup: async () => {
      await database.destroy();
      const d = new pg.Client({ connectionString: url });
      await d.connect();
      await d.query(`drop schema ${schema} cascade`);
      await d.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Ids of 25 orgs: a government and 24 departments. */
export async function makeOrgs(db: Kysely<DB>): Promise<number[]> {
  const now = new Date().toISOString();
  const gov = await db
    .insertInto('orgs')
    .values({
      name: '测试区人民政府',
      short_name: '测试区',
      code: 'B0',
      kind: 'government',
      parent_id: null,
      aliases: '[]',
      sort_order: 0,
      is_sample: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids = [gov.id];
  for (let i = 1; i < 25; i++) {
    const r = await db
      .insertInto('orgs')
      .values({
        name: `测试部门${i}`,
        short_name: `部门${i}`,
        code: `B${i}`,
        kind: 'department',
        parent_id: gov.id,
        aliases: '[]',
        sort_order: i,
        is_sample: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(r.id);
  }
  return ids;
}

/**
 * Generates `count` applications numbered from `startSeq` with SQL (the engines differ only in how
 * they pad numbers and add days). `open` rows: received in December 2026, status processing.
 */
export async function generate(
  db: Kysely<DB>,
  engine: 'sqlite' | 'postgres',
  orgIds: number[],
  count: number,
  startSeq: number,
  kind: 'open' | 'mixed',
): Promise<void> {
  const minOrg = Math.min(...orgIds);
  const pad = engine === 'sqlite' ? sql`printf('%07d', i)` : sql`lpad(i::text, 7, '0')`;
  const dateExpr = (base: string, expr: ReturnType<typeof sql>) =>
    engine === 'sqlite'
      ? sql`date(${base}, '+' || (${expr}) || ' days')`
      : sql`to_char(date ${sql.lit(base)} + (${expr})::int, 'YYYY-MM-DD')`;
  const received =
    kind === 'open' ? dateExpr('2026-12-01', sql`i % 28`) : dateExpr('2015-01-01', sql`i % 3650`);
  const status =
    kind === 'open' ? sql`'processing'` : sql`case when i % 10 = 0 then 'processing' else 'closed' end`;
  const due =
    kind === 'open'
      ? dateExpr('2026-12-30', sql`i % 28`)
      : sql`case when i % 10 = 0 then ${dateExpr('2015-02-01', sql`i % 3650`)} else null end`;
  const year = kind === 'open' ? sql`2026` : sql`2015 + (i % 3650) / 365`;
  const prefix = kind === 'open' ? 'B' : 'M';
  await sql`
    insert into foi_applications (number, year, seq, query_code_hash, form_token, applicant_type, applicant_name, applicant_id_number, applicant_key, phone, address, email, description, doc_number, doc_title, preferred_form, delivery, channel, submitted_at, received_on, org_id, handler_id, status, due_date, provisional, outcome, closed_on, is_sample, created_at, updated_at)
    with recursive n(i) as (select ${sql.lit(startSeq)} union all select i + 1 from n where i < ${sql.lit(startSeq + count - 1)})
    select ${sql.lit(prefix)} || ${pad}, ${year}, i, 'x', null, 'natural', '申请人', '', 'np:' || (i % 5000), '', '', '', '测试申请内容', '', '', '', '', 'in_person', '2026-01-01T00:00:00Z', ${received}, ${sql.lit(minOrg)} + (i % 25), null, ${status}, ${due}, 1, case when ${status} = 'closed' then 'disclosed' else null end, null, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
    from n`.execute(db);
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function run(engine: 'sqlite' | 'postgres'): Promise<void> {
  const { database, cleanup, dir } = await openDb(engine);
  try {
    const db = database.db;
    await migrateToLatest(db, database.schema);
    if (engine === 'postgres') await sql`set statement_timeout = 0`.execute(db);
    const ctx: AppContext = {
      modules: MODULES,
      db,
      engine,
      config: loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-12' }),
      clock: systemClock,
      log: silent,
    };
    const orgIds = await makeOrgs(db);

    // 1. Recompute after a calendar change. (Load the module list first: the calendar imports it
    // lazily on its first change, and that one-off cost is not the recompute's.)
    await import('../src/modules/index.ts');
    let t0 = performance.now();
    await generate(db, engine, orgIds, OPEN, 1, 'open');
    console.log(
      `[${engine}] 生成 ${OPEN.toLocaleString('en-US')} 件未办结申请：${((performance.now() - t0) / 1000).toFixed(1)} 秒`,
    );
    t0 = performance.now();
    await saveCalendarNotice(ctx, systemActor('bench'), {
      year: 2027,
      daysOff: ['2027-01-01', '2027-01-04', '2027-01-05'],
      workingWeekends: [],
      source: '基准测试通知',
    });
    const secs = (performance.now() - t0) / 1000;
    const changed = await db
      .selectFrom('foi_history')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(
      `[${engine}] 日历变更后重算全部 ${OPEN.toLocaleString('en-US')} 件未办结申请：${secs.toFixed(1)} 秒（${Number(changed.n).toLocaleString('en-US')} 件期限改变并写入办理记录；${Math.round(OPEN / secs).toLocaleString('en-US')} 件/秒）`,
    );

    // 2. The staff case list with TOTAL cases.
    t0 = performance.now();
    const chunk = 250_000;
    for (let s = 1; s <= TOTAL - OPEN; s += chunk)
      await generate(db, engine, orgIds, Math.min(chunk, TOTAL - OPEN - s + 1), s, 'mixed');
    if (engine === 'sqlite') await sql`analyze`.execute(db);
    // As autovacuum would after a bulk load: the visibility map lets counts use index-only scans.
    else await sql`vacuum analyze foi_applications`.execute(db);
    const total = await db
      .selectFrom('foi_applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(
      `[${engine}] 数据库共 ${Number(total.n).toLocaleString('en-US')} 件申请（生成用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒）`,
    );
    const office: UserActor = {
      kind: 'user',
      id: 1,
      username: 'gkb',
      displayName: '公开办',
      orgId: orgIds[0],
      roles: ['openness_admin'],
      ip: null,
    };
    const dept: UserActor = {
      kind: 'user',
      id: 2,
      username: 'h',
      displayName: '承办人',
      orgId: orgIds[5],
      roles: ['handler'],
      ip: null,
    };
    const scenarios: [string, UserActor, Parameters<typeof listApplications>[2]][] = [
      ['公开办：未办结，按期限排序，第 1 页', office, { status: 'open', order: 'due', pageSize: 50 }],
      ['公开办：仅超期，第 1 页', office, { overdue: true, order: 'due', pageSize: 50 }],
      ['公开办：全部，最新在前，第 1 页', office, { order: 'newest', pageSize: 50 }],
      ['公开办：2020 年度，第 20 页', office, { year: 2020, order: 'newest', pageSize: 50, page: 20 }],
      ['部门承办人：本单位未办结', dept, { status: 'open', order: 'due', pageSize: 50 }],
    ];
    for (const [label, actor, filter] of scenarios) {
      for (let i = 0; i < 3; i++) await listApplications(ctx, actor, filter);
      const times: number[] = [];
      for (let i = 0; i < 40; i++) {
        const s = performance.now();
        await listApplications(ctx, actor, filter);
        times.push(performance.now() - s);
      }
      times.sort((a, b) => a - b);
      console.log(
        `[${engine}] 案件列表 ${label}：p50 ${pct(times, 50).toFixed(1)} ms，p95 ${pct(times, 95).toFixed(1)} ms（40 次）`,
      );
    }
  } finally {
    await cleanup();
  }
}

export default async function (): Promise<void> {
  if (process.env.FOI_BENCH_SKIP_SQLITE !== '1') await run('sqlite');
  if (process.env.BENCH_DATABASE_URL) await run('postgres');
  else console.log('（未设置 BENCH_DATABASE_URL，跳过 PostgreSQL）');
}
