/**
 * Moving the old site in (issue #23 part 4): the pure rules shared by the package and the crawl —
 * the manifest's columns, dates as old sites print them, old URLs as redirect keys, safe names inside
 * a ZIP, and the page layouts (selectors) of common government CMSs. No I/O here.
 */
import { isIsoDate } from '../../../lib/time.ts';

/** The manifest's columns: the key, the header names accepted (Chinese first), whether required. */
export const MANIFEST_COLUMNS = {
  oldUrl: { headers: ['原网址', '原链接', 'old url', 'oldurl', 'url'], required: true, label: '原网址' },
  column: { headers: ['栏目', 'column'], required: true, label: '栏目' },
  title: { headers: ['标题', 'title'], required: true, label: '标题' },
  date: { headers: ['发布日期', '发布时间', 'publication date', 'date'], required: true, label: '发布日期' },
  docNumber: { headers: ['文号', 'doc number', 'docnumber'], required: false, label: '文号' },
  indexNumber: { headers: ['索引号', 'index number', 'indexnumber'], required: false, label: '索引号' },
  agency: { headers: ['发布机构', 'issuing agency', 'agency'], required: false, label: '发布机构' },
  body: { headers: ['正文文件', '正文', 'body file', 'body'], required: true, label: '正文文件' },
  attachments: { headers: ['附件', 'attachments'], required: false, label: '附件' },
} as const;
export type ManifestKey = keyof typeof MANIFEST_COLUMNS;

const norm = (h: string) =>
  h
    .replace(/^\ufeff/, '')
    .replace(/[\s_]+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * Maps a header row to column keys. Returns the index of each key, or the problems: an unknown
 * header, a column given twice, a required one missing — in Chinese, naming the header.
 */
export function mapHeader(header: string[]): {
  index: Partial<Record<ManifestKey, number>>;
  errors: string[];
} {
  const index: Partial<Record<ManifestKey, number>> = {};
  const errors: string[] = [];
  header.forEach((raw, i) => {
    const h = norm(raw ?? '');
    if (!h) return;
    const key = (Object.keys(MANIFEST_COLUMNS) as ManifestKey[]).find((k) =>
      (MANIFEST_COLUMNS[k].headers as readonly string[]).includes(h),
    );
    if (!key)
      errors.push(
        `清单第 1 行：不认识的列“${raw.trim()}”（可用的列：${Object.values(MANIFEST_COLUMNS)
          .map((c) => c.label)
          .join('、')}）`,
      );
    else if (index[key] != null) errors.push(`清单第 1 行：列“${MANIFEST_COLUMNS[key].label}”出现了两次`);
    else index[key] = i;
  });
  for (const k of Object.keys(MANIFEST_COLUMNS) as ManifestKey[]) {
    if (MANIFEST_COLUMNS[k].required && index[k] == null)
      errors.push(`清单第 1 行：缺少必填的列“${MANIFEST_COLUMNS[k].label}”`);
  }
  return { index, errors };
}

/** One item as read from a manifest row or an old page, before it is checked against the site. */
export interface SourceRow {
  /** Manifest row number (the header is row 1), or the crawl's running number. */
  rowNo: number;
  oldUrl: string;
  /** A column's name or its slug (网址标识). */
  column: string;
  title: string;
  /** As written on the old site. */
  date: string;
  docNumber: string;
  indexNumber: string;
  agency: string;
  /** Package: the body file's name in the ZIP. Crawl: the page's body HTML is in `html`. */
  bodyFile: string | null;
  html: string | null;
  /** Package: file names in the ZIP. Crawl: absolute URLs on the old site. */
  attachments: { name: string; ref: string }[];
}

/** Splits the manifest's attachment cell: `;` or `；` or a line break between names. */
export const splitList = (cell: string) =>
  cell
    .split(/[;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

const DATE_RE =
  /(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?(?:\s*T\s*|\s+)?(?:(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?/;

/**
 * A date as old sites print it: `2021-03-05`, `2021/3/5`, `2021.3.5`, `2021年3月5日`, optionally
 * with a time `10:30` or `10:30:15`, anywhere in the text (`发布时间：2021-03-05 10:30`). Returns the
 * legal date and the Beijing time (09:00 when none is given), or null when there is no real date.
 */
export function findDate(text: string): { date: string; time: string } | null {
  const m = DATE_RE.exec(text ?? '');
  if (!m) return null;
  const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  if (!isIsoDate(date)) return null;
  const [h, mi, se] = [m[4], m[5], m[6]].map((x) => (x == null ? null : Number(x)));
  if (h != null && (h > 23 || mi! > 59 || (se ?? 0) > 59)) return null;
  const time =
    h == null
      ? '09:00:00'
      : `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(se ?? 0).padStart(2, '0')}`;
  return { date, time };
}

/** The instant (UTC ISO) of a Beijing date and time. */
export const beijingInstant = (d: { date: string; time: string }) =>
  new Date(`${d.date}T${d.time}+08:00`).toISOString();

/** Earliest publication date accepted: before this an old site's date is a typo. */
export const EARLIEST_DATE = '1990-01-01';

/**
 * The redirect key of an old URL: its path and query as a browser would send them (percent-encoding
 * normalised), without the host — the new site answers on the old domain. Null when it is not a URL
 * or a path.
 */
export function oldPathOf(url: string): string | null {
  const s = (url ?? '').trim();
  if (!s) return null;
  try {
    // A path is taken as the request line's path (`//x` too), never resolved as a protocol-relative URL.
    const u = /^https?:\/\//i.test(s)
      ? new URL(s)
      : s.startsWith('/')
        ? new URL(`http://old.invalid${s}`)
        : null;
    if (!u) return null;
    const path = u.pathname + u.search;
    return path.length > 1000 ? null : path;
  } catch {
    return null;
  }
}

/**
 * Whether a name inside a ZIP is safe to read by: relative, no `..` segment, no drive letter or
 * backslash, no control characters (zip-slip: we never write by these names, but refuse them all the same).
 */
export function isSafeEntryName(name: string): boolean {
  if (!name || name.length > 500) return false;
  if (/[\u0000-\u001f\\]/.test(name) || name.startsWith('/') || /^[a-z]:/i.test(name)) return false;
  return !name.split('/').some((seg) => seg === '..');
}

/** Limits on a package ZIP, checked from its directory before anything is inflated. */
export const PACKAGE_LIMITS = {
  /** The ZIP itself. */
  bytes: 500 * 1024 * 1024,
  entries: 50_000,
  /** Sum of the declared uncompressed sizes. */
  totalBytes: 2 * 1024 * 1024 * 1024,
  /** One entry, uncompressed. */
  entryBytes: 50 * 1024 * 1024,
  /** Uncompressed ÷ compressed, for entries above 1 MB uncompressed. */
  ratio: 100,
};

/** What a crawl reads from the old site's pages: CSS selectors. */
export interface Selectors {
  /** On a column (list) page: the links to the articles. */
  list: string;
  /** On a column page: the link to the next page. */
  next: string;
  title: string;
  date: string;
  body: string;
  /** Inside the body (and the page): links to attachments. */
  attachments: string;
}

/** Links to files an article may carry as attachments. */
export const ATTACHMENT_LINKS =
  'a[href$=".pdf" i], a[href$=".docx" i], a[href$=".xlsx" i], a[href$=".doc" i], a[href$=".xls" i], a[href$=".wps" i], a[href$=".zip" i]';

/**
 * Page layouts of common government CMSs, as starting points an office adjusts per site: TRS WCM
 * (拓尔思; bodies in `.TRS_Editor`, dates in `meta[name=PubDate]`), Hanweb (大汉; `#zoom`, the
 * `default_pg` pager) and a generic layout (lists of links, `h1`, `.article`/`.content`).
 */
export const PRESETS: Record<string, { label: string; selectors: Selectors }> = {
  generic: {
    label: '通用',
    selectors: {
      list: '.list a, ul.list li a, .news-list a, .article-list a',
      next: 'a.next, a[rel=next], a:contains("下一页")',
      title: 'h1, .title, .article-title',
      date: '.date, .time, .pubdate, .info, meta[name=PubDate]',
      body: '.article, .content, #content, article',
      attachments: ATTACHMENT_LINKS,
    },
  },
  trs: {
    label: '拓尔思 TRS WCM',
    selectors: {
      list: '.list li a, .xxgk_list li a, .zfxxgk_zdgkc li a, ul.clearfix li a',
      next: 'a:contains("下一页"), a.next',
      title: '.article-title, .sp_title, h1, meta[name=ArticleTitle]',
      date: 'meta[name=PubDate], .fbsj, .time, .date',
      body: '.TRS_Editor, .TRS_UEDITOR, .view, #zoom',
      attachments: ATTACHMENT_LINKS,
    },
  },
  hanweb: {
    label: '大汉 Hanweb',
    selectors: {
      list: '.default_pgContainer li a, #div_list li a, .list li a',
      next: 'a.default_pgNext, a:contains("下页"), a:contains("下一页")',
      title: '.title, h1, meta[name=ArticleTitle]',
      date: 'meta[name=PubDate], .fbrq, .date, .time',
      body: '#zoom, .bt_content, .main-txt',
      attachments: ATTACHMENT_LINKS,
    },
  },
};

/** One column page to start from and the column its articles go to. */
export interface CrawlStart {
  url: string;
  column: string;
}

export interface CrawlSettings {
  starts: CrawlStart[];
  preset: string;
  /** Overrides of the preset's selectors. */
  selectors?: Partial<Selectors>;
  /** Milliseconds between two requests (politeness). */
  delayMs: number;
  /** Milliseconds before a page counts as unreachable. */
  timeoutMs: number;
  /** Bytes after which a page or file is not read further. */
  maxBytes: number;
  /** Column pages followed per start (pagination). */
  maxListPages: number;
  maxItems: number;
}

export const CRAWL_DEFAULTS = {
  delayMs: 1000,
  timeoutMs: 15_000,
  maxBytes: 20 * 1024 * 1024,
  maxListPages: 200,
  maxItems: 20_000,
} as const;

/**
 * Checks crawl settings: every start an http(s) URL on one host, a known preset, limits in range.
 * Returns field messages in Chinese (empty when fine).
 */
export function checkCrawlSettings(s: CrawlSettings): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!s.starts.length) fields.starts = '请填写至少一个栏目页地址';
  let host: string | null = null;
  for (const st of s.starts) {
    let u: URL | null = null;
    try {
      u = new URL(st.url);
    } catch {
      /* reported below */
    }
    if (!u || !/^https?:$/.test(u.protocol) || u.username || u.password)
      fields.starts = `栏目页地址“${st.url}”不是有效的 http(s) 网址`;
    else if (host && u.host !== host) fields.starts = '所有栏目页须在同一个网站（同一主机）上';
    else host = u.host;
    if (!st.column?.trim()) fields.starts = `请为栏目页“${st.url}”指定导入到的栏目`;
  }
  if (!(s.preset in PRESETS)) fields.preset = `页面结构预设只能是：${Object.keys(PRESETS).join('、')}`;
  for (const [k, v] of Object.entries(s.selectors ?? {})) {
    if (typeof v !== 'string' || v.length > 500) fields[`selectors.${k}`] = '选择器过长';
  }
  if (!(s.delayMs >= 0 && s.delayMs <= 60_000)) fields.delayMs = '请求间隔应在 0–60000 毫秒之间';
  if (!(s.timeoutMs >= 100 && s.timeoutMs <= 120_000)) fields.timeoutMs = '超时应在 100–120000 毫秒之间';
  if (!(s.maxItems >= 1 && s.maxItems <= 100_000)) fields.maxItems = '最多导入条数应在 1–100000 之间';
  if (!(s.maxListPages >= 1 && s.maxListPages <= 10_000)) fields.maxListPages = '栏目页数应在 1–10000 之间';
  return fields;
}

/** The selectors a crawl uses: the preset's, with the settings' overrides. */
export const selectorsOf = (s: Pick<CrawlSettings, 'preset' | 'selectors'>): Selectors => ({
  ...(PRESETS[s.preset] ?? PRESETS.generic).selectors,
  ...Object.fromEntries(
    Object.entries(s.selectors ?? {}).filter(([, v]) => typeof v === 'string' && v.trim()),
  ),
});

/** Row states of an import run. */
export const ROW_STATES = {
  pending: '待导入',
  published: '已发布',
  review: '待审核（检查发现须处理的问题）',
  error: '有错误',
  skipped: '已跳过（有错误）',
  duplicate: '已导入过（原网址已有对应稿件）',
} as const;
export type RowState = keyof typeof ROW_STATES;

export const RUN_STATUSES = {
  blocked: '清单有错误，未导入',
  ready: '待导入',
  running: '导入中（中断后可继续）',
  done: '已完成',
} as const;
export type RunStatus = keyof typeof RUN_STATUSES;
