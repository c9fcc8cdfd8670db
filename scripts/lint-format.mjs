// The formatting step of `npm run lint`: `prettier --check` over the files `npm run format` writes
// (.prettierrc.json), run when LINT_FORMAT=1. Off by default until the codebase has been formatted
// once (`npm run format`, a single commit after the open branches are merged); then make it
// unconditional here. `npm run lint:format` runs the check alone.
import { spawnSync } from 'node:child_process';

if (process.env.LINT_FORMAT === '1') {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['run', '--silent', 'lint:format'], { stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('formatting differs from prettier (.prettierrc.json): run `npm run format`');
    process.exit(res.status ?? 1);
  }
}
