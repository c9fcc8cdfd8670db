/** Queries on the media tables; nothing else touches them. */
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type {
  MediaAccountTable,
  MediaCheckTable,
  MediaFilingDocumentTable,
  MediaFilingTable,
} from './tables.ts';
import type {
  AccountFields,
  AccountStatus,
  FilingKind,
  FilingStatus,
  Level,
  MediaAccount,
  Platform,
} from './model.ts';

export function accountRowToAccount(r: Selectable<MediaAccountTable>): MediaAccount {
  return {
    id: r.id,
    platform: r.platform as Platform,
    accountName: r.account_name,
    platformAccountId: r.platform_account_id,
    orgId: r.org_id,
    operator: r.operator,
    responsiblePerson: r.responsible_person,
    level: r.level as Level,
    status: r.status as AccountStatus,
    lastUpdateDate: r.last_update_date,
    interactionOk: r.interaction_ok == null ? null : r.interaction_ok === 1,
    checkedOn: r.checked_on,
    isSample: r.is_sample === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface MediaFiling {
  id: number;
  kind: FilingKind;
  accountId: number | null;
  orgId: number;
  fields: Partial<AccountFields>;
  note: string;
  status: FilingStatus;
  submittedBy: string;
  submittedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export function filingRowToFiling(r: Selectable<MediaFilingTable>): MediaFiling {
  return {
    id: r.id,
    kind: r.kind as FilingKind,
    accountId: r.account_id,
    orgId: r.org_id,
    fields: JSON.parse(r.payload),
    note: r.note,
    status: r.status as FilingStatus,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
  };
}

export function accountValues(f: AccountFields) {
  return {
    platform: f.platform,
    account_name: f.accountName.trim(),
    platform_account_id: f.platformAccountId.trim(),
    org_id: f.orgId,
    operator: f.operator.trim(),
    responsible_person: f.responsiblePerson.trim(),
    level: f.level,
  };
}

export async function selectAccount(db: Kysely<DB>, id: number): Promise<MediaAccount | undefined> {
  const r = await db.selectFrom('media_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return r && accountRowToAccount(r);
}

export async function selectAccountByPlatformId(
  db: Kysely<DB>,
  platform: string,
  platformAccountId: string,
): Promise<MediaAccount | undefined> {
  const r = await db
    .selectFrom('media_accounts')
    .selectAll()
    .where('platform', '=', platform)
    .where('platform_account_id', '=', platformAccountId.trim())
    .executeTakeFirst();
  return r && accountRowToAccount(r);
}

export async function selectAccounts(
  db: Kysely<DB>,
  f: { orgIds?: number[]; status?: AccountStatus; platform?: string; q?: string },
): Promise<MediaAccount[]> {
  let q = db.selectFrom('media_accounts').selectAll();
  if (f.orgIds) q = f.orgIds.length ? q.where('org_id', 'in', f.orgIds) : q.where('id', '=', -1);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.platform) q = q.where('platform', '=', f.platform);
  const rows = await q.orderBy('level').orderBy('org_id').orderBy('platform').orderBy('id').execute();
  // Substring search in JS: the registry is hundreds of rows, and LIKE escaping differs by engine.
  const needle = f.q?.trim().toLowerCase();
  return rows
    .map(accountRowToAccount)
    .filter(
      (a) =>
        !needle ||
        a.accountName.toLowerCase().includes(needle) ||
        a.platformAccountId.toLowerCase().includes(needle),
    );
}

export async function selectFiling(db: Kysely<DB>, id: number): Promise<MediaFiling | undefined> {
  const r = await db.selectFrom('media_filings').selectAll().where('id', '=', id).executeTakeFirst();
  return r && filingRowToFiling(r);
}

export async function selectFilings(
  db: Kysely<DB>,
  f: { orgIds?: number[]; status?: string; accountId?: number },
): Promise<MediaFiling[]> {
  let q = db.selectFrom('media_filings').selectAll();
  if (f.orgIds) q = f.orgIds.length ? q.where('org_id', 'in', f.orgIds) : q.where('id', '=', -1);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.accountId) q = q.where('account_id', '=', f.accountId);
  return (await q.orderBy('id', 'desc').limit(500).execute()).map(filingRowToFiling);
}

export interface FilingDocument {
  id: number;
  filingId: number;
  fileName: string;
  storedName: string;
  mime: string;
  size: number;
  uploadedBy: string;
  uploadedAt: string;
}

export async function selectDocuments(db: Kysely<DB>, filingId: number): Promise<FilingDocument[]> {
  const rows = await db
    .selectFrom('media_filing_documents')
    .selectAll()
    .where('filing_id', '=', filingId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    filingId: r.filing_id,
    fileName: r.file_name,
    storedName: r.stored_name,
    mime: r.mime,
    size: r.size,
    uploadedBy: r.uploaded_by,
    uploadedAt: r.uploaded_at,
  }));
}

export async function selectDocument(db: Kysely<DB>, id: number): Promise<FilingDocument | undefined> {
  const r = await db.selectFrom('media_filing_documents').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    r && {
      id: r.id,
      filingId: r.filing_id,
      fileName: r.file_name,
      storedName: r.stored_name,
      mime: r.mime,
      size: r.size,
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at,
    }
  );
}

export interface MediaCheck {
  id: number;
  accountId: number;
  checkedOn: string;
  lastUpdateDate: string;
  interactionOk: boolean;
  note: string;
  recordedBy: string;
  recordedAt: string;
}

export async function selectChecks(db: Kysely<DB>, accountId: number): Promise<MediaCheck[]> {
  const rows = await db
    .selectFrom('media_checks')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('checked_on', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    checkedOn: r.checked_on,
    lastUpdateDate: r.last_update_date,
    interactionOk: r.interaction_ok === 1,
    note: r.note,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  }));
}

/** Inserts an account; returns its id. */
export async function insertAccount(db: Kysely<DB>, values: Insertable<MediaAccountTable>): Promise<number> {
  const { id } = await db
    .insertInto('media_accounts')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Updates an account's columns. */
export async function updateAccountRow(
  db: Kysely<DB>,
  id: number,
  set: Updateable<MediaAccountTable>,
): Promise<void> {
  await db.updateTable('media_accounts').set(set).where('id', '=', id).execute();
}

/** Inserts a filing; returns its id. */
export async function insertFiling(db: Kysely<DB>, values: Insertable<MediaFilingTable>): Promise<number> {
  const { id } = await db
    .insertInto('media_filings')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Updates a filing's columns (the decision). */
export async function updateFiling(
  db: Kysely<DB>,
  id: number,
  set: Updateable<MediaFilingTable>,
): Promise<void> {
  await db.updateTable('media_filings').set(set).where('id', '=', id).execute();
}

/** Inserts a filing document's row; returns its id. */
export async function insertDocument(
  db: Kysely<DB>,
  values: Insertable<MediaFilingDocumentTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('media_filing_documents')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Inserts one freshness check. */
export async function insertCheckRow(db: Kysely<DB>, values: Insertable<MediaCheckTable>): Promise<void> {
  await db.insertInto('media_checks').values(values).execute();
}
