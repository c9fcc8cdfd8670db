// Runs the test files through node:test with tsx. `unit` = every *.test.ts(x) under src/ and test/
// except test/browser and test/fault; `browser` = test/browser; `fault` = test/fault (real server
// processes killed, storage made full or read-only, PostgreSQL restarted, after the other suites).
// Extra arguments narrow to files containing them.
//
// Every mode runs the files in TEST_CONCURRENCY long-lived worker processes (default: unit 3, or 4 on
// PostgreSQL; browser 2; fault 2; scripts/test-worker.mjs), each taking the next file when it finishes one, slowest first by the
// last run's times (.tmp/test-durations-<mode>-<engine>.json) or else by size: the app's modules and compiled
// schemas load once per worker, not once per file. The fault files need no process of their own: the
// servers they kill, the storage they fill and the PostgreSQL they restart are their child processes'
// and their own (a process per file cost them 29.8 → 21.3 s on SQLite, 50.5 → 44.0 s on PostgreSQL,
// idle, most of it loading the sources and, for files the engine skips, nothing else).
// TEST_ISOLATION=process gives every file its own process (node --test).
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const [mode = 'unit', ...filters] = process.argv.slice(2);
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(p).isDirectory() ? walk(p) : /\.test\.tsx?$/.test(name) ? [p] : [];
  });
}
const all = [...walk('src'), ...walk('test')];
const special = { browser: join('test', 'browser'), fault: join('test', 'fault') };
const files = all
  .filter((f) =>
    special[mode] ? f.startsWith(special[mode]) : !Object.values(special).some((dir) => f.startsWith(dir)),
  )
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Unit files run three at a time on two cores: several of them wait (timeouts, child processes, a
// lock held on purpose), and a third worker fills those waits (SQLite 115 → 98 s, PostgreSQL 176 →
// 169 s, idle); on PostgreSQL, where every statement is a round trip, a fourth fills more (idle, twice:
// 142 → 133 s and 159 → 150 s; on SQLite a fourth gained nothing). The browser suite stays at two:
// Chromium keeps both cores busy. Fault files run two at a time: each has its own database, data
// folder, ports (and PostgreSQL instance), and much of their time is waiting on servers' ticks and
// restarts (idle: SQLite 34 → 24 s, PostgreSQL 77 → 45 s; three gained nothing).
const engine = /^postgres(ql)?:/.test(process.env.TEST_DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
const DEFAULT_CONCURRENCY = { unit: engine === 'postgres' ? 4 : 3, browser: 2, fault: 2 };
const concurrency = Number(process.env.TEST_CONCURRENCY ?? DEFAULT_CONCURRENCY[mode] ?? 2);
const loaders = ['--import', 'tsx', '--import', './test/setup.ts'];
// `unit` and `browser` keep their databases where a commit costs no disk flush: SQLite files under
// /dev/shm (tmpfs; TMPDIR) and PostgreSQL sessions with synchronous_commit off (PGOPTIONS). Most of a
// test's time was waiting for fsync (a demo seed: 27 s → 14 s on PostgreSQL). What a flush guarantees
// — nothing acknowledged lost on a crash — is the `fault` suite's subject: it runs on disk with every
// default. TEST_STORAGE=disk keeps the defaults for all modes.
if (mode !== 'fault' && process.env.TEST_STORAGE !== 'disk') {
  if (!process.env.TMPDIR && existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';
  process.env.PGOPTIONS = [process.env.PGOPTIONS, '-c synchronous_commit=off'].filter(Boolean).join(' ');
}
// The tests' child processes (servers killed and restarted, command lines run beside a server) run
// a build of the app rather than the sources through tsx: the same code, a process loading in about
// 1 s instead of 2.5 s (test/helpers.ts appProcessArgs). Made here each time, so never stale; one per
// runner, so that two runners never share one.
let build;
if (mode !== 'browser') {
  build = join('.tmp', `test-build-${process.pid}`);
  const made = spawnSync(process.execPath, ['scripts/build.mjs', build], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (made.status !== 0) process.exit(1);
  process.env.GONGKAI_TEST_BUILD = build;
}
// Every test file's PostgreSQL schema (migrations: some hundred tables) is created and dropped in
// TEST_DATABASE_URL's database, which leaves dead rows in its catalogs; this machine kind runs
// PostgreSQL with autovacuum off, so nothing else ever cleans them up. After a day of runs that database
// had grown to 611 MB (pg_attribute alone 287 MB, 1.35 M dead rows), and the unit suite took 164 s
// on it against 158 s after a VACUUM FULL. A plain VACUUM first (under a second; it takes no lock a
// running suite needs) lets each run reuse the space the one before it left.
if (engine === 'postgres') {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  await client.query('vacuum');
  await client.end();
}
// Per mode and engine: the two engines' suites may run side by side (.ci/run).
const timesFile = join('.tmp', `test-durations-${mode}-${engine}.json`);
const lastTimes = existsSync(timesFile) ? JSON.parse(readFileSync(timesFile, 'utf8')) : {};
const expected = (f) => lastTimes[f] ?? statSync(f).size;
const queue = [...files].sort((a, b) => expected(b) - expected(a));
const times = {};
/** The files' own summaries (ℹ tests, pass, fail…) added up. */
const summary = {};
const started = performance.now();
const reporter = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
const isolated = process.env.TEST_ISOLATION === 'process';

/** Prints a file's report whole (so two files' lines never interleave) and adds up its summary. */
function report(text) {
  process.stdout.write(text);
  for (const [, key, n] of text.matchAll(/ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)/g))
    summary[key] = (summary[key] ?? 0) + Number(n);
}

/** One file in a process of its own; true when it passed. */
function runInProcess(file) {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...loaders, '--test', ...reporter, file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.on('close', (code, signal) => {
      report(out);
      times[file] = performance.now() - t0;
      done(code === 0 && !signal);
    });
  });
}

/** A worker taking files until the queue is empty; true when it ended cleanly (failures show in the summary). */
function runInWorker() {
  const DONE = '\u0000file-done\n';
  const worker = fork('scripts/test-worker.mjs', [], {
    execArgv: [...loaders, ...reporter],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let pending = '';
  worker.stdout.setEncoding('utf8').on('data', (chunk) => {
    pending += chunk;
    for (let i = pending.indexOf(DONE); i >= 0; i = pending.indexOf(DONE)) {
      report(pending.slice(0, i));
      pending = pending.slice(i + DONE.length);
    }
  });
  worker.on('message', (m) => {
    if (m.done) times[m.done] = m.ms;
    if (m.want) worker.send({ file: queue.shift() ?? null });
  });
  return new Promise((done) =>
    worker.on('exit', (code, signal) => {
      report(pending);
      done(code === 0 && !signal);
    }),
  );
}

async function runQueueInProcesses() {
  let ok = true;
  for (let file = queue.shift(); file; file = queue.shift()) ok = (await runInProcess(file)) && ok;
  return ok;
}

// The whole unit suite: the demo templates its files copy are seeded ahead, in a process of their own
// beside the first files (test/seed-templates.ts), in the order files need them, so that a file seldom
// stops to seed one. On PostgreSQL two seeds go side by side, filling each other's round trips.
const seeder =
  mode === 'unit' && filters.length === 0 && process.env.GONGKAI_TEST_SEED !== 'fresh'
    ? new Promise((done) =>
        spawn(process.execPath, [...loaders, 'test/seed-templates.ts'], { stdio: 'inherit' }).on(
          'close',
          (code, signal) => done(code === 0 && !signal),
        ),
      )
    : Promise.resolve(true);

const slots = Array.from({ length: Math.min(concurrency, queue.length) }, () =>
  isolated ? runQueueInProcesses() : runInWorker(),
);
const ok = (await Promise.all(slots)).every(Boolean) && !summary.fail;
const seeded = await seeder;
if (!seeded) console.error('seeding the templates ahead failed (test/seed-templates.ts)');
console.log(
  `\nall files: ${Object.entries(summary)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);

mkdirSync('.tmp', { recursive: true });
writeFileSync(timesFile, JSON.stringify({ ...lastTimes, ...times }, null, 1));
// TEST_DURATIONS=1: each file's time, slowest first.
if (process.env.TEST_DURATIONS === '1') {
  const rows = Object.entries(times).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, ms]) => s + ms, 0);
  console.log(
    `\nper-file time (s), slowest first; ${rows.length} files, ${(total / 1000).toFixed(1)} s in all, ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s wall, ${concurrency} at a time` +
      `${isolated ? ', one process per file' : ' in long-lived workers'}:`,
  );
  for (const [file, ms] of rows) console.log(`${(ms / 1000).toFixed(1).padStart(7)}  ${file}`);
}
if (build) rmSync(build, { recursive: true, force: true });
const missing = files.filter((f) => !(f in times));
if (missing.length) console.error(`not run (a worker stopped early): ${missing.join(', ')}`);
process.exit(ok && seeded && missing.length === 0 ? 0 : 1);
