// Project invariants that the type checker does not see (run by `npm run lint` after tsc):
// - services and models take time from ctx.clock, never `new Date()` without an argument;
// - no focused or skipped tests (`.only(`, `.skip(`, `{ skip`), which would pass off missing coverage;
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const problems = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name)) check(p, readFileSync(p, 'utf8'));
  }
}
function check(path, text) {
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = `${path}:${i + 1}`;
    if (/(service|model)\.tsx?$/.test(path) && /new Date\(\)/.test(line)) problems.push(`${at}: use ctx.clock.now(), not new Date()`);
    if (/\.test\.tsx?$/.test(path) && /\b(it|test|describe)\.(only|skip)\(|\{\s*skip\s*:/.test(line)) problems.push(`${at}: focused or skipped test`);
  });
}
walk('src');
walk('test');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('lint: ok');
