// Runs the test files through node:test with tsx. `unit` = every *.test.ts(x) under src/ and test/
// except test/browser; `browser` = test/browser. Extra arguments narrow to files containing them.
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
const files = all
  .filter((f) => (mode === 'browser' ? f.startsWith(join('test', 'browser')) : !f.startsWith(join('test', 'browser'))))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? (mode === 'browser' ? '1' : '2');
const res = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/setup.ts', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
