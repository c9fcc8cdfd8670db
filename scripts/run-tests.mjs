// Runs the test files through node:test with tsx. `unit` = every *.test.ts(x) under src/ and test/
// except test/browser and test/fault; `browser` = test/browser; `fault` = test/fault (real server
// processes killed, storage made full or read-only, PostgreSQL restarted: run alone, one at a time).
// Extra arguments narrow to files containing them.
//
// `unit` and `browser` run the files in TEST_CONCURRENCY (default 2) long-lived worker processes
// (scripts/test-worker.mjs), each taking the next file when it finishes one, slowest first by the
// last run's times (.tmp/test-durations.json) or else by size: the app's modules and compiled
// schemas load once per worker, not once per file. TEST_ISOLATION=process gives every file its own
// process (node --test), as `fault` always does.
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
const concurrency = Number(process.env.TEST_CONCURRENCY ?? (mode === 'fault' ? '1' : '2'));
const loaders = ['--import', 'tsx', '--import', './test/setup.ts'];
// TEST_DURATIONS=1: after the run, each file's time, slowest first.
const showDurations = process.env.TEST_DURATIONS === '1';

if (mode === 'fault' || process.env.TEST_ISOLATION === 'process') {
  const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
  if (showDurations)
    reporters.push('--test-reporter=./scripts/test-durations.mjs', '--test-reporter-destination=stdout');
  const res = spawnSync(
    process.execPath,
    [...loaders, '--test', `--test-concurrency=${concurrency}`, ...reporters, ...files],
    { stdio: 'inherit' },
  );
  process.exit(res.status ?? 1);
}

const timesFile = join('.tmp', `test-durations-${mode}.json`);
const lastTimes = existsSync(timesFile) ? JSON.parse(readFileSync(timesFile, 'utf8')) : {};
const expected = (f) => lastTimes[f] ?? statSync(f).size;
const queue = [...files].sort((a, b) => expected(b) - expected(a));
const times = {};
const DONE = '\u0000file-done\n';
const started = performance.now();

const exits = Array.from({ length: Math.min(concurrency, queue.length) }, () => {
  const worker = fork('scripts/test-worker.mjs', [], {
    execArgv: [...loaders, '--test-reporter=spec', '--test-reporter-destination=stdout'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // A file's report is printed whole, when the file ends, so two workers' lines never interleave.
  let pending = '';
  worker.stdout.setEncoding('utf8');
  worker.stdout.on('data', (chunk) => {
    pending += chunk;
    for (let i = pending.indexOf(DONE); i >= 0; i = pending.indexOf(DONE)) {
      process.stdout.write(pending.slice(0, i));
      pending = pending.slice(i + DONE.length);
    }
  });
  worker.on('message', (m) => {
    if (m.done) times[m.done] = m.ms;
    if (m.want) worker.send({ file: queue.shift() ?? null });
  });
  return new Promise((done) =>
    worker.on('exit', (code, signal) => {
      process.stdout.write(pending);
      for (const [, key, n] of pending.matchAll(/ℹ (tests|pass|fail|cancelled|skipped|todo) (\d+)/g))
        summary[key] = (summary[key] ?? 0) + Number(n);
      done(code === 0 && !signal);
    }),
  );
});
/** The workers' own summaries (ℹ tests, pass, fail…) added up. */
const summary = {};
const ok = (await Promise.all(exits)).every(Boolean);
console.log(
  `\nall workers: ${Object.entries(summary)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);

mkdirSync('.tmp', { recursive: true });
writeFileSync(timesFile, JSON.stringify({ ...lastTimes, ...times }, null, 1));
if (showDurations) {
  const rows = Object.entries(times).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, ms]) => s + ms, 0);
  console.log(
    `\nper-file time (s), slowest first; ${rows.length} files, ${(total / 1000).toFixed(1)} s in all, ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s wall on ${concurrency} workers:`,
  );
  for (const [file, ms] of rows) console.log(`${(ms / 1000).toFixed(1).padStart(7)}  ${file}`);
}
const missing = files.filter((f) => !(f in times));
if (missing.length) console.error(`not run (a worker stopped early): ${missing.join(', ')}`);
process.exit(ok && missing.length === 0 ? 0 : 1);
