/**
 * 依申请公开 — pure rules: the events a case goes through, which event is allowed in which state,
 * the status derived from the events, applicant validation and application numbers. No I/O.
 * The deadline arithmetic itself lives in clock.ts (on the working-day calendar).
 */
import { normaliseMobile, toHalfWidth } from '../../lib/identifiers.ts';
import { idNumberProblem, normaliseIdNumber, ORG_ID_TYPE } from './applicant.ts';
import { isIsoDate } from '../../lib/time.ts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  OUTCOMES,
  isOutcomeCode,
  type ApplicantType,
  type Channel,
  type OutcomeCode,
} from './outcomes.ts';

/** Where a case stands. */
export const STATUSES = {
  awaiting_confirmation: '待确认收到',
  processing: '办理中',
  correction_pending: '等待补正',
  consultation: '征求意见中',
  fee_pending: '等待缴费',
  closed: '已办结',
} as const;
export type FoiStatus = keyof typeof STATUSES;
export const OPEN_STATUSES: FoiStatus[] = ['processing', 'correction_pending', 'consultation', 'fee_pending'];

/** Every event of a case. The clock events are exactly clock.ts's ClockEvent; the others only route or annotate. */
export type CaseEvent =
  | { type: 'correction_requested'; on: string; periodDays?: number; reason?: string }
  | { type: 'correction_received'; on: string; online?: boolean; text?: string }
  | { type: 'extension'; on: string; approvedBy: string; reason: string }
  | { type: 'consultation_started'; on: string; party: 'third_party' | 'agency'; partyName?: string }
  | { type: 'consultation_ended'; on: string; deemed?: boolean }
  | {
      type: 'fee_notice';
      on: string;
      method: 'count' | 'volume';
      pages?: number;
      fen: number;
      explanation: string;
    }
  | { type: 'fee_paid'; on: string }
  | { type: 'excessive_date_set'; on: string; dueDate: string; reason: string }
  | {
      type: 'closed';
      on: string;
      outcome: OutcomeCode;
      reason?: string;
      onTheSpot?: boolean;
      /** Closed in an imported register of past cases: the steps before it were never recorded here. */
      past?: boolean;
      /** rejected.duplicate: the earlier, answered application it repeats (rules.md §2). */
      earlierId?: number;
      earlierNumber?: string;
    }
  | {
      type: 'assigned';
      on: string;
      orgId: number;
      handlerId?: number | null;
      orgName?: string;
      handlerName?: string;
    }
  | {
      type: 'transferred';
      on: string;
      fromOrgId: number;
      toOrgId: number;
      reason: string;
      fromOrgName?: string;
      toOrgName?: string;
    }
  | { type: 'note'; on: string; text: string };

export type CaseEventType = CaseEvent['type'];

export const EVENT_LABELS: Record<CaseEventType, string> = {
  correction_requested: '发出补正通知',
  correction_received: '收到补正材料',
  extension: '延长答复期限',
  consultation_started: '征求意见',
  consultation_ended: '征求意见结束',
  fee_notice: '发出收费通知',
  fee_paid: '申请人缴费',
  excessive_date_set: '确定合理答复期限',
  closed: '办结',
  assigned: '分办',
  transferred: '转办',
  note: '备注',
};

/** The clock-relevant event types (the ones clock.ts reads). */
export const CLOCK_EVENT_TYPES: CaseEventType[] = [
  'correction_requested',
  'correction_received',
  'extension',
  'consultation_started',
  'consultation_ended',
  'fee_notice',
  'fee_paid',
  'excessive_date_set',
  'closed',
];

/** What the events so far say about a case. */
export interface CaseState {
  receivedOn: string | null;
  lastEventOn: string | null;
  closed: boolean;
  outcome: OutcomeCode | null;
  closedOn: string | null;
  correction: 'none' | 'requested' | 'received';
  extended: boolean;
  consultationOpen: boolean;
  fee: 'none' | 'noticed' | 'paid';
  excessiveSet: boolean;
}

export function initialState(receivedOn: string | null): CaseState {
  return {
    receivedOn,
    lastEventOn: null,
    closed: false,
    outcome: null,
    closedOn: null,
    correction: 'none',
    extended: false,
    consultationOpen: false,
    fee: 'none',
    excessiveSet: false,
  };
}

/**
 * Why an event is not allowed now (a Chinese sentence), or null when it is. The rules: nothing
 * happens before the application is received or after it is closed (notes aside); 条例第三十条 补正
 * is told once (一次性告知) and only a requested correction can be received; 第三十三条 extends once;
 * a consultation ends only after it starts and one runs at a time; a fee is paid only after a notice.
 */
export function refusal(state: CaseState, ev: CaseEvent): string | null {
  if (!isIsoDate(ev.on)) return '日期格式不正确，应为 YYYY-MM-DD';
  if (ev.type === 'note') return null;
  if (state.receivedOn == null) return '该申请尚未确认收到，请先确认收到日期再办理';
  if (state.closed) return `该申请已于 ${state.closedOn} 办结，不能再${EVENT_LABELS[ev.type]}`;
  if (ev.on < state.receivedOn) return `日期不能早于收到申请之日（${state.receivedOn}）`;
  if (state.lastEventOn && ev.on < state.lastEventOn && ev.type !== 'assigned')
    return `日期不能早于上一次办理记录的日期（${state.lastEventOn}）`;
  switch (ev.type) {
    case 'correction_requested':
      if (state.correction !== 'none') return '补正应一次性告知，本申请已发出过补正通知';
      if (
        ev.periodDays != null &&
        (!Number.isInteger(ev.periodDays) || ev.periodDays < 1 || ev.periodDays > 60)
      )
        return '补正期限应为 1 至 60 个工作日';
      return null;
    case 'correction_received':
      return state.correction === 'requested'
        ? null
        : state.correction === 'received'
          ? '已登记过收到补正材料'
          : '尚未发出补正通知，不能登记收到补正';
    case 'extension':
      if (state.extended) return '答复期限只能延长一次（条例第三十三条），本申请已经延长过';
      if (state.correction === 'requested') return '申请人补正期间不能延长答复期限';
      if (!ev.approvedBy?.trim()) return '延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人';
      if (!ev.reason?.trim()) return '请填写延长理由（须告知申请人）';
      return null;
    case 'consultation_started':
      if (state.consultationOpen) return '已有一项征求意见尚未结束，请先登记其结束';
      if (ev.party !== 'third_party' && ev.party !== 'agency')
        return '请选择征求意见的对象（第三方或其他机关）';
      return null;
    case 'consultation_ended':
      return state.consultationOpen ? null : '没有进行中的征求意见，不能登记结束';
    case 'fee_notice':
      if (state.fee !== 'none') return '本申请已发出过收费通知';
      if (ev.method !== 'count' && ev.method !== 'volume') return '请选择收费方式（按件或按量）';
      if (ev.method === 'volume' && (!Number.isInteger(ev.pages) || (ev.pages ?? 0) < 1))
        return '按量收费须填写页数（正整数）';
      return null;
    case 'fee_paid':
      return state.fee === 'noticed'
        ? null
        : state.fee === 'paid'
          ? '已登记过缴费'
          : '尚未发出收费通知，不能登记缴费';
    case 'excessive_date_set':
      if (state.excessiveSet) return '已确定过合理答复期限';
      if (state.correction === 'requested') return '申请人补正期间不能确定答复期限，请先登记收到补正';
      if (!isIsoDate(ev.dueDate) || ev.dueDate <= ev.on) return '合理答复期限应为登记日之后的日期';
      if (!ev.reason?.trim()) return '请填写理由（须告知申请人，条例第三十五条）';
      return null;
    case 'closed':
      if (!isOutcomeCode(ev.outcome)) return '请选择一项办理结果';
      // rules.md §2: a closed past row is accepted with any of the 21 codes; the step checks guard live cases only.
      if (ev.past) return null;
      if (ev.outcome === 'other.no_correction' && state.correction !== 'requested')
        return '“逾期不补正”只适用于已发出补正通知且未收到补正的申请';
      if (ev.outcome === 'other.unpaid_fee' && state.fee !== 'noticed')
        return '“逾期未缴费”只适用于已发出收费通知且未缴费的申请';
      if (ev.outcome === 'unavailable.unclear' && state.correction !== 'received')
        return '“补正后申请内容仍不明确”只适用于已收到补正的申请';
      if (ev.onTheSpot && ev.on !== state.receivedOn) return '当场答复的日期应为收到申请之日';
      return null;
    case 'assigned':
    case 'transferred':
      return null;
  }
}

/** Applies an allowed event (call `refusal` first). */
export function applyEvent(state: CaseState, ev: CaseEvent): CaseState {
  const s: CaseState = { ...state };
  if (ev.type === 'note') return s;
  s.lastEventOn = s.lastEventOn && s.lastEventOn > ev.on ? s.lastEventOn : ev.on;
  switch (ev.type) {
    case 'correction_requested':
      s.correction = 'requested';
      break;
    case 'correction_received':
      s.correction = 'received';
      break;
    case 'extension':
      s.extended = true;
      break;
    case 'consultation_started':
      s.consultationOpen = true;
      break;
    case 'consultation_ended':
      s.consultationOpen = false;
      break;
    case 'fee_notice':
      s.fee = 'noticed';
      break;
    case 'fee_paid':
      s.fee = 'paid';
      break;
    case 'excessive_date_set':
      s.excessiveSet = true;
      break;
    case 'closed':
      s.closed = true;
      s.outcome = ev.outcome;
      s.closedOn = ev.on;
      break;
  }
  return s;
}

/** Replays events; throws the refusal text of the first event that is not allowed. */
export function replay(receivedOn: string | null, events: CaseEvent[]): CaseState {
  let s = initialState(receivedOn);
  for (const ev of events) {
    const why = refusal(s, ev);
    if (why) throw new Error(why);
    s = applyEvent(s, ev);
  }
  return s;
}

/** The status shown for a case, derived from its state only. */
export function deriveStatus(s: CaseState): FoiStatus {
  if (s.receivedOn == null) return 'awaiting_confirmation';
  if (s.closed) return 'closed';
  if (s.correction === 'requested') return 'correction_pending';
  if (s.consultationOpen) return 'consultation';
  if (s.fee === 'noticed') return 'fee_pending';
  return 'processing';
}

/** Application number: `2026-YSQ-00001` (year of submission, the site's code, per-year sequence). */
export function applicationNumber(year: number, seq: number, prefix = 'YSQ'): string {
  return `${year}-${prefix}-${String(seq).padStart(5, '0')}`;
}

export const NUMBER_RE = /^\d{4}-[A-Z]{2,8}-\d{5,}$/;

/** What an applicant gives on the form or at the counter. */
export interface ApplicantInput {
  applicantType: ApplicantType;
  applicantName: string;
  /** A natural person's identity document (applicant.ts ID_TYPES; default 居民身份证); organisations: credit_code. */
  idType?: string;
  /** Identity document number (natural person) or unified social credit code (organisation). */
  idNumber: string;
  /** 法定代表人或负责人 (organisations only, required there). */
  legalRepresentative?: string;
  /** 联系人 (organisations only). */
  contactPerson?: string;
  phone: string;
  address: string;
  email: string;
  description: string;
  docNumber: string;
  docTitle: string;
  preferredForm: string;
  delivery: string;
}

export const PREFERRED_FORMS = { paper: '纸质', electronic: '电子文本', other: '其他' } as const;
export const DELIVERY_METHODS = {
  post: '邮寄',
  email: '电子邮件',
  pickup: '当面领取',
  fax: '传真',
  online: '网上获取',
} as const;

/**
 * Field errors of an applicant's input (Chinese), empty when valid. Normalises in place what a
 * person may write in several forms (full-width digits, +86, lower-case x).
 */
export function validateApplicant(input: ApplicantInput): {
  value: ApplicantInput;
  fields: Record<string, string>;
} {
  const fields: Record<string, string> = {};
  const v: ApplicantInput = { ...input };
  const natural = v.applicantType === 'natural';
  if (!(v.applicantType in APPLICANT_TYPES)) fields.applicantType = '请选择申请人类型';
  v.applicantName = v.applicantName.trim();
  if (!v.applicantName) fields.applicantName = natural ? '请填写姓名' : '请填写单位名称';
  else if (v.applicantName.length > 100) fields.applicantName = '名称不能超过 100 个字';
  const id = normaliseIdNumber(v.idNumber);
  v.idNumber = id;
  v.legalRepresentative = (v.legalRepresentative ?? '').trim();
  v.contactPerson = (v.contactPerson ?? '').trim();
  if (natural) {
    v.idType = v.idType || 'resident';
    v.legalRepresentative = '';
    v.contactPerson = '';
    const problem = idNumberProblem(v.idType, id);
    if (problem) fields[problem === '请选择证件类型' ? 'idType' : 'idNumber'] = problem;
  } else if (v.applicantType in APPLICANT_TYPES) {
    v.idType = ORG_ID_TYPE;
    const problem = idNumberProblem(ORG_ID_TYPE, id);
    if (problem) fields.idNumber = problem;
    if (!v.legalRepresentative) fields.legalRepresentative = '请填写法定代表人或负责人姓名';
    else if (v.legalRepresentative.length > 50) fields.legalRepresentative = '法定代表人姓名不能超过 50 个字';
    if (v.contactPerson.length > 50) fields.contactPerson = '联系人姓名不能超过 50 个字';
  }
  const raw = v.phone.trim();
  const mobile = normaliseMobile(raw);
  const landline = /^0\d{2,3}-?\d{7,8}$/.test(toHalfWidth(raw).replace(/\s/g, ''));
  if (!raw) fields.phone = '请填写联系电话';
  else if (!mobile && !landline) fields.phone = '联系电话不正确：请填写 11 位手机号码或带区号的固定电话';
  v.phone = mobile ?? toHalfWidth(raw).replace(/\s/g, '');
  v.email = v.email.trim();
  if (v.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) fields.email = '电子邮箱格式不正确';
  v.address = v.address.trim();
  if (v.address.length > 200) fields.address = '通信地址不能超过 200 个字';
  v.description = v.description.trim();
  if (!v.description) fields.description = '请描述所需政府信息（名称、文号或便于查询的其他特征）';
  else if (v.description.length > 2000) fields.description = '所需信息描述不能超过 2000 个字';
  v.docNumber = v.docNumber.trim();
  v.docTitle = v.docTitle.trim();
  if (v.docNumber.length > 100) fields.docNumber = '文号不能超过 100 个字';
  if (v.docTitle.length > 200) fields.docTitle = '文件标题不能超过 200 个字';
  if (v.preferredForm && !(v.preferredForm in PREFERRED_FORMS))
    fields.preferredForm = '请选择获取信息的载体形式';
  if (v.delivery && !(v.delivery in DELIVERY_METHODS)) fields.delivery = '请选择获取信息的方式';
  if (v.delivery === 'email' && !v.email) fields.email = '选择电子邮件方式时请填写电子邮箱';
  if (v.delivery === 'post' && !v.address) fields.address = '选择邮寄方式时请填写通信地址';
  return { value: v, fields };
}

/** Who an applicant is for the per-month fee count (国办函〔2020〕109号: 同一申请人…一个自然月内). */
export function applicantKey(v: Pick<ApplicantInput, 'idNumber' | 'applicantName' | 'phone'>): string {
  return v.idNumber ? `id:${v.idNumber}` : `np:${v.applicantName}|${v.phone}`;
}

/**
 * The receipt date a channel gives (条例第三十一条), from what staff enter: in person the day handed
 * in; registered mail the day signed for; ordinary letter the day confirmed with the applicant (the
 * day it arrives); internet and fax wait for the office's confirmation (null = confirmation queue).
 */
export function receiptDateFor(
  channel: Channel,
  given: string | null,
): { receivedOn: string | null; error?: string } {
  if (!(channel in CHANNELS)) return { receivedOn: null, error: '收到方式无效' };
  if (channel === 'online' || channel === 'fax') return { receivedOn: null };
  if (!given || !isIsoDate(given)) {
    const what =
      channel === 'in_person'
        ? '当面提交之日'
        : channel === 'registered_mail'
          ? '签收之日'
          : '与申请人确认之日（即信函到达之日）';
    return { receivedOn: null, error: `请填写${what}` };
  }
  return { receivedOn: given };
}

/** One history line for an event, in Chinese. */
export function describeEvent(ev: CaseEvent): string {
  switch (ev.type) {
    case 'correction_requested':
      return `${ev.on} 发出补正通知，补正期限 ${ev.periodDays ?? 15} 个工作日${ev.reason ? `（${ev.reason}）` : ''}`;
    case 'correction_received':
      return `${ev.on} 收到补正材料${ev.online ? '（申请人网上提交）' : ''}，答复期限自次日起重新计算${ev.text ? `；补正内容：${ev.text}` : ''}`;
    case 'extension':
      return `${ev.on} 延长答复期限 20 个工作日，经 ${ev.approvedBy} 同意；理由：${ev.reason}`;
    case 'consultation_started':
      return `${ev.on} 向${ev.party === 'third_party' ? '第三方' : '其他机关'}${ev.partyName ? `（${ev.partyName}）` : ''}征求意见，所需时间不计入答复期限`;
    case 'consultation_ended':
      return `${ev.on} 征求意见结束${ev.deemed ? '（逾期未答复，视为同意/不同意按规定处理）' : ''}`;
    case 'fee_notice':
      return `${ev.on} 发出收费通知：${ev.method === 'count' ? '按件' : `按量（${ev.pages} 页）`}，金额 ${(ev.fen / 100).toFixed(2)} 元`;
    case 'fee_paid':
      return `${ev.on} 申请人缴纳信息处理费`;
    case 'excessive_date_set':
      return `${ev.on} 确定合理答复期限至 ${ev.dueDate}；理由：${ev.reason}`;
    case 'closed':
      return `${ev.on} ${ev.onTheSpot ? '当场答复并' : ''}办结：${OUTCOMES[ev.outcome]?.row ?? ev.outcome}${ev.earlierNumber ? `（重复申请，前次申请 ${ev.earlierNumber}）` : ''}`;
    case 'assigned':
      return `${ev.on} 分办至 ${ev.orgName ?? ev.orgId}${ev.handlerName ? `，承办人 ${ev.handlerName}` : ''}`;
    case 'transferred':
      return `${ev.on} 由 ${ev.fromOrgName ?? ev.fromOrgId} 转至 ${ev.toOrgName ?? ev.toOrgId}；理由：${ev.reason}`;
    case 'note':
      return `${ev.on} 备注：${ev.text}`;
  }
}

export const LETTER_KINDS = {
  reply: '政府信息公开申请答复书',
  correction: '补正申请通知书',
  extension: '延长答复期限通知书',
  consultation: '征求意见函',
  fee: '收取信息处理费通知书',
} as const;
export type LetterKind = keyof typeof LETTER_KINDS;

/** Review kinds (表四 columns). */
export const REVIEW_KINDS = {
  reconsideration: '行政复议',
  litigation_direct: '行政诉讼（未经复议直接起诉）',
  litigation_after: '行政诉讼（复议后起诉）',
} as const;
export type ReviewKind = keyof typeof REVIEW_KINDS;

/** One dated result of a review or lawsuit (upheld / corrected / other; none = 尚未审结). */
export interface DatedResult {
  id: number;
  resultOn: string;
}

/**
 * rules.md §4 (表四): a proceeding keeps every result it has had, each with its date, and its result
 * as of a day is the latest one dated on or before that day — two on the same day: the one entered
 * later (higher id). null = 尚未审结 on that day. Without a day: the latest result of all.
 */
export function resultAsOf<T extends DatedResult>(results: readonly T[], date?: string): T | null {
  let best: T | null = null;
  for (const r of results) {
    if (date != null && r.resultOn > date) continue;
    if (!best || r.resultOn > best.resultOn || (r.resultOn === best.resultOn && r.id > best.id)) best = r;
  }
  return best;
}
