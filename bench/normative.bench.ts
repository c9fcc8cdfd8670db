/**
 * Point-in-time query latency of the normative-document library: 100 000 documents and 500 000
 * status changes (history rows), on SQLite, and on PostgreSQL when BENCH_DATABASE_URL is set.
 * Data is bulk-loaded (the use cases would spend minutes on audit records); the periods and span
 * tables (and the spans' per-org copy) are derived with the same model.ts functions the use cases use. Queries go through the service.
 */
import SQLite from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import type { Database } from '../src/db/index.ts';
import { onEachEngine } from './engines.ts';
import { ManualClock, addDays } from '../src/lib/time.ts';
import {
  forceSpans,
  spanBuckets,
  statusPeriods,
  validityEnd,
  type StatusEvent,
} from '../src/modules/normative/model.ts';
import { listDocuments } from '../src/modules/normative/service.ts';
import { queryDocuments, selectStatusesOn } from '../src/modules/normative/store.ts';
import { MODULES } from '../src/modules/index.ts';

const DOCS = Number(process.env.BENCH_NORMATIVE_DOCS ?? 100_000);
const EVENTS = Number(process.env.BENCH_NORMATIVE_EVENTS ?? 500_000);
const ORGS = 30;
const QUERIES = 200;

/** Deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dayOf = (n: number) => addDays('2000-01-01', n);

async function load(database: Database, sqliteFile?: string): Promise<void> {
  const db = database.db;
  const { sql } = await import('kysely');
  // Bulk load only: no fsync per batch and a large page cache; restored to the app's settings before measuring.
  if (database.engine === 'sqlite') {
    await sql`pragma synchronous = OFF`.execute(db);
    await sql`pragma cache_size = -262144`.execute(db);
  }
  const now = '2026-01-01T00:00:00.000Z';
  const orgIds: number[] = [];
  for (let i = 0; i < ORGS; i++) {
    const { id } = await db
      .insertInto('orgs')
      .values({
        name: `测试机关${i}`,
        short_name: `机关${i}`,
        code: `BENCH${i}`,
        kind: 'department',
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
  }
  // SQLite: a second raw connection with cached single-row prepared statements in one transaction
  // per batch (Kysely would prepare a fresh 5 000-parameter statement per chunk, which dominates).
  const raw = sqliteFile ? new SQLite(sqliteFile) : null;
  if (raw) {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    raw.pragma('cache_size = -262144');
  }
  const stmts = new Map<string, SQLite.Statement>();
  const insertRows = async (trx: typeof db, table: string, rows: Record<string, unknown>[]) => {
    if (rows.length === 0) return;
    if (raw) {
      let st = stmts.get(table);
      if (!st) {
        const cols = Object.keys(rows[0]);
        st = raw.prepare(
          `insert into ${table} (${cols.join(', ')}) values (${cols.map((c) => '@' + c).join(', ')})`,
        );
        stmts.set(table, st);
      }
      for (const r of rows) st.run(r);
      return;
    }
    for (let x = 0; x < rows.length; x += 500)
      await trx
        .insertInto(table as any)
        .values(rows.slice(x, x + 500) as any)
        .execute();
  };
  const rand = rng(42);
  // Extra events per document beyond the registration, spread to reach EVENTS in total.
  const extra = EVENTS - DOCS;
  const BATCH = 5000;
  let eventId = 0;
  let made = 0;
  for (let start = 0; start < DOCS; start += BATCH) {
    const n = Math.min(BATCH, DOCS - start);
    const docs: any[] = [];
    const events: { doc: number; e: StatusEvent }[] = [];
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const eff = Math.floor(rand() * 9000); // 2000 … 2024
      const years = rand() < 0.2 ? 2 : 5;
      const endsOn = validityEnd(dayOf(eff), years);
      const org = orgIds[i % ORGS];
      docs.push({
        id: i + 1,
        doc_number: `测${i % 97}发〔${2000 + Math.floor(eff / 365)}〕${i + 1}号`,
        agency_code: `测${i % 97}发`,
        doc_year: 2000 + Math.floor(eff / 365),
        doc_seq: i + 1,
        title: `基准测试文件第${i + 1}号管理办法`,
        lead_org_id: org,
        written_on: dayOf(eff - 20),
        published_on: dayOf(eff - 10),
        effective_on: dayOf(eff),
        validity_years: years,
        ends_on: endsOn,
        index_number: `BENCH/${i + 1}`,
        registration_number: null,
        subject: '综合政务',
        body: '',
        status: 'in_force',
        in_library: 1,
        is_sample: 1,
        item_id: null,
        created_at: now,
        updated_at: now,
      });
      const list: StatusEvent[] = [{ id: ++eventId, kind: 'registered', effectiveOn: dayOf(eff), endsOn }];
      // Exactly `extra` further events overall: each document gets floor/ceil of the average.
      const want = Math.floor(((i + 1) * extra) / DOCS) - Math.floor((i * extra) / DOCS);
      let day = eff;
      let end = endsOn;
      for (let j = 0; j < want; j++) {
        day += 30 + Math.floor(rand() * 400);
        const last = j === want - 1;
        const r = rand();
        if (last && r < 0.3)
          list.push({
            id: ++eventId,
            kind: 'repealed',
            effectiveOn: dayOf(day),
            byDocNumber: '测发〔2020〕1号',
          });
        else if (r < 0.3) {
          end = validityEnd(addDays(end, 1), 5);
          list.push({ id: ++eventId, kind: 'renewed', effectiveOn: dayOf(day), endsOn: end });
        } else
          list.push({
            id: ++eventId,
            kind: 'amended',
            effectiveOn: dayOf(day),
            byDocNumber: '测发〔2020〕2号',
            articles: '第三条',
          });
      }
      for (const e of list) events.push({ doc: i, e });
    }
    const work = async (trx: typeof db) => {
      await insertRows(trx, 'normative_documents', docs);
      await insertRows(
        trx,
        'normative_document_orgs',
        docs.map((d) => ({ document_id: d.id, org_id: d.lead_org_id, position: 0 })),
      );
      const byDoc = new Map<number, StatusEvent[]>();
      for (const { doc, e } of events) {
        const l = byDoc.get(doc);
        if (l) l.push(e);
        else byDoc.set(doc, [e]);
      }
      const evRows = [];
      const periodRows = [];
      const spanRows = [];
      for (let k = 0; k < n; k++) {
        const documentId = docs[k].id;
        const list = byDoc.get(start + k)!;
        for (const e of list) {
          evRows.push({
            document_id: documentId,
            kind: e.kind,
            effective_on: e.effectiveOn,
            ends_on: e.endsOn ?? null,
            by_document_id: null,
            by_doc_number: e.byDocNumber ?? null,
            articles: e.articles ?? null,
            note: null,
            recorded_at: now,
            actor_name: 'bench',
          });
        }
        const periods = statusPeriods(list);
        for (const p of periods)
          periodRows.push({
            document_id: documentId,
            status: p.status,
            from_on: p.fromOn,
            to_on: p.toOn,
            event_id: null,
          });
        for (const sp of forceSpans(periods))
          for (const bucket_year of spanBuckets(sp))
            spanRows.push({
              document_id: documentId,
              bucket_year,
              from_on: sp.fromOn,
              to_on: sp.toOn,
              in_library: 1,
              published_on: docs[k].published_on,
            });
      }
      await insertRows(trx, 'normative_status_events', evRows);
      await insertRows(trx, 'normative_status_periods', periodRows);
      await insertRows(trx, 'normative_force_spans', spanRows);
      // The per-org copy (store.ts rebuildSpans): one issuing org per document here.
      const leadOf = new Map(docs.map((d) => [d.id as number, d.lead_org_id as number]));
      await insertRows(
        trx,
        'normative_org_force_spans',
        spanRows.map((r) => ({ ...r, org_id: leadOf.get(r.document_id)! })),
      );
      made += evRows.length;
    };
    if (raw) {
      raw.exec('begin');
      await work(db);
      raw.exec('commit');
    } else await db.transaction().execute(work);
  }
  raw?.close();
  await sql`analyze`.execute(db);
  // As a running server would have by then: the bulk load checkpointed out of the WAL; the
  // connection back to the app's settings (synchronous FULL, default 2 MB page cache).
  if (database.engine === 'sqlite') {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    await sql`pragma synchronous = FULL`.execute(db);
    await sql`pragma cache_size = -2000`.execute(db);
  }
  console.log(`  loaded ${DOCS} documents, ${made} status changes`);
}

function pct(xs: number[], p: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(label: string, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 30; i++) await fn(i); // warm-up (touches most year buckets)
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  console.log(
    `  ${label}: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (${QUERIES} queries)`,
  );
}

/** The org-filtered count + first page as store.ts ran it before the per-org spans (bench comparison only). */
async function previousOrgQuery(db: Database['db'], orgId: number, date: string) {
  const bucket = (b: number) =>
    db
      .selectFrom('normative_force_spans as s')
      .where('s.bucket_year', '=', b)
      .where('s.from_on', '<=', date)
      .where('s.to_on', '>', date)
      .where('s.in_library', '=', 1)
      .where('s.document_id', 'in', (eb) =>
        eb.selectFrom('normative_document_orgs as o').select('o.document_id').where('o.org_id', '=', orgId),
      );
  for (const b of [Number(date.slice(0, 4)), 0]) {
    await bucket(b)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    await bucket(b)
      .select(['s.document_id', 's.published_on'])
      .orderBy('s.published_on', 'desc')
      .orderBy('s.document_id', 'desc')
      .limit(20)
      .execute();
  }
}

async function run(engine: string, database: Database, dataDir: string, sqliteFile?: string) {
  console.log(`\n${engine}:`);
  const t0 = performance.now();
  await load(database, sqliteFile);
  console.log(`  load time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const config = {
    ...loadConfig({
      DATA_DIR: dataDir,
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-1',
      LOG_LEVEL: 'silent',
    }),
  };
  const ctx: AppContext = {
    modules: MODULES,
    db: database.db,
    engine: database.engine,
    config,
    clock: new ManualClock('2026-01-01T02:00:00Z'),
    log: { info() {}, warn() {}, error() {} },
  };
  const pub = { kind: 'public' as const, ip: null };
  const rand = rng(7);
  const date = () => dayOf(Math.floor(rand() * 9500));
  const sample = await listDocuments(ctx, pub, { inForceOn: '2015-06-01', pageSize: 1 });
  console.log(`  (in force on 2015-06-01: ${sample.total} documents)`);
  await measure('in force on D: count + first page of 20 (store query)', () =>
    queryDocuments(ctx.db, {
      visibility: { libraryOnly: true },
      inForce: true,
      date: date(),
      page: 1,
      pageSize: 20,
    }),
  );
  await measure('in force on D: the API use case (?inForceOn=, page of 20 with orgs)', () =>
    listDocuments(ctx, pub, { inForceOn: date(), pageSize: 20 }),
  );
  await measure('in force on D, page 50', () =>
    listDocuments(ctx, pub, { inForceOn: date(), page: 50, pageSize: 20 }),
  );
  await measure('in force on D for one issuing org', (i) =>
    listDocuments(ctx, pub, { inForceOn: date(), orgId: (i % ORGS) + 1, pageSize: 20 }),
  );
  // The query it replaced (until 2026-11-26): all of year(D)'s spans, each checked against the org's
  // document set — measured here on the same data, in the same run, for the before/after figure.
  await measure('in force on D for one issuing org: count + first page (store query, per-org spans)', (i) =>
    queryDocuments(ctx.db, {
      visibility: { libraryOnly: true },
      inForce: true,
      orgId: (i % ORGS) + 1,
      date: date(),
      page: 1,
      pageSize: 20,
    }),
  );
  await measure(
    'in force on D for one issuing org: count + first page (previous query: all spans filtered by the org’s documents)',
    (i) => previousOrgQuery(ctx.db, (i % ORGS) + 1, date()),
  );
  await measure('status of 20 given documents on D', () => {
    const ids = Array.from({ length: 20 }, () => 1 + Math.floor(rand() * DOCS));
    return selectStatusesOn(ctx.db, ids, date());
  });
}

export default async function () {
  console.log(`normative point-in-time benchmark: ${DOCS} documents, ${EVENTS} status changes`);
  await onEachEngine('normative', run);
}
