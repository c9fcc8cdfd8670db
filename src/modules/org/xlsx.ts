/**
 * The org tree as a table: the XLSX template setup offers, `gongkai org import|export`, and the
 * typed-in form at setup (one org a line, cells split by ｜ or a tab) all use these columns. Parsing
 * is pure (`parseOrgRows`): every problem names its row and column; nothing is written when any row
 * is wrong (`importOrgTree` runs in one transaction).
 */
import ExcelJS from 'exceljs';
import type { Actor, AppContext } from '../../context.ts';
import { badRequest } from '../../errors.ts';
import { requirePermission } from '../auth/permissions.ts';
import { ORG_KINDS, treeOrder, type Org, type OrgKind } from './model.ts';
import { createOrg, updateOrg, type OrgInput } from './service.ts';
import { selectAllOrgs } from './store.ts';
import { cellText } from '../../lib/spreadsheet.ts';
import { transact } from '../../db/index.ts';

/** The table's columns, in order: [key, header]. */
export const ORG_COLUMNS = [
  ['name', '机关全称'],
  ['shortName', '简称'],
  ['code', '机关代码'],
  ['kind', '类型'],
  ['parent', '上级机关'],
  ['address', '受理地址'],
  ['postcode', '邮政编码'],
  ['phone', '咨询电话'],
  ['fax', '传真'],
  ['hours', '办公时间'],
  ['letterNumberPattern', '文号格式'],
  ['reviewBody', '复议机关'],
] as const;

export type OrgColumn = (typeof ORG_COLUMNS)[number][0];
const HEADER: Record<OrgColumn, string> = Object.fromEntries(ORG_COLUMNS) as Record<OrgColumn, string>;

/** The words the 类型 column takes (the short ones the template shows first). */
export const KIND_WORDS: Record<OrgKind, string[]> = {
  government: ['人民政府', ORG_KINDS.government],
  department: ['工作部门', ORG_KINDS.department, '政府部门'],
  agency: ['派出机关', ORG_KINDS.agency, '街道', '街道办事处', '管理处'],
  township: ['乡镇', ORG_KINDS.township, '乡', '镇'],
  vertical: ['垂直管理', ORG_KINDS.vertical],
  community: ['村（社区）', '村', '社区', ORG_KINDS.community],
  other: ['其他', ORG_KINDS.other],
};

export function kindOfWord(word: string): OrgKind | undefined {
  const w = word.trim();
  if (w in ORG_KINDS) return w as OrgKind;
  return (Object.keys(KIND_WORDS) as OrgKind[]).find((k) => KIND_WORDS[k].includes(w));
}

/** One org as the table gives it, checked. */
export interface OrgRow {
  row: number;
  name: string;
  shortName: string;
  code: string;
  kind: OrgKind;
  parent: string;
  foiDesk: { address: string; postcode: string; phone: string; fax: string; hours: string };
  letterNumberPattern: string;
  reviewBody: string;
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export const problemText = (p: RowProblem) => `第 ${p.row} 行“${p.column}”列：${p.message}`;

const LIMITS: Partial<Record<OrgColumn, number>> = {
  name: 100,
  shortName: 50,
  code: 32,
  parent: 100,
  address: 200,
  postcode: 10,
  phone: 50,
  fax: 50,
  hours: 100,
  letterNumberPattern: 50,
  reviewBody: 100,
};

/**
 * Checks the table's rows (cells by column key; `row` the sheet's row or the form's line number)
 * against each other and the orgs already in the tree: names unique, 类型 known, 上级机关 named in
 * the table or the tree, no loop, codes well-formed and unique, 文号格式 with {seq}.
 */
export function parseOrgRows(
  rows: { row: number; cells: Partial<Record<OrgColumn, string>> }[],
  existing: Pick<Org, 'name' | 'code' | 'shortName'>[] = [],
): { orgs: OrgRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const orgs: OrgRow[] = [];
  const problem = (row: number, column: OrgColumn, message: string) =>
    problems.push({ row, column: HEADER[column], message });
  const names = new Map<string, number>();
  const codes = new Map<string, number>();
  let generated = 0;
  for (const { row, cells } of rows) {
    const get = (k: OrgColumn) => (cells[k] ?? '').replace(/\s+/g, ' ').trim();
    if (ORG_COLUMNS.every(([k]) => !get(k))) continue;
    let bad = false;
    for (const [k] of ORG_COLUMNS) {
      const max = LIMITS[k];
      if (max && get(k).length > max) (problem(row, k, `不超过 ${max} 个字`), (bad = true));
    }
    const name = get('name');
    if (!name) (problem(row, 'name', '请填写机关全称'), (bad = true));
    else if (names.has(name)) (problem(row, 'name', `与第 ${names.get(name)} 行重复`), (bad = true));
    else names.set(name, row);
    const kindWord = get('kind');
    const kind = kindOfWord(kindWord);
    if (!kindWord)
      (problem(
        row,
        'kind',
        `请填写类型：${Object.values(KIND_WORDS)
          .map((w) => w[0])
          .join('、')}`,
      ),
        (bad = true));
    else if (!kind)
      (problem(
        row,
        'kind',
        `“${kindWord}”不是可用的类型，应为：${Object.values(KIND_WORDS)
          .map((w) => w[0])
          .join('、')}`,
      ),
        (bad = true));
    let code = get('code').toUpperCase();
    if (code && !/^[0-9A-Z]{1,32}$/.test(code))
      (problem(row, 'code', '机关代码只能包含数字和大写字母（如统一社会信用代码）'), (bad = true));
    else if (code && codes.has(code)) (problem(row, 'code', `与第 ${codes.get(code)} 行重复`), (bad = true));
    else if (code && existing.some((o) => o.code === code && o.name !== name))
      (problem(row, 'code', '已被其他机关使用'), (bad = true));
    if (!code) code = existing.find((o) => o.name === name)?.code ?? '';
    if (!code) {
      do code = `ORG${String(++generated).padStart(4, '0')}`;
      while (
        existing.some((o) => o.code === code) ||
        rows.some((r) => (r.cells.code ?? '').trim().toUpperCase() === code)
      );
    }
    codes.set(code, row);
    const pattern = get('letterNumberPattern');
    if (pattern && !pattern.includes('{seq}'))
      (problem(
        row,
        'letterNumberPattern',
        '文号格式须含 {seq}（序号），可含 {year}（年份），如 某发改依复〔{year}〕{seq}号',
      ),
        (bad = true));
    const postcode = get('postcode');
    if (postcode && !/^\d{6}$/.test(postcode))
      (problem(row, 'postcode', '邮政编码为 6 位数字'), (bad = true));
    if (bad) continue;
    orgs.push({
      row,
      name,
      shortName: get('shortName') || name,
      code,
      kind: kind!,
      parent: get('parent'),
      foiDesk: {
        address: get('address'),
        postcode,
        phone: get('phone'),
        fax: get('fax'),
        hours: get('hours'),
      },
      letterNumberPattern: pattern,
      reviewBody: get('reviewBody'),
    });
  }
  // Parents: a name in the table or in the tree; no org its own ancestor.
  const inTable = new Map(orgs.map((o) => [o.name, o]));
  const known = (n: string) => inTable.has(n) || existing.some((o) => o.name === n || o.shortName === n);
  for (const o of orgs) {
    if (!o.parent) continue;
    if (o.parent === o.name) problem(o.row, 'parent', '上级机关不能是本机关');
    else if (!known(o.parent) && !names.has(o.parent))
      problem(o.row, 'parent', `“${o.parent}”不在表中，也不在现有机关中`);
    else {
      const seen = new Set([o.name]);
      for (let p = inTable.get(o.parent); p; p = inTable.get(p.parent)) {
        if (seen.has(p.name)) {
          problem(o.row, 'parent', '上级关系形成了循环');
          break;
        }
        seen.add(p.name);
      }
    }
  }
  if (!rows.some(({ cells }) => ORG_COLUMNS.some(([k]) => (cells[k] ?? '').trim())))
    problems.push({ row: 2, column: HEADER.name, message: '表中没有机关' });
  problems.sort((a, b) => a.row - b.row);
  return { orgs: problems.length ? [] : orgs, problems };
}

/** The typed-in form: one org a line, cells in the table's column order, split by ｜, | or a tab. */
export function orgLinesToRows(text: string): { row: number; cells: Partial<Record<OrgColumn, string>> }[] {
  return text.split(/\r?\n/).map((line, i) => {
    const parts = line.split(/[｜|\t]/);
    return {
      row: i + 1,
      cells: Object.fromEntries(ORG_COLUMNS.map(([k], n) => [k, parts[n] ?? ''])) as Partial<
        Record<OrgColumn, string>
      >,
    };
  });
}

/** Reads the workbook's 机关 sheet (or its first): row 1 the headers, by name, in any order. */
export async function readOrgWorkbook(
  data: Buffer,
): Promise<{ row: number; cells: Partial<Record<OrgColumn, string>> }[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw badRequest('文件不是有效的 Excel（.xlsx）工作簿，请使用下载的机关表模板', {
      file: '不是有效的 .xlsx 文件',
    });
  }
  const ws = wb.getWorksheet('机关') ?? wb.worksheets[0];
  if (!ws) throw badRequest('工作簿中没有工作表', { file: '工作簿中没有工作表' });
  const col = new Map<OrgColumn, number>();
  ws.getRow(1).eachCell({ includeEmpty: false }, (c, n) => {
    const k = ORG_COLUMNS.find(([, h]) => h === cellText(c.value).replace(/[*＊\s]/g, ''))?.[0];
    if (k) col.set(k, n);
  });
  const missing = (['name', 'kind', 'parent'] as const).filter((k) => !col.has(k));
  if (missing.length) {
    const text = missing.map((k) => `第 1 行缺少“${HEADER[k]}”列`).join('；');
    throw badRequest(`机关表格式不对：${text}。请使用下载的模板`, { file: text });
  }
  const rows: { row: number; cells: Partial<Record<OrgColumn, string>> }[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    rows.push({
      row: r,
      cells: Object.fromEntries([...col].map(([k, n]) => [k, cellText(row.getCell(n).value)])),
    });
  }
  return rows;
}

/** A workbook with the table's headers and these orgs (none: the template), plus a sheet of instructions. */
export async function orgWorkbook(orgs: Org[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('机关');
  ws.addRow(ORG_COLUMNS.map(([, h]) => h)).font = { bold: true };
  ws.columns.forEach((c, i) => (c.width = i === 0 || i === 5 ? 30 : 14));
  const byId = new Map(orgs.map((o) => [o.id, o]));
  for (const { org: o } of treeOrder(orgs)) {
    const cells: Record<OrgColumn, string> = {
      name: o.name,
      shortName: o.shortName,
      code: o.code,
      kind: KIND_WORDS[o.kind][0],
      parent: o.parentId != null ? (byId.get(o.parentId)?.name ?? '') : '',
      ...o.foiDesk,
      letterNumberPattern: o.letterNumberPattern,
      reviewBody: o.reviewBody,
    };
    ws.addRow(ORG_COLUMNS.map(([k]) => cells[k]));
  }
  const help = wb.addWorksheet('填写说明');
  for (const line of [
    ['列', '说明'],
    ['机关全称', '必填，全表不重复，如“某县发展和改革委员会”'],
    ['简称', '可空（默认同全称），如“县发改委”'],
    ['机关代码', '可空（自动编号）；统一社会信用代码等，只含数字和大写字母'],
    [
      '类型',
      `必填：${Object.values(KIND_WORDS)
        .map((w) => w[0])
        .join('、')}`,
    ],
    ['上级机关', '本表中另一行的机关全称；最上一级留空'],
    ['受理地址、邮政编码、咨询电话、传真、办公时间', '依申请公开受理机构信息，写入答复书等文书'],
    ['文号格式', '如“某发改依复〔{year}〕{seq}号”，{year} 为年份，{seq} 为序号'],
    ['复议机关', '可空：空时按行政复议法由机关树推定；垂直管理机构请填写其上一级主管部门'],
  ])
    help.addRow(line);
  help.getColumn(1).width = 40;
  help.getColumn(2).width = 80;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const templateWorkbook = () => orgWorkbook([]);

export interface OrgImportResult {
  created: number;
  updated: number;
}

/**
 * Writes checked rows into the tree, parents first: an org whose full name is already there is
 * updated, any other created. One transaction, each write audited: a failure leaves the tree as it was.
 */
export async function importOrgTree(ctx: AppContext, actor: Actor, rows: OrgRow[]): Promise<OrgImportResult> {
  requirePermission(actor, 'org.manage');
  const write = async (tctx: AppContext): Promise<OrgImportResult> => {
    const result = { created: 0, updated: 0 };
    const pending = [...rows];
    let guard = pending.length + 1;
    while (pending.length && guard-- > 0) {
      const tree = await selectAllOrgs(tctx.db);
      for (let i = 0; i < pending.length; i++) {
        const o = pending[i];
        const parent = o.parent
          ? (tree.find((x) => x.name === o.parent) ?? tree.find((x) => x.shortName === o.parent))
          : undefined;
        if (o.parent && !parent) continue; // its parent comes later in the table
        const same = tree.find((x) => x.name === o.name);
        const input: OrgInput = {
          name: o.name,
          shortName: o.shortName,
          code: o.code,
          kind: o.kind,
          parentId: parent?.id ?? null,
          aliases: same?.aliases ?? [],
          sortOrder: same?.sortOrder ?? o.row,
          isSample: same?.isSample ?? false,
          foiDesk: o.foiDesk,
          letterNumberPattern: o.letterNumberPattern,
          reviewBody: o.reviewBody,
        };
        if (same) {
          await updateOrg(tctx, actor, same.id, input);
          result.updated++;
        } else {
          await createOrg(tctx, actor, input);
          result.created++;
        }
        pending.splice(i--, 1);
      }
    }
    if (pending.length)
      throw badRequest(
        problemText({
          row: pending[0].row,
          column: HEADER.parent,
          message: `找不到上级机关“${pending[0].parent}”`,
        }),
      );
    return result;
  };
  return transact(ctx.db, (trx) => write({ ...ctx, db: trx }));
}

/** Parses and checks a table against the current tree; throws one Chinese error listing every problem. */
export async function checkOrgTable(
  ctx: AppContext,
  rows: { row: number; cells: Partial<Record<OrgColumn, string>> }[],
): Promise<OrgRow[]> {
  const { orgs, problems } = parseOrgRows(rows, await selectAllOrgs(ctx.db));
  if (problems.length) {
    const shown = problems.slice(0, 20).map(problemText);
    throw badRequest(
      `机关表有 ${problems.length} 处错误，未导入任何机关：${shown.join('；')}${problems.length > 20 ? '……' : ''}`,
      { orgs: shown.join('；') },
    );
  }
  return orgs;
}
