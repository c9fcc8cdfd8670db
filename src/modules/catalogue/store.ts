/** Queries on the catalogue tables, and the row → domain mappers. Nothing else touches these tables. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type {
  Audience,
  Catalogue,
  CatalogueEntry,
  Confidence,
  EntryFields,
  Level,
  Mode,
  Publication,
  Scope,
  TemplateEntry,
  Witness,
} from './model.ts';
import type {
  CatalogueCreditTable,
  CataloguePostingTable,
  CatalogueTable,
  CatalogueTemplateEntryTable,
} from './tables.ts';

const arr = <T>(s: string) => JSON.parse(s) as T[];

type EntryRow = Pick<
  Selectable<CatalogueTemplateEntryTable>,
  | 'domain'
  | 'item1'
  | 'item2'
  | 'content'
  | 'basis'
  | 'time_limit'
  | 'subject'
  | 'channels'
  | 'audience'
  | 'mode'
  | 'level'
  | 'to_check'
>;

const fieldsOf = (r: EntryRow): EntryFields => ({
  domain: r.domain,
  item1: r.item1,
  item2: r.item2,
  content: r.content,
  basis: r.basis,
  timeLimit: r.time_limit,
  subject: r.subject,
  channels: arr<string>(r.channels),
  audience: arr<Audience>(r.audience),
  mode: arr<Mode>(r.mode),
  level: arr<Level>(r.level),
  toCheck: r.to_check === 1,
});

/** Entry fields as columns (trimmed). */
export const entryValues = (e: EntryFields) => ({
  domain: e.domain.trim(),
  item1: e.item1.trim(),
  item2: (e.item2 ?? '').trim(),
  content: e.content.trim(),
  basis: (e.basis ?? '').trim(),
  time_limit: e.timeLimit.trim(),
  subject: e.subject.trim(),
  channels: JSON.stringify(e.channels.map((c) => c.trim())),
  audience: JSON.stringify(e.audience),
  mode: JSON.stringify(e.mode),
  level: JSON.stringify(e.level),
  to_check: e.toCheck ? 1 : 0,
});

export const templateRowToEntry = (r: Selectable<CatalogueTemplateEntryTable>): TemplateEntry => ({
  id: r.id,
  scope: r.scope as Scope,
  seq: r.seq,
  source: r.source,
  isSample: r.is_sample === 1,
  ...fieldsOf(r),
  toCheck: r.to_check === 1,
  confidence: r.confidence as Confidence | '',
  confidenceNote: r.confidence_note,
  witnesses: arr<Witness>(r.witnesses),
  note: r.note,
  shipped: r.origin === 'shipped',
  edited: r.edited === 1,
});

export const catalogueRowToCatalogue = (r: Selectable<CatalogueTable>): Catalogue => ({
  id: r.id,
  orgId: r.org_id,
  year: r.year,
  title: r.title,
  scope: r.scope as Scope,
  notes: r.notes,
  isSample: r.is_sample === 1,
});

export async function selectTemplates(db: Kysely<DB>, scope?: Scope): Promise<TemplateEntry[]> {
  let q = db.selectFrom('catalogue_template_entries').selectAll();
  if (scope) q = q.where('scope', '=', scope);
  const rows = (await q.orderBy('id').execute()).map(templateRowToEntry);
  // Domains in the order they were first loaded; within a domain, by 序号 (an upgrade renumbers rows).
  const rank = new Map<string, number>();
  for (const r of rows)
    if (!rank.has(`${r.scope}/${r.domain}`)) rank.set(`${r.scope}/${r.domain}`, rank.size);
  return rows.sort(
    (a, b) =>
      rank.get(`${a.scope}/${a.domain}`)! - rank.get(`${b.scope}/${b.domain}`)! ||
      a.seq - b.seq ||
      a.id - b.id,
  );
}

export async function selectCatalogue(db: Kysely<DB>, id: number): Promise<Catalogue | undefined> {
  const r = await db.selectFrom('catalogues').selectAll().where('id', '=', id).executeTakeFirst();
  return r && catalogueRowToCatalogue(r);
}

export async function selectCatalogueByOrgYear(
  db: Kysely<DB>,
  orgId: number,
  year: number,
): Promise<Catalogue | undefined> {
  const r = await db
    .selectFrom('catalogues')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .executeTakeFirst();
  return r && catalogueRowToCatalogue(r);
}

export async function selectCatalogues(
  db: Kysely<DB>,
  f: { orgIds?: number[]; year?: number } = {},
): Promise<Catalogue[]> {
  let q = db.selectFrom('catalogues').selectAll();
  if (f.orgIds) q = f.orgIds.length ? q.where('org_id', 'in', f.orgIds) : q.where('id', '<', 0);
  if (f.year) q = q.where('year', '=', f.year);
  return (await q.orderBy('year', 'desc').orderBy('org_id').execute()).map(catalogueRowToCatalogue);
}

/** Number of entries of each of some catalogues. */
export async function countEntries(db: Kysely<DB>, catalogueIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < catalogueIds.length; i += 500) {
    const rows = await db
      .selectFrom('catalogue_entries')
      .select(['catalogue_id', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('catalogue_id', 'in', catalogueIds.slice(i, i + 500))
      .groupBy('catalogue_id')
      .execute();
    for (const r of rows) out.set(r.catalogue_id, Number(r.n));
  }
  return out;
}

/** Entries of some catalogues with their mapped columns, in 序号 order. */
export async function selectEntries(db: Kysely<DB>, catalogueIds: number[]): Promise<CatalogueEntry[]> {
  if (!catalogueIds.length) return [];
  const rows = await db
    .selectFrom('catalogue_entries')
    .selectAll()
    .where('catalogue_id', 'in', catalogueIds)
    .orderBy('catalogue_id')
    .orderBy('seq')
    .orderBy('id')
    .execute();
  const maps = rows.length
    ? await db
        .selectFrom('catalogue_mappings')
        .selectAll()
        .where(
          'entry_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('column_id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    catalogueId: r.catalogue_id,
    seq: r.seq,
    templateEntryId: r.template_entry_id,
    itemKinds: arr<string>(r.item_kinds),
    columnIds: maps.filter((m) => m.entry_id === r.id).map((m) => m.column_id),
    ...fieldsOf(r),
  }));
}

export async function selectEntry(db: Kysely<DB>, id: number): Promise<CatalogueEntry | undefined> {
  const r = await db
    .selectFrom('catalogue_entries')
    .select('catalogue_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return r && (await selectEntries(db, [r.catalogue_id])).find((e) => e.id === id);
}

export const creditRowToPublication = (
  r: Selectable<CatalogueCreditTable>,
): Publication & { entryId: number; itemId: number | null; postingId: number | null } => ({
  id: r.id,
  entryId: r.entry_id,
  itemId: r.item_id,
  postingId: r.posting_id,
  source: r.source as 'online' | 'offline',
  title: r.title,
  url: r.url,
  formedOn: r.formed_on,
  publishedOn: r.published_on,
});

export async function selectCredits(db: Kysely<DB>, entryIds: number[]) {
  if (!entryIds.length) return [];
  const rows = await db
    .selectFrom('catalogue_credits')
    .selectAll()
    .where('entry_id', 'in', entryIds)
    .orderBy('published_on')
    .orderBy('id')
    .execute();
  return rows.map(creditRowToPublication);
}

/**
 * For coverage lists of many catalogues: each entry's domain and time limit, and the dates of the
 * publications credited to it up to `upTo` (only the columns the coverage rules read), in one pass
 * per chunk of catalogues instead of one set of queries per catalogue.
 */
export async function selectCoverageData(db: Kysely<DB>, catalogueIds: number[], upTo: string) {
  const entries: { id: number; catalogueId: number; domain: string; timeLimit: string; toCheck: boolean }[] =
    [];
  const credits: { id: number; entryId: number; formedOn: string | null; publishedOn: string }[] = [];
  for (let i = 0; i < catalogueIds.length; i += 500) {
    const ids = catalogueIds.slice(i, i + 500);
    const rows = await db
      .selectFrom('catalogue_entries')
      .select(['id', 'catalogue_id', 'domain', 'time_limit', 'to_check'])
      .where('catalogue_id', 'in', ids)
      .orderBy('catalogue_id')
      .orderBy('seq')
      .orderBy('id')
      .execute();
    for (const r of rows)
      entries.push({
        id: r.id,
        catalogueId: r.catalogue_id,
        domain: r.domain,
        timeLimit: r.time_limit,
        toCheck: r.to_check === 1,
      });
    const dates = await db
      .selectFrom('catalogue_credits as c')
      .innerJoin('catalogue_entries as e', 'e.id', 'c.entry_id')
      .select(['c.id', 'c.entry_id', 'c.formed_on', 'c.published_on'])
      .where('e.catalogue_id', 'in', ids)
      .where('c.published_on', '<=', upTo)
      .execute();
    for (const r of dates)
      credits.push({ id: r.id, entryId: r.entry_id, formedOn: r.formed_on, publishedOn: r.published_on });
  }
  return { entries, credits };
}

export interface Posting {
  id: number;
  entryId: number;
  orgId: number;
  channel: string;
  title: string;
  formedOn: string | null;
  postedOn: string;
  photoName: string;
  photoMime: string;
  photoPath: string;
  recordedBy: string;
  recordedAt: string;
  isSample: boolean;
}

const postingRow = (r: Selectable<CataloguePostingTable>): Posting => ({
  id: r.id,
  entryId: r.entry_id,
  orgId: r.org_id,
  channel: r.channel,
  title: r.title,
  formedOn: r.formed_on,
  postedOn: r.posted_on,
  photoName: r.photo_name,
  photoMime: r.photo_mime,
  photoPath: r.photo_path,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
  isSample: r.is_sample === 1,
});

export async function selectPostings(
  db: Kysely<DB>,
  f: { entryIds?: number[]; id?: number },
): Promise<Posting[]> {
  let q = db.selectFrom('catalogue_postings').selectAll();
  if (f.id) q = q.where('id', '=', f.id);
  if (f.entryIds) q = f.entryIds.length ? q.where('entry_id', 'in', f.entryIds) : q.where('id', '<', 0);
  return (await q.orderBy('posted_on', 'desc').orderBy('id', 'desc').execute()).map(postingRow);
}

/**
 * Entries that an item published by `orgId` into `columnIds` fulfils: entries of the org's catalogues
 * for `years` mapped to one of the columns, whose kinds are open or include the item's kind.
 */
export async function selectEntriesForItem(
  db: Kysely<DB>,
  orgId: number,
  years: number[],
  columnIds: number[],
  kind: string,
): Promise<number[]> {
  if (!columnIds.length) return [];
  const rows = await db
    .selectFrom('catalogue_entries as e')
    .innerJoin('catalogues as c', 'c.id', 'e.catalogue_id')
    .innerJoin('catalogue_mappings as m', 'm.entry_id', 'e.id')
    .select(['e.id', 'e.item_kinds'])
    .where('c.org_id', '=', orgId)
    .where('c.year', 'in', years)
    .where('m.column_id', 'in', columnIds)
    .execute();
  const ids = rows.filter((r) => {
    const kinds = arr<string>(r.item_kinds);
    return kinds.length === 0 || kinds.includes(kind);
  });
  return [...new Set(ids.map((r) => r.id))];
}
