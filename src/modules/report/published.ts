/**
 * A past report as the office published it — its Word file or its saved web page — read for 同比.
 * Offices hold their reports in that form, not in our import layout. Tables 二, 三 and 四 are found
 * by their labels (not by position), merged cells are expanded, each row is matched to the national
 * format's row by its words, and the figures go into the JSON import shape, which `parsePastJson`
 * then checks like any other import. A table or row that cannot be read is named; nothing is guessed.
 */
import mammoth from 'mammoth';
import { Parser } from 'htmlparser2';
import { OUTCOME_CODES, OUTCOMES, type OutcomeCode } from '../foi/outcomes.ts';
import { TABLE3_COLUMNS, TABLE4_COLUMNS, TABLE4_GROUPS } from './model.ts';
import { parsePastJson, type PastErrors, type PastFigures, type PastFormat } from './past.ts';

/** A table as rows of cell texts; a merged cell's text stands in every place it covers. */
export type TextGrid = string[][];

/** Every table of an HTML document as a grid (nested tables are read as tables of their own). */
export function htmlTables(html: string): TextGrid[] {
  type Cell = { text: string; colspan: number; rowspan: number };
  const done: Cell[][][] = [];
  const open: { rows: Cell[][]; cell: Cell | null }[] = [];
  const span = (v: string | undefined) => Math.min(Math.max(Number.parseInt(v ?? '1', 10) || 1, 1), 100);
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const t = open.at(-1);
        if (name === 'table') open.push({ rows: [], cell: null });
        else if (name === 'tr' && t) t.rows.push([]);
        else if ((name === 'td' || name === 'th') && t) {
          if (!t.rows.length) t.rows.push([]);
          t.cell = { text: '', colspan: span(attrs.colspan), rowspan: span(attrs.rowspan) };
          t.rows.at(-1)!.push(t.cell);
        } else if ((name === 'br' || name === 'p') && t?.cell) t.cell.text += ' ';
      },
      ontext(text) {
        const t = open.at(-1);
        if (t?.cell) t.cell.text += text;
      },
      onclosetag(name) {
        const t = open.at(-1);
        if (!t) return;
        if (name === 'td' || name === 'th') t.cell = null;
        else if (name === 'table') done.push(open.pop()!.rows);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  while (open.length) done.push(open.pop()!.rows);
  return done.map((rows) => {
    const grid: TextGrid = [];
    rows.forEach((row, r) => {
      let c = 0;
      for (const cell of row) {
        grid[r] ??= [];
        while (grid[r][c] !== undefined) c++;
        const text = cell.text.replace(/\s+/g, ' ').trim();
        for (let i = 0; i < cell.rowspan && r + i < rows.length; i++)
          for (let j = 0; j < cell.colspan; j++) (grid[r + i] ??= [])[c + j] = text;
        c += cell.colspan;
      }
    });
    return grid.map((row) => Array.from(row, (x) => x ?? ''));
  });
}

/** A label's words: no spaces, punctuation or numbering, as published copies vary them. */
const words = (s: string) =>
  s.replace(/[\s，,、。.．：:；;“”"'‘’（）()【】〔〕\[\]0-9０-９一二三四五六七八九十]/g, '');
/** A figure as printed: digits (thousands separators allowed), or blank / — for none. */
const FIGURE = /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[—–\-－/／]?$/;
const isFigure = (s: string) => FIGURE.test(s.replace(/\s/g, ''));
const figure = (s: string): number | null => {
  const t = s.replace(/[\s,]/g, '');
  return /^\d+(\.\d+)?$/.test(t) ? Number(t) : null;
};

/** The row's label (its leading text cells, merged copies once) and its trailing `n` figures, or null. */
function split(row: string[], n: number): { label: string; figures: (number | null)[] } | null {
  if (row.length < n + 1) return null;
  const tail = row.slice(-n);
  if (!tail.every(isFigure) || !tail.some((x) => figure(x) != null || x.trim() === '')) return null;
  const head = row.slice(0, -n).filter((x, i, a) => x !== '' && x !== a[i - 1] && !isFigure(x));
  return head.length ? { label: head.join(' '), figures: tail.map(figure) } : null;
}

/** The text a table 三 row is known by: the item after its number, or the family for （一）（二）. */
const itemWords = (code: OutcomeCode) => {
  const [family, item] = OUTCOMES[code].row.split(' ');
  return words(item ?? family.replace(/（[^）]*）$/, ''));
};

/** The table 三 row a published label names, or null. */
function table3RowOf(label: string, format: PastFormat): string | null {
  const w = words(label);
  if (w.includes('本年新收')) return 'received';
  if (w.includes('上年结转')) return 'carriedOver';
  if (w.includes('结转下年度')) return 'carriedForward';
  if (w.endsWith('总计')) return 'closedTotal';
  if (w.includes('其他处理')) {
    if (format === '2019') return 'other';
    if (w.endsWith('其他')) return 'other.other';
  }
  const hits = OUTCOME_CODES.filter((c) => c !== 'other.other' && w.includes(itemWords(c)));
  return hits.sort((a, b) => itemWords(b).length - itemWords(a).length)[0] ?? null;
}

const findTable = (tables: TextGrid[], ...marks: string[]) =>
  tables.find((t) => marks.every((m) => t.some((row) => row.some((c) => words(c).includes(m)))));

/**
 * Reads figures from the tables of a published report. Format: the given one, else 2021 when 表三
 * splits （六） into 逾期不补正 and the rest, else 2019. 表二 is read for the 2021 format only (2019's
 * columns are not comparable); blank or — counts as 0 in 表三 and 表四.
 */
export function readPublishedTables(
  tables: TextGrid[],
  forced?: PastFormat,
): { figures?: PastFigures; errors: PastErrors; json?: unknown } {
  const errors: PastErrors = {};
  const t3 = findTable(tables, '本年新收', '上年结转');
  const t4 = findTable(tables, '复议后起诉');
  if (!t3) errors['表三'] = '表三：未找到“收到和处理政府信息公开申请情况”表（应有“本年新收”“上年结转”等行）';
  if (!t4) errors['表四'] = '表四：未找到“政府信息公开行政复议、行政诉讼情况”表（应有“复议后起诉”列）';
  const json: {
    format?: PastFormat;
    table2: Record<string, unknown>;
    table3: Record<string, Record<string, number>>;
    table4: Record<string, Record<string, number>>;
  } = { table2: {}, table3: {}, table4: {} };
  if (t3) {
    const format =
      forced ?? (t3.some((row) => row.some((c) => words(c).includes('逾期不补正'))) ? '2021' : '2019');
    json.format = format;
    for (const [i, row] of t3.entries()) {
      const s = split(row, TABLE3_COLUMNS.length);
      if (!s) continue;
      const key = table3RowOf(s.label, format);
      if (!key) errors[`表三第${i + 1}行`] = `表三第 ${i + 1} 行“${s.label}”不是年报格式中的行，无法识别`;
      else json.table3[key] = Object.fromEntries(TABLE3_COLUMNS.map((c, k) => [c, s.figures[k] ?? 0]));
    }
  }
  if (t4) {
    const cells = TABLE4_GROUPS.length * TABLE4_COLUMNS.length;
    const tail = t4
      .map((r) => r.slice(-cells))
      .find((r) => r.length === cells && r.every(isFigure) && r.some((x) => figure(x) != null));
    if (!tail) errors['表四'] = `表四：未找到 ${cells} 个数字的一行`;
    else
      TABLE4_GROUPS.forEach(
        (g, i) =>
          (json.table4[g] = Object.fromEntries(
            TABLE4_COLUMNS.map((c, k) => [c, figure(tail[i * TABLE4_COLUMNS.length + k]) ?? 0]),
          )),
      );
  }
  // 表二 is printed as one table or as one per 条例第二十条 item: its rows are found by their label anywhere.
  if (json.format === '2021' && findTable(tables, '行政规范性文件', '本年制发')) {
    const rows = tables.flat();
    const rowBy = (name: string, n: number) =>
      rows.map((r) => split(r, n)).find((s) => s != null && words(s.label) === name);
    const triple = (name: string) => {
      const s = rowBy(name, 3);
      return s ? { issued: s.figures[0], repealed: s.figures[1], inForce: s.figures[2] } : undefined;
    };
    const single = (name: string) => rowBy(name, 1)?.figures[0] ?? null;
    json.table2 = {
      rules: triple('规章'),
      normativeDocuments: triple('行政规范性文件'),
      licensing: single('行政许可'),
      penalties: single('行政处罚'),
      enforcement: single('行政强制'),
      feesWanYuan: single('行政事业性收费'),
    };
  }
  if (Object.keys(errors).length) return { errors };
  return { ...parsePastJson(json, forced), json };
}

/** The HTML of a published report: a .docx through mammoth, a saved page decoded by its declared charset. */
export async function publishedReportHtml(file: { name: string; data: Buffer }): Promise<string> {
  if (/\.docx$/i.test(file.name)) return (await mammoth.convertToHtml({ buffer: file.data })).value;
  const head = file.data.subarray(0, 4096).toString('latin1');
  const charset = /charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  const known = ['gb2312', 'gbk', 'gb18030'].includes(charset) ? 'gb18030' : 'utf-8';
  return new TextDecoder(known).decode(file.data);
}
