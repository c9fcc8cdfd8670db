/**
 * Repeat applications (rules.md §2; 条例第三十六条第（六）项): before choosing an outcome the handler
 * sees the applicant's earlier applications — matched on the keyed hash of the ID number / credit
 * code or of the phone (similar.ts), sealed or not, never by decrypting every row — with their
 * outcomes, letters and how alike their requested content is. Closing as rejected.duplicate must
 * name one of them that this org has already answered; the link is stored both ways (the closing
 * event names it, the row's duplicate_of points to it, and the earlier case lists its repeats).
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { badRequest, notFound } from '../../errors.ts';
import { currentKeyId, open } from '../../lib/datakeys.ts';
import { requirePermission } from '../auth/permissions.ts';
import { listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import { lettersOfCase, type LetterRef } from './letters/service.ts';
import type { FoiStatus } from './model.ts';
import type { OutcomeCode } from './outcomes.ts';
import { applicantIndexes, contentWords, explainSimilarity, similarity, type Similarity } from './similar.ts';
import { selectApplication } from './store/applications.ts';
import { selectDuplicatesOf, selectSameApplicant } from './store/lists.ts';

type Row = NonNullable<Awaited<ReturnType<typeof selectApplication>>>;

export interface EarlierApplication {
  id: number;
  number: string;
  orgId: number;
  orgName: string;
  applicantName: string;
  description: string;
  submittedAt: string;
  receivedOn: string | null;
  status: FoiStatus;
  outcome: OutcomeCode | null;
  closedOn: string | null;
  /** How it was matched: 证件号码 and/or 联系电话. */
  matchedBy: ('id' | 'phone')[];
  similarity: Similarity;
  /** The similarity in a sentence, with the shared words. */
  explanation: string;
  letters: LetterRef[];
  /** Closed by the org this case is with: may be named when closing as rejected.duplicate. */
  canBeDuplicateOf: boolean;
}

/** How many earlier applications are read (the newest first). */
const EARLIER_LIMIT = 50;

/** The row's keys under the current data key: stored ones when current, else computed from the opened values. */
function keysOf(row: Row): { idKey: string; phoneKey: string } {
  const k = currentKeyId();
  const current = (v: string | null) => v != null && (v === '' || v.startsWith(`h.${k}.`));
  if (current(row.id_key) && current(row.phone_key)) return { idKey: row.id_key!, phoneKey: row.phone_key! };
  const fresh = applicantIndexes(open(row.applicant_id_number), open(row.phone));
  return { idKey: fresh.id_key, phoneKey: fresh.phone_key };
}

const requestText = (r: {
  description: string;
  docTitle?: string;
  docNumber?: string;
  doc_title?: string;
  doc_number?: string;
}) => [r.description, r.docTitle ?? r.doc_title ?? '', r.docNumber ?? r.doc_number ?? ''].join(' ');

async function earlierOf(ctx: AppContext, row: Row, orgIds: number[] | null): Promise<EarlierApplication[]> {
  const found = await selectSameApplicant(ctx.db, keysOf(row), {
    excludeId: row.id,
    before: row.submitted_at,
    orgIds,
    limit: EARLIER_LIMIT,
  });
  if (!found.length) return [];
  const names = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
  const mine = contentWords(requestText(row));
  const out: EarlierApplication[] = [];
  for (const f of found) {
    const sim = similarity(mine, contentWords(requestText(f)));
    const full = await selectApplication(ctx.db, f.id);
    out.push({
      id: f.id,
      number: f.number,
      orgId: f.orgId,
      orgName: names.get(f.orgId) ?? String(f.orgId),
      applicantName: f.applicantName,
      description: f.description,
      submittedAt: f.submittedAt,
      receivedOn: f.receivedOn,
      status: f.status,
      outcome: f.outcome,
      closedOn: f.closedOn,
      matchedBy: [...(f.byId ? (['id'] as const) : []), ...(f.byPhone ? (['phone'] as const) : [])],
      similarity: sim,
      explanation: explainSimilarity(sim),
      letters: full ? await lettersOfCase(ctx.db, full) : [],
      canBeDuplicateOf: f.status === 'closed' && f.orgId === row.org_id,
    });
  }
  // The similar ones first (most alike first), then the others, newest first.
  return out.sort(
    (a, b) =>
      Number(b.similarity.similar) - Number(a.similarity.similar) || b.similarity.score - a.similarity.score,
  );
}

/**
 * The applicant's earlier applications that the actor may see, for the case page and the API:
 * the similar ones first, each with its outcome, letters and the words it shares with this one.
 */
export async function earlierApplications(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<EarlierApplication[]> {
  requirePermission(actor, 'foi.read');
  const row = await selectApplication(ctx.db, id);
  if (!row) throw notFound('申请');
  await requireOrgAccess(ctx.db, actor, row.org_id);
  const scope = await orgScope(ctx.db, actor);
  return earlierOf(ctx, row, scope.all ? null : scope.orgIds);
}

/** The later applications closed as repeats of this one (the other direction of the link). */
export const repeatsOf = (db: Kysely<DB>, id: number) => selectDuplicatesOf(db, id);

/**
 * The earlier case a rejected.duplicate closing names, checked (rules.md §2): given, the same
 * applicant's (by ID or phone), earlier, answered (closed) by the same org. The reason gets the
 * earlier case's number and date when it does not name them, so the reply letter does.
 */
export async function duplicateTarget(
  ctx: AppContext,
  row: Row,
  earlierId: number | null | undefined,
  reason: string,
): Promise<{ earlierId: number; earlierNumber: string; reason: string }> {
  const field = { earlierId: '请选择申请人此前已答复的相同申请' };
  if (!earlierId)
    throw badRequest(
      '以“重复申请”办结，须选择申请人此前已获答复的相同申请（条例第三十六条第（六）项）',
      field,
    );
  const candidates = await earlierOf(ctx, row, null);
  const e = candidates.find((c) => c.id === earlierId);
  if (!e) throw badRequest('所选申请不是同一申请人此前提出的申请，不能作为重复申请的依据', field);
  if (e.status !== 'closed' || !e.closedOn)
    throw badRequest(`申请 ${e.number} 尚未答复，不能以“重复申请”办结（须本机关已作出答复）`, field);
  if (e.orgId !== row.org_id)
    throw badRequest(
      `申请 ${e.number} 由${e.orgName}办理，不是本机关已答复的申请，不能以“重复申请”办结`,
      field,
    );
  const named = `申请人曾于 ${e.receivedOn ?? e.submittedAt.slice(0, 10)} 提出相同的政府信息公开申请（申请编号 ${e.number}），本机关已于 ${e.closedOn} 作出答复`;
  const text = reason.includes(e.number) ? reason : reason ? `${reason}（${named}）` : named;
  return { earlierId: e.id, earlierNumber: e.number, reason: text };
}
