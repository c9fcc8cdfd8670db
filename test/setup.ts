// Loaded before every test file. In CI (CI=true) fast-check runs with a fixed seed so a submission
// is judged on the same inputs each time; locally every run draws new seeds (set FC_SEED to replay).
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20221231' : undefined);
if (seed) fc.configureGlobal({ seed: Number(seed) });
