/**
 * Publishing: the content model and its pure rules — kinds, the review workflow's state machine, body
 * sanitising, the 20-working-day timeliness rule, revision diffs, data tables. No I/O here.
 */
import { diffChars } from 'diff';
import type { GateResult } from '../privacy/service.ts';
import sanitizeHtml from 'sanitize-html';
import type { InterpretationForm, KeyPoint } from '../../lib/interpretation.ts';
import { addDays, isIsoDate } from '../../lib/time.ts';

export const ITEM_KINDS = {
  article: '文章/动态',
  notice: '通知公告',
  policy: '政策文件',
  interpretation: '政策解读',
  data: '数据表格',
} as const;
export type ItemKind = keyof typeof ITEM_KINDS;

/** Column kinds: they drive the website check's freshness rules (rules.md §8). */
export const COLUMN_KINDS = {
  news: '动态类',
  notice: '通知公告类',
  policy: '政策文件类',
  data: '数据类',
  interaction: '互动类',
  guide: '指南/制度类',
  report: '年报类',
  other: '其他',
} as const;
export type ColumnKind = keyof typeof COLUMN_KINDS;

export const STATUSES = {
  draft: '草稿',
  submitted: '已报送，待审核',
  reviewed: '已审核，待保密审查',
  cleared: '已通过保密审查，待发布',
  scheduled: '定时发布',
  published: '已发布',
  withdrawn: '已撤稿',
} as const;
export type ItemStatus = keyof typeof STATUSES;

export const SOURCES = { original: '原创', reposted: '转载' } as const;
export type ItemSource = keyof typeof SOURCES;

/** Forms and the seven points of an interpretation (rules.md §5): the one list shared with the normative library. */
export {
  INTERPRETATION_FORMS as INTERP_FORMS,
  KEY_POINTS as INTERP_POINTS,
} from '../../lib/interpretation.ts';
export type { InterpretationForm as InterpForm, KeyPoint as InterpPoint } from '../../lib/interpretation.ts';

export const WITHDRAWAL_MODES = { notice: '保留页面并显示撤稿说明', redirect: '删除页面并跳转' } as const;
export type WithdrawalMode = keyof typeof WITHDRAWAL_MODES;

/** Workflow actions and the states they leave from → arrive at. */
export const TRANSITIONS = {
  submit: { from: ['draft'], to: 'submitted', label: '报送' },
  review: { from: ['submitted'], to: 'reviewed', label: '审核通过' },
  reject: { from: ['submitted', 'reviewed', 'cleared', 'scheduled'], to: 'draft', label: '退回修改' },
  clear: { from: ['reviewed'], to: 'cleared', label: '保密审查通过' },
  publish: { from: ['cleared'], to: 'published', label: '发布' },
  schedule: { from: ['cleared'], to: 'scheduled', label: '定时发布' },
  release: { from: ['scheduled'], to: 'published', label: '定时发布生效' },
  withdraw: { from: ['published'], to: 'withdrawn', label: '撤稿' },
} as const satisfies Record<string, { from: readonly ItemStatus[]; to: ItemStatus; label: string }>;
export type WorkflowAction = keyof typeof TRANSITIONS;

/** The state an action leads to, or null when the action is not allowed from `status`. */
export function nextStatus(status: ItemStatus, action: WorkflowAction): ItemStatus | null {
  const t = TRANSITIONS[action];
  return (t.from as readonly ItemStatus[]).includes(status) ? t.to : null;
}

/** Whether the public may see the item's page. */
export const isPublic = (status: ItemStatus) => status === 'published' || status === 'withdrawn';

/**
 * The rich-text allow-list: structure, emphasis, links, tables and images; no scripts, styles,
 * event handlers or foreign frames. Links only to http(s), mailto and same-site paths.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'ul',
    'ol',
    'li',
    'a',
    'blockquote',
    'table',
    'caption',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
    'sup',
    'sub',
    'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt'],
    th: ['scope', 'colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // A link keeps its target only for the web (http, https, mailto) or a path on this site: links to
  // files on someone's computer or share (file:, \\server, other.docx) from Word lose it.
  transformTags: {
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const keep = /^(?:https?:|mailto:)/i.test(href) || /^\/(?![\/\\])/.test(href);
      const { href: _drop, ...rest } = attribs;
      return { tagName, attribs: keep ? attribs : rest };
    },
  },
};

/**
 * Markup pasted from Word (clipboard HTML): the conditional comments and Office namespaces go
 * before the allow-list sees it, so no list bullet from `<![if !supportLists]>` or `<o:p>` remains.
 */
export function cleanPastedWord(html: string): string {
  return html
    .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, '')
    .replace(/<!\[if !supportLists\]>[\s\S]*?<!\[endif\]>/gi, '')
    .replace(/<!\[(?:end)?if[^\]]*\]>/gi, '')
    .replace(/<\/?o:p>/gi, '')
    .replace(/<xml>[\s\S]*?<\/xml>/gi, '')
    .replace(/<style[\s\S]*?<\/style>/gi, '');
}

/** Cleans an item body to the allow-list. Plain text (no tags) becomes paragraphs. */
export function sanitizeBody(input: string): string {
  const raw = cleanPastedWord(input.replace(/\r\n?/g, '\n').trim());
  // Text without block structure (typed or pasted plain text, perhaps with inline tags) becomes
  // one paragraph per line; anything else is taken as HTML. Either way the allow-list decides.
  const html = /<(p|h[1-6]|ul|ol|table|div|blockquote|br)\b/i.test(raw)
    ? raw
    : raw
        .split(/\n+/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => `<p>${p.replace(/&(?![a-z]+;|#\d+;)/gi, '&amp;')}</p>`)
        .join('\n');
  return sanitizeHtml(html, SANITIZE).trim();
}

/** The scrolling box around a table in an item body. */
export const TABLE_BOX =
  '<div class="table-wrap" role="region" aria-label="表格（可左右滚动）" tabindex="0">';

/**
 * The body as the item page shows it: sanitized, each table in a wrapper that scrolls sideways on
 * its own, so a wide table never makes the page scroll at 320 px (WCAG 2.1 1.4.10 Reflow).
 */
export function bodyForPage(input: string): string {
  const known = pageBodies.get(input);
  if (known !== undefined) {
    pageBodies.delete(input); // most recently used last
    pageBodies.set(input, known);
    return known;
  }
  // The allow-list keeps no attributes on <table>, so its tags are exactly these. The box can take
  // the keyboard focus, so a keyboard user can scroll it too (axe scrollable-region-focusable).
  const html = sanitizeBody(input)
    .replaceAll('<table>', `${TABLE_BOX}<table>`)
    .replaceAll('</table>', '</table></div>');
  if (input.length <= PAGE_BODIES_MAX_CHARS / 64) {
    pageBodies.set(input, html);
    pageBodiesChars += input.length + html.length;
    for (const [key, value] of pageBodies) {
      if (pageBodiesChars <= PAGE_BODIES_MAX_CHARS) break;
      pageBodies.delete(key);
      pageBodiesChars -= key.length + value.length;
    }
  }
  return html;
}

/**
 * Bodies already cleaned for the page, by their stored text, least recently used first. bodyForPage
 * is a function of that text alone, so a kept result is never stale; walking the allow-list again
 * for every view was about 7% of an uncached item page's CPU time (bench/pages.bench.ts, `--cpu-prof`).
 */
const pageBodies = new Map<string, string>();
const PAGE_BODIES_MAX_CHARS = 8 * 1024 * 1024;
let pageBodiesChars = 0;

/** The body's plain text (for the gate, search and diff summaries). */
export function bodyText(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|h\d|li|tr|blockquote)>/gi, '\n').replace(/<br\s*\/?>/gi, '\n'), {
    allowedTags: [],
    allowedAttributes: {},
  })
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * 条例第二十六条: proactively disclosed information is published within 20 working days of being
 * made or changed. Counting as rules.md §1: the formation day is not counted; working day 1 is the
 * first working day after it. Returns the last on-time date.
 */
export function publicationDeadline(
  formationDate: string,
  isWorkday: (date: string) => boolean,
  workingDays = 20,
): string {
  let d = formationDate;
  let n = 0;
  while (n < workingDays) {
    d = addDays(d, 1);
    if (isWorkday(d)) n++;
  }
  return d;
}

/** True when publication on `publishedDate` (Shanghai date) is later than the 20-working-day limit. */
export function isLatePublication(
  formationDate: string | null,
  publishedDate: string,
  isWorkday: (date: string) => boolean,
): boolean {
  if (!formationDate) return false;
  return publishedDate > publicationDeadline(formationDate, isWorkday);
}

/** A character-level diff between two texts (Chinese has no word spaces, so characters it is). */
export interface DiffPart {
  value: string;
  added: boolean;
  removed: boolean;
}
export function diffTexts(a: string, b: string): DiffPart[] {
  return diffChars(a, b).map((p) => ({ value: p.value, added: !!p.added, removed: !!p.removed }));
}

export interface DataTable {
  columns: string[];
  rows: string[][];
}

/** Validates a data table: 1–50 columns, ≤ 5000 rows, each row as wide as the header. */
export function validateDataTable(t: unknown): DataTable | string {
  if (!t || typeof t !== 'object') return '数据表格式不正确';
  const { columns, rows } = t as DataTable;
  if (
    !Array.isArray(columns) ||
    columns.length === 0 ||
    columns.length > 50 ||
    !columns.every((c) => typeof c === 'string' && c.trim())
  )
    return '数据表须有 1 至 50 个非空列名';
  if (!Array.isArray(rows) || rows.length > 5000) return '数据表最多 5000 行';
  for (const [i, r] of rows.entries()) {
    if (!Array.isArray(r) || r.length !== columns.length || !r.every((c) => typeof c === 'string'))
      return `数据表第 ${i + 1} 行的列数与表头不一致`;
  }
  return { columns: columns.map((c) => c.trim()), rows };
}

/**
 * Parses a data table typed into a textarea: one row per line, cells separated by tabs (pasted from
 * Excel/WPS) or by commas; the first line is the header.
 */
export function parseDataTableText(text: string): DataTable | string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => l.trim());
  if (lines.length === 0) return '数据表为空';
  const sep = lines[0].includes('\t') ? '\t' : /[,，]/;
  const split = (l: string) => l.split(sep).map((c) => c.trim());
  return validateDataTable({ columns: split(lines[0]), rows: lines.slice(1).map(split) });
}

export const dataTableText = (t: DataTable | null) =>
  t ? [t.columns, ...t.rows].map((r) => r.join('\t')).join('\n') : '';

/** Slugs: lowercase letters, digits and dashes, as URL segments. */
export const isSlug = (s: string) => /^[a-z0-9][a-z0-9-]{0,63}$/.test(s);

export const isFormationDate = (s: string) => isIsoDate(s);

/** Share (0–1) of original items; null when there are none. */
export function originalShare(original: number, total: number): number | null {
  return total === 0 ? null : original / total;
}

export const percent = (x: number | null) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);

/** Findings that block publication (personal information, serious expressions) and mere warnings. */
export function gateCounts(gate: Pick<GateResult, 'personal' | 'expressions'>): {
  blocking: number;
  warnings: number;
} {
  const serious = gate.expressions.filter((e) => e.severity === 'serious').length;
  return { blocking: gate.personal.length + serious, warnings: gate.expressions.length - serious };
}

/** 有效性 of a 政策文件, as its page states it. */
export const VALIDITIES = { valid: '有效', expired: '失效', repealed: '废止', amended: '已修订' } as const;
export type Validity = keyof typeof VALIDITIES;

/** What a 政策文件 carries besides the common fields (its page shows them in this order). */
export interface PolicyMeta {
  /** 索引号: generated by the site's rule (the library's template) when left empty; editable. */
  indexNumber: string;
  /** 成文日期, YYYY-MM-DD. */
  writtenDate: string | null;
  /** 发布机构 as written on the document, e.g. 某区人民政府办公室. */
  issuingAgency: string;
  /** 主题分类 (the library's subject list). */
  subject: string;
  validity: Validity;
}

// ---------------------------------------------------------------- domain types (stores map rows to these)

/** A column (栏目) of the site. */
export interface Column {
  id: number;
  parentId: number | null;
  name: string;
  slug: string;
  kind: ColumnKind;
  orgId: number | null;
  description: string;
  sortOrder: number;
}

/** A section (板块) of a topic. */
export interface TopicSection {
  id: number;
  name: string;
  sortOrder: number;
}

/** A topic (专题) with its sections. */
export interface Topic {
  id: number;
  name: string;
  slug: string;
  summary: string;
  sortOrder: number;
  sections: TopicSection[];
}

/** An item's attached file (its bytes in the file store). */
export interface Attachment {
  id: number;
  itemId: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  storagePath: string;
  text: string;
  createdAt: string;
}

/** An attachment as its item's page lists it: without the extracted text (a long PDF's can run to megabytes). */
export type AttachmentListing = Omit<Attachment, 'text'>;

/** A reviewer's decision to let the gate's findings through, with the reason. */
export interface GateOverride {
  by: string;
  reason: string;
  at: string;
}

/** An item (稿件) with its links, as every use case reads it. */
export interface Item {
  id: number;
  kind: ItemKind;
  title: string;
  body: string;
  orgId: number;
  status: ItemStatus;
  source: ItemSource;
  origin: string | null;
  formationDate: string | null;
  docNumber: string | null;
  /** 政策文件 only (null otherwise). */
  policy: PolicyMeta | null;
  interpForm: InterpretationForm | null;
  interpPoints: Partial<Record<KeyPoint, string>>;
  dataTable: DataTable | null;
  authorId: number | null;
  revision: number;
  publishAt: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  late: boolean;
  gate: GateResult | null;
  gateOverride: GateOverride | null;
  rejectComment: string | null;
  withdrawalMode: WithdrawalMode | null;
  withdrawalReason: string | null;
  withdrawnAt: string | null;
  redirectTo: string | null;
  /** The published item this one replaces on publication, if any. */
  supersedesId: number | null;
  isSample: boolean;
  /** The old site's URL, when the item was imported (issue #23). */
  importedFrom: string | null;
  /** Imported items: first published on the old site at this instant (kept on publication here). */
  originalPublishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  columnIds: number[];
  topics: { topicId: number; sectionId: number | null }[];
  /** Policy items this interpretation explains. */
  interprets: number[];
  /** Interpretations that explain this item (filled for reads). */
  interpretedBy: number[];
}

/** A list row: enough to render lists without bodies. */
export interface ItemSummary {
  id: number;
  kind: ItemKind;
  title: string;
  orgId: number;
  status: ItemStatus;
  source: ItemSource;
  docNumber: string | null;
  publishedAt: string | null;
  publishAt: string | null;
  updatedAt: string;
  late: boolean;
  isSample: boolean;
}

/** One saved version of an item. */
export interface Revision {
  number: number;
  snapshot: Record<string, unknown>;
  note: string;
  actorName: string;
  createdAt: string;
  /** Personal data in this revision was masked afterwards; the original is sealed (see revealRevision). */
  sealed: boolean;
}
