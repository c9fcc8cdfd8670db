// The formatting step of `npm run lint`: `prettier --check` over the files `npm run format` writes
// (.prettierrc.json). `npm run lint:format` runs the check alone; `npm run format` fixes what it finds.
import { spawnSync } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const res = spawnSync(npm, ['run', '--silent', 'lint:format'], { stdio: 'inherit' });
if (res.status !== 0) {
  console.error('formatting differs from prettier (.prettierrc.json): run `npm run format`');
  process.exit(res.status ?? 1);
}
