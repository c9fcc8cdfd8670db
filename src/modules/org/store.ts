/** Queries on the orgs table; nothing else touches it. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { OrgTable } from './tables.ts';
import type { Org, OrgKind } from './model.ts';

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

export async function selectAllOrgs(db: Kysely<DB>): Promise<Org[]> {
  const rows = await db.selectFrom('orgs').selectAll().orderBy('sort_order').orderBy('id').execute();
  return rows.map(orgRowToOrg);
}

export async function selectOrg(db: Kysely<DB>, id: number): Promise<Org | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && orgRowToOrg(row);
}

export async function selectOrgByCode(db: Kysely<DB>, code: string): Promise<Org | undefined> {
  const row = await db.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
  return row && orgRowToOrg(row);
}
