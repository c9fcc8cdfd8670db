/**
 * Self-inspection (自查) rules, pure: the checks a government website and its new-media accounts are
 * inspected on (rules.md §8, 国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》), the freshness limits
 * per column kind, the thresholds of the single-veto items, and link extraction for the crawler.
 */
import { addDays } from '../../lib/time.ts';
import type { ColumnKind } from '../content/model.ts';
import { addMonths } from '../inquiry/model.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skipped';
export const CHECK_STATUS: Record<CheckStatus, string> = {
  pass: '通过',
  warn: '需关注',
  fail: '不通过',
  skipped: '未检查',
};

/** One piece of evidence: what, where (a link staff can follow), whose, and the detail. */
export interface Evidence {
  title: string;
  url: string | null;
  orgId: number | null;
  detail: string;
}

export interface CheckResult {
  key: CheckKey;
  status: CheckStatus;
  /** Number of offending things (columns, messages, links, …). */
  count: number;
  summary: string;
  evidence: Evidence[];
}

/** The checks, in report order. `veto`: a single-veto item (单项否决) of 国办秘函〔2019〕19号. */
export const CHECKS = {
  home_update: { label: '首页更新', veto: true, rule: '首页 2 周内无新信息（单项否决）' },
  columns_stale: {
    label: '栏目更新',
    veto: true,
    rule: '动态、要闻类栏目 2 周内未更新，或通知公告、政策文件类栏目 6 个月内未更新，累计 5 个及以上（单项否决）',
  },
  columns_long_stale: {
    label: '长期未更新栏目',
    veto: true,
    rule: '应更新但长期（超过 1 年）未更新的栏目 10 个及以上（单项否决）',
  },
  columns_empty: { label: '空白栏目', veto: true, rule: '有栏目无内容的空白栏目 5 个及以上（单项否决）' },
  inquiries_unanswered: {
    label: '互动回应',
    veto: true,
    rule: '有效留言超过 3 个月未回复（单项否决）；30 天起提醒',
  },
  reachability: {
    label: '网站可用性',
    veto: true,
    rule: '页面无法访问（出错或 15 秒内未打开）的比例达到 5%（单项否决）',
  },
  media_stale: {
    label: '政务新媒体更新和互动',
    veto: true,
    rule: '政务新媒体 2 周内无更新，或互动功能不可用（单项否决）',
  },
  expressions_serious: {
    label: '严重表述错误',
    veto: true,
    rule: '已发布信息（标题、正文、解读要点、数据表、附件）中有错敏词列表中的严重错误或敏感表述（单项否决）',
  },
  secrets_leaked: {
    label: '泄密',
    veto: true,
    rule: '已发布信息及其附件中有密级标志（绝密、机密、秘密★）、“内部资料”“注意保密”等保密标志，或未遮盖的身份证号、手机号等个人信息（单项否决）',
  },
  dates_forged: {
    label: '虚假发布时间',
    veto: true,
    rule: '发布时间晚于检查时间、早于稿件录入系统的时间，或与发布操作的审计记录不符（单项否决）',
  },
  broken_links: { label: '错链断链', veto: false, rule: '站内链接和附件无法打开（扣分项）' },
  late_disclosure: {
    label: '主动公开时效',
    veto: false,
    rule: '信息形成或变更之日起 20 个工作日内公开（条例第二十六条），近 3 个月发布的超期信息',
  },
  interpretation: { label: '政策解读', veto: false, rule: '本年度规范性文件均应解读，解读率目标 90%' },
  foi_overdue: {
    label: '依申请公开答复期限',
    veto: false,
    rule: '申请超过法定答复期限未答复（条例第三十三条）',
  },
} as const;
export type CheckKey = keyof typeof CHECKS;
export const CHECK_KEYS = Object.keys(CHECKS) as CheckKey[];

// ---------------------------------------------------------------- thresholds (国办秘函〔2019〕19号, rules.md §8)

/** Home page: a new item within the 2 weeks before the check. */
export const HOME_STALE_DAYS = 14;
/** Stale columns: 5 or more fail the site. */
export const STALE_COLUMNS_VETO = 5;
/** Long-stale columns: 10 or more fail the site. */
export const LONG_STALE_COLUMNS_VETO = 10;
/** Empty columns: 5 or more fail the site. */
export const EMPTY_COLUMNS_VETO = 5;
/** Reachability: 5% or more of the pages failing to load fail the site. */
export const UNREACHABLE_SHARE_VETO = 0.05;
/** A page "fails to load" when it errs or takes longer than 15 s. */
export const SLOW_PAGE_MS = 15_000;
/** 条例第二十六条 late publications are reported for the 3 months before the check. */
export const LATE_WINDOW_MONTHS = 3;

/**
 * The freshness limit of a column kind, as the last date an update must be on or after to count as
 * current on `today`; null when the kind has no short limit (rules.md §8: news/dynamic columns 2
 * weeks, notice/policy columns 6 months).
 */
export function freshSince(kind: ColumnKind, today: string): string | null {
  if (kind === 'news') return addDays(today, -14);
  if (kind === 'notice' || kind === 'policy') return addMonths(today, -6);
  return null;
}

/**
 * "应更新但长期未更新": the decree gives no period; we take more than 1 year (our convention), and
 * for the annual-report column (one report a year, due by 31 January) 15 months. Interaction
 * columns list messages that live elsewhere and are not counted.
 */
export function longStaleSince(kind: ColumnKind, today: string): string | null {
  if (kind === 'interaction') return null;
  return addMonths(today, kind === 'report' ? -15 : -12);
}

export interface ColumnFact {
  id: number;
  name: string;
  slug: string;
  kind: ColumnKind;
  orgId: number | null;
  /** Published items in the column or any column below it. */
  published: number;
  /** Shanghai date of the last publication in the column or below, or null. */
  lastDate: string | null;
}

export interface ColumnVerdicts {
  stale: (ColumnFact & { limit: string })[];
  longStale: ColumnFact[];
  empty: ColumnFact[];
}

/** Sorts columns into stale (over their kind's limit), long-stale and empty ones on `today`. */
export function columnVerdicts(columns: ColumnFact[], today: string): ColumnVerdicts {
  const out: ColumnVerdicts = { stale: [], longStale: [], empty: [] };
  for (const c of columns) {
    if (c.kind === 'interaction') continue;
    if (c.published === 0 || !c.lastDate) {
      out.empty.push(c);
      continue;
    }
    const since = freshSince(c.kind, today);
    if (since && c.lastDate < since) out.stale.push({ ...c, limit: c.kind === 'news' ? '2 周' : '6 个月' });
    const long = longStaleSince(c.kind, today);
    if (long && c.lastDate < long) out.longStale.push(c);
  }
  return out;
}

/** Rolls each column's own counts up to its ancestors (a parent column shows its children's items). */
export function rollUpColumns<T extends { id: number; parentId: number | null }>(
  columns: T[],
  own: Map<number, { published: number; last: string | null }>,
): Map<number, { published: number; last: string | null }> {
  const out = new Map<number, { published: number; last: string | null }>();
  const byId = new Map(columns.map((c) => [c.id, c]));
  for (const c of columns) {
    const mine = own.get(c.id);
    if (!mine) continue;
    const seen = new Set<number>();
    for (
      let p: T | undefined = c;
      p && !seen.has(p.id);
      p = p.parentId == null ? undefined : byId.get(p.parentId)
    ) {
      seen.add(p.id);
      const acc = out.get(p.id) ?? { published: 0, last: null };
      acc.published += mine.published;
      if (mine.last && (!acc.last || mine.last > acc.last)) acc.last = mine.last;
      out.set(p.id, acc);
    }
  }
  return out;
}

/** Status from a count against a veto threshold: fail at or over it, warn below it, pass at zero. */
export function thresholdStatus(count: number, veto: number): CheckStatus {
  return count >= veto ? 'fail' : count > 0 ? 'warn' : 'pass';
}

/** Whether the home page is stale: no publication on or after `today` − 14 days. */
export const homeIsStale = (lastDate: string | null, today: string) =>
  !lastDate || lastDate < addDays(today, -HOME_STALE_DAYS);

/** Totals of a run: failed single-veto checks, failed checks, checks needing attention. */
export function tally(results: Pick<CheckResult, 'key' | 'status'>[]) {
  return {
    vetoFailed: results.filter((r) => r.status === 'fail' && CHECKS[r.key].veto).length,
    failed: results.filter((r) => r.status === 'fail').length,
    warned: results.filter((r) => r.status === 'warn').length,
  };
}

// ---------------------------------------------------------------- publication dates (虚假发布时间)

/**
 * Slack allowed between two clock readings of one publication: the workflow reads the clock for the
 * publication instant and again for its audit record (the gate and the transaction run in between),
 * and several app servers' clocks differ slightly. A forged date is off by days, not minutes.
 */
export const DATE_TOLERANCE_MS = 10 * 60_000;

/** One audit record of a content item (content `itemHistory`), oldest first. */
export interface TrailEntry {
  at: string;
  action: string;
  after: unknown;
}

/** What the data model records about a page's publication. */
export interface PublicationFacts {
  /** The publication instant shown on the page (发布日期). */
  publishedAt: string;
  /** The modification instant shown on the page (修改日期), if any. */
  modifiedAt: string | null;
  /** When what is published entered the system (an item's draft was created, an FAQ's answer given). */
  createdAt: string;
  trail: TrailEntry[];
}

/** Which audit actions publish a kind of page (and release or schedule it), and what its `createdAt` is called. */
export interface PublicationActions {
  publish: string;
  release?: string;
  schedule?: string;
  entered: string;
}

/** An item: published at once, or scheduled and released by the job (content module). */
export const ITEM_PUBLICATION: PublicationActions = {
  publish: 'content.item.publish',
  release: 'content.item.release',
  schedule: 'content.item.schedule',
  entered: '稿件录入系统',
};
/** An FAQ: published (again on each update) from an answered inquiry (inquiry module). */
export const FAQ_PUBLICATION: PublicationActions = { publish: 'inquiry.faq.publish', entered: '咨询答复' };

const ms = (iso: string) => new Date(iso).getTime();
/** An instant as Beijing time, to the minute: 2022-03-01 10:00. */
const beijingTime = (iso: string) =>
  new Date(ms(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Why a page's displayed publication date cannot be true, or [] when it is consistent; `actions`
 * name its audit records (an item's by default; an FAQ has publication records only). The workflow
 * itself sets the date — the moment of 发布, or the scheduled moment when 定时发布 takes effect — and
 * writes an audit record in the same transaction, so a date is false when (1) it lies after the
 * inspection clock (also the modification date), (2) it lies before the item was created, (3) it
 * differs from the instant of the publish record, or for a scheduled release from the scheduled
 * instant (and lies after the release ran), or (4) the item has a trail but no publish record.
 * An item without any audit record is checked by (1)–(2) only when the records may have been purged
 * (older than `retentionDays`); otherwise the missing trail is itself reported.
 */
export function publicationDateProblems(
  f: PublicationFacts,
  now: Date,
  retentionDays: number,
  actions: PublicationActions = ITEM_PUBLICATION,
): string[] {
  const out: string[] = [];
  const shown = beijingTime(f.publishedAt);
  const tol = DATE_TOLERANCE_MS;
  if (ms(f.publishedAt) > now.getTime() + tol)
    out.push(`发布时间 ${shown} 晚于检查时间 ${beijingTime(now.toISOString())}`);
  if (f.modifiedAt && ms(f.modifiedAt) > now.getTime() + tol)
    out.push(`修改时间 ${beijingTime(f.modifiedAt)} 晚于检查时间`);
  if (ms(f.publishedAt) < ms(f.createdAt) - tol)
    out.push(`发布时间 ${shown} 早于${actions.entered}的时间 ${beijingTime(f.createdAt)}`);
  const publications = f.trail.filter((e) => e.action === actions.publish || e.action === actions.release);
  const last = publications.at(-1);
  if (!last) {
    if (f.trail.length > 0) out.push('没有发布操作的审计记录');
    else if (ms(f.createdAt) > now.getTime() - retentionDays * 86_400_000)
      out.push('没有任何办理记录（审计日志），发布时间无从核实');
    return out;
  }
  if (last.action === actions.publish) {
    if (Math.abs(ms(f.publishedAt) - ms(last.at)) > tol)
      out.push(`发布时间 ${shown} 与发布操作的审计记录（${beijingTime(last.at)}）不符`);
    return out;
  }
  const before = f.trail.slice(0, f.trail.indexOf(last));
  const scheduled = before.filter((e) => e.action === actions.schedule).at(-1);
  const planned = (scheduled?.after as { publishAt?: unknown } | null)?.publishAt;
  if (typeof planned !== 'string') out.push('定时发布没有设定时间的审计记录');
  else if (Math.abs(ms(f.publishedAt) - ms(planned)) > tol)
    out.push(`发布时间 ${shown} 与设定的定时发布时间 ${beijingTime(planned)} 不符`);
  if (ms(f.publishedAt) > ms(last.at) + tol)
    out.push(`发布时间 ${shown} 晚于定时发布实际生效的时间 ${beijingTime(last.at)}`);
  return out;
}

// ---------------------------------------------------------------- links

/** href and src attribute values in an HTML page (entities in them decoded). */
export function extractLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(
    /<(?:a|link|img|script|iframe|source|embed)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi,
  )) {
    const raw = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (raw)
      out.push(
        raw
          .replace(/&amp;/g, '&')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>'),
      );
  }
  return out;
}

/** Paths the checker never requests: the back office, the API, sign-in, mode switches and search results. */
const NOT_CRAWLED = /^\/(admin|api|login|logout|elder|search)(\/|\?|$)/;

/**
 * The same-site path of a link found on page `base`, or null when it leaves the site (another
 * host, mailto:, tel:, javascript:) or is not to be requested. Fragments are dropped.
 */
export function internalPath(link: string, base: string, siteOrigins: string[] = []): string | null {
  if (/^(mailto|tel|javascript|data):/i.test(link) || link.startsWith('#')) return null;
  let u: URL;
  try {
    u = new URL(link, `http://site.invalid${base.startsWith('/') ? base : `/${base}`}`);
  } catch {
    return null;
  }
  const origin = u.origin;
  if (origin !== 'http://site.invalid' && !siteOrigins.includes(origin)) return null;
  const path = `${u.pathname}${u.search}`;
  return NOT_CRAWLED.test(path) ? null : path;
}

/** Files and assets are checked but not parsed for further links. */
export const isAsset = (path: string) =>
  /^\/(static|files)\//.test(path) ||
  /\.(pdf|docx?|xlsx?|csv|png|jpe?g|gif|svg|zip|css|js)(\?|$)/i.test(path);

/** A link is broken when its target answers 404, 410 or any other 4xx/5xx (after redirects). */
export const isBrokenStatus = (status: number) => status >= 400;
