import type { Kysely } from 'kysely';

/**
 * The org as a legal body and as an FOI desk: where and how applications are received
 * (受理地址, 邮编, 电话, 传真, 办公时间), the pattern of its letters' 文号, and an optional
 * 复议机关 the office names for it (rules.md §2; otherwise derived from the org tree).
 * Null = not entered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of [
    'foi_address',
    'foi_postcode',
    'foi_phone',
    'foi_fax',
    'foi_hours',
    'letter_number_pattern',
    'review_body',
  ]) {
    await db.schema.alterTable('orgs').addColumn(column, 'text').execute();
  }
}
