// Project invariants that the type checker does not see (run by `npm run lint` after tsc):
// - services and models take time from ctx.clock, never `new Date()` without an argument;
// - no focused or skipped tests (`.only(`, `.skip(`, `{ skip`), which would pass off missing coverage;
// - every `assert.ok(x)` / `assert(x)` in tests has a message: without one, a failing assertion makes
//   Node re-read and parse the TypeScript file to quote the expression, which takes over a minute in a
//   large test file under tsx and looks like a hang.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

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
    if (/(service|model)\.tsx?$/.test(path) && /new Date\(\)/.test(line))
      problems.push(`${at}: use ctx.clock.now(), not new Date()`);
    if (/\.test\.tsx?$/.test(path) && /\b(it|test|describe)\.(only|skip)\(|\{\s*skip\s*:/.test(line))
      problems.push(`${at}: focused or skipped test`);
  });
  if (/\.test\.tsx?$/.test(path) || path.startsWith('test')) {
    const source = ts.createSourceFile(
      path,
      text,
      ts.ScriptTarget.Latest,
      true,
      path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (node) => {
      if (ts.isCallExpression(node) && node.arguments.length === 1 && isAssertOk(node.expression)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        problems.push(
          `${path}:${line + 1}: give assert.ok a message (a failing one without it stalls for a minute under tsx)`,
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}
const isAssertOk = (callee) =>
  (ts.isIdentifier(callee) && callee.text === 'assert') ||
  (ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'assert' &&
    callee.name.text === 'ok');
walk('src');
walk('test');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('lint: ok');
