// A node:test reporter that prints, at the end, each test file's time (the sum of its top-level
// tests and suites, hooks included) slowest first, and their total: `TEST_DURATIONS=1 npm test`.
import { relative } from 'node:path';

export default async function* durations(source) {
  const files = new Map();
  for await (const event of source) {
    if (
      (event.type === 'test:pass' || event.type === 'test:fail') &&
      event.data.nesting === 0 &&
      event.data.file
    ) {
      const file = relative(process.cwd(), event.data.file);
      files.set(file, (files.get(file) ?? 0) + (event.data.details?.duration_ms ?? 0));
    }
  }
  const rows = [...files].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((s, [, ms]) => s + ms, 0);
  yield `\nper-file time (s), slowest first; ${rows.length} files, ${(total / 1000).toFixed(1)} s in all:\n`;
  for (const [file, ms] of rows) yield `${(ms / 1000).toFixed(1).padStart(7)}  ${file}\n`;
}
