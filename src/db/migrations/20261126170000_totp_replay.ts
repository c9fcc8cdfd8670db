import type { Kysely } from 'kysely';

/**
 * TOTP replay: the time step (30-second counter) of the last code a user signed in or re-authenticated
 * with; a code is accepted only for a later step, so one code works once (auth/service.ts `useCode`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
}
