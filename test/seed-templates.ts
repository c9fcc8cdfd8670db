/**
 * Seeds the demo templates ahead (test/helpers.ts `prepareTemplates`): started by
 * scripts/run-tests.mjs beside the first test files when the whole unit suite runs, and by .ci/run
 * with `--all` (the browser and fault suites' `'now'` too) for PostgreSQL while better-sqlite3 builds.
 */
import { prepareTemplates } from './helpers.ts';

await prepareTemplates(process.argv.includes('--all') ? 'all' : 'unit');
