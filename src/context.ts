/**
 * What every use case receives: the database, the config, the clock and a logger. Built once by
 * buildApp (or the CLI) and passed down explicitly — no global singletons.
 */
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Engine } from './db/index.ts';
import type { DB } from './db/types.ts';
import type { Clock } from './lib/time.ts';
import type { Role } from './modules/auth/permissions.ts';
import type { GongkaiModule } from './modules/registry.ts';

export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

export interface AppContext {
  db: Kysely<DB>;
  engine: Engine;
  config: Config;
  clock: Clock;
  log: Logger;
  /**
   * The app's modules (modules/index.ts), for use cases that reach every module — the calendar's
   * onCalendarChanged hooks, the back-office panels, `gongkai jobs run` — without importing the list
   * (that import would be a cycle).
   */
  modules: readonly GongkaiModule[];
}

/** A signed-in member of staff (session or API token). */
export interface UserActor {
  kind: 'user';
  id: number;
  username: string;
  displayName: string;
  orgId: number;
  roles: Role[];
  ip: string | null;
  /** Signed in through a session: when the password was last entered (sensitive actions need it recent). Absent for API tokens. */
  authAt?: string | null;
  /** The password is older than the policy allows: the back office asks for a new one first. */
  passwordExpired?: boolean;
}

/** Who did something: staff, a member of the public, or the system itself (jobs, CLI). */
export type Actor =
  UserActor | { kind: 'public'; ip: string | null } | { kind: 'system'; name: string; ip: null };

export const publicActor = (ip: string | null = null): Actor => ({ kind: 'public', ip });
export const systemActor = (name: string): Actor => ({ kind: 'system', name, ip: null });

/** Display name for audit records and histories. */
export function actorName(actor: Actor): string {
  if (actor.kind === 'user') return `${actor.displayName}（${actor.username}）`;
  if (actor.kind === 'public') return '公众';
  return `系统：${actor.name}`;
}
