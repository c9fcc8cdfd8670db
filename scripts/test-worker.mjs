// One worker of `npm test` (scripts/run-tests.mjs): asks the runner for a test file, runs it in this
// process as one top-level suite named by its path (the file's suites and hooks nest inside it, so a
// file's `after` runs when that file ends), reports its time, and asks for the next. Files share the
// process, so the modules, the compiled schemas and the seeded template are loaded once per worker
// instead of once per file: about 4 s of CPU per file on a 2-core machine.
import { describe } from 'node:test';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Written after each file's report, so the runner prints a file's lines together. */
const DONE = '\u0000file-done';

const next = () =>
  new Promise((done) => {
    process.once('message', (m) => done(m.file ?? null));
    process.send({ want: true });
  });

for (let file = await next(); file; file = await next()) {
  const started = performance.now();
  await describe(file, async () => {
    await import(pathToFileURL(resolve(file)).href);
  });
  process.stdout.write(`${DONE}\n`);
  process.send({ done: file, ms: performance.now() - started });
}
process.disconnect();
