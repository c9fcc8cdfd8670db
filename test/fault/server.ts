/**
 * The real server as a child process for the fault tests: a free port, start on a test database,
 * wait until it answers, API tokens made by the CLI.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appProcessArgs, freePort, TEST_ENV, type TestDb } from '../helpers.ts';

export { freePort };

export function serverEnv(
  db: Pick<TestDb, 'dataDir' | 'url' | 'schema'>,
  port: number,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    ...(db.schema ? { DATABASE_SCHEMA: db.schema } : {}),
    SEED_DEMO: '1',
    JOBS: '0',
    ...TEST_ENV, // the same personal-data key as the test apps that wrote the database
    ...extra,
  };
}

export function startServer(env: NodeJS.ProcessEnv, stderr: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  return spawn(process.execPath, appProcessArgs('main'), {
    env,
    stdio: ['ignore', 'ignore', stderr],
  });
}

export async function waitUp(base: string, child: ChildProcess, path = '/healthz'): Promise<void> {
  const deadline = Date.now() + 120_000; // generous: CI machines are shared
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}${path}`)).ok) return;
    } catch {
      /* not yet listening */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start within 120 s');
}

export async function stop(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

/** `Authorization` header with a fresh API token for a demo user (made by `gongkai token create`). */
export async function cliToken(env: NodeJS.ProcessEnv, user: string): Promise<Record<string, string>> {
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn(
      process.execPath,
      appProcessArgs('cli', 'token', 'create', '--user', user, '--name', 'fault'),
      { env },
    );
    let s = '';
    p.stdout.on('data', (d) => (s += d));
    p.on('exit', (c) => (c === 0 ? resolve(s.trim()) : reject(new Error(`token for ${user}: exit ${c}`))));
  });
  return { authorization: `Bearer ${out}` };
}
