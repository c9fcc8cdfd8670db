/**
 * Standard catalogue coverage at city scale: TOWNSHIPS catalogues of ENTRIES entries each, every entry
 * with CREDITS publications over the year, on SQLite (and PostgreSQL with BENCH_DATABASE_URL). Measures
 * one catalogue's coverage (what the coverage page and API compute), the district overview of every
 * catalogue, and the publish hook's lookup (which entries an item credits). Data is bulk-loaded.
 */
import { loadConfig } from '../src/config.ts';
import { systemActor, type AppContext } from '../src/context.ts';
import type { Database } from '../src/db/index.ts';
import { onEachEngine } from './engines.ts';
import { addDays, ManualClock } from '../src/lib/time.ts';
import {
  computeCoverage,
  coverageOverview,
  onItemPublicationChanged,
} from '../src/modules/catalogue/service.ts';
import { selectCatalogue } from '../src/modules/catalogue/store.ts';
import { MODULES } from '../src/modules/index.ts';

const TOWNSHIPS = Number(process.env.BENCH_CATALOGUE_TOWNSHIPS ?? 200);
const ENTRIES = Number(process.env.BENCH_CATALOGUE_ENTRIES ?? 40);
const CREDITS = Number(process.env.BENCH_CATALOGUE_CREDITS ?? 12);
const LIMITS = [
  '信息形成或变更之日起20个工作日内',
  '每季度公布一次',
  '每月公布一次',
  '每年3月底前',
  '长期公开',
  '及时',
];

async function chunked<T>(rows: T[], size: number, insert: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function load(db: Database['db']) {
  const now = '2022-01-01T00:00:00.000Z';
  const orgIds: number[] = [];
  const catIds: number[] = [];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < TOWNSHIPS; i++) {
      const { id } = await trx
        .insertInto('orgs')
        .values({
          name: `测试乡${i}`,
          short_name: `乡${i}`,
          code: `BENCHT${i}`,
          kind: 'township',
          parent_id: null,
          aliases: '[]',
          sort_order: i,
          is_sample: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      orgIds.push(id);
      const c = await trx
        .insertInto('catalogues')
        .values({
          org_id: id,
          year: 2022,
          title: `乡${i}2022年目录`,
          scope: 'township',
          notes: '',
          is_sample: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      catIds.push(c.id);
    }
    const { id: columnId } = await trx
      .insertInto('content_columns')
      .values({
        parent_id: null,
        name: '基准栏目',
        slug: 'bench',
        kind: 'notice',
        org_id: null,
        description: '',
        sort_order: 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entries = catIds.flatMap((catalogue_id) =>
      Array.from({ length: ENTRIES }, (_, j) => ({
        catalogue_id,
        template_entry_id: null,
        item_kinds: '[]',
        domain: `领域${j % 5}`,
        seq: j + 1,
        item1: `事项${j}`,
        item2: '',
        content: '内容',
        basis: '',
        time_limit: LIMITS[j % LIMITS.length],
        subject: '乡镇人民政府',
        channels: '["政府网站"]',
        audience: '["all"]',
        mode: '["proactive"]',
        level: '["township"]',
        created_at: now,
        updated_at: now,
      })),
    );
    await chunked(entries, 500, (part) => trx.insertInto('catalogue_entries').values(part).execute());
    const ids = (await trx.selectFrom('catalogue_entries').select('id').execute()).map((r) => r.id);
    await chunked(
      ids.map((entry_id) => ({ entry_id, column_id: columnId })),
      1000,
      (part) => trx.insertInto('catalogue_mappings').values(part).execute(),
    );
    const credits = ids.flatMap((entry_id, n) =>
      Array.from({ length: CREDITS }, (_, k) => {
        const day = addDays('2022-01-03', ((n * 7 + k * 29) % 340) as number);
        return {
          entry_id,
          source: 'online',
          item_id: null,
          posting_id: null,
          title: '信息',
          url: null,
          formed_on: addDays(day, -((n + k) % 40)),
          published_on: day,
          created_at: now,
        };
      }),
    );
    await chunked(credits, 1000, (part) => trx.insertInto('catalogue_credits').values(part).execute());
  });
  // Real item rows for the hook to credit (the credit references content_items).
  const itemIds: number[] = [];
  for (let i = 0; i < 200; i++) {
    const { id } = await db
      .insertInto('content_items')
      .values({
        kind: 'notice',
        title: '基准',
        body: '',
        org_id: orgIds[i % orgIds.length],
        status: 'published',
        source: 'original',
        revision: 1,
        late: 0,
        is_sample: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    itemIds.push(id);
  }
  return { orgIds, catIds, itemIds };
}

async function run(label: string, database: Database, dir: string) {
  const { orgIds, catIds, itemIds } = await load(database.db);
  const config = loadConfig({
    DATA_DIR: dir,
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-1',
    LOG_LEVEL: 'silent',
  });
  const ctx: AppContext = {
    modules: MODULES,
    db: database.db,
    engine: database.engine,
    config,
    clock: new ManualClock('2022-11-01T02:00:00Z'),
    log: { info() {}, warn() {}, error() {} },
  };
  const measure = async (name: string, n: number, f: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await f(i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    console.log(`${label}\t${name}\tp50 ${p(0.5)} ms\tp95 ${p(0.95)} ms\t(n=${n})`);
  };
  await measure(`one catalogue's coverage (${ENTRIES} entries × ${CREDITS} publications)`, 50, async (i) =>
    computeCoverage(ctx.db, (await selectCatalogue(ctx.db, catIds[i % catIds.length]))!, '2022-11-01'),
  );
  await measure(`overview of all ${TOWNSHIPS} catalogues`, 3, () =>
    coverageOverview(ctx, systemActor('bench'), 2022),
  );
  const columnId = (await ctx.db.selectFrom('content_columns').select('id').executeTakeFirstOrThrow()).id;
  await measure('publish hook: credit one item (lookup + insert)', 200, (i) =>
    ctx.db.transaction().execute((trx) =>
      onItemPublicationChanged(
        trx,
        {
          itemId: itemIds[i],
          orgId: orgIds[i % orgIds.length],
          kind: 'notice',
          title: '基准',
          status: 'published',
          columnIds: [columnId],
          formationDate: '2022-10-20',
          publishedOn: '2022-10-28',
        },
        new Date(),
      ),
    ),
  );
}

export default async function () {
  console.log(
    `catalogue coverage benchmark: ${TOWNSHIPS} catalogues × ${ENTRIES} entries × ${CREDITS} publications`,
  );
  await onEachEngine('catalogue', run);
}
