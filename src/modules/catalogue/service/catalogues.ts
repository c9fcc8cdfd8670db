/** A year's catalogue of an org, built from the templates, and its entries (the township's own additions and edits). */
import { type Actor, type AppContext } from '../../../context.ts';
import { badRequest, invalidState, notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { getOrg, listPublicOrgs, orgScope, requireOrgAccess } from '../../org/service.ts';
import { SCOPES, type Catalogue, type CatalogueEntry, type EntryFields } from '../model.ts';
import {
  countEntries,
  entryValues,
  selectCatalogue,
  selectCatalogueByOrgYear,
  selectCatalogues,
  selectEntries,
  selectEntry,
  selectPostings,
  selectTemplates,
} from '../store.ts';
import {
  deleteEntryRows,
  insertCatalogue,
  insertEntry,
  updateCatalogueRow,
  updateEntryRow,
} from '../store/writes.ts';
import { assertValid, scopeOfOrg } from './templates.ts';

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

/** An entry the actor may edit, with its catalogue. */
export async function editableEntry(
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
