import type { Kysely } from 'kysely';
import { withId } from '../schema.ts';

/**
 * Security controls (issue 10): password history and age, the recent-authentication time and the
 * pending second factor of a session, staff TOTP. Personal data at rest is converted to its sealed
 * form at start (each module's `sealPersonalData`, registry.ts): the key comes from configuration,
 * which a migration does not see; the columns stay text (a sealed value names its key and cipher).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_changed_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled_at', 'text').execute();
  await db
    .updateTable('users')
    .set((eb) => ({ password_changed_at: eb.ref('created_at') }))
    .execute();

  await withId(db, db.schema.createTable('password_history'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_history_user')
    .on('password_history')
    .columns(['user_id', 'id'])
    .execute();

  await db.schema.alterTable('sessions').addColumn('auth_at', 'text').execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('mfa_pending', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .updateTable('sessions')
    .set((eb) => ({ auth_at: eb.ref('created_at') }))
    .execute();
}
