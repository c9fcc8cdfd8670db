/**
 * Issuing a letter (rules.md §2): when a case's event calls for a letter (补正通知, 延期, 征求意见,
 * 收费通知, 办结), the letter is composed from the case as it stands then — the 复议机关 from the org
 * tree on the letter's date, 您 / 你单位 by applicant type, the org's template text, its own 文号
 * and the contact line — and stored as issued, in the event's transaction. A reprint reads the
 * stored letter, never today's org or template state.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { reviewBodyOf } from '../../org/model.ts';
import { getOrg, listPublicOrgs } from '../../org/service.ts';
import { getSiteInfo } from '../../portal/service.ts';
import type { ClockResult } from '../clock.ts';
import { DELIVERY_METHODS, type CaseEvent, type CaseEventType, type LetterKind } from '../model.ts';
import {
  insertLetter,
  lockLetterNumbering,
  nextLetterSeq,
  selectLetterBlocks,
  type StoredLetter,
} from '../store/letters.ts';
import {
  addresseeOf,
  buildLetter,
  contactLine,
  defaultLetterNumberPattern,
  formatLetterNumber,
  templateKeyFor,
  type Letter,
  type LetterVars,
} from './templates.ts';

/** The letter an event issues, if any. */
export const LETTER_OF_EVENT: Partial<Record<CaseEventType, LetterKind>> = {
  correction_requested: 'correction',
  extension: 'extension',
  consultation_started: 'consultation',
  fee_notice: 'fee',
  closed: 'reply',
};

/** What a letter needs to know of its case. */
export interface LetterCase {
  /** The application's id. */
  id: number;
  orgId: number;
  applicantType: string;
  applicantName: string;
  number: string;
  receivedOn: string | null;
  description: string;
  delivery: string;
}

/**
 * Composes the letter of one event, with the clock as it stood once the event was recorded (so a
 * 补正通知书 names its deadline as a date). `numbering` is the 文号 and contact line.
 */
export async function composeEventLetter(
  db: Kysely<DB>,
  c: LetterCase,
  ev: CaseEvent,
  clock: ClockResult | null,
  numbering: { docNumber: string; contact: string },
): Promise<Letter | null> {
  const kind = LETTER_OF_EVENT[ev.type];
  if (!kind) return null;
  const [org, orgs, site, overrides] = await Promise.all([
    getOrg(db, c.orgId),
    listPublicOrgs(db),
    getSiteInfo(db),
    selectLetterBlocks(db, c.orgId),
  ]);
  const base: LetterVars = {
    orgName: org.name,
    applicantName: c.applicantName,
    addressee: addresseeOf(c.applicantType),
    number: c.number,
    receivedOn: c.receivedOn,
    description: c.description,
    delivery: DELIVERY_METHODS[c.delivery as keyof typeof DELIVERY_METHODS],
    issuedOn: ev.on,
    // 行政复议法 (2023): the body on the letter's date, never the deciding org itself.
    reviewBody: reviewBodyOf(orgs, org.id, ev.on, site.parentGovernment),
  };
  switch (ev.type) {
    case 'closed':
      return buildLetter(
        templateKeyFor('reply', ev.outcome),
        { ...base, outcome: ev.outcome, reason: ev.reason },
        overrides,
        numbering,
      );
    case 'correction_requested':
      return buildLetter(
        'correction',
        {
          ...base,
          reason: ev.reason ?? '所需信息的名称或特征描述不明确',
          correctionPeriod: ev.periodDays ?? 15,
          correctionDeadline: clock?.correctionDeadline,
        },
        overrides,
        numbering,
      );
    case 'extension':
      return buildLetter(
        'extension',
        { ...base, reason: ev.reason, newDueDate: clock?.dueDate },
        overrides,
        numbering,
      );
    case 'consultation_started':
      return buildLetter(
        'consultation',
        {
          ...base,
          consultationParty: ev.partyName ?? (ev.party === 'agency' ? '（有关机关）' : '（第三方）'),
          consultationDeadline: clock?.consultationDeadline ?? null,
        },
        overrides,
        numbering,
      );
    case 'fee_notice':
      return buildLetter(
        'fee',
        { ...base, feeExplanation: ev.explanation, feePaymentDeadline: clock?.feePaymentDeadline },
        overrides,
        numbering,
      );
    default:
      return null;
  }
}

/**
 * Issues and stores the letter of an event (inside the caller's transaction): takes the next 文号
 * of the org for the letter's year — serialised per org on PostgreSQL (SQLite has one writer), and
 * unique per (org, year, seq) in the table besides.
 */
export async function issueEventLetter(
  trx: Kysely<DB>,
  c: LetterCase,
  eventId: number,
  ev: CaseEvent,
  clock: ClockResult | null,
  handlerName: string,
  nowIso: string,
): Promise<StoredLetter | null> {
  const kind = LETTER_OF_EVENT[ev.type];
  if (!kind) return null;
  const org = await getOrg(trx, c.orgId);
  const year = Number(ev.on.slice(0, 4));
  await lockLetterNumbering(trx, org.id);
  const seq = await nextLetterSeq(trx, org.id, year);
  const docNumber = formatLetterNumber(
    org.letterNumberPattern.trim() || defaultLetterNumberPattern(org.shortName),
    year,
    seq,
  );
  const letter = (await composeEventLetter(trx, c, ev, clock, {
    docNumber,
    contact: contactLine(handlerName, org.foiDesk.phone),
  }))!;
  const content = JSON.stringify(letter);
  const id = await insertLetter(trx, {
    application_id: c.id,
    event_id: eventId,
    org_id: org.id,
    kind,
    year,
    seq,
    doc_number: docNumber,
    issued_on: ev.on,
    content,
    created_at: nowIso,
  });
  return { id, applicationId: c.id, eventId, orgId: org.id, kind, docNumber, issuedOn: ev.on, content };
}

/** The stored letter's content. */
export const letterOf = (l: StoredLetter): Letter => JSON.parse(l.content) as Letter;
