/** Letter use cases: list and read a case's letters as issued; edit an org's template overrides. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, invalidState, notFound } from '../../../errors.ts';
import { loadCalendar } from '../../calendar/service.ts';
import { recordAudit } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { requireOrgAccess } from '../../org/service.ts';
import { LETTER_KINDS, type LetterKind } from '../model.ts';
import { clockOf, letterCase } from '../case-state.ts';
import { selectApplication } from '../store/applications.ts';
import { selectEvents } from '../store/events.ts';
import { deleteLetterBlock, selectLetterBlocks, selectLetters, upsertLetterBlock } from '../store/letters.ts';
import { composeEventLetter, LETTER_OF_EVENT, letterOf } from './issue.ts';
import {
  BLOCK_NAMES,
  DEFAULT_BLOCKS,
  TEMPLATE_KEYS,
  type BlockName,
  type Letter,
  type TemplateKey,
} from './templates.ts';
import { transact } from '../../../db/index.ts';

/** A letter of a case as listed: what it is, its 文号 and date. */
export interface LetterRef {
  /** The stored letter's id, or null for an event of before letters were stored. */
  id: number | null;
  kind: LetterKind;
  title: string;
  docNumber: string;
  issuedOn: string;
  /** The path segment that names it: the id, or the kind for an unstored one. */
  ref: string;
}

type Row = NonNullable<Awaited<ReturnType<typeof selectApplication>>>;

/**
 * The letters a case has issued, in order: the stored ones, and for each letter-issuing event of
 * before letters were stored, one composed from that event (no 文号). `forApplicant` leaves out the
 * 征求意见函 (it goes to the third party, not to the applicant).
 */
export async function lettersOfCase(db: Kysely<DB>, row: Row, forApplicant = false): Promise<LetterRef[]> {
  const stored = await selectLetters(db, row.id);
  const byEvent = new Map(stored.map((l) => [l.eventId, l]));
  const out: LetterRef[] = [];
  for (const e of await selectEvents(db, row.id)) {
    const kind = LETTER_OF_EVENT[e.event.type];
    if (!kind || (forApplicant && kind === 'consultation')) continue;
    const l = byEvent.get(e.id);
    out.push(
      l
        ? {
            id: l.id,
            kind,
            title: letterOf(l).title,
            docNumber: l.docNumber,
            issuedOn: l.issuedOn,
            ref: String(l.id),
          }
        : { id: null, kind, title: LETTER_KINDS[kind], docNumber: '', issuedOn: e.event.on, ref: kind },
    );
  }
  return out;
}

/**
 * One letter of a case: `ref` is a stored letter's id, or a kind (the latest letter of that kind).
 * A stored letter reads exactly as issued; an event of before letters were stored is composed from
 * the case as it stood at that event.
 */
export async function readCaseLetter(
  ctx: AppContext,
  row: Row,
  ref: string,
  forApplicant = false,
): Promise<Letter> {
  const stored = await selectLetters(ctx.db, row.id);
  if (/^\d+$/.test(ref)) {
    const l = stored.find((x) => x.id === Number(ref));
    if (!l || (forApplicant && l.kind === 'consultation')) throw notFound('文书');
    return letterOf(l);
  }
  if (!(ref in LETTER_KINDS)) throw badRequest('文书类型无效');
  const kind = ref as LetterKind;
  if (forApplicant && kind === 'consultation') throw notFound('文书');
  const events = await selectEvents(ctx.db, row.id);
  let idx = events.length - 1;
  while (idx >= 0 && LETTER_OF_EVENT[events[idx].event.type] !== kind) idx--;
  if (idx < 0) throw invalidState(`该申请还没有发出${LETTER_KINDS[kind]}`);
  const l = stored.find((x) => x.eventId === events[idx].id);
  if (l) return letterOf(l);
  const upTo = events.slice(0, idx + 1).map((e) => e.event);
  const clock = row.received_on ? clockOf(await loadCalendar(ctx.db), row.received_on, upTo) : null;
  return (await composeEventLetter(ctx.db, letterCase(row), events[idx].event, clock, {
    docNumber: '',
    contact: '',
  }))!;
}

/** A case's letter for staff (foi.read, org scope). */
export async function composeLetter(ctx: AppContext, actor: Actor, id: number, ref: string): Promise<Letter> {
  requirePermission(actor, 'foi.read');
  const row = await selectApplication(ctx.db, id);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  return readCaseLetter(ctx, row, ref);
}

/** Template blocks of an org: default text and its override, for the editing page. */
export async function listTemplateBlocks(ctx: AppContext, actor: Actor, orgId: number) {
  requirePermission(actor, 'foi.handle');
  await requireOrgAccess(ctx.db, actor, orgId);
  const overrides = await selectLetterBlocks(ctx.db, orgId);
  return (Object.keys(TEMPLATE_KEYS) as TemplateKey[]).map((key) => ({
    key,
    label: TEMPLATE_KEYS[key],
    blocks: (Object.keys(BLOCK_NAMES) as BlockName[]).map((b) => ({
      block: b,
      label: BLOCK_NAMES[b],
      defaultText: DEFAULT_BLOCKS[key][b],
      override: overrides[`${key}.${b}`] ?? null,
    })),
  }));
}

/** Sets (or, with empty text, removes) an org's override of one block. */
export async function saveTemplateBlock(
  ctx: AppContext,
  actor: Actor,
  orgId: number,
  key: string,
  block: string,
  text: string,
): Promise<void> {
  requirePermission(actor, 'foi.handle');
  await requireOrgAccess(ctx.db, actor, orgId);
  if (!(key in TEMPLATE_KEYS) || !(block in BLOCK_NAMES)) throw badRequest('模板或段落无效');
  if (text.length > 4000) throw badRequest('段落不能超过 4000 字', { text: '内容过长' });
  const now = ctx.clock.now();
  await transact(ctx.db, async (trx) => {
    if (text.trim()) await upsertLetterBlock(trx, orgId, key, block, text.trim(), now.toISOString());
    else await deleteLetterBlock(trx, orgId, key, block);
    await recordAudit(trx, now, actor, {
      action: 'foi.template.save',
      objectType: 'foi_letter_block',
      objectId: `${orgId}:${key}.${block}`,
      after: { text: text.trim() || null },
    });
  });
}
