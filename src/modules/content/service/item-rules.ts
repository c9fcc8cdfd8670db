/** The rules an item's fields follow before any write: validation, 文号 and 索引号 uniqueness, the revision snapshot. */
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/types.ts';
import { badRequest } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { getOrg, listPublicOrgs } from '../../org/service.ts';
import {
  canonicalDocNumber,
  libraryHolderOf,
  libraryIndexHolderOf,
  nextPolicyIndexNumber,
  POLICY_SUBJECTS,
} from '../integrations.ts';
import {
  INTERP_FORMS,
  INTERP_POINTS,
  isFormationDate,
  ITEM_KINDS,
  sanitizeBody,
  SOURCES,
  validateDataTable,
  VALIDITIES,
  type DataTable,
  type InterpForm,
  type InterpPoint,
  type Item,
  type ItemKind,
  type ItemSource,
  type PolicyMeta,
  type Validity,
} from '../model.ts';
import { docNumberHolder, indexNumberHolder, selectItemStatus } from '../store/items.ts';
import { selectSummaries } from '../store/listings.ts';
import { selectColumns, selectTopics } from '../store/structure.ts';
/** An item as the use cases take it (from the API, the editor form, the import, the library). */
export interface ItemInput {
  kind: ItemKind;
  title: string;
  /** Rich text; sanitised to the allow-list. */
  body: string;
  orgId?: number;
  source: ItemSource;
  origin?: string | null;
  formationDate?: string | null;
  docNumber?: string | null;
  columnIds: number[];
  topics?: { topicId: number; sectionId?: number | null }[];
  interprets?: number[];
  interpForm?: InterpForm | null;
  interpPoints?: Partial<Record<InterpPoint, string>>;
  dataTable?: DataTable | null;
  /** 政策文件 only: 索引号 (empty → the site's rule), 成文日期 (default: formation date), 发布机构 (default: the org's name), 主题分类, 有效性. */
  policy?: Partial<PolicyMeta> | null;
  isSample?: boolean;
}

/** The fields every revision keeps (and a restore brings back). */
export interface Snapshot {
  kind: ItemKind;
  title: string;
  body: string;
  orgId: number;
  source: ItemSource;
  origin: string | null;
  formationDate: string | null;
  docNumber: string | null;
  columnIds: number[];
  topics: { topicId: number; sectionId: number | null }[];
  interprets: number[];
  interpForm: InterpForm | null;
  interpPoints: Partial<Record<InterpPoint, string>>;
  dataTable: DataTable | null;
  policy: PolicyMeta | null;
}

export const snapshotOf = (i: Item): Snapshot => ({
  kind: i.kind,
  title: i.title,
  body: i.body,
  orgId: i.orgId,
  source: i.source,
  origin: i.origin,
  formationDate: i.formationDate,
  docNumber: i.docNumber,
  columnIds: i.columnIds,
  topics: i.topics,
  interprets: i.interprets,
  interpForm: i.interpForm,
  interpPoints: i.interpPoints,
  dataTable: i.dataTable,
  policy: i.policy,
});

/** What the audit log keeps of an item (no body: the revisions hold it). */
export const auditView = (i: Item) => ({
  id: i.id,
  title: i.title,
  status: i.status,
  revision: i.revision,
  orgId: i.orgId,
  publishAt: i.publishAt,
  publishedAt: i.publishedAt,
});

/** Validates and normalises input; throws a Chinese 400 with field messages. */
export async function normaliseInput(
  db: Kysely<DB>,
  input: ItemInput,
  orgId: number,
  self: Self = {},
): Promise<Snapshot> {
  const fields: Record<string, string> = {};
  const title = (input.title ?? '').trim();
  if (!title) fields.title = '请填写标题';
  else if (title.length > 200) fields.title = '标题不能超过 200 字';
  if (!(input.kind in ITEM_KINDS)) fields.kind = '内容类型无效';
  if (!(input.source in SOURCES)) fields.source = '请选择来源：原创或转载';
  const origin = input.origin?.trim() || null;
  if (input.source === 'reposted' && !origin) fields.origin = '转载的内容须注明出处';
  const formationDate = input.formationDate?.trim() || null;
  if (formationDate && !isFormationDate(formationDate))
    fields.formationDate = '形成日期格式应为 YYYY-MM-DD，且为真实日期';
  const body = sanitizeBody(input.body ?? '');
  if (input.body && input.body.length > 500_000) fields.body = '正文过长（最多 50 万字符）';
  const columnIds = [...new Set(input.columnIds ?? [])];
  if (columnIds.length === 0) fields.columnIds = '请至少选择一个栏目';
  const columns = await selectColumns(db);
  if (columnIds.some((id) => !columns.some((c) => c.id === id))) fields.columnIds = '所选栏目不存在';
  const topicsAll = await selectTopics(db);
  const topics = (input.topics ?? []).map((t) => ({ topicId: t.topicId, sectionId: t.sectionId ?? null }));
  for (const t of topics) {
    const topic = topicsAll.find((x) => x.id === t.topicId);
    if (!topic || (t.sectionId != null && !topic.sections.some((s) => s.id === t.sectionId)))
      fields.topics = '所选专题或板块不存在';
  }
  const interprets = [...new Set(input.interprets ?? [])];
  if (interprets.length && input.kind !== 'interpretation')
    fields.interprets = '只有政策解读可以关联被解读的文件';
  if (interprets.length) {
    const found = await selectSummaries(db, interprets);
    if (found.length !== interprets.length || found.some((f) => f.kind !== 'policy'))
      fields.interprets = '被解读的文件须为已存在的政策文件';
  }
  let interpForm: InterpForm | null = null;
  let interpPoints: Partial<Record<InterpPoint, string>> = {};
  if (input.kind === 'interpretation') {
    interpForm = input.interpForm ?? 'text';
    if (!(interpForm in INTERP_FORMS)) fields.interpForm = '解读形式无效';
    for (const [k, v] of Object.entries(input.interpPoints ?? {})) {
      if (!(k in INTERP_POINTS)) fields.interpPoints = '解读要点无效';
      else if (typeof v === 'string' && v.trim()) interpPoints[k as InterpPoint] = v.trim().slice(0, 5000);
    }
  }
  let dataTable: DataTable | null = null;
  if (input.kind === 'data') {
    if (!input.dataTable) fields.dataTable = '数据表格须填写表头和数据';
    else {
      const t = validateDataTable(input.dataTable);
      if (typeof t === 'string') fields.dataTable = t;
      else dataTable = t;
    }
  }
  const docNumber = input.docNumber?.trim() ? canonicalDocNumber(input.docNumber) : null;
  if (docNumber && docNumber.length > 60) fields.docNumber = '文号过长';
  else if (docNumber) {
    const clash = await docNumberClash(db, docNumber, input.kind, self);
    if (clash) fields.docNumber = clash;
  }
  let policy: PolicyMeta | null = null;
  if (input.kind === 'policy') {
    const p = input.policy ?? {};
    const writtenDate = p.writtenDate?.trim() || formationDate;
    if (writtenDate && !isFormationDate(writtenDate))
      fields.writtenDate = '成文日期格式应为 YYYY-MM-DD，且为真实日期';
    const issuingAgency =
      p.issuingAgency?.trim() || (await listPublicOrgs(db)).find((o) => o.id === orgId)?.name || '';
    if (issuingAgency.length > 100) fields.issuingAgency = '发布机构不能超过 100 字';
    const subject = p.subject?.trim() || '';
    if (subject && !POLICY_SUBJECTS.includes(subject)) fields.subject = '请从列表中选择主题分类';
    const validity = (p.validity || 'valid') as Validity;
    if (!(validity in VALIDITIES)) fields.validity = '请选择有效性';
    const indexNumber = p.indexNumber?.trim() || '';
    if (indexNumber.length > 60) fields.indexNumber = '索引号不能超过 60 字';
    else if (indexNumber) {
      const clash = await indexNumberClash(db, indexNumber, self);
      if (clash) fields.indexNumber = clash;
    }
    policy = { indexNumber, writtenDate: writtenDate || null, issuingAgency, subject, validity };
  }
  if (Object.keys(fields).length) throw badRequest('内容信息有误，请检查后重新提交', fields);
  return {
    kind: input.kind,
    title,
    body,
    orgId,
    source: input.source,
    origin: input.source === 'reposted' ? origin : null,
    formationDate,
    docNumber,
    columnIds,
    topics,
    interprets,
    interpForm,
    interpPoints,
    dataTable,
    policy,
  };
}

/** Ids an item shares its 文号 and 索引号 with: itself and the published item it replaces. */
export interface Self {
  id?: number;
  supersedes?: number | null;
}
const others = (self: Self) => [self.id, self.supersedes].filter((x): x is number => x != null);

/**
 * One 文号 per document, across content and the library (rules.md §6): another item (not withdrawn,
 * not the one this replaces or is replaced by) must not carry it, nor may the library hold it for a
 * document linked to another item. A library document not yet linked to any item is the one a
 * 政策文件 with its 文号 publishes, so that is allowed for a 政策文件.
 */
async function docNumberClash(
  db: Kysely<DB>,
  docNumber: string,
  kind: ItemKind,
  self: Self,
): Promise<string | null> {
  const mine = others(self);
  const item = await docNumberHolder(db, docNumber, mine);
  if (item) return `文号“${docNumber}”已由稿件“${item.title}”使用，同一文号只能对应一份文件`;
  const lib = await libraryHolderOf(db, docNumber);
  // A document whose item was withdrawn may return through a new item (normative resubmission).
  const holderGone = lib?.itemId != null && (await selectItemStatus(db, lib.itemId)) === 'withdrawn';
  if (
    lib &&
    !holderGone &&
    ((lib.itemId != null && !mine.includes(lib.itemId)) || (lib.itemId == null && kind !== 'policy'))
  ) {
    return `文号“${docNumber}”在规范性文件库中属于文件“${lib.title}”，不能用于本稿件`;
  }
  return null;
}

/** 索引号 are unique across the site (content items and library documents). */
async function indexNumberClash(db: Kysely<DB>, indexNumber: string, self: Self): Promise<string | null> {
  const mine = others(self);
  const item = await indexNumberHolder(db, indexNumber, mine);
  if (item) return `索引号“${indexNumber}”已由稿件“${item.title}”使用`;
  const doc = await libraryIndexHolderOf(db, indexNumber);
  if (doc && !(doc.itemId != null && mine.includes(doc.itemId)))
    return `索引号“${indexNumber}”已由规范性文件“${doc.title}”使用`;
  return null;
}

/** A 政策文件 saved without 索引号 gets the next one by the site's rule (in the write's transaction). */
export async function withIndexNumber(trx: Kysely<DB>, snap: Snapshot, now: Date): Promise<Snapshot> {
  if (snap.kind !== 'policy' || !snap.policy || snap.policy.indexNumber) return snap;
  const org = await getOrg(trx, snap.orgId);
  const year = Number((snap.policy.writtenDate ?? shanghaiDate(now)).slice(0, 4));
  return {
    ...snap,
    policy: { ...snap.policy, indexNumber: await nextPolicyIndexNumber(trx, org.code, year) },
  };
}

/** A snapshot as item columns. */
export const snapshotValues = (s: Snapshot) => ({
  kind: s.kind,
  title: s.title,
  body: s.body,
  org_id: s.orgId,
  source: s.source,
  origin: s.origin,
  formation_date: s.formationDate,
  doc_number: s.docNumber,
  interp_form: s.interpForm,
  interp_points: s.kind === 'interpretation' ? JSON.stringify(s.interpPoints) : null,
  data_table: s.dataTable ? JSON.stringify(s.dataTable) : null,
  index_number: s.policy?.indexNumber || null,
  written_date: s.policy?.writtenDate ?? null,
  issuing_agency: s.policy?.issuingAgency ?? null,
  subject: s.policy?.subject || null,
  validity: s.policy?.validity ?? null,
});
