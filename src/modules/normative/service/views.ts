/**
 * The library's views of its rows (what pages, the API and other modules read), and who may see or
 * change a document: the public sees the library; staff also their orgs' drafts; normative.manage
 * over one of the issuing orgs may change it.
 */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { forbidden, invalidState, notFound } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { inScope, type Org } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import {
  INTERPRETATION_FORMS,
  isLateInterpretation,
  STATUSES,
  type EventKind,
  type InterpretationForm,
  type KeyPoint,
  type Status,
} from '../model.ts';
import {
  selectDocumentOrgIds,
  selectDocumentRow,
  type DocumentRow,
  type InterpretationRow,
  type RelationView,
} from '../store.ts';

export interface OrgRef {
  id: number;
  name: string;
  shortName: string;
}

export interface NormativeDocumentView {
  id: number;
  docNumber: string;
  title: string;
  orgs: OrgRef[];
  writtenOn: string;
  publishedOn: string | null;
  effectiveOn: string;
  validityYears: number | null;
  endsOn: string | null;
  indexNumber: string;
  registrationNumber: string | null;
  subject: string;
  /** Status on `statusDate`. */
  status: Status;
  statusLabel: string;
  statusDate: string;
  inLibrary: boolean;
  isSample: boolean;
  itemId: number | null;
  /** false: another policy document needing interpretation (rules.md §5), never in the library. */
  isNormative: boolean;
  /** When the carrying item was withdrawn (撤稿); the document left the public library then. */
  withdrawnAt: string | null;
  file: { name: string; type: string; size: number } | null;
  updatedAt: string;
}

export interface InterpretationView {
  id: number;
  documentId: number;
  title: string;
  url: string | null;
  form: InterpretationForm;
  formLabel: string;
  publishedOn: string;
  /** Published after its document (not 同步). */
  late: boolean;
  keyPoints: KeyPoint[];
  briefing: {
    date: string | null;
    topic: string | null;
    speakers: string | null;
    link: string | null;
  } | null;
  itemId: number | null;
  isSample: boolean;
}

export interface HistoryEntry {
  id: number;
  kind: EventKind;
  label: string;
  effectiveOn: string;
  endsOn: string | null;
  byDocumentId: number | null;
  byDocNumber: string | null;
  articles: string | null;
  note: string | null;
  recordedAt: string;
  actorName: string;
}

export interface DocumentDetail extends NormativeDocumentView {
  body: string;
  history: HistoryEntry[];
  relations: (RelationView & { label: string })[];
  interpretations: InterpretationView[];
  /** The portal banner on an amended, repealed or expired document, pointing to what replaced it. */
  banner: {
    status: Status;
    text: string;
    links: { id: number; docNumber: string; title: string; label: string }[];
  } | null;
  /** Who may change it (back office). */
  canEdit: boolean;
}

export const orgRef = (o: Org): OrgRef => ({ id: o.id, name: o.name, shortName: o.shortName });

export function toView(
  row: DocumentRow,
  orgIds: number[],
  orgs: Map<number, Org>,
  status: Status,
  date: string,
): NormativeDocumentView {
  return {
    id: row.id,
    docNumber: row.doc_number,
    title: row.title,
    orgs: orgIds
      .map((id) => orgs.get(id))
      .filter((o): o is Org => !!o)
      .map(orgRef),
    writtenOn: row.written_on,
    publishedOn: row.published_on,
    effectiveOn: row.effective_on,
    validityYears: row.validity_years,
    endsOn: row.ends_on,
    indexNumber: row.index_number,
    registrationNumber: row.registration_number,
    subject: row.subject,
    status,
    statusLabel: STATUSES[status],
    statusDate: date,
    inLibrary: row.in_library === 1,
    isSample: row.is_sample === 1,
    itemId: row.item_id,
    isNormative: row.is_normative === 1,
    withdrawnAt: row.withdrawn_at,
    file: row.file_name ? { name: row.file_name, type: row.file_type ?? '', size: row.file_size ?? 0 } : null,
    updatedAt: row.updated_at,
  };
}

export function toInterpretationView(
  r: InterpretationRow,
  docPublishedOn: string | null,
): InterpretationView {
  const form = r.form as InterpretationForm;
  return {
    id: r.id,
    documentId: r.document_id,
    title: r.title,
    url: r.url,
    form,
    formLabel: INTERPRETATION_FORMS[form] ?? r.form,
    publishedOn: r.published_on,
    late: isLateInterpretation(docPublishedOn, r.published_on),
    keyPoints: JSON.parse(r.key_points) as KeyPoint[],
    briefing:
      form === 'briefing'
        ? {
            date: r.briefing_date,
            topic: r.briefing_topic,
            speakers: r.briefing_speakers,
            link: r.briefing_link,
          }
        : null,
    itemId: r.item_id,
    isSample: r.is_sample === 1,
  };
}

/** Today in Asia/Shanghai, from the context's clock. */
export const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

export async function orgMap(db: Kysely<DB>): Promise<Map<number, Org>> {
  return new Map((await listPublicOrgs(db)).map((o) => [o.id, o]));
}

// Access

/** Staff may see drafts of their own orgs (district-wide roles: all); the public sees only the library. */
export async function visibilityFor(db: Kysely<DB>, actor: Actor) {
  if (actor.kind === 'public' || !can(actor, 'normative.read')) return { libraryOnly: true as const };
  const scope = await orgScope(db, actor);
  return { libraryOnly: false as const, draftOrgIds: scope.all ? ('all' as const) : scope.orgIds };
}

/** True when the actor may change this document: normative.manage and one of its issuing orgs in scope. */
export async function mayEdit(db: Kysely<DB>, actor: Actor, orgIds: number[]): Promise<boolean> {
  if (!can(actor, 'normative.manage')) return false;
  const scope = await orgScope(db, actor);
  return orgIds.some((id) => inScope(scope, id));
}

/** The document an actor may change, with its issuing orgs; refuses otherwise. */
export async function requireEditable(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<{ row: DocumentRow; orgIds: number[] }> {
  requirePermission(actor, 'normative.manage');
  const row = await selectDocumentRow(ctx.db, id);
  if (!row) throw notFound('规范性文件');
  const orgIds = (await selectDocumentOrgIds(ctx.db, [id])).get(id) ?? [];
  if (!(await mayEdit(ctx.db, actor, orgIds))) throw forbidden('该文件由其他单位制发，您无权修改');
  return { row, orgIds };
}

/** A document the actor may see: in the library, or a draft of one of the actor's orgs. */
export async function visibleRow(ctx: AppContext, actor: Actor, id: number): Promise<DocumentRow> {
  const row = await selectDocumentRow(ctx.db, id);
  if (!row) throw notFound('规范性文件');
  if (row.in_library === 1) return row;
  const vis = await visibilityFor(ctx.db, actor);
  if (vis.libraryOnly) throw notFound('规范性文件');
  if (vis.draftOrgIds !== 'all') {
    const orgIds = (await selectDocumentOrgIds(ctx.db, [id])).get(id) ?? [];
    if (!orgIds.some((o) => (vis.draftOrgIds as number[]).includes(o))) throw notFound('规范性文件');
  }
  return row;
}

/** Status changes and renewals are for 行政规范性文件 only (rules.md §6). */
export function requireNormative(row: DocumentRow): void {
  if (row.is_normative !== 1) throw invalidState('该文件不是行政规范性文件，不记录效力状态和有效期');
}
