/**
 * Configuration: environment variables → one typed, validated object, read once at boot and shared by
 * the server and the CLI. Every variable is documented in README.md.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface SmtpConfig {
  host: string;
  port: number;
  from: string;
  user?: string;
  password?: string;
}

export interface Config {
  /** TCP port of the HTTP server (`PORT`, default 3000). */
  port: number;
  /** Listen address (`HOST`, default `::`: dual-stack, IPv4 and IPv6 clients both work). */
  host: string;
  /** `postgres://…` for PostgreSQL; a file path or `sqlite:PATH` for SQLite (`DATABASE_URL`). */
  databaseUrl: string;
  /** PostgreSQL schema to use (`DATABASE_SCHEMA`); tests give each run its own. */
  databaseSchema?: string;
  /** Folder for the SQLite file, uploads and the generated session secret (`DATA_DIR`, default `data`). */
  dataDir: string;
  /** Secret that signs cookies (`SESSION_SECRET`; generated into `DATA_DIR/session-secret` when absent). */
  sessionSecret: string;
  /** Mark cookies `Secure` (`COOKIE_SECURE=1`; set it when served behind TLS). */
  secureCookies: boolean;
  /** Seed the demo district on first start (`SEED_DEMO`, default on; `0` turns it off). */
  seedDemo: boolean;
  /** Run scheduled jobs in this process (`JOBS`, default on; `0` for a web-only process). */
  jobsEnabled: boolean;
  /** pino log level (`LOG_LEVEL`, default `info`). */
  logLevel: string;
  /** Public base URL used in feeds, letters and e-mails (`PUBLIC_URL`, default `http://localhost:PORT`). */
  publicUrl: string;
  /** Outgoing mail for reminders (`SMTP_HOST`, `SMTP_PORT`, `SMTP_FROM`, `SMTP_USER`, `SMTP_PASSWORD`); absent = in-app inbox only. */
  smtp?: SmtpConfig;
}

export class ConfigError extends Error {}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  throw new ConfigError(`配置项取值无效：${value}（应为 1 或 0）`);
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} 不是有效端口：${value}`);
  return n;
}

/** Reads the secret from the environment, else from `dataDir/session-secret`, creating it once. */
function sessionSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.SESSION_SECRET) {
    if (env.SESSION_SECRET.length < 32) throw new ConfigError('SESSION_SECRET 至少需要 32 个字符');
    return env.SESSION_SECRET;
  }
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** Builds the configuration from environment variables; throws ConfigError with a Chinese message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || 'data');
  mkdirSync(dataDir, { recursive: true });
  const p = port(env.PORT, 3000, 'PORT');
  const databaseUrl = env.DATABASE_URL || `sqlite:${join(dataDir, 'gongkai.db')}`;
  const smtp = env.SMTP_HOST
    ? {
        host: env.SMTP_HOST,
        port: port(env.SMTP_PORT, 25, 'SMTP_PORT'),
        from: env.SMTP_FROM || 'gongkai@localhost',
        user: env.SMTP_USER,
        password: env.SMTP_PASSWORD,
      }
    : undefined;
  return {
    port: p,
    host: env.HOST || '::',
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    dataDir,
    sessionSecret: sessionSecret(env, dataDir),
    secureCookies: flag(env.COOKIE_SECURE, false),
    seedDemo: flag(env.SEED_DEMO, true),
    jobsEnabled: flag(env.JOBS, true),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${p}`).replace(/\/$/, ''),
    smtp,
  };
}
