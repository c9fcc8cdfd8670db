/** The district's shared templates: loading the shipped sets, 公开办's edits, additions and removals, the upgrade notices. */
import { type Actor, type AppContext } from '../../../context.ts';
import { badRequest, notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { isGrassroots, type Org } from '../../org/model.ts';
import { entryProblems, SCOPES, type EntryFields, type Scope, type TemplateEntry } from '../model.ts';
import { entryValues, selectTemplates } from '../store.ts';
import { TEMPLATE_SETS, type TemplateSet } from '../templates/index.ts';
import { shippedRowValues, type ChangeKind } from '../upgrade.ts';
import {
  deleteTemplateRows,
  insertTemplateRow,
  markTemplateChangesReadRows,
  selectTemplateChanges,
  updateTemplateRow,
  type TemplateChangeView as StoredTemplateChange,
} from '../store/writes.ts';

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

/** Refuses entry fields with problems (in Chinese, naming the row when given). */
export function assertValid(e: EntryFields, where = '') {
  const p = entryProblems(e);
  if (Object.keys(p).length)
    throw badRequest(`${where ? `${where}：` : ''}公开事项信息有误，请检查后重新提交`, p);
}
