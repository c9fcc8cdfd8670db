/**
 * Search: pure rules — 文号 normalisation, query parameters, snippet highlighting. No I/O.
 */
import { badRequest } from '../../errors.ts';

/** What a module hands the index for one published thing (an item, a normative document, an FAQ…). */
export interface SearchDocumentInput {
  /** 'item' | 'normative' | 'faq' | …; with refId the document's identity (upsert key). */
  kind: string;
  refId: number;
  /** Public URL of the page. */
  url: string;
  title: string;
  /** Plain text of the body (HTML already stripped), attachments' text may be appended. */
  body: string;
  orgId?: number | null;
  /** Names of the issuing org (full and short), indexed as metadata. */
  orgNames?: string[];
  /** Column keys (栏目) and topic keys (专题) the document is filed under. */
  columnKeys?: string[];
  topicKeys?: string[];
  /** 文号 in any bracket style; stored normalised. */
  docNumber?: string | null;
  /** ISO instant of publication. */
  publishedAt: string;
  /** Item type, e.g. 'news' | 'notice' | 'policy' | 'interpretation' | 'data'. */
  itemType?: string | null;
  /** For normative documents: 'in_force' | 'amended' | 'repealed' | 'expired'. */
  validity?: string | null;
  /** More words to find the document by (labels, aliases). */
  extraTerms?: string[];
}

export type SearchSort = 'relevance' | 'date';

/** A validated search request. */
export interface SearchQuery {
  q: string;
  column?: string;
  topic?: string;
  org?: number;
  year?: number;
  type?: string;
  validity?: string;
  sort: SearchSort;
  page: number;
  pageSize: number;
  /** True when the words typed were longer than MAX_QUERY_LENGTH and only their start is searched. */
  cut?: boolean;
}

export interface SearchHit {
  kind: string;
  refId: number;
  url: string;
  title: string;
  /** Title with matched terms in <mark>, HTML-escaped. */
  titleHtml: string;
  /** Body excerpt with matched terms in <mark>, HTML-escaped. */
  snippetHtml: string;
  orgId: number | null;
  docNumber: string | null;
  /** Publication date, YYYY-MM-DD (Asia/Shanghai). */
  publishedOn: string;
  itemType: string | null;
  validity: string | null;
  columnKeys: string[];
  topicKeys: string[];
  /** True when the hit is the exact 文号 match placed first. */
  exact: boolean;
  /** Query words this hit does not contain: empty for a full match, not for the looser match's hits. */
  missing: string[];
}

export interface SearchSuggestion {
  label: string;
  /** Query-string parameters of the suggested search. */
  params: Record<string, string>;
}

export interface SearchResult {
  query: SearchQuery;
  /** The words searched for, after segmentation. */
  terms: string[];
  /** Matches found; a lower bound when totalExact is false (very common words on a large site). */
  total: number;
  totalExact: boolean;
  hits: SearchHit[];
  /** The 文号 the query parsed as, normalised, if any. */
  docNumber: string | null;
  suggestions: SearchSuggestion[];
  /** A pinyin query read as Chinese (“yingshang huanjing” → 营商环境): these are that word's results. */
  pinyin: string | null;
  /** Synonyms searched as well (低保 → 最低生活保障), shown as 「已同时搜索：…」. */
  synonyms: string[];
  /** How many of the results match only some of the words (the looser match, after the full matches). */
  partial: number;
}

export const ITEM_TYPE_LABELS: Record<string, string> = {
  article: '文章动态',
  news: '新闻动态',
  notice: '通知公告',
  policy: '政策文件',
  normative: '规范性文件',
  interpretation: '政策解读',
  data: '数据表格',
  report: '工作报告',
  faq: '常见问题',
};

export const VALIDITY_LABELS: Record<string, string> = {
  in_force: '现行有效',
  amended: '已修改',
  repealed: '已废止',
  expired: '已失效',
};

// ---------------------------------------------------------------------------------------------
// 文号

const OPEN = '〔[(（【［〈「';
const CLOSE = '〕])）】］〉」';
const DOC_NUMBER_BODY = `([\\u4e00-\\u9fffA-Za-z]{1,20}?)\\s*[${OPEN.replace(/[[\]()]/g, '\\$&')}]\\s*(\\d{4})\\s*[${CLOSE.replace(/[[\]()]/g, '\\$&')}]\\s*第?\\s*0*(\\d{1,5})\\s*号`;
const DOC_NUMBER_EXACT = new RegExp(`^${DOC_NUMBER_BODY}$`);
const DOC_NUMBER_ANY = new RegExp(
  `([\\u4e00-\\u9fffA-Za-z]{1,20})\\s*[${OPEN.replace(/[[\]()]/g, '\\$&')}]\\s*(\\d{4})\\s*[${CLOSE.replace(/[[\]()]/g, '\\$&')}]\\s*第?\\s*0*(\\d{1,5})\\s*号`,
);

/** Full-width digits and letters → ASCII; ideographic space → space. */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

function halfWidthKeepBrackets(s: string): string {
  // Full-width digits only; 【】［］（） stay recognisable as brackets either way.
  return s
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

function compose(agency: string, year: string, seq: string): string | null {
  const y = Number(year);
  const n = Number(seq);
  if (y < 1949 || y > 2100 || n < 1) return null;
  // rules.md §6: 机关代字〔年份〕序号号; GB/T 9704-2012 7.2.4: 序号不编虚位（1 不写作 01）, 不加“第”字.
  return `${agency}〔${y}〕${n}号`;
}

/**
 * The normalised 文号 (`机关代字〔年份〕序号号`, rules.md §6), or null when the text is not one.
 * Accepts 〔〕 [] () （） 【】 ［］, full-width digits, spaces, a leading 第 and zero-padded numbers.
 */
export function normalizeDocNumber(input: string): string | null {
  const s = halfWidthKeepBrackets(input).trim();
  const m = DOC_NUMBER_EXACT.exec(s);
  if (!m) return null;
  return compose(m[1]!, m[2]!, m[3]!);
}

/**
 * The 文号 a piece of free text (a search query) contains, normalised, as candidates: the words
 * before the bracket may run into the 机关代字 (查找洪府办发[2022]66号), so every suffix
 * is a candidate, longest first. Empty when the text holds no 文号.
 */
export function docNumberCandidates(text: string): string[] {
  const m = DOC_NUMBER_ANY.exec(halfWidthKeepBrackets(text));
  if (!m) return [];
  const agency = m[1]!;
  const out: string[] = [];
  for (let i = 0; i < agency.length; i++) {
    const c = compose(agency.slice(i), m[2]!, m[3]!);
    if (c) out.push(c);
  }
  return out;
}

/** The text with its first 文号 (and the words run into it) taken out; the text itself when it has none. */
export function withoutDocNumber(text: string): string {
  // halfWidthKeepBrackets maps characters one to one, so positions carry over to the original text.
  const m = DOC_NUMBER_ANY.exec(halfWidthKeepBrackets(text));
  if (!m) return text;
  return (text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length)).trim();
}

// ---------------------------------------------------------------------------------------------
// Query parameters

export const MAX_QUERY_LENGTH = 100;
export const DEFAULT_PAGE_SIZE = 10;

/** Raw parameters as they arrive from a form or the API (all optional strings). */
export interface RawSearchParams {
  q?: string;
  column?: string;
  topic?: string;
  org?: string | number;
  year?: string | number;
  type?: string;
  validity?: string;
  sort?: string;
  page?: string | number;
  pageSize?: string | number;
}

const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';

/** Validates raw parameters into a SearchQuery; throws a Chinese 400 on bad input. */
export function parseSearchQuery(raw: RawSearchParams): SearchQuery {
  const fields: Record<string, string> = {};
  const q = String(raw.q ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // A very long query (pasted text) is searched by its start, and the page says so: never an error.
  const cut = [...q].length > MAX_QUERY_LENGTH;
  const out: SearchQuery = {
    q: cut ? [...q].slice(0, MAX_QUERY_LENGTH).join('').trim() : q,
    sort: 'relevance',
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
    ...(cut ? { cut: true } : {}),
  };
  const text = (name: 'column' | 'topic' | 'type' | 'validity', max = 50) => {
    const v = raw[name];
    if (blank(v)) return;
    const s = String(v).trim();
    if (s.length > max) fields[name] = '筛选条件过长';
    else out[name] = s;
  };
  text('column');
  text('topic');
  text('type', 30);
  text('validity', 30);
  if (out.validity && !(out.validity in VALIDITY_LABELS))
    fields.validity = '效力状态只能是：现行有效、已修改、已废止、已失效';
  const int = (name: 'org' | 'year' | 'page' | 'pageSize', min: number, max: number, message: string) => {
    const v = raw[name];
    if (blank(v)) return;
    const s = String(v).trim();
    const n = Number(s);
    if (!/^\d{1,7}$/.test(s) || n < min || n > max) fields[name] = message;
    else out[name] = n;
  };
  int('org', 1, 9_999_999, '发布机关无效');
  int('year', 1949, 2100, '年份应为四位数字，如 2022');
  int('page', 1, 1000, '页码应为 1 到 1000 之间的数字');
  int('pageSize', 1, 50, '每页条数应为 1 到 50 之间的数字');
  if (!blank(raw.sort)) {
    const s = String(raw.sort).trim();
    if (s === 'relevance' || s === 'date') out.sort = s;
    else fields.sort = '排序方式只能是相关度（relevance）或时间（date）';
  }
  if (Object.keys(fields).length) throw badRequest(Object.values(fields)[0]!, fields);
  return out;
}

/** Whether the query asks for anything (words or at least one filter). */
export function hasCriteria(q: SearchQuery): boolean {
  return (
    q.q !== '' ||
    q.column !== undefined ||
    q.topic !== undefined ||
    q.org !== undefined ||
    q.year !== undefined ||
    q.type !== undefined ||
    q.validity !== undefined
  );
}

/** The query as URL parameters (defaults left out), e.g. for links that change one filter. */
export function queryParams(
  q: SearchQuery,
  change: Partial<Record<keyof SearchQuery, string | number | undefined>> = {},
): Record<string, string> {
  const merged: Record<string, unknown> = { ...q, ...change };
  const out: Record<string, string> = {};
  for (const k of ['q', 'column', 'topic', 'org', 'year', 'type', 'validity', 'sort', 'page'] as const) {
    const v = merged[k];
    if (
      v === undefined ||
      v === '' ||
      (k === 'sort' && v === 'relevance') ||
      (k === 'page' && Number(v) === 1)
    )
      continue;
    out[k] = String(v);
  }
  return out;
}

export function toQueryString(params: Record<string, string>): string {
  const s = new URLSearchParams(params).toString();
  return s ? `?${s}` : '';
}

// ---------------------------------------------------------------------------------------------
// Highlighting

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Ranges [start, end) of every occurrence of any term (case-insensitive), merged. */
export function matchRanges(text: string, terms: string[]): [number, number][] {
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const t of new Set(terms.map((x) => x.toLowerCase()).filter((x) => x.length > 0))) {
    let i = lower.indexOf(t);
    while (i >= 0) {
      ranges.push([i, i + t.length]);
      i = lower.indexOf(t, i + t.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** `text` HTML-escaped, with every occurrence of a term wrapped in <mark>. */
export function highlight(text: string, terms: string[]): string {
  let out = '';
  let at = 0;
  for (const [s, e] of matchRanges(text, terms)) {
    out += escapeHtml(text.slice(at, s)) + '<mark>' + escapeHtml(text.slice(s, e)) + '</mark>';
    at = e;
  }
  return out + escapeHtml(text.slice(at));
}

/**
 * An excerpt of about `length` characters around the first place the terms occur (the start of
 * the text when none does), escaped and highlighted, with an ellipsis where text was cut.
 */
export function snippet(text: string, terms: string[], length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return highlight(flat, terms);
  const ranges = matchRanges(flat, terms);
  // Start a little before the densest spot: the first match that has the most other matches within reach.
  let start = 0;
  if (ranges.length) {
    let best = ranges[0]![0];
    let bestCount = 0;
    for (const [s] of ranges) {
      const count = ranges.filter(([x]) => x >= s && x < s + length).length;
      if (count > bestCount) {
        best = s;
        bestCount = count;
      }
    }
    start = Math.max(0, Math.min(best - 20, flat.length - length));
  }
  // Never cut a term in half at the window's edges.
  const end = Math.min(flat.length, start + length);
  for (const [s, e] of ranges) {
    if (s < start && e > start) start = s;
  }
  let stop = end;
  for (const [s, e] of ranges) {
    if (s < stop && e > stop) stop = e;
  }
  return (start > 0 ? '…' : '') + highlight(flat.slice(start, stop), terms) + (stop < flat.length ? '…' : '');
}
