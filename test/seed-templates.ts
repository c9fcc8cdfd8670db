/**
 * Seeds the unit suite's demo templates ahead (test/helpers.ts `prepareTemplates`): started by
 * scripts/run-tests.mjs beside the first test files when the whole unit suite runs.
 */
import { prepareTemplates } from './helpers.ts';

await prepareTemplates();
