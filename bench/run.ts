/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or those whose name contains an argument)
 * and prints their figures. Benchmarks build their own data in a temporary database; set
 * BENCH_DATABASE_URL=postgres://… to run the database ones on PostgreSQL as well.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
for (const f of files) {
  console.log(`\n## ${f}`);
  const mod = await import(pathToFileURL(join(here, f)).href);
  await mod.default();
}
