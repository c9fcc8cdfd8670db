/**
 * Exchange with the city-level library (市级行政规范性文件库): export of the library as JSON or XLSX
 * (fields documented in docs/modules/normative.md, incremental since a date) and import of an
 * existing register from XLSX — every row checked first, errors reported by row, and nothing
 * imported unless every row is valid (one transaction).
 */
import ExcelJS from 'exceljs';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { cellText, xlsxFile } from '../../../lib/spreadsheet.ts';
import { addDays, isIsoDate, shanghaiDate } from '../../../lib/time.ts';
import { recordAudit } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { findOrgByName } from '../../org/service.ts';
import { parseDocNumber } from '../docnumber.ts';
import {
  EVENT_KINDS,
  IMPORT_COLUMNS,
  INTERPRETATION_FORMS,
  STATUSES,
  type InterpretationForm,
  type Status,
} from '../model.ts';
import {
  appendEvent,
  insertRelation,
  selectDocumentRow,
  selectDocumentRowByNumber,
  selectEvents,
  selectInterpretations,
} from '../store.ts';
import { listDocuments } from './reading.ts';
import { checkInput, getIndexTemplate, insertDocument, type CheckedInput } from './register.ts';
import { syncSearch } from './search.ts';
import { orgMap } from './views.ts';
import { transact } from '../../../db/index.ts';

/** One document in the exchange format (JSON); the XLSX sheet has the same fields as columns. */
export interface ExchangeRecord {
  /** 文号 (normalised) */
  docNumber: string;
  /** 标题 */
  title: string;
  /** 制发机关 (full names, lead first) */
  issuingOrgs: string[];
  /** 成文日期 */
  writtenOn: string;
  /** 发布日期 */
  publishedOn: string | null;
  /** 施行日期 */
  effectiveOn: string;
  /** 有效期（年）; null = 不设有效期 */
  validityYears: number | null;
  /** 有效期至 (last day, inclusive) */
  endsOn: string | null;
  /** 索引号 */
  indexNumber: string;
  /** 登记号 */
  registrationNumber: string | null;
  /** 主题分类 */
  subject: string;
  /** Status on the export date: in_force / amended / repealed / expired / pending */
  status: Status;
  /** 状态 (Chinese label) */
  statusLabel: string;
  /** Status history, oldest first */
  history: {
    kind: string;
    label: string;
    effectiveOn: string;
    endsOn: string | null;
    byDocNumber: string | null;
    articles: string | null;
  }[];
  /** Published interpretations */
  interpretations: {
    title: string;
    url: string | null;
    form: string;
    formLabel: string;
    publishedOn: string;
  }[];
  /** Page on the portal */
  url: string;
  /** Last change (ISO instant, UTC) */
  updatedAt: string;
  /** Sample (demo) data */
  sample: boolean;
}

export interface ExportOptions {
  /** Only documents changed on or after this date (Beijing), for incremental exchange. */
  since?: string;
}

/** The library (documents in the public library only) in the exchange format. */
export async function exportRecords(
  ctx: AppContext,
  actor: Actor,
  opts: ExportOptions = {},
): Promise<{ generatedAt: string; since: string | null; count: number; documents: ExchangeRecord[] }> {
  if (opts.since && !isIsoDate(opts.since))
    throw badRequest('since 日期格式应为 YYYY-MM-DD，如 2022-03-01', { since: '日期格式有误' });
  const out: ExchangeRecord[] = [];
  const base = ctx.config.publicUrl.replace(/\/$/, '');
  // Export is open data: the public library only, whoever asks.
  const publicActor: Actor = { kind: 'public', ip: actor.ip };
  for (let page = 1; ; page++) {
    const r = await listDocuments(ctx, publicActor, { since: opts.since, page, pageSize: 200 });
    const interps = await selectInterpretations(
      ctx.db,
      r.items.map((d) => d.id),
    );
    for (const d of r.items) {
      const history = await selectEvents(ctx.db, d.id);
      out.push({
        docNumber: d.docNumber,
        title: d.title,
        issuingOrgs: d.orgs.map((o) => o.name),
        writtenOn: d.writtenOn,
        publishedOn: d.publishedOn,
        effectiveOn: d.effectiveOn,
        validityYears: d.validityYears,
        endsOn: d.endsOn,
        indexNumber: d.indexNumber,
        registrationNumber: d.registrationNumber,
        subject: d.subject,
        status: d.status,
        statusLabel: d.statusLabel,
        history: history.map((e) => ({
          kind: e.kind,
          label: EVENT_KINDS[e.kind],
          effectiveOn: e.effectiveOn,
          endsOn: e.endsOn ?? null,
          byDocNumber: e.byDocNumber ?? null,
          articles: e.articles ?? null,
        })),
        interpretations: interps
          .filter((i) => i.document_id === d.id)
          .map((i) => ({
            title: i.title,
            url: i.url,
            form: i.form,
            formLabel: INTERPRETATION_FORMS[i.form as InterpretationForm] ?? i.form,
            publishedOn: i.published_on,
          })),
        url: `${base}/gfxwj/${d.id}`,
        updatedAt: d.updatedAt,
        sample: d.isSample,
      });
    }
    if (page * r.pageSize >= r.total || r.items.length === 0) break;
  }
  return {
    generatedAt: ctx.clock.now().toISOString(),
    since: opts.since ?? null,
    count: out.length,
    documents: out,
  };
}

/** XLSX columns of the export (and, for the first ones, of the import). */
export const XLSX_COLUMNS: {
  header: string;
  key: keyof ExchangeRecord | 'issuingOrgsText' | 'historyText';
  width: number;
}[] = [
  { header: '文号', key: 'docNumber', width: 22 },
  { header: '标题', key: 'title', width: 50 },
  { header: '制发机关', key: 'issuingOrgsText', width: 30 },
  { header: '成文日期', key: 'writtenOn', width: 12 },
  { header: '发布日期', key: 'publishedOn', width: 12 },
  { header: '施行日期', key: 'effectiveOn', width: 12 },
  { header: '有效期（年）', key: 'validityYears', width: 10 },
  { header: '有效期至', key: 'endsOn', width: 12 },
  { header: '索引号', key: 'indexNumber', width: 30 },
  { header: '登记号', key: 'registrationNumber', width: 18 },
  { header: '主题分类', key: 'subject', width: 20 },
  { header: '状态', key: 'statusLabel', width: 10 },
  { header: '状态变化', key: 'historyText', width: 50 },
  { header: '链接', key: 'url', width: 40 },
  { header: '更新时间', key: 'updatedAt', width: 22 },
];

export async function exportXlsx(ctx: AppContext, actor: Actor, opts: ExportOptions = {}): Promise<Buffer> {
  const data = await exportRecords(ctx, actor, opts);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const ws = wb.addWorksheet('规范性文件');
  ws.columns = XLSX_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  for (const d of data.documents) {
    ws.addRow({
      ...d,
      title: d.sample ? `${d.title}（演示数据）` : d.title,
      issuingOrgsText: d.issuingOrgs.join('、'),
      historyText: d.history
        .map(
          (h) =>
            `${h.effectiveOn} ${h.label}${h.byDocNumber ? `（${h.byDocNumber}）` : ''}${h.articles ? `：${h.articles}` : ''}`,
        )
        .join('；'),
    });
  }
  ws.getRow(1).font = { bold: true };
  const interp = wb.addWorksheet('政策解读');
  interp.columns = [
    { header: '文件文号', key: 'docNumber', width: 22 },
    { header: '解读标题', key: 'title', width: 50 },
    { header: '解读形式', key: 'formLabel', width: 18 },
    { header: '发布日期', key: 'publishedOn', width: 12 },
    { header: '链接', key: 'url', width: 40 },
  ];
  for (const d of data.documents)
    for (const i of d.interpretations) interp.addRow({ docNumber: d.docNumber, ...i });
  interp.getRow(1).font = { bold: true };
  return await xlsxFile(wb);
}

// ---------------------------------------------------------------------------------------------
// Import

type ImportKey = keyof typeof IMPORT_COLUMNS;

/** Accepts 2022-03-01, 2022/3/1, 2022.3.1 and 2022年3月1日. */
function importDate(s: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : s;
}

/** One status change of an imported document, from its own row of the register. */
interface Change {
  row: number;
  status: Status;
  statusOn: string | null;
  byDocNumber: string | null;
  articles: string | null;
}

/**
 * What is wrong with a document's imported history, naming the row: changes dated before the
 * document took effect, out of date order, or after its repeal or expiry (nothing follows those).
 */
function historyProblem(effectiveOn: string, changes: Change[]): { row: number; message: string } | null {
  let last: Change | null = null;
  for (const x of changes) {
    if (x.statusOn && x.statusOn < effectiveOn) return { row: x.row, message: '状态日期不能早于施行日期' };
    if (last && x.statusOn && last.statusOn && x.statusOn < last.statusOn)
      return { row: x.row, message: `状态日期早于第 ${last.row} 行的状态变化，请按时间顺序登记` };
    if (last && (last.status === 'repealed' || last.status === 'expired'))
      return { row: x.row, message: `第 ${last.row} 行已登记${STATUSES[last.status]}，其后不能再有状态变化` };
    last = x;
  }
  return null;
}

export interface ImportResult {
  imported: number;
}

/**
 * Imports an existing register. Every row is checked first (文号, dates, orgs by name or alias,
 * subject, status); if any row is wrong nothing is imported and the error lists each row's problems.
 */
export async function importXlsx(
  ctx: AppContext,
  actor: Actor,
  data: Buffer,
  opts: { isSample?: boolean } = {},
): Promise<ImportResult> {
  requirePermission(actor, 'normative.exchange');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as any);
  } catch {
    throw badRequest('无法读取该文件，请上传 .xlsx 格式的 Excel 文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw badRequest('Excel 文件中没有工作表');
  const header = new Map<ImportKey, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const text = cellText(cell.value).replace(/[*＊\s]/g, '');
    const key = (Object.entries(IMPORT_COLUMNS) as [ImportKey, string][]).find(([, h]) => h === text)?.[0];
    if (key) header.set(key, col);
  });
  const missingCols = (['docNumber', 'title', 'orgs', 'writtenOn', 'effectiveOn', 'subject'] as ImportKey[])
    .filter((k) => !header.has(k))
    .map((k) => IMPORT_COLUMNS[k]);
  if (missingCols.length) throw badRequest(`第 1 行缺少必需的列：${missingCols.join('、')}`);
  const orgList = [...(await orgMap(ctx.db)).values()];
  const orgs = await orgMap(ctx.db);
  const errors: Record<string, string> = {};
  const rows: { row: number; c: CheckedInput; changes: Change[] }[] = [];
  /** The first row of each 文号: later rows with the same 文号 are its history. */
  const firstRow = new Map<string, { row: number; title: string; doc?: (typeof rows)[number] }>();
  const statusByLabel = new Map(Object.entries(STATUSES).map(([k, v]) => [v, k as Status]));
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (k: ImportKey) => (header.has(k) ? cellText(row.getCell(header.get(k)!).value) : '');
    if ((Object.keys(IMPORT_COLUMNS) as ImportKey[]).every((k) => !get(k))) continue; // blank row
    const problems: string[] = [];
    const statusText = get('status') || '现行有效';
    const status = statusByLabel.get(statusText as (typeof STATUSES)[Status]);
    if (!status || status === 'pending')
      problems.push(`状态“${statusText}”无效，应为 现行有效、已修改、已废止 或 已失效`);
    const statusOn = get('statusOn') ? importDate(get('statusOn')) : null;
    if (statusOn && !isIsoDate(statusOn)) problems.push('状态日期格式有误');
    let byDocNumber: string | null = null;
    if (status === 'amended' || status === 'repealed') {
      if (!statusOn) problems.push(`状态为“${statusText}”时须填写状态日期`);
      const by = parseDocNumber(get('byDocNumber'));
      if (!by.ok) problems.push(`修改或废止文件文号：${by.reason}`);
      else byDocNumber = by.value.normalized;
    }
    const change = (): Change | null =>
      status && status !== 'in_force' && status !== 'pending'
        ? { row: r, status, statusOn, byDocNumber, articles: get('articles') || null }
        : null;
    // A later row with a 文号 already registered above records that document's next status change.
    const number = parseDocNumber(get('docNumber'));
    const first = number.ok ? firstRow.get(number.value.normalized) : undefined;
    if (first) {
      if (!change())
        problems.push(
          `文号与第 ${first.row} 行相同：同一文件的后续行应登记状态变化（已修改、已废止或已失效）`,
        );
      if (status === 'expired' && !statusOn) problems.push('后续行登记“已失效”时须填写状态日期');
      if (get('title') && get('title') !== first.title) problems.push(`标题与第 ${first.row} 行不一致`);
      if (problems.length) errors[`第 ${r} 行`] = problems.join('；');
      else first.doc?.changes.push(change()!);
      continue;
    }
    const orgNames = get('orgs')
      .split(/[、,，;；\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const orgIds: number[] = [];
    for (const n of orgNames) {
      const o = findOrgByName(orgList, n);
      if (o) orgIds.push(o.id);
      else problems.push(`制发机关“${n}”不在机关列表中`);
    }
    const yearsText = get('validityYears');
    const validityYears = yearsText === '' ? null : /^\d{1,2}$/.test(yearsText) ? Number(yearsText) : NaN;
    if (Number.isNaN(validityYears)) problems.push('有效期（年）应为整数');
    let checked: CheckedInput | null = null;
    try {
      checked = await checkInput(
        ctx.db,
        {
          docNumber: get('docNumber'),
          title: get('title'),
          orgIds,
          writtenOn: importDate(get('writtenOn')),
          publishedOn: get('publishedOn') ? importDate(get('publishedOn')) : null,
          effectiveOn: importDate(get('effectiveOn')),
          validityYears: Number.isNaN(validityYears) ? null : validityYears,
          registrationNumber: get('registrationNumber') || null,
          subject: get('subject'),
          body: get('body'),
          inLibrary: !!get('publishedOn'),
        },
        orgs,
      );
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      for (const [f, msg] of Object.entries(e.fields))
        if (!(f === 'orgIds' && orgNames.length && orgIds.length < orgNames.length)) problems.push(msg);
    }
    const entry = { row: r, title: get('title') } as {
      row: number;
      title: string;
      doc?: (typeof rows)[number];
    };
    if (checked) firstRow.set(checked.docNumber, entry);
    if (problems.length) errors[`第 ${r} 行`] = problems.join('；');
    else rows.push((entry.doc = { row: r, c: checked!, changes: change() ? [change()!] : [] }));
  }
  for (const { c, changes } of rows) {
    const problem = historyProblem(c.effectiveOn, changes);
    if (problem)
      errors[`第 ${problem.row} 行`] = [errors[`第 ${problem.row} 行`], problem.message]
        .filter(Boolean)
        .join('；');
  }
  if (Object.keys(errors).length) {
    throw badRequest(
      `导入失败：${Object.keys(errors).length} 行有错误，未导入任何文件。请修改后重新导入`,
      errors,
    );
  }
  if (rows.length === 0) throw badRequest('Excel 文件中没有可导入的文件');
  const template = await getIndexTemplate(ctx.db);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const who = actorName(actor);
  await transact(ctx.db, async (trx) => {
    const ids = new Map<string, number>();
    for (const { c } of rows)
      ids.set(
        c.docNumber,
        await insertDocument(trx, c, orgs, template, at, who, { isSample: !!opts.isSample, itemId: null }),
      );
    for (const { c, changes } of rows) {
      const id = ids.get(c.docNumber)!;
      for (const { status, statusOn, byDocNumber, articles } of changes) {
        if (status === 'amended' || status === 'repealed') {
          const by = byDocNumber
            ? (ids.get(byDocNumber) ?? (await selectDocumentRowByNumber(trx, byDocNumber))?.id ?? null)
            : null;
          await appendEvent(trx, id, {
            kind: status,
            effectiveOn: statusOn!,
            byDocumentId: by,
            byDocNumber,
            articles: status === 'amended' ? articles : null,
            note: '导入登记',
            recordedAt: at,
            actorName: who,
          });
          if (by)
            await insertRelation(trx, {
              from: by,
              to: id,
              kind: status === 'amended' ? 'amends' : 'repeals',
              effectiveOn: statusOn,
              articles,
              at,
            });
        } else if (status === 'expired') {
          const ends = (await selectDocumentRow(trx, id))?.ends_on ?? null;
          const effectiveOn = statusOn ?? (ends ? addDays(ends, 1) : shanghaiDate(now));
          await appendEvent(trx, id, {
            kind: 'expired',
            effectiveOn,
            note: '导入登记',
            recordedAt: at,
            actorName: who,
          });
        }
      }
      await syncSearch(trx, id, shanghaiDate(now));
    }
    await recordAudit(trx, now, actor, {
      action: 'normative.import',
      objectType: 'normative_document',
      objectId: null,
      after: { count: rows.length, docNumbers: rows.map((r) => r.c.docNumber) },
    });
  });
  return { imported: rows.length };
}
