/**
 * Registration and correction of documents: the 索引号 template, the checks of registration input,
 * entering the existing published register, and corrections of descriptive fields.
 */
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, forbidden, invalidState } from '../../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { inScope, type Org } from '../../org/model.ts';
import { orgScope } from '../../org/service.ts';
import { parseDocNumber } from '../docnumber.ts';
import {
  DEFAULT_INDEX_TEMPLATE,
  defaultValidityYears,
  formatIndexNumber,
  indexSeqScope,
  indexTemplateProblem,
  SUBJECTS,
  validityEnd,
} from '../model.ts';
import {
  appendEvent,
  getSetting,
  indexNumberTaken,
  insertDocumentRow,
  insertRelation,
  nextIndexSeq,
  putSetting,
  rebuildSpans,
  replaceDocumentOrgs,
  selectDocumentRowByNumber,
  selectEventsNamingUnregistered,
  updateDocumentRow,
} from '../store.ts';
import { getDocumentView } from './reading.ts';
import { syncSearch } from './search.ts';
import { mayEdit, orgMap, requireEditable, today, type NormativeDocumentView } from './views.ts';

const INDEX_TEMPLATE_KEY = 'normative.indexTemplate';

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
 * Not reachable over HTTP: new documents enter through the publishing workflow (service/workflow.ts).
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
    if (!(await indexNumberTaken(trx, indexNumber))) return indexNumber;
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
  const id = await insertDocumentRow(trx, {
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
  });
  await replaceDocumentOrgs(trx, id, c.orgIds);
  // Amendments and repeals recorded earlier "by" this 文号 (before it was registered) now get their
  // relation, so both sides show it and the banner of the amended or repealed one links here.
  const named = await selectEventsNamingUnregistered(trx, c.docNumber);
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
 * library is not a correction either: a document enters it when its item is published (service/workflow.ts),
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
      await updateDocumentRow(trx, id, {
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
      });
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
