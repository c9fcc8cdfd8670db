/** Queries on the orgs table; nothing else touches it. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { OrgTable } from './tables.ts';
import type { Org, OrgInput, OrgKind } from './model.ts';

/** Maps an orgs row to the domain type. */
export function orgRowToOrg(r: Selectable<OrgTable>): Org {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    code: r.code,
    kind: r.kind as OrgKind,
    parentId: r.parent_id,
    aliases: JSON.parse(r.aliases),
    sortOrder: r.sort_order,
    isSample: r.is_sample === 1,
    foiDesk: {
      address: r.foi_address ?? '',
      postcode: r.foi_postcode ?? '',
      phone: r.foi_phone ?? '',
      fax: r.foi_fax ?? '',
      hours: r.foi_hours ?? '',
    },
    letterNumberPattern: r.letter_number_pattern ?? '',
    reviewBody: r.review_body ?? '',
  };
}

/** Every org, in tree order (sort order, then id). */
export async function selectAllOrgs(db: Kysely<DB>): Promise<Org[]> {
  const rows = await db.selectFrom('orgs').selectAll().orderBy('sort_order').orderBy('id').execute();
  return rows.map(orgRowToOrg);
}

/** One org by id. */
export async function selectOrg(db: Kysely<DB>, id: number): Promise<Org | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && orgRowToOrg(row);
}

/** One org by its code. */
export async function selectOrgByCode(db: Kysely<DB>, code: string): Promise<Org | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
  return row && orgRowToOrg(row);
}

const orNull = (s: string | undefined) => s?.trim() || null;

/** The columns an org input sets (names trimmed, empty desk fields null). */
function orgValues(input: OrgInput) {
  return {
    name: input.name.trim(),
    short_name: input.shortName.trim(),
    code: input.code,
    kind: input.kind,
    parent_id: input.parentId,
    aliases: JSON.stringify(input.aliases ?? []),
    sort_order: input.sortOrder ?? 0,
    is_sample: input.isSample ? 1 : 0,
    foi_address: orNull(input.foiDesk?.address),
    foi_postcode: orNull(input.foiDesk?.postcode),
    foi_phone: orNull(input.foiDesk?.phone),
    foi_fax: orNull(input.foiDesk?.fax),
    foi_hours: orNull(input.foiDesk?.hours),
    letter_number_pattern: orNull(input.letterNumberPattern),
    review_body: orNull(input.reviewBody),
  };
}

/** Adds an org row; returns its id. */
export async function insertOrg(db: Kysely<DB>, input: OrgInput, now: string): Promise<number> {
  const { id } = await db
    .insertInto('orgs')
    .values({ ...orgValues(input), created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Replaces an org row's fields. */
export async function updateOrgRow(db: Kysely<DB>, id: number, input: OrgInput, now: string): Promise<void> {
  await db
    .updateTable('orgs')
    .set({ ...orgValues(input), updated_at: now })
    .where('id', '=', id)
    .execute();
}
