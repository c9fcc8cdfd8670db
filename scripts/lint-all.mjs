// `npm run lint`: the type check (incremental), the format check and the project's own checks, two at a
// time (on two cores), each taking the next step when it finishes one, in this order: the longest
// first, so that the type check and the format check, each 20–40 s without their records in
// node_modules/.cache, run side by side (with them, 8–12 s and under a second). Each step's output is
// printed whole when the step ends, so the steps never interleave; the lint fails when any step fails,
// and every step runs.
import { spawn } from 'node:child_process';

const TSBUILDINFO = 'node_modules/.cache/gongkai/tsc.tsbuildinfo';
const STEPS = [
  // Incremental: what an earlier check found about unchanged files is kept in node_modules/.cache.
  ['npx', 'tsc', '--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', TSBUILDINFO],
  ['node', 'scripts/lint-format.mjs'],
  ['npx', 'tsx', 'scripts/lint-openapi.ts'],
  ['node', 'scripts/lint-shape.mjs'],
  ['node', 'scripts/lint.mjs'],
];
const PARALLEL = 2;

/**
 * The steps that load the app, and with it the native addons (better-sqlite3). On a fresh install
 * .ci/run builds those beside the other steps (`--no-app`: about a minute of one core that the type
 * check and the format check fill) and runs these (`--app`) once they are built.
 */
const LOADS_APP = new Set(['scripts/lint-openapi.ts']);
const part = process.argv.includes('--app') ? true : process.argv.includes('--no-app') ? false : undefined;
const queue = STEPS.filter((step) => part === undefined || LOADS_APP.has(step.at(-1)) === part);

/** Runs a command, its stdout and stderr kept together; resolves with its exit code and output. */
function run([cmd, ...args]) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (out += s));
    child.on('error', (e) => resolve({ code: 1, out: `${out}${e.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Takes steps off the queue until it is empty; true when every step it ran passed. */
async function runner() {
  let ok = true;
  for (let step = queue.shift(); step; step = queue.shift()) {
    const t0 = performance.now();
    const { code, out } = await run(step);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    process.stdout.write(`> ${step.join(' ')} (${seconds} s${code ? `, exit ${code}` : ''})\n${out}`);
    ok &&= code === 0;
  }
  return ok;
}

const results = await Promise.all(Array.from({ length: PARALLEL }, runner));
process.exit(results.every(Boolean) ? 0 : 1);
