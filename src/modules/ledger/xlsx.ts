/**
 * The ledger as officials keep it in Excel: the usual 台账 layout (序号, 目标任务, 任务内容, 责任单位,
 * 工作时限, 进展情况, 完成情况), a title row, and group rows such as “（一）强化重点领域信息公开”.
 * Export writes it; import reads it back (row errors carry the sheet's row numbers; nothing is
 * imported when any row is wrong).
 */
import ExcelJS from 'exceljs';
import type { Actor, AppContext } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import { requirePermission } from '../auth/permissions.ts';
import { listPublicOrgs } from '../org/service.ts';
import { tryParseDeadline } from './deadline.ts';
import { TASK_STATUSES } from './model.ts';
import { splitUnitNames, type ParsedPlan, type ParsedTask } from './parse.ts';
import { getPlan, listTasks, storePlan, type ImportOptions, type ImportReport } from './service.ts';
import { selectLatestReports } from './store.ts';
import { cellText, layoutSheet, xlsxFile } from '../../lib/spreadsheet.ts';

export const LEDGER_COLUMNS = [
  '序号',
  '目标任务',
  '任务内容',
  '责任单位',
  '工作时限',
  '进展情况',
  '完成情况',
] as const;

/** Builds the plan's ledger workbook as the actor may see it. */
export async function exportLedgerXlsx(ctx: AppContext, actor: Actor, planId: number): Promise<Buffer> {
  const plan = await getPlan(ctx, actor, planId);
  const tasks = await listTasks(ctx, actor, planId);
  const orgs = await listPublicOrgs(ctx.db);
  const name = (id: number) => orgs.find((o) => o.id === id)?.shortName ?? `#${id}`;
  const latest = await selectLatestReports(
    ctx.db,
    tasks.flatMap((t) => [t.id, ...t.subtasks.map((s) => s.id)]),
  );

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const ws = wb.addWorksheet('任务台账', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const title = plan.ledgerTitle ?? `${plan.title}任务台账`;
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  ws.getRow(1).font = { bold: true, size: 16 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  const header = ws.addRow([...LEDGER_COLUMNS]);
  header.font = { bold: true };
  const thin = { style: 'thin' as const };
  let group = '';
  const addTask = (t: (typeof tasks)[number], isSub: boolean) => {
    const progress = latest
      .filter((r) => r.taskId === t.id)
      .map((r) => `${name(r.orgId)}（${r.percent}%）：${r.text}`)
      .join('\n');
    const row = ws.addRow([
      isSub ? t.number : Number(t.number),
      t.target,
      isSub ? `【子任务，责任人：${t.ownerName ?? ''}】${t.content}` : t.content,
      t.unitsText,
      t.deadlineText,
      progress,
      TASK_STATUSES[t.status],
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  };
  for (const t of tasks) {
    if (t.groupNumber + t.group !== group) {
      group = t.groupNumber + t.group;
      const r = ws.addRow([group]);
      ws.mergeCells(r.number, 1, r.number, LEDGER_COLUMNS.length);
      r.font = { bold: true };
    }
    addTask(t, false);
    for (const s of t.subtasks) addTask(s, true);
  }
  ws.eachRow((row) =>
    row.eachCell(
      { includeEmpty: true },
      (c) => (c.border = { top: thin, left: thin, bottom: thin, right: thin }),
    ),
  );
  // Rows tall enough for the whole task text and progress (never cut on screen or paper); title and header stay in view.
  layoutSheet(ws, { widths: [7, 16, 50, 28, 18, 40, 12], headerRows: 2 });
  return await xlsxFile(wb);
}

const GROUP_CELL = /^[(（]([一二三四五六七八九十]+)[)）]\s*(.+)$/;

/** Reads a 台账 workbook into a parsed plan; `errors` carry sheet row numbers. Pure apart from unzipping. */
export async function readLedgerWorkbook(data: Buffer): Promise<{ plan: ParsedPlan; errors: string[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { plan: emptyPlan(), errors: ['文件不是有效的 Excel（.xlsx）工作簿'] };
  }
  const ws = wb.worksheets[0];
  if (!ws) return { plan: emptyPlan(), errors: ['工作簿中没有工作表'] };
  const errors: string[] = [];
  let headerRow = 0;
  let title = '';
  const col: Record<string, number> = {};
  for (let r = 1; r <= Math.min(ws.rowCount, 10) && !headerRow; r++) {
    const row = ws.getRow(r);
    const texts: string[] = [];
    row.eachCell({ includeEmpty: true }, (c, n) => (texts[n] = cellText(c.value)));
    if (texts.includes('序号') && texts.includes('任务内容')) {
      headerRow = r;
      texts.forEach((t, n) => t && (col[t] = n));
    } else if (!title) title = texts.find((t) => t) ?? '';
  }
  if (!headerRow) return { plan: emptyPlan(), errors: ['没有找到表头行（应包含“序号”“任务内容”等列）'] };
  for (const need of ['序号', '目标任务', '任务内容', '责任单位', '工作时限'])
    if (!col[need]) errors.push(`第 ${headerRow} 行：缺少“${need}”列`);
  if (errors.length) return { plan: emptyPlan(), errors };
  const yearMatch = /(\d{4})年/.exec(title);
  const year = yearMatch ? Number(yearMatch[1]) : null;
  if (year == null) errors.push('第 1 行：标题中没有年度（如“某区2022年政务公开工作要点任务台账”）');
  const tasks: ParsedTask[] = [];
  let groupNumber = '';
  let group = '';
  let target = '';
  let seen = 0;
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (name: string) => (col[name] ? cellText(row.getCell(col[name]).value) : '');
    const no = get('序号');
    const g = GROUP_CELL.exec(no);
    if (g && (!get('任务内容') || get('任务内容') === no)) {
      groupNumber = `（${g[1]}）`;
      group = g[2].trim();
      target = '';
      continue;
    }
    if (!no && !get('任务内容') && !get('责任单位')) continue;
    if (/^\d+-\d+$/.test(no)) continue; // sub-tasks belong to units' own ledgers, not the plan
    const problems: string[] = [];
    const n = Number(no);
    seen++;
    if (!/^\d+$/.test(no)) problems.push(`序号“${no}”不是数字`);
    else if (n !== seen) problems.push(`序号应为 ${seen}`);
    if (get('目标任务')) target = get('目标任务').replace(/\s+/g, '');
    if (!target) problems.push('没有目标任务');
    if (!get('任务内容')) problems.push('任务内容为空');
    if (!get('责任单位')) problems.push('责任单位为空');
    const d = tryParseDeadline(get('工作时限'), { planYear: year ?? undefined });
    if (!d.ok) problems.push(`工作时限“${get('工作时限')}”无法识别：${d.reason}`);
    if (!group) problems.push('不在任何分组（如“（一）强化重点领域信息公开”）之下');
    if (problems.length) {
      errors.push(`第 ${r} 行：${problems.join('；')}`);
      continue;
    }
    tasks.push({
      number: n,
      groupNumber,
      group,
      target,
      content: get('任务内容'),
      unitsText: get('责任单位'),
      unitNames: splitUnitNames(get('责任单位')),
      deadlineText: get('工作时限'),
      deadline: d.ok ? d.deadline : null,
    });
  }
  if (!errors.length && tasks.length === 0) errors.push('台账中没有任务');
  const planTitle = title.replace(/任务台账$/, '') || title;
  return {
    plan: {
      title: planTitle,
      year,
      sourceDocuments: [],
      sections: [],
      ledgerTitle: title || null,
      tasks,
      problems: [],
    },
    errors,
  };
}

function emptyPlan(): ParsedPlan {
  return {
    title: '',
    year: null,
    sourceDocuments: [],
    sections: [],
    ledgerTitle: null,
    tasks: [],
    problems: [],
  };
}

/** Imports a 台账 workbook as a new plan; refuses the whole file when any row is wrong. */
export async function importLedgerXlsx(
  ctx: AppContext,
  actor: Actor,
  data: Buffer,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  requirePermission(actor, 'ledger.manage');
  const { plan, errors } = await readLedgerWorkbook(data);
  if (errors.length) throw badRequest(`台账无法导入，未导入任何内容：${errors.join('；')}`);
  return storePlan(ctx, actor, plan, opts);
}
