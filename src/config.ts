/**
 * Configuration: environment variables → one typed, validated object, read once at boot and shared by
 * the server and the CLI. Every variable is documented in README.md.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatKeys, newDataKey, parseKeys, type Keyring } from './lib/datakeys.ts';

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
  /** How often this process looks for due jobs (`JOBS_TICK_SECONDS`, default 15). */
  jobsTickSeconds: number;
  /** pino log level (`LOG_LEVEL`, default `info`). */
  logLevel: string;
  /** Public base URL used in feeds, letters and e-mails (`PUBLIC_URL`, default `http://localhost:PORT`). */
  publicUrl: string;
  /** Outgoing mail for reminders (`SMTP_HOST`, `SMTP_PORT`, `SMTP_FROM`, `SMTP_USER`, `SMTP_PASSWORD`); absent = in-app inbox only. */
  smtp?: SmtpConfig;
  /** Bearer token for `/metrics` (`METRICS_TOKEN`); absent = only direct loopback clients may read it. */
  metricsToken?: string;
  /** Where `gongkai backup` writes when no `--out` is given (`BACKUP_DIR`, default `backups`). */
  backupDir: string;
  /** Password policy (`PASSWORD_MIN_LENGTH` 10, `PASSWORD_MIN_CLASSES` 3 of lower/upper/digit/symbol, `PASSWORD_HISTORY` 5, `PASSWORD_MAX_AGE_DAYS` 90, 0 = never). */
  passwordPolicy: PasswordPolicy;
  /** Minutes since the last password entry within which sensitive actions need no re-authentication (`REAUTH_MINUTES`, default 15). */
  reauthMinutes: number;
  /** Audit records are kept at least this many days (`AUDIT_RETENTION_DAYS`, default and minimum 180: 网络安全法第二十一条). */
  auditRetentionDays: number;
  /** Keys that encrypt personal data at rest (`GONGKAI_DATA_KEY`; generated into `DATA_DIR/data-keys` when absent, with a warning). */
  dataKeys: Keyring;
  /** Every form and write (POST/PUT/PATCH/DELETE) is rate-limited per client address (`RATE_LIMIT_WRITES`, per minute, default 300); public forms have tighter limits of their own. */
  writeRateLimit: number;
  /** Anonymous portal pages are kept rendered at most this many seconds (`PAGE_CACHE_SECONDS`, default 10, 0 = off); a write in this process drops them at once. */
  pageCacheSeconds: number;
  /** Webhook subscribers may point at loopback and private addresses (`WEBHOOK_ALLOW_PRIVATE=1`; default off: an SSRF guard, modules/webhooks). */
  webhookAllowPrivate: boolean;
  /** Serve many sites from one PostgreSQL, chosen by host name (`PLATFORM=1`; src/platform, docs/modules/sites.md). */
  platform: boolean;
  /** Schema of the platform's site registry (`PLATFORM_SCHEMA`, default `platform`); each site's schema is named `<this>_<site code>`. */
  platformSchema: string;
  /** Database connections per site and process in platform mode (`SITE_POOL_MAX`, default 3; idle ones close after 10 s). */
  sitePoolMax: number;
  /** Where rate-limit counters live (`RATE_LIMIT_STORE`: `database`, the default on PostgreSQL, holds across processes; `memory`, the default on SQLite). */
  rateLimitStore: 'memory' | 'database';
}

export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
  history: number;
  maxAgeDays: number;
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

function int(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} 应为 ${min}–${max} 的整数：${value}`);
  return n;
}

/** The personal-data keys: from `GONGKAI_DATA_KEY`, else `dataDir/data-keys` (created once, for demo and development). */
export function dataKeys(env: NodeJS.ProcessEnv, dataDir: string): Keyring {
  const fromSpec = (spec: string, source: 'env' | 'file', name: string): Keyring => {
    try {
      const keys = parseKeys(spec);
      return { current: keys[0], keys, source };
    } catch (e) {
      throw new ConfigError(`${name} 无效：${(e as Error).message}`);
    }
  };
  if (env.GONGKAI_DATA_KEY) return fromSpec(env.GONGKAI_DATA_KEY, 'env', 'GONGKAI_DATA_KEY');
  const file = dataKeyFile(dataDir);
  if (!existsSync(file)) writeFileSync(file, formatKeys([newDataKey()]) + '\n', { mode: 0o600 });
  return fromSpec(readFileSync(file, 'utf8').trim(), 'file', file);
}

/** A PostgreSQL schema name we create ourselves: lower-case letters, digits, underscores. */
function schemaName(value: string, name: string): string {
  if (!/^[a-z][a-z0-9_]{0,39}$/.test(value))
    throw new ConfigError(
      `${name} 无效：${value}（应为小写字母开头的小写字母、数字、下划线，至多 40 个字符）`,
    );
  return value;
}

function rateLimitStore(value: string | undefined, databaseUrl: string): 'memory' | 'database' {
  if (!value) return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'database' : 'memory';
  if (value === 'memory' || value === 'database') return value;
  throw new ConfigError(`RATE_LIMIT_STORE 取值无效：${value}（应为 database 或 memory）`);
}

export const dataKeyFile = (dataDir: string) => join(dataDir, 'data-keys');

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
    jobsTickSeconds: int(env.JOBS_TICK_SECONDS, 15, 'JOBS_TICK_SECONDS', 1, 3600),
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl: (env.PUBLIC_URL || `http://localhost:${p}`).replace(/\/$/, ''),
    smtp,
    metricsToken: env.METRICS_TOKEN || undefined,
    backupDir: resolve(env.BACKUP_DIR || 'backups'),
    passwordPolicy: {
      minLength: int(env.PASSWORD_MIN_LENGTH, 10, 'PASSWORD_MIN_LENGTH', 8, 64),
      minClasses: int(env.PASSWORD_MIN_CLASSES, 3, 'PASSWORD_MIN_CLASSES', 1, 4),
      history: int(env.PASSWORD_HISTORY, 5, 'PASSWORD_HISTORY', 0, 24),
      maxAgeDays: int(env.PASSWORD_MAX_AGE_DAYS, 90, 'PASSWORD_MAX_AGE_DAYS', 0, 3650),
    },
    reauthMinutes: int(env.REAUTH_MINUTES, 15, 'REAUTH_MINUTES', 1, 720),
    // 网络安全法第二十一条: network logs are kept no less than six months; never configurable below 180 days.
    auditRetentionDays: int(
      env.AUDIT_RETENTION_DAYS,
      180,
      'AUDIT_RETENTION_DAYS（不得少于 180 天）',
      180,
      36500,
    ),
    dataKeys: dataKeys(env, dataDir),
    writeRateLimit: int(env.RATE_LIMIT_WRITES, 300, 'RATE_LIMIT_WRITES', 1, 1_000_000),
    pageCacheSeconds: int(env.PAGE_CACHE_SECONDS, 10, 'PAGE_CACHE_SECONDS', 0, 3600),
    webhookAllowPrivate: flag(env.WEBHOOK_ALLOW_PRIVATE, false),
    platform: flag(env.PLATFORM, false),
    platformSchema: schemaName(env.PLATFORM_SCHEMA || 'platform', 'PLATFORM_SCHEMA'),
    sitePoolMax: int(env.SITE_POOL_MAX, 3, 'SITE_POOL_MAX', 1, 50),
    rateLimitStore: rateLimitStore(env.RATE_LIMIT_STORE, databaseUrl),
  };
}
