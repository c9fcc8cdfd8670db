/**
 * Search latency: builds synthetic corpora of 100 000 and 1 000 000 Chinese items from the demo
 * corpus's vocabulary (words drawn with a Zipf-like skew, so common words are common), bulk-loads
 * them into the index, then runs a fixed query mix through the real `search()` use case (match,
 * ranking, count, 文号 lookup, snippets) and prints p50/p95/p99. SQLite always; PostgreSQL too when
 * BENCH_DATABASE_URL is set. BENCH_SEARCH_SIZES=100000 limits the sizes (BENCH_SEARCH_PG_SIZES for
 * PostgreSQL alone). BENCH_KEEP=1 keeps the SQLite file and the PostgreSQL schema; BENCH_SEARCH_REUSE=/path/bench.db
 * (or BENCH_SEARCH_PG_REUSE=schema, with BENCH_DATABASE_URL) measures a kept index again (after migrating
 * it) without rebuilding — for before/after comparisons.
 * Each run also prints the CPU time per query (this process plus the PostgreSQL backend serving it,
 * from /proc; on PostgreSQL the backend's share alone too): on a machine shared with other work the
 * wall-clock figures are mostly the wait for a core.
 *
 * First, quality: the judged queries (src/modules/search/judged-queries.ts) run against the index a
 * citizen searches — a demo-seeded app (the corpus published through the content module, plus every
 * module's demo content) — and print P@5, MRR and nDCG@10 per engine, overall and per path
 * (strict / loose / synonym / pinyin). BENCH_SEARCH_QUALITY=0 skips it.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { sql } from 'kysely';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, engineOf, sqlitePath } from '../src/db/index.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { CORPUS } from '../src/seed/corpus.ts';
import { parseSearchQuery } from '../src/modules/search/model.ts';
import { segmentForIndex } from '../src/modules/search/segment.ts';
import { countSearchRows, search } from '../src/modules/search/service.ts';
import { formatQuality, judgeSearch } from '../src/modules/search/quality.ts';
import { buildApp } from '../src/app.ts';
import { ManualClock } from '../src/lib/time.ts';
import { testConfig, type TestDb } from '../test/helpers.ts';
import { randomBytes } from 'node:crypto';
import { documentTagTokens, recountFacets, tagLexemes } from '../src/modules/search/store.ts';

const SIZES = (process.env.BENCH_SEARCH_SIZES ?? '100000,1000000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const QUERIES = [
  '营商环境',
  '减税降费',
  '核酸检测',
  '乡村振兴 宅基地',
  '红谷滩 数字经济',
  '财政 预算',
  '红府办发[2021]86号',
  '洪府办发〔2022〕66号',
  '安全生产 检查',
  '稳岗就业',
  '政府债务 专项债券',
  '空气质量',
  '中小微企业 纾困 资金',
  '规范性文件',
  '老旧小区改造',
  '沙井街办',
];
const ROUNDS = 10;

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

interface Vocabulary {
  /** Every word of the corpus, most frequent first. */
  words: string[];
  /** Per corpus item: its title's and its body's words, in order. */
  topics: { title: string[]; body: string[] }[];
}

const words = (text: string) =>
  segmentForIndex(text)
    .split(' ')
    .filter((w) => w.length >= 2 && !/^\d+$/.test(w));

function vocabulary(): Vocabulary {
  const freq = new Map<string, number>();
  const topics = CORPUS.map((c) => ({ title: words(c.title), body: words(c.body) }));
  for (const t of topics) for (const w of [...t.title, ...t.body]) freq.set(w, (freq.get(w) ?? 0) + 1);
  return { words: [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w), topics };
}

/**
 * One synthetic document: it takes a corpus item as its topic and draws three quarters of its
 * words from that item and a quarter from the whole vocabulary (skewed towards common words), as
 * real pages on one subject do. Raw text for display, segmented text for the index.
 */
function* synthetic(n: number, vocab: Vocabulary) {
  const r = rng(20221125);
  const W = vocab.words;
  const any = () => W[Math.floor(W.length * r() * r())]!;
  const from = (list: string[]) => (list.length ? list[Math.floor(r() * list.length)]! : any());
  const orgs = 25;
  for (let i = 1; i <= n; i++) {
    const topic = vocab.topics[Math.floor(r() * vocab.topics.length)]!;
    const title: string[] = [];
    for (let k = 0, m = 4 + Math.floor(r() * 5); k < m; k++)
      title.push(r() < 0.8 ? from(topic.title) : any());
    const body: string[] = [];
    for (let k = 0, m = 40 + Math.floor(r() * 60); k < m; k++)
      body.push(r() < 0.75 ? from(topic.body) : any());
    const day = 1 + Math.floor(r() * 365);
    const published = new Date(Date.UTC(2022, 0, day, 2)).toISOString();
    const docNumber = i % 20 === 0 ? `红府办发〔${2015 + (i % 8)}〕${(i % 997) + 1}号` : null;
    yield {
      i,
      titleText: title.join(''),
      bodyText: body.join(''),
      titleSeg: title.join(' '),
      bodySeg: body.join(' '),
      metaSeg: `政务动态 2022${docNumber ? ` ${segmentForIndex(docNumber)}` : ''}`,
      orgId: 1 + (i % orgs),
      year: 2022,
      published,
      docNumber,
      type: ['article', 'notice', 'policy', 'interpretation', 'data'][i % 5]!,
    };
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const MIXES = ['plain', 'by date', 'year+type filter'] as const;

/**
 * CPU time so far, in ms, of this process and (PostgreSQL) of the one database backend serving it
 * (/proc/<pid>/schedstat, nanoseconds on a CPU): per query, what it costs on an idle machine —
 * wall-clock times on a machine shared with other work measure mostly the wait for a core.
 */
async function cpuClock(
  db: Parameters<typeof search>[0],
): Promise<{ all: () => number; database: () => number }> {
  let backend = () => 0;
  if (engineOf(db) === 'postgres') {
    const pid = Number((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]!.pid);
    try {
      readFileSync(`/proc/${pid}/schedstat`);
      backend = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
      // The server runs elsewhere: its CPU time is not counted.
    }
  }
  return {
    all: () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000 + backend();
    },
    database: backend,
  };
}

async function measure(db: Parameters<typeof search>[0]) {
  const cpu = await cpuClock(db);
  // Warm up (page cache, jieba dictionary), then time ROUNDS passes of the mix.
  for (const q of QUERIES) await search(db, parseSearchQuery({ q }));
  const times: number[] = [];
  const cpus: number[] = [];
  const dbCpus: number[] = [];
  const byMix: [number[], number[]][] = MIXES.map(() => [[], []]);
  let totalHits = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of QUERIES) {
      const params =
        round % 3 === 1 ? { q, sort: 'date' } : round % 3 === 2 ? { q, year: '2022', type: 'policy' } : { q };
      const c0 = cpu.all();
      const d0 = cpu.database();
      const t0 = performance.now();
      const r = await search(db, parseSearchQuery(params));
      const ms = performance.now() - t0;
      const cms = cpu.all() - c0;
      times.push(ms);
      cpus.push(cms);
      dbCpus.push(cpu.database() - d0);
      byMix[round % 3]![0].push(ms);
      byMix[round % 3]![1].push(cms);
      totalHits += r.total;
    }
  }
  const pp = (xs: number[]) => {
    const t = [...xs].sort((a, b) => a - b);
    return `${percentile(t, 50).toFixed(1)}/${percentile(t, 95).toFixed(1)}`;
  };
  times.sort((a, b) => a - b);
  const mixes = MIXES.map((name, k) => `${name} p50/p95 ${pp(byMix[k]![0])}`).join('; ');
  const cpuMixes = MIXES.map((name, k) => `${name} ${pp(byMix[k]![1])}`).join('; ');
  return {
    n: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    avgHits: Math.round(totalHits / times.length),
    mixes,
    cpu: `p50/p95 ${pp(cpus)}; ${cpuMixes}${engineOf(db) === 'postgres' ? `; database backend alone ${pp(dbCpus)}` : ''}`,
  };
}

function report(engine: string, size: number, build: string, m: Awaited<ReturnType<typeof measure>>) {
  console.log(
    `${engine.padEnd(12)} ${String(size).padStart(9)} items  ${build}  search p50 ${m.p50.toFixed(1)} ms  p95 ${m.p95.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms  (${m.n} queries, avg ${m.avgHits} matches, load ${loadavg()[0]!.toFixed(1)})`,
  );
  console.log(`${' '.repeat(13)}by mix (ms): ${m.mixes}`);
  console.log(`${' '.repeat(13)}CPU per query (ms, this process + database backend): ${m.cpu}`);
}

async function sqliteRun(size: number, vocab: Vocabulary) {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-bench-search-'));
  const url = `sqlite:${join(dir, 'bench.db')}`;
  try {
    const setup = createDatabase(url);
    await migrateToLatest(setup.db);
    await setup.destroy();
    const t0 = performance.now();
    const raw = new Database(sqlitePath(url));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    const insDoc = raw.prepare(
      `insert into search_documents (id, kind, ref_id, url, title, body, org_id, doc_number, year, published_at, item_type, validity, column_keys, topic_keys) values (?, 'item', ?, ?, ?, ?, ?, ?, ?, ?, ?, null, '["政务动态"]', '[]')`,
    );
    const insTag = raw.prepare(
      `insert into search_document_tags (document_id, tag_kind, tag_key) values (?, 'column', '政务动态')`,
    );
    const insFts = raw.prepare(
      `insert into search_fts (rowid, title, meta, body, tags) values (?, ?, ?, ?, ?)`,
    );
    let batch: ReturnType<typeof synthetic> extends Generator<infer T> ? T[] : never = [];
    const flush = raw.transaction((docs: typeof batch) => {
      for (const d of docs) {
        insDoc.run(
          d.i,
          d.i,
          `/items/${d.i}`,
          d.titleText,
          d.bodyText,
          d.orgId,
          d.docNumber,
          d.year,
          d.published,
          d.type,
        );
        insTag.run(d.i);
        insFts.run(
          d.i,
          d.titleSeg,
          d.metaSeg,
          d.bodySeg,
          documentTagTokens(
            { year: d.year, item_type: d.type, org_id: d.orgId, validity: null },
            ['政务动态'],
            [],
          ).join(' '),
        );
      }
    });
    for (const d of synthetic(size, vocab)) {
      batch.push(d);
      if (batch.length === 10_000) {
        flush(batch);
        batch = [];
      }
    }
    if (batch.length) flush(batch);
    raw.exec(`insert into search_fts(search_fts) values ('optimize')`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const database = createDatabase(url);
    await recountFacets(database.db);
    const buildS = (performance.now() - t0) / 1000;
    const sizeMb = statSync(sqlitePath(url)).size / 1e6;
    const m = await measure(database.db);
    await database.destroy();
    report('SQLite FTS5', size, `build ${buildS.toFixed(0)} s, ${sizeMb.toFixed(0)} MB`, m);
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

async function postgresRun(size: number, vocab: Vocabulary, url: string) {
  const schema = `bench_search_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const setup = createDatabase(url, { schema });
    await migrateToLatest(setup.db, schema);
    await setup.destroy();
    const t0 = performance.now();
    await admin.query(`set search_path = ${schema}`);
    await admin.query('drop index search_documents_tsv');
    let rows: unknown[][] = [];
    const flush = async () => {
      if (!rows.length) return;
      const cols = 13;
      const values = rows
        .map((_, k) => `(${Array.from({ length: cols }, (_, j) => `$${k * cols + j + 1}`).join(',')})`)
        .join(',');
      await admin.query(
        `insert into search_documents (id, kind, ref_id, url, title, body, org_id, doc_number, year, published_at, item_type, column_keys, topic_keys, tsv)
         select v.id::int, 'item', v.id::int, v.url, v.title, v.body, v.org::int, v.dn, v.year::int, v.pub, v.type, '["政务动态"]', '[]',
           setweight(to_tsvector('simple', v.ts), 'A') || setweight(to_tsvector('simple', v.ms), 'B') || setweight(to_tsvector('simple', v.bs), 'C') || array_to_tsvector(v.tags::text[])
         from (values ${values}) as v(id, url, title, body, org, dn, year, pub, type, ts, ms, bs, tags)`,
        rows.flat(),
      );
      await admin.query(
        `insert into search_document_tags (document_id, tag_kind, tag_key) select x, 'column', '政务动态' from unnest($1::int[]) as x`,
        [rows.map((r) => r[0])],
      );
      rows = [];
    };
    for (const d of synthetic(size, vocab)) {
      rows.push([
        d.i,
        `/items/${d.i}`,
        d.titleText,
        d.bodyText,
        d.orgId,
        d.docNumber,
        d.year,
        d.published,
        d.type,
        d.titleSeg,
        d.metaSeg,
        d.bodySeg,
        tagLexemes(
          { year: d.year, item_type: d.type, org_id: d.orgId, validity: null },
          ['政务动态'],
          [],
          d.i,
        ),
      ]);
      if (rows.length === 2000) await flush();
    }
    await flush();
    await admin.query(`select setval(pg_get_serial_sequence('search_documents', 'id'), ${size})`);
    await admin.query('create index search_documents_tsv on search_documents using gin (tsv)');
    await admin.query('analyze search_documents');
    const database = createDatabase(url, { schema, poolMax: 1 });
    await recountFacets(database.db);
    const buildS = (performance.now() - t0) / 1000;
    const m = await measure(database.db);
    await database.destroy();
    report('PostgreSQL', size, `build ${buildS.toFixed(0)} s`, m);
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept schema ${schema}`);
    else await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

/** Measures an index kept by an earlier run (BENCH_KEEP=1), after applying any newer migrations. */
async function reuse(engine: string, url: string, schema?: string) {
  const database = createDatabase(url, { schema, poolMax: 1 });
  const t0 = performance.now();
  await migrateToLatest(database.db, schema);
  const migrateS = (performance.now() - t0) / 1000;
  const size = await countSearchRows(database.db);
  const m = await measure(database.db);
  await database.destroy();
  report(engine, size, `reused ${schema ?? url} (migrations ${migrateS.toFixed(1)} s)`, m);
}

/** The judged queries on a demo-seeded app's index (what a citizen searches), on one engine. */
async function quality(label: string, url: string, schema?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongkai-bench-quality-'));
  const db = { url, schema, dataDir } as TestDb;
  const started = performance.now();
  const app = await buildApp({
    config: testConfig(db, { seedDemo: true }),
    clock: new ManualClock('2022-03-01T02:00:00Z'),
    logger: false,
  });
  await app.ready();
  try {
    const keyByTitle = new Map(CORPUS.map((c) => [c.title, c.key]));
    const indexed = await countSearchRows(app.ctx.db);
    const report = await judgeSearch(
      app.ctx.db,
      (h) => keyByTitle.get(h.title) ?? `《${h.title.slice(0, 14)}》`,
    );
    console.log(
      `\n${formatQuality(`quality, ${label}, demo index (${indexed} documents, seeded in ${((performance.now() - started) / 1000).toFixed(0)} s)`, report)}`,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function qualityOnEachEngine() {
  await quality('SQLite', `sqlite:${join(mkdtempSync(join(tmpdir(), 'gongkai-bench-q-')), 'q.db')}`);
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return;
  const schema = `benchq_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    await quality('PostgreSQL', url, schema);
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

export default async function () {
  if (process.env.BENCH_SEARCH_QUALITY !== '0') await qualityOnEachEngine();
  const kept = process.env.BENCH_SEARCH_REUSE;
  if (kept) return reuse('SQLite FTS5', `sqlite:${kept}`);
  const keptSchema = process.env.BENCH_SEARCH_PG_REUSE;
  if (keptSchema) return reuse('PostgreSQL', process.env.BENCH_DATABASE_URL ?? '', keptSchema);
  const vocab = vocabulary();
  console.log(
    `vocabulary: ${vocab.words.length} words, ${vocab.topics.length} topics from the ${CORPUS.length}-item demo corpus; query mix: ${QUERIES.length} queries × ${ROUNDS} rounds (plain / by date / year+type filter)`,
  );
  for (const size of SIZES) await sqliteRun(size, vocab);
  const pgUrl = process.env.BENCH_DATABASE_URL;
  const pgSizes = process.env.BENCH_SEARCH_PG_SIZES
    ? process.env.BENCH_SEARCH_PG_SIZES.split(',')
        .map(Number)
        .filter((n) => n > 0)
    : SIZES;
  if (pgUrl) for (const size of pgSizes) await postgresRun(size, vocab, pgUrl);
  else console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to run it)');
}
