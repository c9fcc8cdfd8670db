/** Letter use cases: compose a case's letter from its events and the org's template overrides; edit overrides. */
import type { Actor, AppContext } from '../../../context.ts';
import { badRequest, invalidState } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { requireOrgAccess } from '../../org/service.ts';
import { DELIVERY_METHODS, LETTER_KINDS, type CaseEvent, type LetterKind } from '../model.ts';
import { getApplication } from '../service.ts';
import { deleteLetterBlock, selectLetterBlocks, upsertLetterBlock } from '../store.ts';
import {
  BLOCK_NAMES,
  buildLetter,
  DEFAULT_BLOCKS,
  TEMPLATE_KEYS,
  templateKeyFor,
  type BlockName,
  type Letter,
  type TemplateKey,
} from './templates.ts';

const last = <T extends CaseEvent['type']>(events: CaseEvent[], type: T) =>
  [...events].reverse().find((e) => e.type === type) as Extract<CaseEvent, { type: T }> | undefined;

/** The letter of a kind for a case, filled from its data; refused when the case has no such step yet. */
export async function composeLetter(
  ctx: AppContext,
  actor: Actor,
  id: number,
  kind: LetterKind,
): Promise<Letter & { number: string }> {
  if (!(kind in LETTER_KINDS)) throw badRequest('文书类型无效');
  const d = await getApplication(ctx, actor, id);
  const a = d.application;
  const events = d.events.map((e) => e.event);
  const overrides = await selectLetterBlocks(ctx.db, a.orgId);
  const base = {
    orgName: d.orgName,
    applicantName: a.applicantName,
    number: a.number,
    receivedOn: a.receivedOn,
    description: a.description,
    delivery: DELIVERY_METHODS[a.delivery as keyof typeof DELIVERY_METHODS],
  };
  const missing = (what: string) => invalidState(`该申请还没有${what}，不能生成${LETTER_KINDS[kind]}`);
  let letter: Letter;
  switch (kind) {
    case 'reply': {
      const ev = last(events, 'closed');
      if (!ev) throw missing('办结记录');
      letter = buildLetter(
        templateKeyFor('reply', ev.outcome),
        { ...base, issuedOn: ev.on, outcome: ev.outcome, reason: ev.reason },
        overrides,
      );
      break;
    }
    case 'correction': {
      const ev = last(events, 'correction_requested');
      if (!ev) throw missing('补正通知');
      letter = buildLetter(
        'correction',
        {
          ...base,
          issuedOn: ev.on,
          reason: ev.reason ?? '所需信息的名称或特征描述不明确',
          correctionPeriod: ev.periodDays ?? 15,
          correctionDeadline: d.clock?.correctionDeadline,
        },
        overrides,
      );
      break;
    }
    case 'extension': {
      const ev = last(events, 'extension');
      if (!ev) throw missing('延期记录');
      letter = buildLetter(
        'extension',
        { ...base, issuedOn: ev.on, reason: ev.reason, newDueDate: d.clock?.dueDate },
        overrides,
      );
      break;
    }
    case 'consultation': {
      const ev = last(events, 'consultation_started');
      if (!ev) throw missing('征求意见记录');
      const deadline = d.clock?.consultationDeadline ?? null;
      letter = buildLetter(
        'consultation',
        {
          ...base,
          issuedOn: ev.on,
          consultationParty: ev.partyName ?? (ev.party === 'agency' ? '（有关机关）' : '（第三方）'),
          consultationDeadline: deadline,
        },
        overrides,
      );
      break;
    }
    case 'fee': {
      const ev = last(events, 'fee_notice');
      if (!ev) throw missing('收费通知');
      letter = buildLetter(
        'fee',
        {
          ...base,
          issuedOn: ev.on,
          feeExplanation: ev.explanation,
          feePaymentDeadline: d.clock?.feePaymentDeadline,
        },
        overrides,
      );
      break;
    }
  }
  return { ...letter, number: a.number };
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
  await ctx.db.transaction().execute(async (trx) => {
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
