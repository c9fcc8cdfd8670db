/**
 * Synonyms and abbreviations (issue 24 part 1): the openness office's list, read at query time;
 * every change audited.
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { addWords, subWords, type QueryTerm } from '../segment.ts';
import {
  deleteSynonymRow,
  insertSynonymGroup,
  selectSynonymGroup,
  selectSynonymGroups,
  updateSynonymRow,
} from '../store.ts';
import { checkSynonymGroup, synonymsOf, type SynonymGroup, type SynonymInput } from '../synonyms.ts';

/** Groups read per database handle, kept CACHE_MS (another process's edits show within that time). */
const SYNONYM_CACHE_MS = 30_000;
let synonymCache = new WeakMap<object, { groups: SynonymGroup[]; at: number }>();

/** The synonym groups, cached; their words join the segmentation dictionary so queries keep them whole. */
export async function synonymGroups(db: Kysely<DB>): Promise<SynonymGroup[]> {
  const hit = synonymCache.get(db);
  if (hit && performance.now() - hit.at < SYNONYM_CACHE_MS) return hit.groups;
  const groups = await selectSynonymGroups(db);
  addWords(groups.flatMap((g) => [g.term, ...g.synonyms]));
  synonymCache.set(db, { groups, at: performance.now() });
  return groups;
}

/** Gives each term its group's other words (mutates `terms`); returns the words added, for display. */
export function withSynonyms(terms: QueryTerm[], groups: SynonymGroup[]): string[] {
  const added: string[] = [];
  // Two words of one group in a query (最低生活保障 低保) are one word: either may match.
  for (let i = terms.length - 1; i > 0; i--) {
    if (terms.slice(0, i).some((x) => synonymsOf(x.word, groups).includes(terms[i]!.word)))
      terms.splice(i, 1);
  }
  for (const t of terms) {
    const others = synonymsOf(t.word, groups);
    if (!others.length) continue;
    t.synonyms = others.map((word) => ({ word, parts: subWords(word) }));
    added.push(...others.filter((w) => !added.includes(w)));
  }
  return added;
}

export async function listSynonyms(ctx: AppContext, actor: Actor): Promise<SynonymGroup[]> {
  requirePermission(actor, 'search.synonyms.manage');
  return selectSynonymGroups(ctx.db);
}

export async function getSynonymGroup(ctx: AppContext, actor: Actor, id: number): Promise<SynonymGroup> {
  requirePermission(actor, 'search.synonyms.manage');
  const g = await selectSynonymGroup(ctx.db, id);
  if (!g) throw notFound('同义词');
  return g;
}

/** Adds a group (audited); a word already in a group, or an empty or looping entry, is refused. */
export async function createSynonymGroup(
  ctx: AppContext,
  actor: Actor,
  input: SynonymInput,
): Promise<SynonymGroup> {
  requirePermission(actor, 'search.synonyms.manage');
  const now = ctx.clock.now().toISOString();
  const group = await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const clean = checkSynonymGroup(input, await selectSynonymGroups(trx));
      const id = await insertSynonymGroup(trx, clean, now);
      return { id, ...clean };
    },
    (g) => ({ action: 'search.synonyms.create', objectType: 'search_synonym', objectId: g.id, after: g }),
  );
  synonymCache = new WeakMap();
  return group;
}

export async function updateSynonymGroup(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: SynonymInput,
): Promise<SynonymGroup> {
  requirePermission(actor, 'search.synonyms.manage');
  const group = await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const before = await selectSynonymGroup(trx, id);
      if (!before) throw notFound('同义词');
      const clean = checkSynonymGroup(
        input,
        (await selectSynonymGroups(trx)).filter((g) => g.id !== id),
      );
      await updateSynonymRow(trx, id, clean, ctx.clock.now().toISOString());
      return { before, after: { id, ...clean } };
    },
    (r) => ({
      action: 'search.synonyms.update',
      objectType: 'search_synonym',
      objectId: id,
      before: r.before,
      after: r.after,
    }),
  );
  synonymCache = new WeakMap();
  return group.after;
}

export async function deleteSynonymGroup(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  requirePermission(actor, 'search.synonyms.manage');
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const before = await selectSynonymGroup(trx, id);
      if (!before) throw notFound('同义词');
      await deleteSynonymRow(trx, id);
      return before;
    },
    (before) => ({ action: 'search.synonyms.delete', objectType: 'search_synonym', objectId: id, before }),
  );
  synonymCache = new WeakMap();
}
