// Runs the test files through node:test with tsx. `unit` = every *.test.ts(x) under src/ and test/
// except test/browser and test/fault; `browser` = test/browser; `fault` = test/fault (real server
// processes killed, storage made full or read-only, PostgreSQL restarted: run alone, one at a time).
// Extra arguments narrow to files containing them.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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
const concurrency = process.env.TEST_CONCURRENCY ?? (mode === 'unit' ? '2' : '1');
// TEST_DURATIONS=1: after the run, each file's time, slowest first (scripts/test-durations.mjs).
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.TEST_DURATIONS === '1')
  reporters.push('--test-reporter=./scripts/test-durations.mjs', '--test-reporter-destination=stdout');
const res = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--import',
    './test/setup.ts',
    '--test',
    `--test-concurrency=${concurrency}`,
    ...reporters,
    ...files,
  ],
  {
    stdio: 'inherit',
  },
);
process.exit(res.status ?? 1);
