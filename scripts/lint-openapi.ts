// `npm run lint` step: builds the app in-process over an empty SQLite database in a temporary folder,
// takes its OpenAPI document (the same as /api/docs/json) and lints it with @redocly/openapi-core under
// redocly.yaml. Any error fails; warnings are printed (each rule turned down is justified in redocly.yaml).
import { formatProblems, getTotals, lint, loadConfig } from '@redocly/openapi-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig as loadAppConfig } from '../src/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'gk-openapi-lint-'));
try {
  const app = await buildApp({
    config: loadAppConfig({ DATA_DIR: dir, SEED_DEMO: '0', JOBS: '0', LOG_LEVEL: 'silent' }),
    logger: false,
  });
  await app.ready();
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(app.swagger(), null, 2));
  await app.close();
  const config = await loadConfig({ configPath: new URL('../redocly.yaml', import.meta.url).pathname });
  const problems = await lint({ ref: file, config });
  const totals = getTotals(problems);
  if (problems.length) formatProblems(problems, { format: 'stylish', totals, version: 'openapi-core' });
  console.log(`openapi lint: ${totals.errors} errors, ${totals.warnings} warnings`);
  if (totals.errors > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
