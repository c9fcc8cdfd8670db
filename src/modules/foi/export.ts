/**
 * Import of historical registers (XLSX or CSV with Chinese headers) and export of the filtered case
 * list to XLSX. An import is all or nothing: every row is checked first, errors are reported with
 * row numbers, and the rows go in in one transaction.
 */
import { readFileSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Actor, AppContext } from '../../context.ts';
import { actorName } from '../../context.ts';
import { AppError, badRequest } from '../../errors.ts';
import { isIsoDate } from '../../lib/time.ts';
import { auditedWrite, recordAudit } from '../audit/service.ts';
import { requireRecentAuth } from '../auth/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { loadCalendar } from '../calendar/service.ts';
import { findOrgByName, listPublicOrgs } from '../org/service.ts';
import {
  applicantKey,
  deriveStatus,
  NUMBER_RE,
  replay,
  STATUSES,
  type CaseEvent,
  type FoiStatus,
} from './model.ts';
import {
  APPLICANT_TYPES,
  CHANNELS,
  OUTCOMES,
  isOutcomeCode,
  type ApplicantType,
  type Channel,
  type OutcomeCode,
} from './outcomes.ts';
import { clockOf } from './case-state.ts';
import { listApplications } from './service/read.ts';
import { insertApplication, selectApplicationByNumber } from './store/applications.ts';
import { insertEvent, insertHistory } from './store/events.ts';
import { xlsxFile } from '../../lib/spreadsheet.ts';
import { transact } from '../../db/index.ts';

/** The import template's columns: required first, then optional. */
export const IMPORT_COLUMNS = {
  required: ['申请编号', '承办机关', '申请人类型', '收到方式', '收到日期'],
  optional: ['办结日期', '办理结果', '申请人', '证件号码', '联系电话', '申请内容', '文号'],
} as const;

const CHANNEL_ALIASES: Record<string, Channel> = {
  当面: 'in_person',
  当面提交: 'in_person',
  邮寄: 'registered_mail',
  '邮寄（需签收）': 'registered_mail',
  信函: 'ordinary_letter',
  平常信函: 'ordinary_letter',
  互联网: 'online',
  网上: 'online',
  网络: 'online',
  在线: 'online',
  传真: 'fax',
};

function channelOf(s: string): Channel | null {
  if (s in CHANNELS) return s as Channel;
  const byLabel = Object.entries(CHANNELS).find(([, l]) => l === s);
  return byLabel ? (byLabel[0] as Channel) : (CHANNEL_ALIASES[s] ?? null);
}

function applicantTypeOf(s: string): ApplicantType | null {
  if (s in APPLICANT_TYPES) return s as ApplicantType;
  const e = Object.entries(APPLICANT_TYPES).find(([, l]) => l === s || (s === '其他组织' && l === '其他'));
  return e ? (e[0] as ApplicantType) : null;
}

/** How registers commonly word an outcome that the table's own label says at length. */
const OUTCOME_ALIASES: Record<string, OutcomeCode> = {
  补正后仍不明确: 'unavailable.unclear',
  补正后申请内容仍不明确: 'unavailable.unclear',
  逾期不补正: 'other.no_correction',
  逾期未补正: 'other.no_correction',
  逾期未缴费: 'other.unpaid_fee',
  逾期未缴纳费用: 'other.unpaid_fee',
  逾期未缴纳信息处理费: 'other.unpaid_fee',
  申请人撤回: 'other.other',
  撤回申请: 'other.other',
  信息不存在: 'unavailable.not_held',
  不属于本机关负责公开: 'unavailable.not_held',
  需要另行制作: 'unavailable.needs_creation',
};

/** A label without spaces, punctuation and numbering, as registers vary them. */
export const bare = (s: string) => s.replace(/[\s，,、。.“”"（）()0-9一二三四五六七]/g, '');

/**
 * An outcome by code, by its full row label, by the label after the numbering (e.g. 属于国家秘密,
 * 予以公开), by a common wording (逾期不补正), or by a part of one label that no other label has.
 */
export function outcomeOf(s: string): OutcomeCode | null {
  const t = s.trim();
  if (isOutcomeCode(t)) return t;
  if (OUTCOME_ALIASES[bare(t)]) return OUTCOME_ALIASES[bare(t)];
  const hits = new Set<OutcomeCode>();
  for (const [code, o] of Object.entries(OUTCOMES) as [OutcomeCode, (typeof OUTCOMES)[OutcomeCode]][]) {
    const short = o.row.replace(/^（[一二三四五六七]）/, '').replace(/^[^ ]+ \d\./, '');
    if (o.row === t || short === t) return code;
    if (bare(t).length >= 4 && bare(o.row).includes(bare(t))) hits.add(code);
  }
  return hits.size === 1 ? [...hits][0] : null;
}

/** 2022-3-1, 2022/03/01, 2022年3月1日, or an Excel date → YYYY-MM-DD; null when not a date. */
function dateOf(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v ?? '').trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return null;
  const d = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(d) ? d : null;
}

/** Why an office's case number cannot be kept as written, or null: any printable text of up to 50 characters. */
export function officeNumberProblem(number: string): string | null {
  if (!number) return '申请编号不能为空';
  if (number.length > 50) return `申请编号“${number.slice(0, 20)}…”超过 50 个字`;
  if (/[\u0000-\u001f\u007f]/.test(number)) return '申请编号含有不可见的控制字符';
  return null;
}

/** Rows of a file as header → cell objects. */
export async function readRows(
  file: string,
  buf: Buffer = readFileSync(file),
): Promise<Record<string, unknown>[]> {
  if (/\.csv$/i.test(file)) {
    return parseCsv(buf.toString('utf8').replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, unknown>[];
  }
  if (!/\.xlsx$/i.test(file)) throw badRequest('只支持 .xlsx 或 .csv 文件');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw badRequest('文件中没有工作表');
  const headers: string[] = [];
  ws.getRow(1).eachCell((c, i) => (headers[i] = String(c.text ?? '').trim()));
  const rows: Record<string, unknown>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) continue;
    const obj: Record<string, unknown> = {};
    headers.forEach((h, i) => {
      if (!h) return;
      const v = row.getCell(i).value;
      obj[h] = v instanceof Date ? v : (row.getCell(i).text ?? '');
    });
    rows.push(obj);
  }
  return rows;
}

/** Imports rows (all or nothing). Row numbers count the header as row 1, as Excel shows them. */
export async function importApplications(
  ctx: AppContext,
  actor: Actor,
  rows: Record<string, unknown>[],
): Promise<{ imported: number }> {
  requirePermission(actor, 'foi.manage');
  const errors: string[] = [];
  if (!rows.length) throw badRequest('文件中没有数据行');
  const missing = IMPORT_COLUMNS.required.filter((h) => !(h in rows[0]));
  if (missing.length) throw badRequest(`缺少必填列：${missing.join('、')}`);
  const orgs = await listPublicOrgs(ctx.db);
  const seen = new Set<string>();
  const cal = await loadCalendar(ctx.db);
  const prepared: { values: Parameters<typeof insertApplication>[1]; closed: CaseEvent | null }[] = [];
  const now = ctx.clock.now().toISOString();
  for (const [i, r] of rows.entries()) {
    const n = i + 2;
    const err = (m: string) => errors.push(`第 ${n} 行：${m}`);
    const cell = (h: string) => String(r[h] instanceof Date ? dateOf(r[h]) : (r[h] ?? '')).trim();
    // rules.md §2: the office's own numbers are kept exactly as written (they are cited in letters already sent).
    const number = cell('申请编号');
    const org = findOrgByName(orgs, cell('承办机关'));
    const numberProblem = officeNumberProblem(number);
    if (numberProblem) err(numberProblem);
    else if (seen.has(number)) err(`申请编号“${number}”在文件中重复`);
    else {
      const existing = await selectApplicationByNumber(ctx.db, number);
      if (existing)
        err(
          existing.org_id === org?.id
            ? `申请编号“${number}”在本机关已存在`
            : `申请编号“${number}”已被其他机关的申请使用，系统内的申请编号须唯一，请在编号前加上机关简称`,
        );
    }
    seen.add(number);
    if (!org) err(`找不到承办机关“${cell('承办机关')}”`);
    const type = applicantTypeOf(cell('申请人类型'));
    if (!type)
      err(`申请人类型“${cell('申请人类型')}”无效（应为 ${Object.values(APPLICANT_TYPES).join('、')}）`);
    const channel = channelOf(cell('收到方式'));
    if (!channel) err(`收到方式“${cell('收到方式')}”无效（应为 ${Object.values(CHANNELS).join('、')}）`);
    const receivedOn = dateOf(r['收到日期']);
    if (!receivedOn) err(`收到日期“${cell('收到日期')}”不是有效日期`);
    const closedRaw = cell('办结日期');
    const closedOn = closedRaw ? dateOf(r['办结日期']) : null;
    if (closedRaw && !closedOn) err(`办结日期“${closedRaw}”不是有效日期`);
    if (closedOn && receivedOn && closedOn < receivedOn) err('办结日期早于收到日期');
    const outcomeRaw = cell('办理结果');
    const outcome = outcomeRaw ? outcomeOf(outcomeRaw) : null;
    if (outcomeRaw && !outcome) err(`办理结果“${outcomeRaw}”无法识别（请用年度报告表三的项目名称或代码）`);
    if (closedOn && !outcomeRaw) err('有办结日期时须填写办理结果');
    if (outcomeRaw && !closedRaw) err('有办理结果时须填写办结日期');
    if (
      !org ||
      !type ||
      !channel ||
      !receivedOn ||
      numberProblem ||
      (closedRaw && !closedOn) ||
      (outcomeRaw && !outcome)
    )
      continue;
    // Our own numbers keep feeding the per-year sequence; an office's numbers stand outside it (seq 0).
    const ours = NUMBER_RE.test(number);
    const year = ours ? Number(number.slice(0, 4)) : Number(receivedOn.slice(0, 4));
    const seq = ours ? Number(number.split('-')[2]) : 0;
    const name = cell('申请人') || '（历史登记）';
    const closed: CaseEvent | null =
      closedOn && outcome ? { type: 'closed', on: closedOn, outcome, past: true } : null;
    const events = closed ? [closed] : [];
    let state;
    try {
      state = replay(receivedOn, events);
    } catch (e) {
      err((e as Error).message);
      continue;
    }
    const clock = clockOf(cal, receivedOn, events);
    prepared.push({
      closed,
      values: {
        number,
        year,
        seq,
        query_code_hash: createHash('sha256')
          .update(`foi-query:${randomBytes(16).toString('hex')}`)
          .digest('hex'),
        form_token: null,
        applicant_type: type,
        applicant_name: name,
        // A past register does not say which document a person showed: left unknown ('').
        id_type: type === 'natural' ? '' : 'credit_code',
        applicant_id_number: cell('证件号码'),
        legal_representative: '',
        contact_person: '',
        applicant_key: applicantKey({
          idNumber: cell('证件号码'),
          applicantName: name,
          phone: cell('联系电话'),
        }),
        phone: cell('联系电话'),
        address: '',
        email: '',
        description: cell('申请内容') || '（历史登记，未录入申请内容）',
        doc_number: cell('文号'),
        doc_title: '',
        preferred_form: '',
        delivery: '',
        channel,
        submitted_at: new Date(`${receivedOn}T09:00:00+08:00`).toISOString(),
        received_on: receivedOn,
        org_id: org.id,
        handler_id: null,
        status: deriveStatus(state),
        due_date: state.closed ? null : (clock?.dueDate ?? null),
        provisional: !state.closed && clock?.provisional ? 1 : 0,
        outcome: state.outcome,
        closed_on: state.closedOn,
        is_sample: 0,
        created_at: now,
        updated_at: now,
      },
    });
  }
  if (errors.length)
    throw new AppError(
      'bad_request',
      `导入失败，共 ${errors.length} 处错误，未导入任何数据`,
      Object.fromEntries(errors.map((e, i) => [`row${i + 1}`, e])),
    );
  await transact(ctx.db, async (trx) => {
    for (const p of prepared) {
      const id = await insertApplication(trx, p.values);
      if (p.closed)
        await insertEvent(trx, id, p.closed, actor.kind === 'user' ? actor.id : null, actorName(actor), now);
      await insertHistory(
        trx,
        id,
        now,
        actorName(actor),
        `从历史台账导入（收到日期 ${p.values.received_on}${p.values.closed_on ? `，办结日期 ${p.values.closed_on}` : ''}）`,
      );
    }
    await recordAudit(trx, ctx.clock.now(), actor, {
      action: 'foi.import',
      objectType: 'foi_application',
      after: { count: prepared.length, numbers: prepared.map((p) => p.values.number) },
    });
  });
  return { imported: prepared.length };
}

/** The filtered list (org-scoped) as an XLSX workbook, headed like the import template. */
export async function exportXlsx(
  ctx: AppContext,
  actor: Actor,
  filter: { orgId?: number; status?: FoiStatus | 'open'; overdue?: boolean; year?: number },
): Promise<Buffer> {
  // Exports applicants' personal data: a recent password entry, and the export itself audited.
  requirePermission(actor, 'foi.read');
  requireRecentAuth(ctx, actor);
  await auditedWrite(
    ctx,
    actor,
    async () => null,
    () => ({ action: 'foi.export', objectType: 'foi_application', objectId: null, after: filter }),
  );
  const orgNames = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('依申请公开');
  ws.columns = [
    { header: '申请编号', key: 'number', width: 18 },
    { header: '承办机关', key: 'org', width: 28 },
    { header: '申请人类型', key: 'type', width: 12 },
    { header: '收到方式', key: 'channel', width: 14 },
    { header: '收到日期', key: 'receivedOn', width: 12 },
    { header: '办结日期', key: 'closedOn', width: 12 },
    { header: '办理结果', key: 'outcome', width: 40 },
    { header: '申请人', key: 'name', width: 20 },
    { header: '申请内容', key: 'description', width: 50 },
    { header: '状态', key: 'status', width: 10 },
    { header: '答复期限', key: 'dueDate', width: 12 },
    { header: '是否预估', key: 'provisional', width: 8 },
    { header: '是否超期', key: 'overdue', width: 8 },
  ];
  ws.getRow(1).font = { bold: true };
  for (let page = 1; ; page++) {
    const list = await listApplications(ctx, actor, { ...filter, page, pageSize: 5000, order: 'newest' });
    for (const a of list.items) {
      ws.addRow({
        number: a.number,
        org: orgNames.get(a.orgId) ?? '',
        type: APPLICANT_TYPES[a.applicantType],
        channel: CHANNELS[a.channel],
        receivedOn: a.receivedOn ?? '',
        closedOn: a.closedOn ?? '',
        outcome: a.outcome ? OUTCOMES[a.outcome].row : '',
        name: a.applicantName,
        description: a.description,
        status: STATUSES[a.status],
        dueDate: a.dueDate ?? '',
        provisional: a.provisional ? '是' : '',
        overdue: a.overdue ? '是' : '',
      });
    }
    if (page * list.pageSize >= list.total) break;
  }
  return await xlsxFile(wb);
}
