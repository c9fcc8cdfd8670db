/**
 * The catalogue as officials keep it in Excel: one sheet per domain in the usual 标准目录 layout —
 * 序号 | 公开事项（一级事项, 二级事项）| 公开内容（要素）| 公开依据 | 公开时限 | 公开主体 | 公开渠道和载体 |
 * 公开对象（全社会, 特定群体）| 公开方式（主动, 依申请）| 公开层级（县级, 乡级）, ticks as √. Export writes it;
 * import reads it back, reports errors by sheet and row, and imports nothing when any row is wrong.
 */
import ExcelJS from 'exceljs';
import type { Actor, AppContext } from '../../context.ts';
import { badRequest, notFound } from '../../errors.ts';
import { auditedWrite } from '../audit/service.ts';
import {
  AUDIENCES,
  CONFIDENCES,
  entryProblems,
  TO_CHECK,
  isTick,
  LEVELS,
  MODES,
  parseTimeLimit,
  type Audience,
  type EntryFields,
  type Level,
  type Mode,
} from './model.ts';
import { deleteEntryRows, getCatalogue, listTemplates } from './service.ts';
import { entryValues, selectPostings } from './store.ts';
import { requirePermission } from '../auth/permissions.ts';
import { cellText, layoutSheet, xlsxFile } from '../../lib/spreadsheet.ts';
import { deleteTemplateRows, insertEntry, insertTemplateRow, updateEntryRow } from './store/writes.ts';

/**
 * 核对情况: “待核对” on rows not confirmed by a government copy of the guideline (model.ts needsCheck), so
 * an office knows to check them against its province's version. Optional on import (a province's own
 * file has no such column: its rows count as checked).
 */
export const CHECK_HEAD = '核对情况';
/** Extra columns of a template export (ignored on import). */
const TEMPLATE_HEAD = ['可信度', '见证副本', '备注'];

/** Single-level columns, then the two-level groups with their sub-columns. */
const SINGLE = ['序号', '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体'] as const;
const TICKS: { group: string; key: 'audience' | 'mode' | 'level'; labels: Record<string, string> }[] = [
  { group: '公开对象', key: 'audience', labels: AUDIENCES },
  { group: '公开方式', key: 'mode', labels: MODES },
  { group: '公开层级', key: 'level', labels: LEVELS },
];
const HEAD1 = [
  '序号',
  '公开事项',
  '',
  '公开内容（要素）',
  '公开依据',
  '公开时限',
  '公开主体',
  '公开渠道和载体',
  '公开对象',
  '',
  '公开方式',
  '',
  '公开层级',
  '',
  CHECK_HEAD,
];
const HEAD2 = [
  '',
  '一级事项',
  '二级事项',
  '',
  '',
  '',
  '',
  '',
  '全社会',
  '特定群体',
  '主动',
  '依申请',
  '县级',
  '乡级',
  '',
];
const TICK = '√';

/** Excel forbids these in sheet names, and caps them at 31 characters. */
const sheetName = (domain: string) => domain.replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || '目录';

export async function exportCatalogueXlsx(
  ctx: AppContext,
  actor: Actor,
  catalogueId: number,
): Promise<Buffer> {
  const c = await getCatalogue(ctx, actor, catalogueId);
  return writeWorkbook(c.title, c.entries);
}

/** A domain's template rows in the catalogue layout, with 可信度, the supporting copies and 备注 after it. */
export async function exportTemplateXlsx(ctx: AppContext, actor: Actor, domain: string): Promise<Buffer> {
  const rows = (await listTemplates(ctx, actor)).filter((t) => t.domain === domain);
  if (!rows.length) throw notFound('领域模板');
  return writeWorkbook(`${domain}领域模板`, rows, (t) => [
    t.confidence ? `${CONFIDENCES[t.confidence]}${t.confidenceNote ? `（${t.confidenceNote}）` : ''}` : '',
    t.witnesses
      .map((w) => `${w.name}${w.government ? '' : '［非政府网站］'}${w.url ? ` ${w.url}` : ''}`)
      .join('\n'),
    t.note,
  ]);
}

/** One sheet per domain in the 标准目录 layout; `extra` adds the template's columns after 核对情况. */
async function writeWorkbook<E extends EntryFields>(
  title: string,
  entries: E[],
  extra?: (e: E) => string[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const head1 = extra ? [...HEAD1, ...TEMPLATE_HEAD] : HEAD1;
  const domains = [...new Set(entries.map((e) => e.domain))];
  for (const domain of domains.length ? domains : ['目录']) {
    const ws = wb.addWorksheet(sheetName(domain), {
      pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    ws.addRow([`${title}（${domain}）`]);
    ws.mergeCells(1, 1, 1, head1.length);
    ws.getRow(1).font = { bold: true, size: 14 };
    ws.getRow(1).alignment = { horizontal: 'center' };
    ws.addRow(head1);
    ws.addRow([...HEAD2, ...(extra ? TEMPLATE_HEAD.map(() => '') : [])]);
    for (const col of [1, 4, 5, 6, 7, 8, 15, ...(extra ? [16, 17, 18] : [])]) ws.mergeCells(2, col, 3, col);
    for (const col of [2, 9, 11, 13]) ws.mergeCells(2, col, 2, col + 1);
    for (const r of [2, 3]) {
      ws.getRow(r).font = { bold: true };
      ws.getRow(r).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
    let n = 0;
    for (const e of entries.filter((x) => x.domain === domain)) {
      const row = ws.addRow([
        ++n,
        e.item1,
        e.item2,
        e.content,
        e.basis,
        e.timeLimit,
        e.subject,
        e.channels.join('、'),
        ...TICKS.flatMap((t) =>
          Object.keys(t.labels).map((k) => ((e[t.key] as string[]).includes(k) ? TICK : '')),
        ),
        e.toCheck ? TO_CHECK : '',
        ...(extra ? extra(e) : []),
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
      if (e.toCheck) {
        row.getCell(15).font = { bold: true, color: { argb: 'FF9C0006' } };
        row.getCell(15).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } };
      }
    }
    const thin = { style: 'thin' as const };
    ws.eachRow((row, r) => {
      if (r > 1)
        for (let col = 1; col <= head1.length; col++)
          row.getCell(col).border = { top: thin, left: thin, bottom: thin, right: thin };
    });
    layoutSheet(ws, {
      widths: [7, 14, 16, 40, 30, 20, 20, 22, 7, 7, 7, 7, 7, 7, 9, ...(extra ? [24, 40, 40] : [])],
      headerRows: 3,
    });
  }
  return await xlsxFile(wb);
}

/** The column an entry field is read from, to name it in row errors. */
const COLUMN_OF: Record<string, string> = {
  domain: '工作表名称（领域）',
  item1: '一级事项',
  item2: '二级事项',
  content: '公开内容（要素）',
  basis: '公开依据',
  timeLimit: '公开时限',
  subject: '公开主体',
  channels: '公开渠道和载体',
  audience: '公开对象',
  mode: '公开方式',
  level: '公开层级',
};

export interface ReadRow extends EntryFields {
  sheet: string;
  row: number;
}

/** Reads a 标准目录 workbook; `errors` name the sheet and row; `warnings` list 公开时限 that could not be read (kept as written). */
export async function readCatalogueWorkbook(
  data: Buffer,
): Promise<{ rows: ReadRow[]; errors: string[]; warnings: string[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: ['文件不是有效的 Excel（.xlsx）工作簿'], warnings: [] };
  }
  const rows: ReadRow[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const ws of wb.worksheets) {
    const texts = (r: number) => {
      const out: string[] = [];
      ws.getRow(r).eachCell({ includeEmpty: true }, (c, n) => (out[n] = cellText(c.value)));
      return out;
    };
    let head = 0;
    for (let r = 1; r <= Math.min(ws.rowCount, 10) && !head; r++)
      if (texts(r).includes('序号') && texts(r).includes('公开时限')) head = r;
    if (!head) {
      if (ws.rowCount > 0) errors.push(`工作表“${ws.name}”：没有找到表头行（应包含“序号”“公开时限”等列）`);
      continue;
    }
    const h1 = texts(head);
    const h2 = texts(head + 1);
    const col: Record<string, number> = {};
    for (const name of SINGLE) {
      const i = h1.indexOf(name);
      if (i > 0) col[name] = i;
    }
    for (const name of ['一级事项', '二级事项', ...TICKS.flatMap((t) => Object.values(t.labels))]) {
      const i = h2.indexOf(name);
      if (i > 0) col[name] = i;
    }
    const missing = [
      ...SINGLE,
      '一级事项',
      '二级事项',
      ...TICKS.flatMap((t) => Object.values(t.labels)),
    ].filter((n) => !col[n]);
    if (missing.length) {
      errors.push(`工作表“${ws.name}”第 ${head}–${head + 1} 行：缺少“${missing.join('”“')}”列`);
      continue;
    }
    const checkCol = h1.indexOf(CHECK_HEAD);
    const domain = ws.name.trim();
    let item1 = '';
    for (let r = head + 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const get = (name: string) => cellText(row.getCell(col[name]).value);
      const filled = [...SINGLE.filter((s) => s !== '序号'), '一级事项', '二级事项'].some((n) => get(n));
      if (!filled) continue;
      // A merged 一级事项 (or one written once for several rows) carries down.
      if (get('一级事项')) item1 = get('一级事项');
      const ticks = (t: (typeof TICKS)[number]) =>
        Object.entries(t.labels)
          .filter(([, label]) => isTick(get(label)))
          .map(([k]) => k);
      const e: ReadRow = {
        sheet: domain,
        row: r,
        domain,
        item1,
        item2: get('二级事项'),
        content: get('公开内容（要素）'),
        basis: get('公开依据'),
        timeLimit: get('公开时限'),
        subject: get('公开主体'),
        channels: get('公开渠道和载体')
          .split(/[、，,；;\n/]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        audience: ticks(TICKS[0]) as Audience[],
        mode: ticks(TICKS[1]) as Mode[],
        level: ticks(TICKS[2]) as Level[],
        toCheck: checkCol > 0 && cellText(row.getCell(checkCol).value) === TO_CHECK,
      };
      const p = entryProblems(e);
      if (Object.keys(p).length) {
        for (const [k, msg] of Object.entries(p))
          errors.push(`工作表“${ws.name}”第 ${r} 行“${COLUMN_OF[k] ?? k}”列：${msg}`);
        continue;
      }
      const limit = parseTimeLimit(e.timeLimit);
      if (!limit.ok)
        warnings.push(
          `工作表“${ws.name}”第 ${r} 行：公开时限“${e.timeLimit}”未能识别，已按原文保存，时效不作判断`,
        );
      rows.push(e);
    }
  }
  if (!errors.length && !rows.length) errors.push('工作簿中没有公开事项');
  const seen = new Map<string, number>();
  for (const e of rows) {
    const key = `${e.domain}/${e.item1}/${e.item2}`;
    if (seen.has(key))
      errors.push(
        `工作表“${e.sheet}”第 ${e.row} 行：与第 ${seen.get(key)} 行的事项重复（${e.item1}${e.item2 ? `·${e.item2}` : ''}）`,
      );
    else seen.set(key, e.row);
  }
  return { rows, errors, warnings };
}

export interface ImportResult {
  created: number;
  updated: number;
  deleted: number;
  warnings: string[];
}

/**
 * Replaces a catalogue's entries with a workbook's: rows matching an entry (same domain, 一级 and 二级
 * 事项) update it in place (its mapping and publications stay), new rows are added, entries not in
 * the file are removed. Nothing is imported when any row is wrong or when a removed entry has
 * offline postings.
 */
export async function importCatalogueXlsx(
  ctx: AppContext,
  actor: Actor,
  catalogueId: number,
  data: Buffer,
): Promise<ImportResult> {
  requirePermission(actor, 'catalogue.edit');
  const c = await getCatalogue(ctx, actor, catalogueId);
  const { rows, errors, warnings } = await readCatalogueWorkbook(data);
  const key = (e: Pick<EntryFields, 'domain' | 'item1' | 'item2'>) => `${e.domain}/${e.item1}/${e.item2}`;
  const incoming = new Set(rows.map(key));
  const removed = c.entries.filter((e) => !incoming.has(key(e)));
  const posted = new Set(
    (await selectPostings(ctx.db, { entryIds: removed.map((e) => e.id) })).map((p) => p.entryId),
  );
  for (const e of removed.filter((x) => posted.has(x.id)))
    errors.push(
      `“${e.domain}”的事项“${e.item1}${e.item2 ? `·${e.item2}` : ''}”已有线下公开记录，不能从目录中删除`,
    );
  if (errors.length) throw badRequest(`目录无法导入，未导入任何内容：${errors.join('；')}`);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      let created = 0;
      let updated = 0;
      await deleteEntryRows(
        trx,
        removed.map((e) => e.id),
      );
      for (const [i, r] of rows.entries()) {
        const existing = c.entries.find((e) => key(e) === key(r));
        if (existing) {
          await updateEntryRow(trx, existing.id, { ...entryValues(r), seq: i + 1, updated_at: now });
          updated++;
        } else {
          await insertEntry(trx, {
            ...entryValues(r),
            catalogue_id: c.id,
            seq: i + 1,
            template_entry_id: null,
            item_kinds: '[]',
            created_at: now,
            updated_at: now,
          });
          created++;
        }
      }
      return { created, updated, deleted: removed.length, warnings };
    },
    (r) => ({ action: 'catalogue.import', objectType: 'catalogue', objectId: c.id, after: r }),
  );
}

export interface TemplateReplaceResult {
  domain: string;
  /** Rows the domain had before, and has now. */
  before: number;
  entries: number;
  /** Rows the file still marks 待核对. */
  toCheck: number;
  warnings: string[];
}

/**
 * 公开办 replaces a whole domain's template with its province's version, from a workbook in the
 * catalogue's layout (the sheet named like the domain, or the only sheet with rows). All or nothing:
 * any wrong row (named by row and column) and nothing is written. The new rows are the office's own
 * (later upgrades of the shipped templates leave the domain alone); catalogues already compiled keep
 * their entries.
 */
export async function replaceTemplateFromXlsx(
  ctx: AppContext,
  actor: Actor,
  domain: string,
  data: Buffer,
  fileName = '',
): Promise<TemplateReplaceResult> {
  requirePermission(actor, 'catalogue.template');
  const old = (await listTemplates(ctx, actor)).filter((t) => t.domain === domain);
  if (!old.length) throw notFound(`领域模板“${domain}”`);
  const read = await readCatalogueWorkbook(data);
  const sheets = [...new Set(read.rows.map((r) => r.sheet))];
  const sheet = sheets.includes(domain) ? domain : sheets.length === 1 ? sheets[0] : null;
  const errors = [...read.errors];
  if (!errors.length && !sheet)
    errors.push(`工作簿有多个工作表（${sheets.join('、')}），请只保留本领域的一个，或把它命名为“${domain}”`);
  const rows = read.rows.filter((r) => r.sheet === sheet).map((r) => ({ ...r, domain }));
  if (errors.length) throw badRequest(`模板未替换，未写入任何内容：${errors.join('；')}`);
  const now = ctx.clock.now().toISOString();
  const source = `本省版本：${fileName ? `文件“${fileName.slice(0, 100)}”，` : ''}${now.slice(0, 10)} 由区政务公开办导入，替换随软件提供的模板`;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const ids = old.map((t) => t.id);
      await deleteTemplateRows(trx, ids);
      for (const [i, r] of rows.entries())
        await insertTemplateRow(trx, {
          ...entryValues(r),
          seq: i + 1,
          scope: old[0].scope,
          source,
          is_sample: 0,
          origin: 'office',
          created_at: now,
          updated_at: now,
        });
      return {
        domain,
        before: old.length,
        entries: rows.length,
        toCheck: rows.filter((r) => r.toCheck).length,
        warnings: read.warnings,
      };
    },
    (r) => ({
      action: 'catalogue.template.replace',
      objectType: 'catalogue_template',
      objectId: domain,
      before: { entries: old.map((t) => ({ item: `${t.item1}·${t.item2}`, timeLimit: t.timeLimit })) },
      after: { ...r, source, items: rows.map((e) => `${e.item1}·${e.item2}`) },
    }),
  );
}
