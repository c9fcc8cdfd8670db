/**
 * Upgrading the shipped templates in an installation that loaded an older revision of them
 * (templates/*.ts `revision`): run by migration 20261206130000 (and callable again for later revisions).
 *
 * Per domain whose shipped rows are older than the data file: rows the office never edited are replaced
 * by the new rows (in place when the 一级/二级事项 match, so catalogue entries keep their link), removed
 * when the new revision no longer has them, and new rows are added; rows the office edited, and rows it
 * added, are kept as they are (after the new rows). The source is corrected on every shipped row.
 * Catalogues already compiled keep their entries untouched (an entry whose template row is removed
 * becomes the org's own). Every change is listed in catalogue_template_changes for the 公开办's
 * dashboard notice, and the whole upgrade is one audited transaction.
 */
import type { Kysely } from 'kysely';
import { systemActor } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { recordAudit } from '../audit/service.ts';
import { entryName, needsCheck } from './model.ts';
import { entryValues, selectTemplates } from './store.ts';
import type { Row, TemplateSet } from './templates/row.ts';
import {
  deleteTemplateRows,
  insertTemplateChanges,
  insertTemplateRow,
  selectTemplateRevisions,
  updateTemplateRow,
} from './store/writes.ts';
import { transact } from '../../db/index.ts';

/** The columns of a shipped row as loaded from its data file (timestamps added by the caller). */
export function shippedRowValues(s: TemplateSet, e: Row, i: number) {
  const witnesses = e.witnesses ?? [];
  return {
    ...entryValues({ ...e, domain: s.domain, toCheck: needsCheck(e.confidence ?? '', witnesses) }),
    seq: i + 1,
    scope: s.scope,
    source: s.source,
    is_sample: s.isSample ? 1 : 0,
    confidence: e.confidence ?? '',
    confidence_note: e.confidenceNote ?? '',
    witnesses: JSON.stringify(witnesses),
    note: e.note ?? '',
    origin: 'shipped',
    edited: 0,
    revision: s.revision,
  };
}

/** The kinds of change the dashboard notice lists. */
export const CHANGE_KINDS = {
  added: '新增',
  replaced: '更新',
  removed: '删除',
  kept: '保留本办修改',
  source: '来源更正',
} as const;
export type ChangeKind = keyof typeof CHANGE_KINDS;

export interface TemplateChange {
  domain: string;
  kind: ChangeKind;
  item: string;
  detail: string;
}

const key = (e: { item1: string; item2: string }) => `${e.item1.trim()}\u0000${e.item2.trim()}`;
/** The cells an office can edit, to tell a real change from a rewrite of the same text. */
const cells = (v: ReturnType<typeof entryValues>) =>
  JSON.stringify([
    v.item1,
    v.item2,
    v.content,
    v.basis,
    v.time_limit,
    v.subject,
    v.channels,
    v.audience,
    v.mode,
    v.level,
  ]);

/** Brings every loaded domain up to its data file's revision; returns the changes (none when already current). */
export async function upgradeShippedTemplates(
  db: Kysely<any>,
  sets: TemplateSet[],
  at: Date,
): Promise<TemplateChange[]> {
  const run = async (trx: Kysely<DB>) => {
    const changes: TemplateChange[] = [];
    const now = at.toISOString();
    const all = await selectTemplates(trx);
    for (const s of sets) {
      const rows = all.filter((t) => t.domain === s.domain && t.scope === s.scope);
      const shipped = rows.filter((t) => t.shipped);
      if (!shipped.length) continue; // never loaded, or replaced by the office's own file
      const revisions = await selectTemplateRevisions(
        trx,
        shipped.map((t) => t.id),
      );
      if (Math.max(...revisions.map((r) => r.revision)) >= s.revision) continue;
      const before: TemplateChange[] = [];
      const add = (kind: ChangeKind, item: string, detail = '') =>
        before.push({ domain: s.domain, kind, item, detail });
      if (shipped.some((t) => t.source !== s.source)) add('source', '', s.source);
      const unedited = new Map<string, (typeof shipped)[number]>();
      for (const t of shipped.filter((x) => !x.edited)) if (!unedited.has(key(t))) unedited.set(key(t), t);
      const edited = new Map(shipped.filter((x) => x.edited).map((t) => [key(t), t]));
      const used = new Set<number>();
      let seq = 0;
      for (const [i, e] of s.entries.entries()) {
        const values = { ...shippedRowValues(s, e, i), seq: ++seq };
        const mine = edited.get(key(e));
        if (mine) {
          used.add(mine.id);
          await updateTemplateRow(trx, mine.id, {
            seq,
            source: s.source,
            revision: s.revision,
            updated_at: now,
          });
          add('kept', entryName(e), '本办修改过此事项，保留本办的内容；新版本的内容请在模板页对照');
          continue;
        }
        const old = unedited.get(key(e));
        if (old) {
          used.add(old.id);
          if (cells(entryValues(old)) !== cells(values))
            add('replaced', entryName(e), `时限：${e.timeLimit}`);
          await updateTemplateRow(trx, old.id, { ...values, updated_at: now });
        } else {
          await insertTemplateRow(trx, { ...values, created_at: now, updated_at: now });
          add('added', entryName(e), values.to_check ? '待核对' : '');
        }
      }
      const gone = shipped.filter((t) => !t.edited && !used.has(t.id)).map((t) => t.id);
      for (const t of shipped.filter((x) => !x.edited && !used.has(x.id))) add('removed', entryName(t));
      await deleteTemplateRows(trx, gone);
      // The office's rows (edited ones the new revision no longer has, and its own additions) follow.
      for (const t of rows.filter((x) => !used.has(x.id) && (!x.shipped || x.edited))) {
        await updateTemplateRow(trx, t.id, {
          seq: ++seq,
          ...(t.shipped ? { source: s.source, revision: s.revision } : {}),
        });
        if (t.shipped) add('kept', entryName(t), '本办修改过此事项，新版本已无此项，保留');
      }
      changes.push(...before);
    }
    if (!changes.length) return changes;
    await insertTemplateChanges(
      trx,
      changes.map((c) => ({ ...c, changed_at: now, read_at: null })),
    );
    await recordAudit(trx, at, systemActor('upgrade'), {
      action: 'catalogue.template.upgrade',
      objectType: 'catalogue_template',
      after: { changes },
    });
    return changes;
  };
  const typed = db as Kysely<DB>;
  return transact(typed, run);
}
