/**
 * Use cases of the normative-document library (行政规范性文件库): registration, status changes with
 * history, renewal, relations, interpretations, point-in-time listing, the interpretation rate, the
 * expiry job, and the seams the publishing and search modules call (`recordInterpretation`,
 * `searchSource`).
 */
import { checkUpload } from '../../lib/uploads.ts';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { actorName, systemActor, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { badRequest, forbidden, invalidState, notFound } from '../../errors.ts';
import { addDays, isIsoDate, shanghaiDate } from '../../lib/time.ts';
import { auditedWrite, recordAudit } from '../audit/service.ts';
import { indexDocument, matchingRefIds, removeDocument } from '../search/service.ts';
import type { SearchDocumentInput } from '../search/model.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import { usersWithRole } from '../auth/service.ts';
import type { JobDefinition } from '../jobs/service.ts';
import { notifyUsers } from '../notifications/service.ts';
import { inScope, type Org } from '../org/model.ts';
import { listPublicOrgs, orgScope } from '../org/service.ts';
import {
  cleanDocNumberInput,
  CLOSE_BRACKETS,
  OPEN_BRACKETS,
  normalizeDocNumber,
  parseDocNumber,
} from './docnumber.ts';
import {
  DEFAULT_INDEX_TEMPLATE,
  defaultValidityYears,
  EVENT_KINDS,
  formatIndexNumber,
  INTERPRETATION_FORMS,
  interpretationRate,
  indexSeqScope,
  indexTemplateProblem,
  isInForce,
  isLateInterpretation,
  KEY_POINT_KEYS,
  reminderDate,
  RELATION_KINDS,
  STATUSES,
  statusOn,
  repealDateInYear,
  table2Cells,
  validityEnd,
  type EventKind,
  type StatusPeriod,
  type Table2Cell,
  type InterpretationForm,
  type KeyPoint,
  type RelationKind,
  type Status,
} from './model.ts';
import {
  appendEvent,
  getSetting,
  insertRelation,
  nextIndexSeq,
  putSetting,
  queryDocuments,
  rebuildSpans,
  replaceDocumentOrgs,
  selectDocumentOrgIds,
  selectDocumentRow,
  selectDocumentRowByItem,
  selectDocumentRowByNumber,
  selectUnrecordedExpiries,
  selectLibraryDocumentsChangingBetween,
  selectEvents,
  selectInterpretations,
  selectRateDocuments,
  selectRelations,
  selectStatusesOn,
  type DocumentRow,
  type InterpretationRow,
  type RelationView,
} from './store.ts';

/** 主题分类 (the State Council's 公文主题分类, first level). */
export const SUBJECTS = [
  '综合政务',
  '国民经济管理、国有资产监管',
  '财政、金融、审计',
  '国土资源、能源',
  '农业、林业、水利',
  '工业、交通',
  '商贸、海关、旅游',
  '市场监管、安全生产监管',
  '城乡建设、环境保护',
  '科技、教育',
  '文化、广电、新闻出版',
  '卫生、体育',
  '人口与计划生育、妇女儿童工作',
  '劳动、人事、监察',
  '公安、安全、司法',
  '民政、扶贫、救灾',
  '其他',
] as const;

const INDEX_TEMPLATE_KEY = 'normative.indexTemplate';

// ---------------------------------------------------------------------------------------------
// Views

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

const orgRef = (o: Org): OrgRef => ({ id: o.id, name: o.name, shortName: o.shortName });

function toView(
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

function toInterpretationView(r: InterpretationRow, docPublishedOn: string | null): InterpretationView {
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

const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

export async function orgMap(db: Kysely<DB>): Promise<Map<number, Org>> {
  return new Map((await listPublicOrgs(db)).map((o) => [o.id, o]));
}

// ---------------------------------------------------------------------------------------------
// Access

/** Staff may see drafts of their own orgs (district-wide roles: all); the public sees only the library. */
async function visibilityFor(db: Kysely<DB>, actor: Actor) {
  if (actor.kind === 'public' || !can(actor, 'normative.read')) return { libraryOnly: true as const };
  const scope = await orgScope(db, actor);
  return { libraryOnly: false as const, draftOrgIds: scope.all ? ('all' as const) : scope.orgIds };
}

/** True when the actor may change this document: normative.manage and one of its issuing orgs in scope. */
async function mayEdit(db: Kysely<DB>, actor: Actor, orgIds: number[]): Promise<boolean> {
  if (!can(actor, 'normative.manage')) return false;
  const scope = await orgScope(db, actor);
  return orgIds.some((id) => inScope(scope, id));
}

async function requireEditable(
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

// ---------------------------------------------------------------------------------------------
// Settings: the 索引号 template

export async function getIndexTemplate(db: Kysely<DB>): Promise<string> {
  return (await getSetting(db, INDEX_TEMPLATE_KEY)) ?? DEFAULT_INDEX_TEMPLATE;
}

export async function setIndexTemplate(ctx: AppContext, actor: Actor, template: string): Promise<void> {
  requirePermission(actor, 'normative.exchange');
  const problem = indexTemplateProblem(template);
  if (problem) throw badRequest(problem, { template: problem });
  const before = await getIndexTemplate(ctx.db);
  await auditedWrite(
    ctx,
    actor,
    (trx) => putSetting(trx, INDEX_TEMPLATE_KEY, template.trim()),
    () => ({
      action: 'normative.index_template',
      objectType: 'setting',
      objectId: INDEX_TEMPLATE_KEY,
      before,
      after: template.trim(),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Registration

export interface RegisterDocumentInput {
  docNumber: string;
  title: string;
  /** Issuing orgs, lead first (joint issuance: several). */
  orgIds: number[];
  writtenOn: string;
  publishedOn?: string | null;
  effectiveOn: string;
  /** Years of validity; default 5, or 2 for 试行/暂行 titles. 0 = no time limit. */
  validityYears?: number | null;
  registrationNumber?: string | null;
  subject: string;
  body?: string;
  /** Put it in the public library now (needs 发布日期): only for the existing published register. */
  inLibrary?: boolean;
  isSample?: boolean;
  itemId?: number | null;
  /** false: another policy document that needs interpretation (rules.md §5); default true. */
  isNormative?: boolean;
}

export interface CheckedInput {
  docNumber: string;
  agency: string;
  year: number;
  seq: number;
  title: string;
  orgIds: number[];
  writtenOn: string;
  publishedOn: string | null;
  effectiveOn: string;
  validityYears: number | null;
  registrationNumber: string | null;
  subject: string;
  body: string;
  inLibrary: boolean;
  isNormative: boolean;
}

/** Validates registration input; every problem is reported by field, in Chinese; nothing is written. */
export async function checkInput(
  db: Kysely<DB>,
  input: RegisterDocumentInput,
  orgs: Map<number, Org>,
  selfId?: number,
): Promise<CheckedInput> {
  const fields: Record<string, string> = {};
  const dn = parseDocNumber(input.docNumber ?? '');
  if (!dn.ok) fields.docNumber = dn.reason;
  const title = (input.title ?? '').trim();
  if (!title) fields.title = '请填写文件标题';
  else if (title.length > 200) fields.title = '标题不能超过 200 个字';
  const orgIds = [...new Set(input.orgIds ?? [])];
  if (orgIds.length === 0) fields.orgIds = '请选择制发机关';
  else if (orgIds.some((id) => !orgs.has(id))) fields.orgIds = '制发机关不存在';
  const date = (name: string, v: string | null | undefined, label: string, required: boolean) => {
    if (v == null || v === '') {
      if (required) fields[name] = `请填写${label}`;
      return null;
    }
    if (!isIsoDate(v)) {
      fields[name] = `${label}应为有效日期，格式如 2022-03-01`;
      return null;
    }
    return v;
  };
  const writtenOn = date('writtenOn', input.writtenOn, '成文日期', true);
  const publishedOn = date('publishedOn', input.publishedOn, '发布日期', !!input.inLibrary);
  const effectiveOn = date('effectiveOn', input.effectiveOn, '施行日期', true);
  if (writtenOn && publishedOn && publishedOn < writtenOn) fields.publishedOn = '发布日期不能早于成文日期';
  if (writtenOn && effectiveOn && effectiveOn < writtenOn) fields.effectiveOn = '施行日期不能早于成文日期';
  const isNormative = input.isNormative !== false;
  // Validity and status history are the library's (rules.md §6); other policy documents have none.
  let validityYears: number | null = isNormative ? (input.validityYears ?? defaultValidityYears(title)) : 0;
  if (!Number.isInteger(validityYears) || validityYears < 0 || validityYears > 10)
    fields.validityYears = '有效期应为 0 至 10 之间的整数（年）；0 表示不设有效期';
  if (validityYears === 0) validityYears = null;
  const subject = (input.subject ?? '').trim();
  if (!(SUBJECTS as readonly string[]).includes(subject)) fields.subject = '请选择主题分类';
  const registrationNumber = input.registrationNumber?.trim() || null;
  if (registrationNumber && registrationNumber.length > 64)
    fields.registrationNumber = '登记号不能超过 64 个字符';
  const body = input.body ?? '';
  if (body.length > 500_000) fields.body = '全文过长（最多 50 万字）';
  if (dn.ok) {
    const same = await selectDocumentRowByNumber(db, dn.value.normalized);
    if (same && same.id !== selfId) fields.docNumber = `文号“${dn.value.normalized}”已登记（${same.title}）`;
  }
  if (Object.keys(fields).length) throw badRequest('规范性文件信息有误，请检查后重新提交', fields);
  const d = (dn as { ok: true; value: { normalized: string; agency: string; year: number; seq: number } })
    .value;
  return {
    docNumber: d.normalized,
    agency: d.agency,
    year: d.year,
    seq: d.seq,
    title,
    orgIds,
    writtenOn: writtenOn!,
    publishedOn,
    effectiveOn: effectiveOn!,
    validityYears,
    registrationNumber,
    subject,
    body,
    inLibrary: !!input.inLibrary && isNormative,
    isNormative,
  };
}

/** Checks a registration and the actor's scope over its lead org; writes nothing. */
export async function checkRegistration(
  ctx: AppContext,
  actor: Actor,
  input: RegisterDocumentInput,
): Promise<{ c: CheckedInput; orgs: Map<number, Org>; template: string }> {
  const orgs = await orgMap(ctx.db);
  const c = await checkInput(ctx.db, input, orgs);
  const scope = await orgScope(ctx.db, actor);
  if (!inScope(scope, c.orgIds[0])) throw forbidden('只能登记本单位（或下级单位）制发的规范性文件');
  return { c, orgs, template: await getIndexTemplate(ctx.db) };
}

/**
 * Enters one document of the existing published register directly (as `documents import` does for
 * a whole workbook): parses its 文号, computes its validity period (rules.md §6: 5 years, 试行/暂行
 * 2; last day = 施行日期 + N years − 1 day), generates its 索引号 and writes the first history row.
 * Not reachable over HTTP: new documents enter through the publishing workflow (workflow.ts).
 */
export async function registerExistingDocument(
  ctx: AppContext,
  actor: Actor,
  input: RegisterDocumentInput,
): Promise<NormativeDocumentView> {
  requirePermission(actor, 'normative.exchange');
  const { c, orgs, template } = await checkRegistration(ctx, actor, input);
  const now = ctx.clock.now().toISOString();
  const id = await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const docId = await insertDocument(trx, c, orgs, template, now, actorName(actor), {
        isSample: !!input.isSample,
        itemId: input.itemId ?? null,
      });
      await syncSearch(trx, docId, shanghaiDate(ctx.clock.now()));
      return docId;
    },
    (docId) => ({
      action: 'normative.register',
      objectType: 'normative_document',
      objectId: docId,
      after: { ...c, body: undefined, existingRegister: true },
    }),
  );
  return getDocumentView(ctx, actor, id);
}

/**
 * The next 索引号 by the site's rule (the template), inside the caller's transaction. The counter
 * follows what the template shows (indexSeqScope); a number already taken by a library document or
 * a content item (e.g. under an earlier template that produced the same form, or typed by hand) is
 * skipped. Content's 政策文件 draw from the same counter, so the site has one numbering.
 */
export async function allocateIndexNumber(
  trx: Kysely<DB>,
  template: string,
  orgCode: string,
  year: number,
): Promise<string> {
  const scope = indexSeqScope(template, { orgCode, year });
  for (let attempt = 0; ; attempt++) {
    const seq = await nextIndexSeq(trx, scope.orgCode, scope.year);
    const indexNumber = formatIndexNumber(template, { orgCode, year, seq });
    const clash =
      (await trx
        .selectFrom('normative_documents')
        .select('id')
        .where('index_number', '=', indexNumber)
        .executeTakeFirst()) ??
      (await trx
        .selectFrom('content_items')
        .select('id')
        .where('index_number', '=', indexNumber)
        .executeTakeFirst());
    if (!clash) return indexNumber;
    if (attempt >= 1000) throw invalidState(`生成的索引号“${indexNumber}”已被使用，请检查索引号模板设置`);
  }
}

/** Inserts the document, its orgs, its 索引号 and its first history row (inside the caller's transaction). */
export async function insertDocument(
  trx: Kysely<DB>,
  c: CheckedInput,
  orgs: Map<number, Org>,
  template: string,
  now: string,
  who: string,
  extra: { isSample: boolean; itemId: number | null },
): Promise<number> {
  const lead = orgs.get(c.orgIds[0])!;
  const year = Number((c.publishedOn ?? c.writtenOn).slice(0, 4));
  // rules.md §6: 索引号 unique. The counter follows what the template shows (indexSeqScope); a number
  // already taken (e.g. under an earlier template that produced the same form) is skipped.
  const indexNumber = await allocateIndexNumber(trx, template, lead.code, year);
  const endsOn = c.validityYears ? validityEnd(c.effectiveOn, c.validityYears) : null;
  const { id } = await trx
    .insertInto('normative_documents')
    .values({
      doc_number: c.docNumber,
      agency_code: c.agency,
      doc_year: c.year,
      doc_seq: c.seq,
      title: c.title,
      lead_org_id: lead.id,
      written_on: c.writtenOn,
      published_on: c.publishedOn,
      effective_on: c.effectiveOn,
      validity_years: c.validityYears,
      ends_on: endsOn,
      index_number: indexNumber,
      registration_number: c.registrationNumber,
      subject: c.subject,
      body: c.body,
      status: 'pending',
      in_library: c.inLibrary ? 1 : 0,
      is_sample: extra.isSample ? 1 : 0,
      item_id: extra.itemId,
      is_normative: c.isNormative ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceDocumentOrgs(trx, id, c.orgIds);
  // Amendments and repeals recorded earlier "by" this 文号 (before it was registered) now get their
  // relation, so both sides show it and the banner of the amended or repealed one links here.
  const named = await trx
    .selectFrom('normative_status_events')
    .select(['document_id', 'kind', 'effective_on', 'articles'])
    .where('by_doc_number', '=', c.docNumber)
    .where('by_document_id', 'is', null)
    .where('kind', 'in', ['amended', 'repealed'])
    .orderBy('id')
    .execute();
  for (const e of named) {
    await insertRelation(trx, {
      from: id,
      to: e.document_id,
      kind: e.kind === 'amended' ? 'amends' : 'repeals',
      effectiveOn: e.effective_on,
      articles: e.articles,
      at: now,
    });
  }
  await appendEvent(trx, id, {
    kind: 'registered',
    effectiveOn: c.effectiveOn,
    endsOn,
    note: c.validityYears ? `有效期 ${c.validityYears} 年` : '不设有效期',
    recordedAt: now,
    actorName: who,
  });
  return id;
}

export interface UpdateDocumentInput {
  docNumber: string;
  title: string;
  orgIds: number[];
  writtenOn: string;
  publishedOn?: string | null;
  registrationNumber?: string | null;
  subject: string;
  body?: string;
}

/**
 * Corrects a document's descriptive fields. 施行日期 and the validity period are history: they change
 * only through a status change or a renewal (a new history row), never here. Whether it is in the
 * library is not a correction either: a document enters it when its item is published (workflow.ts),
 * so 发布日期 can be corrected only on a document already published.
 */
export async function updateDocument(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: UpdateDocumentInput,
): Promise<NormativeDocumentView> {
  const { row, orgIds: beforeOrgs } = await requireEditable(ctx, actor, id);
  const orgs = await orgMap(ctx.db);
  const inLibrary = row.in_library === 1;
  if (!inLibrary && input.publishedOn != null && input.publishedOn !== row.published_on) {
    throw badRequest('发布日期在稿件经审核发布时自动记录，不能在此填写', {
      publishedOn: '尚未发布的文件不能填写发布日期',
    });
  }
  const c = await checkInput(
    ctx.db,
    {
      ...input,
      publishedOn: inLibrary ? input.publishedOn : row.published_on,
      effectiveOn: row.effective_on,
      validityYears: row.validity_years ?? 0,
      inLibrary,
      isNormative: row.is_normative === 1,
    },
    orgs,
    id,
  );
  if (!(await mayEdit(ctx.db, actor, c.orgIds))) throw forbidden('只能把文件登记在本单位（或下级单位）名下');
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx
        .updateTable('normative_documents')
        .set({
          doc_number: c.docNumber,
          agency_code: c.agency,
          doc_year: c.year,
          doc_seq: c.seq,
          title: c.title,
          lead_org_id: c.orgIds[0],
          written_on: c.writtenOn,
          published_on: c.publishedOn,
          registration_number: c.registrationNumber,
          subject: c.subject,
          body: c.body,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await replaceDocumentOrgs(trx, id, c.orgIds);
      await rebuildSpans(trx, id);
      await syncSearch(trx, id, today(ctx));
    },
    () => ({
      action: 'normative.update',
      objectType: 'normative_document',
      objectId: id,
      before: {
        docNumber: row.doc_number,
        title: row.title,
        orgIds: beforeOrgs,
        writtenOn: row.written_on,
        publishedOn: row.published_on,
        subject: row.subject,
      },
      after: {
        docNumber: c.docNumber,
        title: c.title,
        orgIds: c.orgIds,
        writtenOn: c.writtenOn,
        publishedOn: c.publishedOn,
        subject: c.subject,
      },
    }),
  );
  return getDocumentView(ctx, actor, id);
}

// ---------------------------------------------------------------------------------------------
// Status changes, renewal, relations

export interface StatusChangeInput {
  kind: 'amended' | 'repealed';
  effectiveOn: string;
  /** 文号 of the later document that amends or repeals it (any bracket style). */
  byDocNumber: string;
  /** Which articles were amended. */
  articles?: string | null;
  note?: string | null;
}

/**
 * Records an amendment (the document stays in force, status 已修改) or a repeal (已废止), by a named
 * later document from a date (rules.md §6) — a new history row, and a relation when the later
 * document is in the library.
 */
export async function changeStatus(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: StatusChangeInput,
): Promise<NormativeDocumentView> {
  const { row } = await requireEditable(ctx, actor, id);
  requireNormative(row);
  const fields: Record<string, string> = {};
  if (input.kind !== 'amended' && input.kind !== 'repealed') fields.kind = '请选择修改或废止';
  if (!isIsoDate(input.effectiveOn ?? '')) fields.effectiveOn = '请填写生效日期，格式如 2022-03-01';
  else if (input.effectiveOn < row.effective_on)
    fields.effectiveOn = '修改或废止的生效日期不能早于本文件的施行日期';
  const by = parseDocNumber(input.byDocNumber ?? '');
  if (!by.ok) fields.byDocNumber = `请填写修改或废止本文件的文件文号：${by.reason}`;
  else if (by.value.normalized === row.doc_number) fields.byDocNumber = '不能由本文件自身修改或废止';
  const articles = input.articles?.trim() || null;
  if (articles && articles.length > 500) fields.articles = '条款说明不能超过 500 字';
  if (Object.keys(fields).length) throw badRequest('状态变更信息有误，请检查后重新提交', fields);
  const events = await selectEvents(ctx.db, id);
  const on = statusOn(events, input.effectiveOn);
  if (!isInForce(on.status))
    throw invalidState(`该文件在 ${input.effectiveOn} 的状态为“${STATUSES[on.status]}”，不能再修改或废止`);
  const byNumber = (by as { ok: true; value: { normalized: string } }).value.normalized;
  const byDoc = await selectDocumentRowByNumber(ctx.db, byNumber);
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const eventId = await appendEvent(trx, id, {
        kind: input.kind,
        effectiveOn: input.effectiveOn,
        byDocumentId: byDoc?.id ?? null,
        byDocNumber: byNumber,
        articles: input.kind === 'amended' ? articles : null,
        note: input.note?.trim() || null,
        recordedAt: now,
        actorName: actorName(actor),
      });
      if (byDoc)
        await insertRelation(trx, {
          from: byDoc.id,
          to: id,
          kind: input.kind === 'amended' ? 'amends' : 'repeals',
          effectiveOn: input.effectiveOn,
          articles,
          at: now,
        });
      await syncSearch(trx, id, today(ctx));
      return eventId;
    },
    (eventId) => ({
      action: `normative.${input.kind === 'amended' ? 'amend' : 'repeal'}`,
      objectType: 'normative_document',
      objectId: id,
      after: { eventId, ...input, byDocNumber: byNumber },
    }),
  );
  return getDocumentView(ctx, actor, id);
}

export interface RenewInput {
  /** New period in years (default by title: 5, or 2 for 试行/暂行). */
  years?: number | null;
  /** First day of the new period; default the day after the current period's last day. */
  effectiveOn?: string | null;
  note?: string | null;
}

/**
 * Renewal after evaluation (rules.md §6): re-registers the document with a new validity period,
 * starting the day after the current one ends (or a given date), as a new history row.
 */
export async function renewDocument(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: RenewInput,
): Promise<NormativeDocumentView> {
  const { row } = await requireEditable(ctx, actor, id);
  requireNormative(row);
  const events = await selectEvents(ctx.db, id);
  const last = [...events].reverse().find((e) => e.kind === 'registered' || e.kind === 'renewed');
  if (!row.ends_on || !last) throw invalidState('该文件不设有效期，无需延续');
  if (events.some((e) => e.kind === 'repealed')) throw invalidState('该文件已废止，不能延续有效期');
  const fields: Record<string, string> = {};
  const years = input.years ?? defaultValidityYears(row.title);
  if (!Number.isInteger(years) || years < 1 || years > 10)
    fields.years = '有效期应为 1 至 10 之间的整数（年）';
  const start = input.effectiveOn || addDays(row.ends_on, 1);
  if (!isIsoDate(start)) fields.effectiveOn = '新有效期起始日期应为有效日期，格式如 2022-03-01';
  else if (start <= last.effectiveOn)
    fields.effectiveOn = `新有效期的起始日期应晚于当前有效期的起始日期（${last.effectiveOn}）`;
  if (Object.keys(fields).length) throw badRequest('延续有效期的信息有误', fields);
  const endsOn = validityEnd(start, years);
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const eventId = await appendEvent(trx, id, {
        kind: 'renewed',
        effectiveOn: start,
        endsOn,
        note: input.note?.trim() || `评估后延续有效期 ${years} 年`,
        recordedAt: now,
        actorName: actorName(actor),
      });
      await syncSearch(trx, id, today(ctx));
      return eventId;
    },
    (eventId) => ({
      action: 'normative.renew',
      objectType: 'normative_document',
      objectId: id,
      before: { endsOn: row.ends_on },
      after: { eventId, effectiveOn: start, endsOn, years },
    }),
  );
  return getDocumentView(ctx, actor, id);
}

/** Records that this document supersedes (replaces) another, e.g. a new 办法 replacing an expired one. */
export async function addSupersedes(
  ctx: AppContext,
  actor: Actor,
  id: number,
  otherDocNumber: string,
): Promise<void> {
  await requireEditable(ctx, actor, id);
  const n = parseDocNumber(otherDocNumber ?? '');
  if (!n.ok) throw badRequest(`被替代文件的文号有误：${n.reason}`, { otherDocNumber: n.reason });
  const other = await selectDocumentRowByNumber(ctx.db, n.value.normalized);
  if (!other)
    throw badRequest(`文件库中没有文号为“${n.value.normalized}”的文件`, {
      otherDocNumber: '文件库中没有该文号',
    });
  if (other.id === id) throw badRequest('文件不能替代自身', { otherDocNumber: '文件不能替代自身' });
  const now = ctx.clock.now().toISOString();
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      insertRelation(trx, {
        from: id,
        to: other.id,
        kind: 'supersedes',
        effectiveOn: null,
        articles: null,
        at: now,
      }),
    () => ({
      action: 'normative.supersede',
      objectType: 'normative_document',
      objectId: id,
      after: { supersedes: other.id, docNumber: other.doc_number },
    }),
  );
}

/** Stores an uploaded original file under DATA_DIR/uploads/normative. */
export async function attachFile(
  ctx: AppContext,
  actor: Actor,
  id: number,
  file: { filename: string; mimetype: string; data: Buffer },
): Promise<void> {
  const { row } = await requireEditable(ctx, actor, id);
  const name = file.filename.replace(/[\\/]/g, '_').slice(0, 200);
  const ext = /\.(pdf|docx?|ofd|wps|xlsx?|txt|zip)$/i.exec(name)?.[1]?.toLowerCase();
  if (!ext)
    throw badRequest('原件只接受 PDF、OFD、Word、WPS、Excel、TXT 或 ZIP 文件', { file: '文件类型不支持' });
  if (file.data.length === 0) throw badRequest('上传的文件是空的', { file: '文件为空' });
  await checkUpload(file, {
    kinds: ['pdf', 'ofd', 'docx', 'xlsx', 'office97', 'txt', 'zip'],
    maxBytes: 10 * 1024 * 1024,
  });
  const dir = join(ctx.config.dataDir, 'uploads', 'normative');
  await mkdir(dir, { recursive: true });
  const stored = `${id}-${randomBytes(8).toString('hex')}.${ext}`;
  await writeFile(join(dir, stored), file.data);
  await auditedWrite(
    ctx,
    actor,
    (trx) =>
      trx
        .updateTable('normative_documents')
        .set({
          file_path: stored,
          file_name: name,
          file_type: file.mimetype,
          file_size: file.data.length,
          updated_at: ctx.clock.now().toISOString(),
        })
        .where('id', '=', id)
        .execute(),
    () => ({
      action: 'normative.attach',
      objectType: 'normative_document',
      objectId: id,
      before: row.file_name,
      after: { name, size: file.data.length },
    }),
  );
}

/** The stored original file of a document the actor may see. */
export async function documentFile(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<{ path: string; name: string; type: string }> {
  const row = await visibleRow(ctx, actor, id);
  if (!row.file_path || !row.file_name) throw notFound('原件');
  return {
    path: join(ctx.config.dataDir, 'uploads', 'normative', row.file_path),
    name: row.file_name,
    type: row.file_type || 'application/octet-stream',
  };
}

// ---------------------------------------------------------------------------------------------
// Interpretations

export interface InterpretationInput {
  documentId: number;
  title: string;
  url?: string | null;
  form: InterpretationForm;
  publishedOn: string;
  itemId?: number | null;
  keyPoints?: KeyPoint[];
  briefing?: {
    date?: string | null;
    topic?: string | null;
    speakers?: string | null;
    link?: string | null;
  } | null;
  isSample?: boolean;
}

/**
 * Seam for the publishing module: records a published interpretation of a document, inside the
 * caller's transaction (the caller checks permissions and writes the audit record). Throws a Chinese
 * bad_request on invalid input. Returns the interpretation's id.
 */
export async function recordInterpretation(
  trx: Kysely<DB>,
  input: InterpretationInput,
  at?: Date,
): Promise<number> {
  const fields: Record<string, string> = {};
  const title = (input.title ?? '').trim();
  if (!title) fields.title = '请填写解读标题';
  else if (title.length > 200) fields.title = '解读标题不能超过 200 个字';
  if (!(input.form in INTERPRETATION_FORMS)) fields.form = '请选择解读形式';
  if (!isIsoDate(input.publishedOn ?? '')) fields.publishedOn = '请填写解读发布日期，格式如 2022-03-01';
  const url = input.url?.trim() || null;
  const linkOk = (u: string) => /^(https?:\/\/|\/)[^\s]{1,500}$/.test(u);
  if (url && !linkOk(url)) fields.url = '链接应以 http://、https:// 或 / 开头';
  const keyPoints = [...new Set(input.keyPoints ?? [])];
  if (keyPoints.some((k) => !KEY_POINT_KEYS.includes(k))) fields.keyPoints = '解读要点无法识别';
  const b = input.form === 'briefing' ? (input.briefing ?? {}) : null;
  if (b) {
    if (!b.date || !isIsoDate(b.date)) fields.briefingDate = '请填写吹风会日期';
    if (!b.topic?.trim()) fields.briefingTopic = '请填写吹风会主题';
    if (!b.speakers?.trim()) fields.briefingSpeakers = '请填写发布人（解读人）';
    if (b.link && !linkOk(b.link.trim()))
      fields.briefingLink = '视频或文字实录链接应以 http://、https:// 或 / 开头';
  }
  if (!url && !(b && b.link)) fields.url = '请填写解读的链接（吹风会可填写视频或文字实录链接）';
  const doc = await selectDocumentRow(trx, input.documentId);
  if (!doc) throw notFound('规范性文件');
  if (Object.keys(fields).length) throw badRequest('解读信息有误，请检查后重新提交', fields);
  // The seam's callers may pass their clock's instant; otherwise the start of the publication day.
  const stamp = (at ?? new Date(`${input.publishedOn}T00:00:00+08:00`)).toISOString();
  const { id } = await trx
    .insertInto('normative_interpretations')
    .values({
      document_id: input.documentId,
      title,
      url,
      form: input.form,
      published_on: input.publishedOn,
      item_id: input.itemId ?? null,
      key_points: JSON.stringify(KEY_POINT_KEYS.filter((k) => keyPoints.includes(k))),
      briefing_date: b?.date ?? null,
      briefing_topic: b?.topic?.trim() || null,
      briefing_speakers: b?.speakers?.trim() || null,
      briefing_link: b?.link?.trim() || null,
      is_sample: input.isSample ? 1 : 0,
      created_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('normative_documents')
    .set({ updated_at: stamp })
    .where('id', '=', input.documentId)
    .execute();
  return id;
}

/** Back-office use case: records an interpretation by hand (staff of the issuing org or the openness office). */
export async function addInterpretation(
  ctx: AppContext,
  actor: Actor,
  input: InterpretationInput,
): Promise<number> {
  await requireEditable(ctx, actor, input.documentId);
  return auditedWrite(
    ctx,
    actor,
    (trx) => recordInterpretation(trx, input, ctx.clock.now()),
    (id) => ({
      action: 'normative.interpretation',
      objectType: 'normative_document',
      objectId: input.documentId,
      after: { interpretationId: id, ...input },
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Reading

async function visibleRow(ctx: AppContext, actor: Actor, id: number): Promise<DocumentRow> {
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

export async function getDocumentView(
  ctx: AppContext,
  actor: Actor,
  id: number,
  date?: string,
): Promise<NormativeDocumentView> {
  const d = await getDocumentDetail(ctx, actor, id, date);
  const { body: _b, history: _h, relations: _r, interpretations: _i, banner: _bn, canEdit: _c, ...view } = d;
  return view;
}

/** A document with its history, relations (both sides), interpretations and banner, as on `date` (default today). */
export async function getDocumentDetail(
  ctx: AppContext,
  actor: Actor,
  id: number,
  date?: string,
): Promise<DocumentDetail> {
  const row = await visibleRow(ctx, actor, id);
  const on = date ?? today(ctx);
  const orgIds = (await selectDocumentOrgIds(ctx.db, [id])).get(id) ?? [];
  const events = await selectEvents(ctx.db, id);
  const st = statusOn(events, on);
  const view = toView(row, orgIds, await orgMap(ctx.db), st.status, on);
  const publicOnly = (await visibilityFor(ctx.db, actor)).libraryOnly;
  const relations = (await selectRelations(ctx.db, id))
    .filter((r) => !publicOnly || r.otherInLibrary)
    .map((r) => ({
      ...r,
      label: RELATION_KINDS[r.kind as RelationKind]?.[r.outgoing ? 'forward' : 'backward'] ?? r.kind,
    }));
  // A history row names the later document by 文号; link it when that document is known (registered later too).
  const byNumber = new Map(relations.filter((r) => !r.outgoing).map((r) => [r.otherDocNumber, r.otherId]));
  const interps = (await selectInterpretations(ctx.db, [id])).map((i) =>
    toInterpretationView(i, row.published_on),
  );
  // The history reads by effective date (a change recorded late, or back-dated, takes its place in time), then as recorded.
  const byEffectiveDate = [...events].sort(
    (x, y) => x.effectiveOn.localeCompare(y.effectiveOn) || x.id - y.id,
  );
  const history: HistoryEntry[] = byEffectiveDate.map((e) => ({
    id: e.id,
    kind: e.kind,
    label: EVENT_KINDS[e.kind],
    effectiveOn: e.effectiveOn,
    endsOn: e.endsOn ?? null,
    byDocumentId: e.byDocumentId ?? (e.byDocNumber ? (byNumber.get(e.byDocNumber) ?? null) : null),
    byDocNumber: e.byDocNumber ?? null,
    articles: e.articles ?? null,
    note: e.note ?? null,
    recordedAt: e.recordedAt,
    actorName: e.actorName,
  }));
  let banner: DocumentDetail['banner'] = null;
  if (st.status === 'amended' || st.status === 'repealed' || st.status === 'expired') {
    const kinds =
      st.status === 'amended'
        ? ['amends']
        : st.status === 'repealed'
          ? ['repeals', 'supersedes']
          : ['supersedes'];
    // What replaced it as of `on`: a later amendment is not yet shown on an earlier date.
    const links = relations
      .filter((r) => !r.outgoing && kinds.includes(r.kind) && (r.effectiveOn == null || r.effectiveOn <= on))
      .map((r) => ({ id: r.otherId, docNumber: r.otherDocNumber, title: r.otherTitle, label: r.label }));
    const byText = [
      ...new Set(
        events
          .filter(
            (e) =>
              e.kind === (st.status === 'amended' ? 'amended' : 'repealed') &&
              e.effectiveOn <= on &&
              !links.some((l) => l.docNumber === e.byDocNumber),
          )
          .map((e) => e.byDocNumber)
          .filter(Boolean),
      ),
    ];
    const text =
      st.status === 'amended'
        ? `本文件已于 ${st.since} 起被修改，修改后继续有效。${byText.length ? `修改文件：${byText.join('、')}。` : ''}`
        : st.status === 'repealed'
          ? `本文件已于 ${st.since} 起废止，不再执行。${byText.length ? `废止文件：${byText.join('、')}。` : ''}`
          : `本文件有效期已于 ${addDays(st.since!, -1)} 届满，自 ${st.since} 起失效。`;
    banner = { status: st.status, text, links };
  }
  return {
    ...view,
    body: row.body,
    history,
    relations,
    interpretations: interps,
    banner,
    canEdit: actor.kind !== 'public' && (await mayEdit(ctx.db, actor, orgIds)),
  };
}

export interface LibraryFilter {
  orgId?: number;
  year?: number;
  status?: Status;
  subject?: string;
  /** Words of the title, 文号 or full text; a full 文号 in any bracket style matches exactly. */
  q?: string;
  /** Only documents in force on this date; statuses are then given as of it. */
  inForceOn?: string;
  /** Changed since this date (Beijing), for incremental export. */
  since?: string;
  page?: number;
  pageSize?: number;
}

/** Normalises free text for matching 文号: any bracket → 〔〕, full-width digits → ASCII, no spaces. */
export function normalizeSearchText(q: string): string {
  const s = cleanDocNumberInput(q);
  return [...s]
    .map((ch) => (OPEN_BRACKETS.includes(ch) ? '〔' : CLOSE_BRACKETS.includes(ch) ? '〕' : ch))
    .join('');
}

/** Lists the library: the public sees documents in the library; staff also their orgs' drafts. */
export async function listDocuments(
  ctx: AppContext,
  actor: Actor,
  filter: LibraryFilter,
): Promise<{ items: NormativeDocumentView[]; total: number; page: number; pageSize: number; date: string }> {
  const fields: Record<string, string> = {};
  if (filter.inForceOn && !isIsoDate(filter.inForceOn))
    fields.inForceOn = '日期无效，格式应为 YYYY-MM-DD，如 2022-03-01';
  if (filter.since && !isIsoDate(filter.since)) fields.since = '日期格式应为 YYYY-MM-DD，如 2022-03-01';
  if (filter.status && !(filter.status in STATUSES)) fields.status = '状态无效';
  if (Object.keys(fields).length) throw badRequest(`查询条件有误：${Object.values(fields)[0]}`, fields);
  const date = filter.inForceOn ?? today(ctx);
  const page = Math.max(1, filter.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, filter.pageSize ?? 20));
  const text = filter.q?.trim() ? normalizeSearchText(filter.q.trim()).slice(0, 100) : undefined;
  const exact = text ? parseDocNumber(text) : null;
  const { rows, total } = await queryDocuments(ctx.db, {
    visibility: await visibilityFor(ctx.db, actor),
    orgId: filter.orgId,
    year: filter.year,
    subject: filter.subject || undefined,
    status: filter.status,
    inForce: !!filter.inForceOn,
    date,
    text: exact?.ok ? undefined : text,
    // Words in the body count too: the site's full-text index (library documents only) finds them.
    textIds:
      text && !exact?.ok
        ? await matchingRefIds(ctx.db, 'normative', filter.q!.trim().slice(0, 100))
        : undefined,
    docNumber: exact?.ok ? exact.value.normalized : undefined,
    changedSince: filter.since ? new Date(`${filter.since}T00:00:00+08:00`).toISOString() : undefined,
    page,
    pageSize,
  });
  const orgIds = await selectDocumentOrgIds(
    ctx.db,
    rows.map((r) => r.id),
  );
  const orgs = await orgMap(ctx.db);
  return {
    items: rows.map((r) =>
      toView(r, orgIds.get(r.id) ?? [], orgs, (r.status_on as Status | null) ?? 'pending', date),
    ),
    total,
    page,
    pageSize,
    date,
  };
}

/** Documents in force on a date with their status then (the point-in-time question), all pages. */
export async function documentsInForceOn(
  ctx: AppContext,
  actor: Actor,
  date: string,
): Promise<NormativeDocumentView[]> {
  const out: NormativeDocumentView[] = [];
  for (let page = 1; ; page++) {
    const r = await listDocuments(ctx, actor, { inForceOn: date, page, pageSize: 200 });
    out.push(...r.items);
    if (out.length >= r.total || r.items.length === 0) return out;
  }
}

/** Changes to the library (history rows of library documents), newest first, for the Atom feed. */
export async function recentChanges(ctx: AppContext, limit = 50) {
  const rows = await ctx.db
    .selectFrom('normative_status_events as e')
    .innerJoin('normative_documents as d', 'd.id', 'e.document_id')
    .select([
      'e.id',
      'e.kind',
      'e.effective_on',
      'e.recorded_at',
      'e.by_doc_number',
      'e.articles',
      'd.id as document_id',
      'd.doc_number',
      'd.title',
      'd.is_sample',
    ])
    .where('d.in_library', '=', 1)
    .orderBy('e.recorded_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as EventKind,
    label: EVENT_KINDS[r.kind as EventKind] ?? r.kind,
    effectiveOn: r.effective_on,
    recordedAt: r.recorded_at,
    byDocNumber: r.by_doc_number,
    articles: r.articles,
    documentId: r.document_id,
    docNumber: r.doc_number,
    title: r.title,
    isSample: r.is_sample === 1,
  }));
}

// ---------------------------------------------------------------------------------------------
// Interpretation rate (rules.md §5)

export interface RateRow {
  orgId: number;
  orgName: string;
  total: number;
  interpreted: number;
  rate: number | null;
  late: number;
}

export interface RateReport {
  year: number;
  target: number;
  /** `policies`: how many of `total` are other policy documents (not 行政规范性文件). */
  district: { total: number; interpreted: number; rate: number | null; late: number; policies: number };
  byOrg: RateRow[];
  /** Documents without a published interpretation. */
  missing: {
    id: number;
    docNumber: string;
    title: string;
    publishedOn: string;
    orgNames: string[];
    isNormative: boolean;
  }[];
  /** Documents whose first interpretation came after them (not 同步). */
  late: {
    id: number;
    docNumber: string;
    title: string;
    publishedOn: string;
    firstInterpretationOn: string;
    isNormative: boolean;
  }[];
}

/**
 * 解读率 per org and for the district, for documents published in `year` (rules.md §5: documents
 * needing interpretation are 行政规范性文件 and policy documents affecting citizens' or enterprises'
 * rights). Every library document counts; so does every published policy document registered with
 * the flag "其他政策文件（需解读）" (`isNormative: false`). A jointly issued one counts for each
 * issuing org and once for the district.
 */
export async function interpretationReport(
  ctx: AppContext,
  actor: Actor,
  year: number,
  orgId?: number,
): Promise<RateReport> {
  requirePermission(actor, 'normative.read');
  if (!Number.isInteger(year) || year < 1949 || year > 2100)
    throw badRequest('年份无效', { year: '年份无效' });
  const rows = await selectRateDocuments(ctx.db, year);
  const scope = await orgScope(ctx.db, actor);
  const orgs = await orgMap(ctx.db);
  const docs = new Map<
    number,
    {
      id: number;
      docNumber: string;
      title: string;
      publishedOn: string;
      orgIds: number[];
      isNormative: boolean;
    }
  >();
  for (const r of rows) {
    const d = docs.get(r.id) ?? {
      id: r.id,
      docNumber: r.doc_number,
      title: r.title,
      publishedOn: r.published_on!,
      orgIds: [],
      isNormative: r.is_normative === 1,
    };
    d.orgIds.push(r.org_id);
    docs.set(r.id, d);
  }
  let list = [...docs.values()];
  if (!scope.all) list = list.filter((d) => d.orgIds.some((o) => inScope(scope, o)));
  if (orgId) list = list.filter((d) => d.orgIds.includes(orgId));
  const interps = (
    await selectInterpretations(
      ctx.db,
      list.map((d) => d.id),
    )
  ).map((i) => ({ documentId: i.document_id, publishedOn: i.published_on }));
  const all = interpretationRate(list, interps);
  const byOrg: RateRow[] = [];
  const orgIds = [...new Set(list.flatMap((d) => d.orgIds))].filter(
    (o) => (!orgId || o === orgId) && inScope(scope, o),
  );
  for (const o of orgIds) {
    const mine = list.filter((d) => d.orgIds.includes(o));
    const r = interpretationRate(mine, interps);
    byOrg.push({
      orgId: o,
      orgName: orgs.get(o)?.name ?? String(o),
      total: r.total,
      interpreted: r.interpreted,
      rate: r.rate,
      late: r.late.length,
    });
  }
  byOrg.sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.orgName.localeCompare(b.orgName, 'zh'));
  const byId = new Map(list.map((d) => [d.id, d]));
  const firstOn = (id: number) =>
    interps
      .filter((i) => i.documentId === id)
      .map((i) => i.publishedOn)
      .sort()[0];
  return {
    year,
    target: 0.9,
    district: {
      total: all.total,
      interpreted: all.interpreted,
      rate: all.rate,
      late: all.late.length,
      policies: list.filter((d) => !d.isNormative).length,
    },
    byOrg,
    missing: all.missing.map((id) => {
      const d = byId.get(id)!;
      return {
        id,
        docNumber: d.docNumber,
        title: d.title,
        publishedOn: d.publishedOn,
        orgNames: d.orgIds.map((o) => orgs.get(o)?.shortName ?? ''),
        isNormative: d.isNormative,
      };
    }),
    late: all.late.map((id) => {
      const d = byId.get(id)!;
      return {
        id,
        docNumber: d.docNumber,
        title: d.title,
        publishedOn: d.publishedOn,
        firstInterpretationOn: firstOn(id),
        isNormative: d.isNormative,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Expiry job (rules.md §6: remind 6 months before; expire at the end of the period)

async function issuingOrgUsers(db: Kysely<DB>, orgIds: number[]): Promise<number[]> {
  const ids: number[] = [];
  for (const o of orgIds)
    for (const role of ['editor', 'reviewer'] as const)
      ids.push(...(await usersWithRole(db, o, role)).map((u) => u.id));
  return [...new Set(ids)];
}

/** The last day of the period an expiry ends: the one before it, or the end date when that was earlier (a period that ended before it began). */
function lastDayBefore(e: { expiresOn: string; ends_on: string | null }): string {
  const before = addDays(e.expiresOn, -1);
  return e.ends_on && e.ends_on < before ? e.ends_on : before;
}

/**
 * Documents in force on `day` whose period then runs out by itself, with the reminder date (6 months
 * before the last day, rules.md §6) reached — not those a recorded repeal or renewal ends or extends first.
 */
async function dueForEvaluation(ctx: AppContext, day: string) {
  // 190 days: more than any 6 months, whatever the lengths of the months.
  const upcoming = await selectUnrecordedExpiries(ctx.db, addDays(day, 1), addDays(day, 190));
  return upcoming.filter((d) => reminderDate(addDays(d.expiresOn, -1)) <= day);
}

/**
 * Runs the expiry rules as of `now`: documents past their last day get an 已失效 history row
 * (effective the day after it); documents within 6 months of their last day get one evaluation
 * reminder per period (renew, amend, or let expire) for the issuing orgs' editors and reviewers.
 * Each action is audited; dedupe keys make a second run harmless.
 */
export async function runExpiry(ctx: AppContext, now: Date): Promise<{ expired: number; reminded: number }> {
  const actor = systemActor('normative.expiry');
  const day = shanghaiDate(now);
  const at = now.toISOString();
  let expired = 0;
  let reminded = 0;
  // Expired today by the end date alone (not yet overtaken by a later recorded change).
  for (const d of (await selectUnrecordedExpiries(ctx.db, '0000-01-01', day)).filter((e) => e.toOn > day)) {
    const orgIds = (await selectDocumentOrgIds(ctx.db, [d.id])).get(d.id) ?? [];
    const users = await issuingOrgUsers(ctx.db, orgIds);
    await ctx.db.transaction().execute(async (trx) => {
      const [fresh] = await selectUnrecordedExpiries(trx, d.expiresOn, d.expiresOn, d.id);
      if (!fresh) return;
      const effectiveOn = fresh.expiresOn;
      const lastDay = lastDayBefore(fresh);
      await appendEvent(trx, d.id, {
        kind: 'expired',
        effectiveOn,
        note: `有效期于 ${lastDay} 届满，自动标记失效`,
        recordedAt: at,
        actorName: actorName(actor),
      });
      await syncSearch(trx, d.id, day);
      await notifyUsers(trx, now, users, {
        title: `规范性文件已失效：${fresh.doc_number}`,
        body: `《${fresh.title}》（${fresh.doc_number}）有效期已于 ${lastDay} 届满，自 ${effectiveOn} 起失效。如需继续执行，请重新制发或评估后延续。`,
        link: `/admin/gfxwj/${d.id}`,
        dedupeKey: `normative.expired:${d.id}:${lastDay}`,
      });
      await recordAudit(trx, now, actor, {
        action: 'normative.expire',
        objectType: 'normative_document',
        objectId: d.id,
        after: { endsOn: lastDay, effectiveOn },
      });
      expired++;
    });
  }
  // Changes recorded earlier that take effect now (a repeal from a later date, a period that ended
  // before the job's row): the search index carries today's validity, so refresh those documents.
  for (const id of await selectLibraryDocumentsChangingBetween(ctx.db, addDays(day, -7), day)) {
    await ctx.db.transaction().execute((trx) => syncSearch(trx, id, day));
  }
  for (const d of await dueForEvaluation(ctx, day)) {
    const lastDay = lastDayBefore(d);
    const orgIds = (await selectDocumentOrgIds(ctx.db, [d.id])).get(d.id) ?? [];
    const users = await issuingOrgUsers(ctx.db, orgIds);
    if (users.length === 0) continue;
    await ctx.db.transaction().execute(async (trx) => {
      const added = await notifyUsers(trx, now, users, {
        title: `规范性文件即将到期，请组织评估：${d.doc_number}`,
        body: `《${d.title}》（${d.doc_number}）有效期至 ${lastDay}。请在到期前完成评估：需继续执行的，评估后延续有效期；需要修改的，按程序修改；不再需要的，到期自动失效。`,
        link: `/admin/gfxwj/${d.id}`,
        dedupeKey: `normative.expiry-reminder:${d.id}:${lastDay}`,
      });
      if (added > 0) {
        await recordAudit(trx, now, actor, {
          action: 'normative.expiry_reminder',
          objectType: 'normative_document',
          objectId: d.id,
          after: { endsOn: lastDay, users: users.length },
        });
        reminded++;
      }
    });
  }
  return { expired, reminded };
}

export const expiryJob: JobDefinition = {
  name: 'normative.expiry',
  label: '规范性文件有效期届满与评估提醒',
  intervalSeconds: 3600,
  async run(ctx, now) {
    const r = await runExpiry(ctx, now);
    return `标记失效 ${r.expired} 件，发送到期评估提醒 ${r.reminded} 件`;
  },
};

// ---------------------------------------------------------------------------------------------
// Search seam

export interface NormativeSearchEntry {
  kind: 'normative';
  refId: number;
  url: string;
  title: string;
  body: string;
  orgId: number;
  docNumber: string;
  year: number;
  publishedAt: string | null;
  validity: Status;
}

/** Every library document for the search index, a page at a time; validity as on `date` (default today). */
export async function* searchSource(ctx: AppContext, date?: string): AsyncGenerator<NormativeSearchEntry> {
  const on = date ?? today(ctx);
  let after = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('normative_documents')
      .selectAll()
      .where('in_library', '=', 1)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    const statuses = await selectStatusesOn(
      ctx.db,
      rows.map((r) => r.id),
      on,
    );
    for (const r of rows) yield searchEntry(r, statuses.get(r.id) ?? 'pending');
    after = rows[rows.length - 1].id;
  }
}

/**
 * Documents in force whose evaluation reminder is due (rules.md §6: 6 months before the last day) —
 * the ones the expiry job reminds about — among those the actor sees (the library, and drafts of the
 * actor's orgs). For the dashboard: counted over every document, not a page of them.
 */
export async function documentsDueForEvaluation(ctx: AppContext, actor: Actor): Promise<number> {
  const day = today(ctx);
  const due = await dueForEvaluation(ctx, day);
  const vis = await visibilityFor(ctx.db, actor);
  const drafts = vis.libraryOnly ? [] : vis.draftOrgIds;
  if (drafts === 'all') return due.filter((d) => d.is_normative === 1).length;
  const orgIds = drafts.length
    ? await selectDocumentOrgIds(
        ctx.db,
        due.map((d) => d.id),
      )
    : new Map<number, number[]>();
  return due.filter(
    (d) =>
      d.is_normative === 1 &&
      (d.in_library === 1 || (orgIds.get(d.id) ?? []).some((o) => drafts.includes(o))),
  ).length;
}

// ---------------------------------------------------------------------------------------------
// For the annual report (表二, 第二十条第（一）项, rules.md §4)

/** Slices of at most `size`, so an IN list stays within both engines' parameter limits. */
function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * 表二's normative rows of the annual report (rules.md §4; the rules are model.ts table2Cells): the
 * ids behind 本年制发, 本年废止 and 现行有效 for the orgs of a report. Library documents only (a
 * registered draft or a withdrawn one is not public), led by one of the orgs.
 */
export async function reportDocumentIds(
  db: Kysely<DB>,
  orgIds: number[],
  year: number,
): Promise<Record<Table2Cell, number[]>> {
  if (orgIds.length === 0) return { issued: [], repealed: [], inForce: [] };
  const docs = await db
    .selectFrom('normative_documents')
    .select(['id', 'lead_org_id', 'written_on'])
    .where('in_library', '=', 1)
    .where('lead_org_id', 'in', orgIds)
    .orderBy('written_on')
    .orderBy('id')
    .execute();
  const periods = new Map<number, StatusPeriod[]>(docs.map((d) => [d.id, []]));
  for (const ids of chunks(
    docs.map((d) => d.id),
    500,
  )) {
    const rows = await db
      .selectFrom('normative_status_periods')
      .select(['document_id', 'status', 'from_on', 'to_on', 'event_id'])
      .where('document_id', 'in', ids)
      .orderBy('from_on')
      .execute();
    for (const p of rows)
      periods.get(p.document_id)?.push({
        status: p.status as StatusPeriod['status'],
        fromOn: p.from_on,
        toOn: p.to_on,
        eventId: p.event_id,
      });
  }
  return table2Cells(
    docs.map((d) => ({
      id: d.id,
      leadOrgId: d.lead_org_id,
      writtenOn: d.written_on,
      periods: periods.get(d.id) ?? [],
    })),
    orgIds,
    year,
  );
}

/** The counts of reportDocumentIds. */
export async function reportFigures(
  db: Kysely<DB>,
  orgIds: number[],
  year: number,
): Promise<{ issued: number; repealed: number; inForce: number }> {
  const ids = await reportDocumentIds(db, orgIds, year);
  return { issued: ids.issued.length, repealed: ids.repealed.length, inForce: ids.inForce.length };
}

/** The documents of a cell of 表二 (drill-down): 文号, title, dates and the status on 31 Dec of the year. */
export async function reportCellDocuments(db: Kysely<DB>, orgIds: number[], year: number, cell: Table2Cell) {
  const ids = (await reportDocumentIds(db, orgIds, year))[cell];
  if (ids.length === 0) return [];
  const end = `${year}-12-31`;
  const out = [];
  for (const part of chunks(ids, 500)) {
    const rows = await db
      .selectFrom('normative_documents')
      .select(['id', 'doc_number', 'title', 'written_on', 'effective_on', 'lead_org_id'])
      .where('id', 'in', part)
      .execute();
    const periods = await db
      .selectFrom('normative_status_periods')
      .select(['document_id', 'status', 'from_on', 'to_on', 'event_id'])
      .where('document_id', 'in', part)
      .orderBy('from_on')
      .execute();
    for (const r of rows) {
      const mine: StatusPeriod[] = periods
        .filter((p) => p.document_id === r.id)
        .map((p) => ({
          status: p.status as StatusPeriod['status'],
          fromOn: p.from_on,
          toOn: p.to_on,
          eventId: p.event_id,
        }));
      const atEnd = mine.find((p) => p.fromOn <= end && end < p.toOn);
      const repealedOn = repealDateInYear(mine, year);
      out.push({
        id: r.id,
        docNumber: r.doc_number,
        title: r.title,
        writtenOn: r.written_on,
        effectiveOn: r.effective_on,
        leadOrgId: r.lead_org_id,
        statusAtYearEnd: STATUSES[(atEnd?.status ?? 'pending') as Status],
        repealedOn,
      });
    }
  }
  return out.sort((a, b) => (a.writtenOn < b.writtenOn ? -1 : a.writtenOn > b.writtenOn ? 1 : a.id - b.id));
}

// ---------------------------------------------------------------------------------------------
// Publishing seam: what a published or withdrawn content item means for the library

export interface PublishedItemInput {
  itemId: number;
  kind: string;
  title: string;
  /** Plain text of the published body (what the gate and the reviewers saw). */
  body?: string;
  url: string;
  publishedOn: string;
  /** 文号 of a policy item (any bracket style). */
  docNumber: string | null;
  /** For interpretations: 文号 of the policy items they explain. */
  interpretsDocNumbers: string[];
  /** For interpretations: ids of the policy items they explain. */
  interpretsItemIds?: number[];
  form?: InterpretationForm;
  keyPoints?: KeyPoint[];
}

/** A link on a portal page to a related page, on this site or elsewhere. */
export interface RelatedLink {
  href: string;
  title: string;
  docNumber?: string;
}

/**
 * The library's side of a portal item's relations, for what the items' own relations do not show:
 * interpretations entered by hand in the library (a link elsewhere, a 吹风会 recording, or this
 * site's `/items/N`). For an interpretation item: the library documents such an entry points to it
 * from (`interprets`). For the item carrying a document: the document's interpretations (`interpretedBy`).
 * What the item's relations already link (`item.interprets`, `item.interpretedBy`) is left out.
 */
export async function libraryRelationsOfItem(
  db: Kysely<DB>,
  item: { id: number; interprets: number[]; interpretedBy: number[] },
): Promise<{ interprets: RelatedLink[]; interpretedBy: RelatedLink[] }> {
  const itemIdOf = (i: { item_id: number | null; url: string | null }) =>
    i.item_id ?? Number(/^\/items\/(\d+)$/.exec(i.url ?? '')?.[1] ?? NaN);
  const pointing = await db
    .selectFrom('normative_interpretations as i')
    .innerJoin('normative_documents as d', 'd.id', 'i.document_id')
    .select(['d.id', 'd.title', 'd.doc_number', 'd.item_id'])
    .distinct()
    .where('d.in_library', '=', 1)
    .where((eb) => eb.or([eb('i.item_id', '=', item.id), eb('i.url', '=', `/items/${item.id}`)]))
    .orderBy('d.id')
    .execute();
  const carried = await selectDocumentRowByItem(db, item.id);
  const interpretations = carried ? await selectInterpretations(db, [carried.id]) : [];
  return {
    interprets: pointing
      .filter((d) => d.item_id == null || !item.interprets.includes(d.item_id))
      .map((d) => ({ href: `/gfxwj/${d.id}`, title: d.title, docNumber: d.doc_number })),
    interpretedBy: interpretations
      .filter((i) => !item.interpretedBy.includes(itemIdOf(i)) && itemIdOf(i) !== item.id)
      .flatMap((i) => {
        const href = i.url ?? i.briefing_link;
        return href ? [{ href, title: i.title }] : [];
      }),
  };
}

/**
 * Called by the publishing module in the publish transaction (the workflow has run: gate, review,
 * 保密审查). A policy item that carries a registered document (its pending library record, by item
 * id) publishes it: the record takes the reviewed title and text and the publication date, enters
 * the library (a normative document) or the interpretation rate (another policy document), and is
 * indexed for search — audited as `normative.publish` by the publishing actor. A policy item whose
 * 文号 is a document of the existing register without a carrier becomes its carrier. An
 * interpretation of such an item is recorded as the document's interpretation, once per item and
 * document — so the interpretation rate follows what is actually published.
 */
export async function onContentPublished(
  trx: Kysely<DB>,
  item: PublishedItemInput,
  at: Date,
  actor: Actor = systemActor('content.publish'),
): Promise<void> {
  const find = async (raw: string | null) => {
    const n = raw ? normalizeDocNumber(raw) : null;
    return n ? selectDocumentRowByNumber(trx, n) : undefined;
  };
  if (item.kind === 'policy') {
    const carried = await selectDocumentRowByItem(trx, item.itemId);
    const byNumber = carried ? undefined : await find(item.docNumber);
    // A document registered through the workflow is published only by its own item.
    const doc = carried ?? (byNumber && byNumber.item_id == null ? byNumber : undefined);
    if (doc) await publishDocument(trx, doc, item, at, actor);
  }
  if (item.kind === 'interpretation') {
    const docs = new Map<number, DocumentRow>();
    for (const id of item.interpretsItemIds ?? []) {
      const d = await selectDocumentRowByItem(trx, id);
      if (d) docs.set(d.id, d);
    }
    for (const dn of item.interpretsDocNumbers) {
      const d = await find(dn);
      if (d) docs.set(d.id, d);
    }
    for (const doc of docs.values()) {
      const seen = await trx
        .selectFrom('normative_interpretations')
        .select('id')
        .where('document_id', '=', doc.id)
        .where('item_id', '=', item.itemId)
        .executeTakeFirst();
      if (seen) continue;
      await recordInterpretation(
        trx,
        {
          documentId: doc.id,
          title: item.title,
          url: item.url,
          form: item.form ?? 'text',
          publishedOn: item.publishedOn,
          itemId: item.itemId,
          keyPoints: item.keyPoints,
        },
        at,
      );
    }
  }
}

async function publishDocument(
  trx: Kysely<DB>,
  doc: DocumentRow,
  item: PublishedItemInput,
  at: Date,
  actor: Actor,
): Promise<void> {
  const own = doc.item_id === item.itemId;
  const stamp = at.toISOString();
  // Its own item brings the reviewed text; a carrier of an existing-register document only links.
  const text = own
    ? { title: item.title.slice(0, 200), ...(item.body !== undefined ? { body: item.body } : {}) }
    : {};
  const enters = doc.in_library !== 1 || doc.withdrawn_at != null;
  await trx
    .updateTable('normative_documents')
    .set({
      ...text,
      item_id: item.itemId,
      ...(enters ? { published_on: item.publishedOn, in_library: doc.is_normative, withdrawn_at: null } : {}),
      updated_at: stamp,
    })
    .where('id', '=', doc.id)
    .execute();
  await rebuildSpans(trx, doc.id);
  await syncSearch(trx, doc.id, shanghaiDate(at));
  await recordAudit(trx, at, actor, {
    action: 'normative.publish',
    objectType: 'normative_document',
    objectId: doc.id,
    before: { inLibrary: doc.in_library === 1, publishedOn: doc.published_on, itemId: doc.item_id },
    after: {
      inLibrary: enters ? doc.is_normative === 1 : doc.in_library === 1,
      publishedOn: enters ? item.publishedOn : doc.published_on,
      itemId: item.itemId,
      isNormative: doc.is_normative === 1,
    },
  });
}

/**
 * Called by the publishing module when an item is withdrawn (撤稿), in that transaction. The
 * document it carries leaves the public library (portal, point in time, API, export, search, feed)
 * and the interpretation rate — what is public is only what stands published. Its status history is
 * kept untouched: a withdrawal is not a change of legal force (rules.md §6 knows amended, repealed,
 * expired, each by a named document or the end of the period), so no history row is written, and
 * staff still see the document and its history. It returns through a new item (`resubmitDocument`).
 */
export async function onContentWithdrawn(
  trx: Kysely<DB>,
  itemId: number,
  at: Date,
  actor: Actor = systemActor('content.withdraw'),
): Promise<void> {
  const doc = await selectDocumentRowByItem(trx, itemId);
  if (!doc || !doc.published_on || doc.withdrawn_at) return;
  await trx
    .updateTable('normative_documents')
    .set({ in_library: 0, withdrawn_at: at.toISOString(), updated_at: at.toISOString() })
    .where('id', '=', doc.id)
    .execute();
  await rebuildSpans(trx, doc.id);
  await removeDocument(trx, 'normative', doc.id);
  await recordAudit(trx, at, actor, {
    action: 'normative.withdraw',
    objectType: 'normative_document',
    objectId: doc.id,
    before: { inLibrary: doc.in_library === 1 },
    after: { inLibrary: false, itemId },
  });
}

/** Status changes and renewals are for 行政规范性文件 only (rules.md §6). */
function requireNormative(row: DocumentRow): void {
  if (row.is_normative !== 1) throw invalidState('该文件不是行政规范性文件，不记录效力状态和有效期');
}

// ---------------------------------------------------------------------------------------------
// Search index: kept current in the transaction of every change

/** The search index's document for a library entry. */
export function toSearchDocument(e: NormativeSearchEntry & { publishedAt: string }): SearchDocumentInput {
  return {
    kind: 'normative',
    refId: e.refId,
    url: e.url,
    title: e.title,
    body: e.body,
    orgId: e.orgId,
    docNumber: e.docNumber,
    publishedAt: e.publishedAt,
    itemType: 'normative',
    validity: e.validity,
    columnKeys: ['规范性文件'],
  };
}

function searchEntry(r: DocumentRow, validity: Status): NormativeSearchEntry {
  return {
    kind: 'normative',
    refId: r.id,
    url: `/gfxwj/${r.id}`,
    title: r.title,
    body: r.body,
    orgId: r.lead_org_id,
    docNumber: r.doc_number,
    year: r.doc_year,
    publishedAt: r.published_on ? new Date(`${r.published_on}T00:00:00+08:00`).toISOString() : null,
    validity,
  };
}

/**
 * Puts a document's current state into the search index (validity as on `date`), or takes it out
 * when it is not in the public library — inside the caller's transaction, so the index never shows
 * a status the library has not committed.
 */
export async function syncSearch(trx: Kysely<DB>, documentId: number, date: string): Promise<void> {
  const row = await selectDocumentRow(trx, documentId);
  if (!row || row.in_library !== 1 || !row.published_on) return removeDocument(trx, 'normative', documentId);
  const validity = (await selectStatusesOn(trx, [documentId], date)).get(documentId) ?? 'pending';
  const e = searchEntry(row, validity);
  await indexDocument(trx, toSearchDocument({ ...e, publishedAt: e.publishedAt! }));
}

// ---------------------------------------------------------------- for the content module (appended by shape-content)

// Imported here, beside the block it serves, so that the block merges as one piece.
import { selectDocumentRowByIndexNumber } from './store.ts';

/** The library document with this 文号: its title and the content item linked to it (null when none). */
export async function libraryDocumentByNumber(
  db: Kysely<DB>,
  docNumber: string,
): Promise<{ title: string; itemId: number | null } | undefined> {
  const row = await selectDocumentRowByNumber(db, docNumber);
  return row ? { title: row.title, itemId: row.item_id } : undefined;
}

/** The library document holding this 索引号: its title and the content item linked to it (null when none). */
export async function libraryDocumentByIndexNumber(
  db: Kysely<DB>,
  indexNumber: string,
): Promise<{ title: string; itemId: number | null } | undefined> {
  const row = await selectDocumentRowByIndexNumber(db, indexNumber);
  return row ? { title: row.title, itemId: row.item_id } : undefined;
}
