/**
 * 基层政务公开标准目录 use cases: district templates, a catalogue per org and year built from them and
 * adjusted by the township, entry editing, mapping to content columns, crediting publications (the
 * content module's publish hook and offline postings with a photo), coverage and timeliness on the
 * working-day calendar, reminders before periodic entries fall due, and the public catalogue.
 */
import { randomBytes } from 'node:crypto';
import { readStoredFile, removeStoredFile, writeStoredFile } from '../../db/files.ts';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest, invalidState, notFound } from '../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../lib/time.ts';
import { auditedWrite } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { usersWithRole } from '../auth/service.ts';
import { loadCalendar } from '../calendar/service.ts';
import { getPublicItem, listColumns, listPublicItems } from '../content/service.ts';
import { ITEM_KINDS } from '../content/model.ts';
import type { JobDefinition } from '../jobs/service.ts';
import { notifyUsers } from '../notifications/service.ts';
import { isGrassroots, type Org } from '../org/model.ts';
import { getOrg, listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import {
  coverageOf,
  entryProblems,
  OFFLINE_CHANNELS,
  planYear,
  statusFromPlan,
  SCOPES,
  shouldRemind,
  type Catalogue,
  type CatalogueEntry,
  type Coverage,
  type DayCounter,
  type EntryFields,
  type EntryStatus,
  type PublicationDates,
  type YearPlan,
  type Scope,
  type TemplateEntry,
} from './model.ts';
import {
  countEntries,
  entryValues,
  selectCatalogue,
  selectCatalogueByOrgYear,
  selectCatalogues,
  selectCoverageData,
  selectCredits,
  selectEntries,
  selectEntriesForItem,
  selectEntry,
  selectPostings,
  selectTemplates,
  type Posting,
} from './store.ts';
import { TEMPLATE_SETS, type TemplateSet } from './templates/index.ts';
import { shippedRowValues, type ChangeKind } from './upgrade.ts';
import type { PublishedItemNotice } from '../registry.ts';
import {
  deleteEntryRows,
  deleteItemCredits,
  deleteOnlineCredits,
  deleteTemplateRows,
  insertCatalogue,
  insertCredit,
  insertEntry,
  insertPosting,
  insertTemplateRow,
  markTemplateChangesReadRows,
  replaceMappings,
  selectTemplateChanges,
  updateCatalogueRow,
  updateEntryRow,
  updateTemplateRow,
  type TemplateChangeView as StoredTemplateChange,
} from './store/writes.ts';

export { deleteEntryRows };

export type { Posting };

/** The scope a catalogue of this org has: villages and communities keep the simple 村（居）务 catalogue. */
export const scopeOfOrg = (org: Pick<Org, 'kind'>): Scope | null =>
  isGrassroots(org.kind) ? 'township' : org.kind === 'community' ? 'village' : null;

// ───────────────────────────── templates ─────────────────────────────

export async function listTemplates(ctx: AppContext, actor: Actor, scope?: Scope): Promise<TemplateEntry[]> {
  requirePermission(actor, 'catalogue.read');
  return selectTemplates(ctx.db, scope);
}

/** Loads template sets (the shipped data files by default) into the district templates; skips domains already loaded. */
export async function loadTemplateSets(
  ctx: AppContext,
  actor: Actor,
  sets: TemplateSet[] = TEMPLATE_SETS,
): Promise<number> {
  requirePermission(actor, 'catalogue.template');
  const have = new Set((await selectTemplates(ctx.db)).map((t) => `${t.scope}/${t.domain}`));
  const now = ctx.clock.now().toISOString();
  const todo = sets.filter((s) => !have.has(`${s.scope}/${s.domain}`));
  for (const s of todo)
    s.entries.forEach((e, i) => assertValid({ ...e, domain: s.domain }, `${s.domain} 第 ${i + 1} 行`));
  if (!todo.length) return 0;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      let n = 0;
      for (const s of todo) {
        for (const [i, e] of s.entries.entries()) {
          await insertTemplateRow(trx, { ...shippedRowValues(s, e, i), created_at: now, updated_at: now });
          n++;
        }
      }
      return n;
    },
    (n) => ({
      action: 'catalogue.template.load',
      objectType: 'catalogue_template',
      after: { domains: todo.map((s) => s.domain), entries: n },
    }),
  );
}

/** 公开办 edits a shared template row; catalogues already built keep their own copy. */
export async function updateTemplateEntry(
  ctx: AppContext,
  actor: Actor,
  id: number,
  fields: EntryFields,
): Promise<TemplateEntry> {
  requirePermission(actor, 'catalogue.template');
  const before = (await selectTemplates(ctx.db)).find((t) => t.id === id);
  if (!before) throw notFound('模板事项');
  assertValid(fields);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateTemplateRow(trx, id, {
        ...entryValues(fields),
        edited: 1,
        updated_at: ctx.clock.now().toISOString(),
      });
      return (await selectTemplates(trx)).find((t) => t.id === id)!;
    },
    (after) => ({
      action: 'catalogue.template.update',
      objectType: 'catalogue_template',
      objectId: id,
      before,
      after,
    }),
  );
}

/** A template row added by 公开办: into an existing domain (its scope) or a new one. */
export interface TemplateEntryInput extends EntryFields {
  /** Required for a new domain; for an existing domain it must match the domain's scope. */
  scope?: Scope;
}

/** Where 公开办's own additions say they come from (shipped rows name their guideline). */
export const OFFICE_SOURCE = '区政务公开办增补';

/** 公开办 adds a row to the shared templates (after the domain's last row); catalogues already built are unaffected. */
export async function createTemplateEntry(
  ctx: AppContext,
  actor: Actor,
  input: TemplateEntryInput,
): Promise<TemplateEntry> {
  requirePermission(actor, 'catalogue.template');
  const { scope, ...fields } = input;
  const problems = entryProblems(fields);
  const domainRows = (await selectTemplates(ctx.db)).filter((t) => t.domain === fields.domain.trim());
  const domainScope = domainRows[0]?.scope;
  if (!domainScope && !(scope && scope in SCOPES)) problems.scope = '新领域请选择适用范围（乡镇或村、社区）';
  else if (domainScope && scope && scope !== domainScope)
    problems.scope = `领域“${fields.domain}”的模板适用于${SCOPES[domainScope]}，不能混入其他范围的事项`;
  if (Object.keys(problems).length) throw badRequest('公开事项信息有误，请检查后重新提交', problems);
  const first = domainRows[0];
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertTemplateRow(trx, {
        ...entryValues(fields),
        seq: Math.max(0, ...domainRows.map((t) => t.seq)) + 1,
        scope: domainScope ?? scope!,
        source: first?.source ?? OFFICE_SOURCE,
        is_sample: first?.isSample ? 1 : 0,
        origin: 'office',
        created_at: now,
        updated_at: now,
      });
      return (await selectTemplates(trx)).find((t) => t.id === id)!;
    },
    (after) => ({
      action: 'catalogue.template.create',
      objectType: 'catalogue_template',
      objectId: after.id,
      after,
    }),
  );
}

/** 公开办 removes a template row; catalogues built from it keep their copy (now marked as the org's own). */
export async function deleteTemplateEntry(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'catalogue.template');
  const before = (await selectTemplates(ctx.db)).find((t) => t.id === id);
  if (!before) throw notFound('模板事项');
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await deleteTemplateRows(trx, [id]);
    },
    () => ({ action: 'catalogue.template.delete', objectType: 'catalogue_template', objectId: id, before }),
  );
}

/** One change an upgrade of the shipped templates made (upgrade.ts), as the dashboard notice lists it. */
export interface TemplateChangeView extends StoredTemplateChange {
  kind: ChangeKind;
}

/** What upgrades changed in the shipped templates (only those not yet marked read, with `unread`). */
export async function listTemplateChanges(
  ctx: AppContext,
  actor: Actor,
  f: { unread?: boolean } = {},
): Promise<TemplateChangeView[]> {
  requirePermission(actor, 'catalogue.read');
  return (await selectTemplateChanges(ctx.db, f)).map((c) => ({ ...c, kind: c.kind as ChangeKind }));
}

/** 公开办 has read the notice: it leaves the dashboard. */
export async function markTemplateChangesRead(ctx: AppContext, actor: Actor): Promise<number> {
  requirePermission(actor, 'catalogue.template');
  const unread = await listTemplateChanges(ctx, actor, { unread: true });
  if (!unread.length) return 0;
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await markTemplateChangesReadRows(
        trx,
        unread.map((c) => c.id),
        now,
      );
      return unread.length;
    },
    (n) => ({
      action: 'catalogue.template.changes_read',
      objectType: 'catalogue_template',
      after: { changes: n },
    }),
  );
}

function assertValid(e: EntryFields, where = '') {
  const p = entryProblems(e);
  if (Object.keys(p).length)
    throw badRequest(`${where ? `${where}：` : ''}公开事项信息有误，请检查后重新提交`, p);
}

// ───────────────────────────── catalogues ─────────────────────────────

export interface CatalogueInput {
  orgId: number;
  year: number;
  /** Template domains to build from (default: every non-sample domain of the org's scope). */
  domains?: string[];
  title?: string;
  isSample?: boolean;
}

/** The catalogues the actor may see (own org and below; district-wide roles all). */
export async function listCatalogues(
  ctx: AppContext,
  actor: Actor,
  f: { year?: number } = {},
): Promise<(Catalogue & { orgName: string; entries: number })[]> {
  requirePermission(actor, 'catalogue.read');
  const scope = await orgScope(ctx.db, actor);
  const list = await selectCatalogues(ctx.db, { orgIds: scope.all ? undefined : scope.orgIds, year: f.year });
  const names = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.shortName]));
  const counts = await countEntries(
    ctx.db,
    list.map((c) => c.id),
  );
  return list.map((c) => ({
    ...c,
    orgName: names.get(c.orgId) ?? '',
    entries: counts.get(c.id) ?? 0,
  }));
}

export async function getCatalogue(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<Catalogue & { entries: CatalogueEntry[] }> {
  requirePermission(actor, 'catalogue.read');
  const c = await selectCatalogue(ctx.db, id);
  if (!c) throw notFound('目录');
  await requireOrgAccess(ctx.db, actor, c.orgId);
  return { ...c, entries: await selectEntries(ctx.db, [id]) };
}

/** A township (or village) catalogue for a year, copied from the district templates of its scope. */
export async function createCatalogue(
  ctx: AppContext,
  actor: Actor,
  input: CatalogueInput,
): Promise<Catalogue> {
  requirePermission(actor, 'catalogue.edit');
  const org = await getOrg(ctx.db, input.orgId).catch(() => {
    throw badRequest('单位不存在', { orgId: '单位不存在' });
  });
  await requireOrgAccess(ctx.db, actor, org.id);
  const scope = scopeOfOrg(org);
  if (!scope)
    throw badRequest('标准目录只为乡镇（街道、管理处）和村（社区）编制', {
      orgId: '请选择乡镇（街道、管理处）或村（社区）',
    });
  if (!Number.isInteger(input.year) || input.year < 2019 || input.year > 2100)
    throw badRequest('年度无效', { year: '年度应为 2019 年以后的四位数' });
  if (await selectCatalogueByOrgYear(ctx.db, org.id, input.year))
    throw badRequest(`${org.shortName}${input.year}年的目录已经存在`, { year: '该年度目录已存在' });
  const templates = (await selectTemplates(ctx.db, scope)).filter(
    (t) => scope === 'village' || t.level.includes('township'),
  );
  const domains = input.domains ?? [...new Set(templates.filter((t) => !t.isSample).map((t) => t.domain))];
  const unknown = domains.filter((d) => !templates.some((t) => t.domain === d));
  if (unknown.length)
    throw badRequest(
      `没有这些领域的${scope === 'village' ? '村（居）务' : '乡级'}模板：${unknown.join('、')}`,
      { domains: '请选择已有模板的领域' },
    );
  const rows = templates.filter((t) => domains.includes(t.domain));
  const now = ctx.clock.now().toISOString();
  const title = input.title?.trim() || `${org.shortName}${input.year}年${SCOPES[scope]}`;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertCatalogue(trx, {
        org_id: org.id,
        year: input.year,
        title: title.slice(0, 100),
        scope,
        notes: '',
        is_sample: input.isSample ? 1 : 0,
        created_at: now,
        updated_at: now,
      });
      for (const [i, t] of rows.entries()) {
        await insertEntry(trx, {
          ...entryValues(t),
          catalogue_id: id,
          seq: i + 1,
          template_entry_id: t.id,
          item_kinds: '[]',
          created_at: now,
          updated_at: now,
        });
      }
      return (await selectCatalogue(trx, id))!;
    },
    (c) => ({
      action: 'catalogue.create',
      objectType: 'catalogue',
      objectId: c.id,
      after: { ...c, domains, entries: rows.length },
    }),
  );
}

/** The township's own words on results and improvements (for the pilot report). */
export async function updateCatalogueNotes(
  ctx: AppContext,
  actor: Actor,
  id: number,
  notes: string,
): Promise<Catalogue> {
  requirePermission(actor, 'catalogue.edit');
  const before = await getCatalogue(ctx, actor, id);
  if ((notes ?? '').length > 5000)
    throw badRequest('建设成效与改进措施不超过 5000 字', { notes: '不超过 5000 字' });
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateCatalogueRow(trx, id, { notes: notes.trim(), updated_at: ctx.clock.now().toISOString() });
      return (await selectCatalogue(trx, id))!;
    },
    (after) => ({
      action: 'catalogue.notes',
      objectType: 'catalogue',
      objectId: id,
      before: { notes: before.notes },
      after: { notes: after.notes },
    }),
  );
}

// ───────────────────────────── entries ─────────────────────────────

/** An entry by id, for the entry page (which then reads its catalogue's coverage, access checked there). */
export async function getEntry(ctx: AppContext, id: number): Promise<CatalogueEntry> {
  const e = await selectEntry(ctx.db, id);
  if (!e) throw notFound('公开事项');
  return e;
}

async function editableEntry(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<CatalogueEntry & { catalogue: Catalogue }> {
  requirePermission(actor, 'catalogue.edit');
  const e = await selectEntry(ctx.db, id);
  if (!e) throw notFound('公开事项');
  const catalogue = (await selectCatalogue(ctx.db, e.catalogueId))!;
  await requireOrgAccess(ctx.db, actor, catalogue.orgId);
  return { ...e, catalogue };
}

/** Adds the township's own entry (not from a template) at the end of the catalogue. */
export async function createEntry(
  ctx: AppContext,
  actor: Actor,
  catalogueId: number,
  fields: EntryFields,
): Promise<CatalogueEntry> {
  requirePermission(actor, 'catalogue.edit');
  const c = await getCatalogue(ctx, actor, catalogueId);
  assertValid(fields);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertEntry(trx, {
        ...entryValues(fields),
        catalogue_id: c.id,
        seq: Math.max(0, ...c.entries.map((e) => e.seq)) + 1,
        template_entry_id: null,
        item_kinds: '[]',
        created_at: now,
        updated_at: now,
      });
      return (await selectEntry(trx, id))!;
    },
    (after) => ({ action: 'catalogue.entry.create', objectType: 'catalogue', objectId: c.id, after }),
  );
}

export async function updateEntry(
  ctx: AppContext,
  actor: Actor,
  id: number,
  fields: EntryFields,
): Promise<CatalogueEntry> {
  const before = await editableEntry(ctx, actor, id);
  assertValid(fields);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateEntryRow(trx, id, { ...entryValues(fields), updated_at: ctx.clock.now().toISOString() });
      return (await selectEntry(trx, id))!;
    },
    (after) => ({
      action: 'catalogue.entry.update',
      objectType: 'catalogue',
      objectId: before.catalogueId,
      before: { ...before, catalogue: undefined },
      after,
    }),
  );
}

/** Removes an entry the township does not carry; refused once offline postings were recorded against it. */
export async function deleteEntry(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const before = await editableEntry(ctx, actor, id);
  if ((await selectPostings(ctx.db, { entryIds: [id] })).length)
    throw invalidState('该事项已有线下公开记录，不能删除；如不再适用，请修改事项说明');
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await deleteEntryRows(trx, [id]);
    },
    () => ({
      action: 'catalogue.entry.delete',
      objectType: 'catalogue',
      objectId: before.catalogueId,
      before: { ...before, catalogue: undefined },
    }),
  );
}

// ───────────────────────────── mapping and credits ─────────────────────────────

export interface MappingInput {
  columnIds: number[];
  itemKinds: string[];
}

/**
 * Maps an entry to the content columns (and item kinds) that fulfil it, then credits the org's items
 * already published there, so a mapping made mid-year counts what was published before it.
 */
export async function setEntryMapping(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: MappingInput,
): Promise<CatalogueEntry> {
  const before = await editableEntry(ctx, actor, id);
  const columns = await listColumns(ctx.db);
  const fields: Record<string, string> = {};
  const columnIds = [...new Set(input.columnIds)];
  if (columnIds.length > 20) fields.columnIds = '最多对应 20 个栏目';
  else if (columnIds.some((c) => !columns.some((x) => x.id === c))) fields.columnIds = '栏目不存在';
  const itemKinds = [...new Set(input.itemKinds)];
  if (itemKinds.some((k) => !(k in ITEM_KINDS))) fields.itemKinds = '信息类型无效';
  if (Object.keys(fields).length) throw badRequest('对应栏目有误，请检查后重新提交', fields);
  // Published items of the org in those columns (read before the transaction: SQLite has one writer).
  const found = new Map<number, Awaited<ReturnType<typeof getPublicItem>>>();
  for (const columnId of columnIds) {
    for (let page = 1; ; page++) {
      const res = await listPublicItems(ctx.db, { columnId, page, pageSize: 100 });
      for (const s of res.items)
        if (s.orgId === before.catalogue.orgId && !found.has(s.id))
          found.set(s.id, await getPublicItem(ctx.db, s.id));
      if (page * 100 >= res.total) break;
    }
  }
  const matching = [...found.values()].filter(
    (i) => (itemKinds.length === 0 || itemKinds.includes(i.kind)) && i.publishedAt,
  );
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await replaceMappings(trx, id, columnIds);
      await updateEntryRow(trx, id, {
        item_kinds: JSON.stringify(itemKinds),
        updated_at: ctx.clock.now().toISOString(),
      });
      // Online credits follow the mapping: drop those no longer mapped, add the ones now mapped.
      await deleteOnlineCredits(trx, id);
      for (const i of matching)
        await insertOnlineCredit(
          trx,
          id,
          {
            itemId: i.id,
            title: i.title,
            formedOn: i.formationDate,
            publishedOn: shanghaiDate(i.publishedAt!),
          },
          ctx.clock.now(),
        );
      return (await selectEntry(trx, id))!;
    },
    (after) => ({
      action: 'catalogue.entry.map',
      objectType: 'catalogue',
      objectId: before.catalogueId,
      before: { entryId: id, columnIds: before.columnIds, itemKinds: before.itemKinds },
      after: {
        entryId: id,
        columnIds: after.columnIds,
        itemKinds: after.itemKinds,
        credited: matching.length,
      },
    }),
  );
}

async function insertOnlineCredit(
  trx: Kysely<DB>,
  entryId: number,
  i: { itemId: number; title: string; formedOn: string | null; publishedOn: string },
  at: Date,
) {
  await insertCredit(trx, {
    entry_id: entryId,
    source: 'online',
    item_id: i.itemId,
    posting_id: null,
    title: i.title,
    url: `/items/${i.itemId}`,
    formed_on: i.formedOn,
    published_on: i.publishedOn,
    created_at: at.toISOString(),
  });
}

/** What the content module tells us about an item whose publication state changed (registry.ts). */
export type { PublishedItemNotice };

/**
 * The publish hook (called by content in the publish/withdraw transaction): a published item credits
 * every entry of its org's catalogue (this year's and last year's, for 次年/期满后 windows) mapped to
 * one of its columns; a withdrawn item no longer fulfils anything.
 */
export async function onItemPublicationChanged(
  trx: Kysely<DB>,
  n: PublishedItemNotice,
  at: Date,
): Promise<void> {
  if (n.status === 'withdrawn') {
    await deleteItemCredits(trx, n.itemId);
    return;
  }
  if (n.status !== 'published' || !n.publishedOn) return;
  const year = Number(n.publishedOn.slice(0, 4));
  const entryIds = await selectEntriesForItem(trx, n.orgId, [year, year - 1], n.columnIds, n.kind);
  for (const entryId of entryIds)
    await insertOnlineCredit(
      trx,
      entryId,
      { itemId: n.itemId, title: n.title, formedOn: n.formationDate, publishedOn: n.publishedOn },
      at,
    );
}

// ───────────────────────────── offline postings ─────────────────────────────

export const PHOTO_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Where posting photos are stored (src/db/files.ts), relative to DATA_DIR: `uploads/catalogue/<name>`. */
export const PHOTO_PREFIX = 'uploads/catalogue';
/** The directory of posting photos on the local disk (SQLite). */
export const postingDir = (ctx: AppContext) => join(ctx.config.dataDir, PHOTO_PREFIX);

export interface PostingInput {
  channel: string;
  title: string;
  postedOn: string;
  formedOn?: string | null;
  photo: { fileName: string; data: Buffer } | null;
  isSample?: boolean;
}

/** The township records a posting on a 公开栏 / 村务公开栏 (with a photo and its date); it credits the entry. */
export async function recordPosting(
  ctx: AppContext,
  actor: Actor,
  entryId: number,
  input: PostingInput,
): Promise<Posting> {
  const entry = await editableEntry(ctx, actor, entryId);
  const today = shanghaiDate(ctx.clock.now());
  const fields: Record<string, string> = {};
  if (!(OFFLINE_CHANNELS as readonly string[]).includes(input.channel)) fields.channel = '请选择线下公开渠道';
  if (!input.title?.trim()) fields.title = '请填写公开内容';
  else if (input.title.length > 200) fields.title = '公开内容不超过 200 字';
  if (!isIsoDate(input.postedOn ?? '')) fields.postedOn = '张贴日期格式应为 YYYY-MM-DD';
  else if (input.postedOn > today) fields.postedOn = '张贴日期不能晚于今天';
  if (input.formedOn) {
    if (!isIsoDate(input.formedOn)) fields.formedOn = '信息形成日期格式应为 YYYY-MM-DD';
    else if (isIsoDate(input.postedOn ?? '') && input.formedOn > input.postedOn)
      fields.formedOn = '信息形成日期不能晚于张贴日期';
  }
  let type: { mime: string } | undefined;
  if (!input.photo || input.photo.data.length === 0) fields.photo = '请上传公开栏照片';
  else if (input.photo.data.length > MAX_PHOTO_BYTES)
    throw new AppError('payload_too_large', '照片过大（不超过 10 MB）');
  else {
    type = await fileTypeFromBuffer(input.photo.data);
    if (!type || !PHOTO_TYPES[type.mime]) fields.photo = '照片只能是 JPG 或 PNG 图片';
  }
  if (Object.keys(fields).length) throw badRequest('线下公开记录有误，请检查后重新提交', fields);
  const ext = PHOTO_TYPES[type!.mime];
  const stored = `${entryId}-${randomBytes(12).toString('hex')}.${ext}`;
  const path = `${PHOTO_PREFIX}/${stored}`;
  const now = ctx.clock.now();
  try {
    return await auditedWrite(
      ctx,
      actor,
      async (trx) => {
        // The photo goes in the row's transaction: on PostgreSQL both commit or neither.
        await writeStoredFile(ctx, path, input.photo!.data, trx);
        const id = await insertPosting(trx, {
          entry_id: entryId,
          org_id: entry.catalogue.orgId,
          channel: input.channel,
          title: input.title.trim(),
          formed_on: input.formedOn || null,
          posted_on: input.postedOn,
          photo_name:
            input.photo!.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || `照片.${ext}`,
          photo_mime: type!.mime,
          photo_path: stored,
          recorded_by: actorName(actor),
          recorded_at: now.toISOString(),
          is_sample: input.isSample ? 1 : 0,
        });
        await insertCredit(trx, {
          entry_id: entryId,
          source: 'offline',
          item_id: null,
          posting_id: id,
          title: `${input.channel}：${input.title.trim()}`,
          url: null,
          formed_on: input.formedOn || null,
          published_on: input.postedOn,
          created_at: now.toISOString(),
        });
        return (await selectPostings(trx, { id }))[0];
      },
      (p) => ({
        action: 'catalogue.posting.record',
        objectType: 'catalogue',
        objectId: entry.catalogueId,
        after: { ...p, photoPath: undefined },
      }),
    );
  } catch (e) {
    // On SQLite the photo is on disk already; a refused row must not leave it behind.
    await removeStoredFile(ctx, path).catch(() => {});
    throw e;
  }
}

/** A posting's photo, for staff who may see the catalogue (photos of boards may show names: not public). */
export async function readPostingPhoto(
  ctx: AppContext,
  actor: Actor,
  postingId: number,
): Promise<{ posting: Posting; data: Buffer }> {
  requirePermission(actor, 'catalogue.read');
  const [posting] = await selectPostings(ctx.db, { id: postingId });
  if (!posting) throw notFound('照片');
  await requireOrgAccess(ctx.db, actor, posting.orgId);
  const data = await readStoredFile(ctx, `${PHOTO_PREFIX}/${posting.photoPath}`);
  if (!data) throw notFound('照片');
  return { posting, data };
}

export async function listPostings(ctx: AppContext, actor: Actor, catalogueId: number): Promise<Posting[]> {
  const c = await getCatalogue(ctx, actor, catalogueId);
  return selectPostings(ctx.db, { entryIds: c.entries.map((e) => e.id) });
}

// ───────────────────────────── coverage ─────────────────────────────

export interface EntryCoverage {
  entry: CatalogueEntry;
  status: EntryStatus;
}

/** A domain's (or the total's) coverage of its confirmed entries; entries still 待核对 are counted apart. */
export interface DomainCoverage extends Coverage {
  domain: string;
  entries: number;
  toCheck: Coverage & { entries: number };
}

export interface CatalogueCoverage {
  catalogue: Catalogue;
  orgName: string;
  today: string;
  entries: EntryCoverage[];
  domains: DomainCoverage[];
  total: DomainCoverage;
  /** Entries not fulfilled, with what is due next; and entries whose 公开时限 could not be read. */
  gaps: EntryCoverage[];
  unreadableLimits: EntryCoverage[];
}

/** Groups rows by a key, keeping their order. */
function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

/**
 * Statuses of a catalogue's entries from their credits. `plans` caches each time-limit wording's
 * plan for the year: catalogues built from the same templates share their wordings.
 */
function entryStatuses<
  E extends { id: number; domain: string; timeLimit: string; toCheck?: boolean },
  P extends PublicationDates,
>(
  entries: E[],
  creditsByEntry: Map<number, P[]>,
  year: number,
  today: string,
  cal: DayCounter,
  plans = new Map<string, YearPlan>(),
) {
  const rows = entries.map((entry) => {
    const key = `${year}|${entry.timeLimit}`;
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = planYear(entry.timeLimit, year, cal)));
    return { entry, status: statusFromPlan(plan, creditsByEntry.get(entry.id) ?? [], today, cal) };
  });
  const sum = (domain: string, list: typeof rows): DomainCoverage => {
    const confirmed = list.filter((r) => !r.entry.toCheck);
    const toCheck = list.filter((r) => r.entry.toCheck);
    return {
      domain,
      entries: confirmed.length,
      ...coverageOf(confirmed.map((r) => r.status.state)),
      toCheck: { entries: toCheck.length, ...coverageOf(toCheck.map((r) => r.status.state)) },
    };
  };
  return {
    rows,
    domains: [...groupBy(rows, (r) => r.entry.domain)].map(([d, list]) => sum(d, list)),
    total: sum('合计', rows),
    gaps: rows.filter(
      (r) => r.status.state === 'missing' || (r.status.state === 'pending' && r.status.nextDue != null),
    ),
  };
}

/** Coverage and timeliness of one catalogue as of today (the clock's Shanghai date). */
export async function computeCoverage(
  db: Kysely<DB>,
  catalogue: Catalogue,
  today: string,
  /** Calendar and orgs already loaded (lists of many catalogues load them once). */
  shared?: { cal: DayCounter; orgs: Org[] },
): Promise<CatalogueCoverage> {
  const cal = shared?.cal ?? (await loadCalendar(db));
  const entries = await selectEntries(db, [catalogue.id]);
  const credits = await selectCredits(
    db,
    entries.map((e) => e.id),
  );
  const org = (shared?.orgs ?? (await listPublicOrgs(db))).find((o) => o.id === catalogue.orgId);
  const s = entryStatuses(
    entries,
    groupBy(credits, (c) => c.entryId),
    catalogue.year,
    today,
    cal,
  );
  return {
    catalogue,
    orgName: org?.shortName ?? '',
    today,
    entries: s.rows,
    domains: s.domains,
    total: s.total,
    gaps: s.gaps,
    unreadableLimits: s.rows.filter((r) => !r.status.rule.ok),
  };
}

export async function catalogueCoverage(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<CatalogueCoverage> {
  const c = await getCatalogue(ctx, actor, id);
  return computeCoverage(ctx.db, c, shanghaiDate(ctx.clock.now()));
}

/**
 * Coverage of every catalogue of a year the actor may see: one row per township (and village).
 * Entries and publication dates of all the catalogues are read in one pass, and each time-limit
 * wording is planned once (per-catalogue queries made 200 catalogues take seconds).
 */
export async function coverageOverview(ctx: AppContext, actor: Actor, year: number) {
  const list = await listCatalogues(ctx, actor, { year });
  const today = shanghaiDate(ctx.clock.now());
  const cal = await loadCalendar(ctx.db);
  const data = await selectCoverageData(
    ctx.db,
    list.map((c) => c.id),
    today,
  );
  const entriesOf = groupBy(data.entries, (e) => e.catalogueId);
  const creditsOf = groupBy(data.credits, (c) => c.entryId);
  const plans = new Map<string, YearPlan>();
  return list.map((c) => {
    const s = entryStatuses(entriesOf.get(c.id) ?? [], creditsOf, c.year, today, cal, plans);
    return {
      catalogue: c,
      orgName: c.orgName,
      total: s.total,
      domains: s.domains,
      gaps: s.gaps.length,
      late: s.rows.filter((e) => e.status.timeliness === 'late').length,
    };
  });
}

// ───────────────────────────── public pages ─────────────────────────────

/** Every catalogue of a year with its org, for the portal (catalogue contents are public). */
export async function listPublicCatalogues(db: Kysely<DB>, year?: number) {
  const orgs = await listPublicOrgs(db);
  return (await selectCatalogues(db, { year })).map((c) => ({
    ...c,
    orgName: orgs.find((o) => o.id === c.orgId)?.name ?? '',
  }));
}

/** A catalogue with, per entry, the publications that fulfil it (online items linked; offline postings by channel and date). */
export async function getPublicCatalogue(db: Kysely<DB>, id: number, today: string) {
  const c = await selectCatalogue(db, id);
  if (!c) throw notFound('目录');
  const cov = await computeCoverage(db, c, today);
  const orgs = await listPublicOrgs(db);
  const org = orgs.find((o) => o.id === c.orgId)!;
  const villages =
    c.scope === 'township'
      ? (await selectCatalogues(db, { year: c.year }))
          .filter((v) => orgs.find((o) => o.id === v.orgId)?.parentId === c.orgId)
          .map((v) => ({ ...v, orgName: orgs.find((o) => o.id === v.orgId)!.name }))
      : [];
  return { ...cov, orgName: org.name, villages };
}

// ───────────────────────────── reminders ─────────────────────────────

/**
 * Reminds the township's editors of periodic entries due within 5 working days and not yet
 * published (once per entry and period, however often the job runs).
 */
export async function sendDueReminders(ctx: AppContext, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const cal = await loadCalendar(ctx.db);
  const year = Number(today.slice(0, 4));
  const orgs = await listPublicOrgs(ctx.db);
  let sent = 0;
  for (const c of await selectCatalogues(ctx.db, {})) {
    if (c.year !== year && c.year !== year - 1) continue;
    const cov = await computeCoverage(ctx.db, c, today, { cal, orgs });
    for (const { entry, status } of cov.entries) {
      for (const p of status.periods) {
        if (!shouldRemind(p, today, cal)) continue;
        // Villages have no accounts: their township's editors keep their catalogue.
        const org = orgs.find((o) => o.id === c.orgId);
        const editorsOrg = org?.kind === 'community' && org.parentId ? org.parentId : c.orgId;
        const users = (await usersWithRole(ctx.db, editorsOrg, 'editor')).map((u) => u.id);
        sent += await notifyUsers(ctx.db, now, users, {
          title: `标准目录事项即将到期：${entry.item1}${entry.item2 ? `·${entry.item2}` : ''}（${p.label}）`,
          body: `${cov.orgName}“${entry.domain}”领域事项应于 ${p.due} 前公开（${entry.timeLimit}），目前尚无公开记录。`,
          link: `/admin/catalogues/${c.id}/coverage`,
          dedupeKey: `catalogue-due:${entry.id}:${p.due}`,
        });
      }
    }
  }
  return sent;
}

export const catalogueReminderJob: JobDefinition = {
  name: 'catalogue.due-reminders',
  label: '标准目录定期事项到期提醒',
  intervalSeconds: 6 * 3600,
  async run(ctx, now) {
    const n = await sendDueReminders(ctx, now);
    return `发出 ${n} 条提醒`;
  },
};
