// Writes the OpenAPI document of `/api/v1` (the same as `/api/docs/json`) to a file, from the app built
// in-process over an empty SQLite database in a temporary folder: `npx tsx scripts/openapi.ts [OUT]`
// (default: stdout). `npm run lint` lints what it writes (scripts/lint-openapi.mjs, redocly.yaml).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'gk-openapi-'));
const app = await buildApp({
  config: loadConfig({ DATA_DIR: dir, SEED_DEMO: '0', JOBS: '0', LOG_LEVEL: 'silent' }),
  logger: false,
});
await app.ready();
const text = JSON.stringify(app.swagger(), null, 2) + '\n';
await app.close();
rmSync(dir, { recursive: true, force: true });
if (process.argv[2]) writeFileSync(process.argv[2], text);
else process.stdout.write(text);
