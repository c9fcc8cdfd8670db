/**
 * Self-inspection (自查) use cases: compute the health of the whole site or of one unit (and the
 * units below it) from the other modules' readers, crawl the site's own pages for broken links, store
 * the run with its findings (history shows progress), and read runs back within the actor's scope.
 * The daily job inspects the site and every department and township.
 */
import type { Kysely } from 'kysely';
import { actorName, systemActor, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { forbidden, notFound } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { auditedWrite, auditTrail } from '../audit/service.ts';
import { isDistrictWide, requirePermission } from '../auth/permissions.ts';
import { bodyText } from '../content/model.ts';
import {
  columnActivity,
  getPublicItem,
  itemHistory,
  listAttachments,
  listColumns,
  publishedSince,
} from '../content/service.ts';
import { listApplications } from '../foi/service.ts';
import { listFaqs, unansweredByAge } from '../inquiry/service.ts';
import { getPublicConsultation, listPublicConsultations } from '../consultation/service.ts';
import { addMonths } from '../inquiry/model.ts';
import type { JobDefinition } from '../jobs/service.ts';
import { FRESHNESS_FLAGS, PLATFORMS } from '../media/model.ts';
import { accountsWithFreshness, listPublicAccounts } from '../media/service.ts';
import { formatRate, INTERPRETATION_TARGET } from '../normative/model.ts';
import { interpretationReport } from '../normative/service.ts';
import { descendantsOf, inScope, isGrassroots, type Org } from '../org/model.ts';
import { listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import { activeExpressionRules, gateWithRules } from '../privacy/service.ts';
import { listPublicZones } from '../zones/service.ts';
import { crawl, crawlerKey, httpFetcher, seconds, type CrawlResult, type PageFetcher } from './crawl.ts';
import { findMarkings } from './markings.ts';
import {
  CHECK_KEYS,
  CHECKS,
  columnVerdicts,
  EMPTY_COLUMNS_VETO,
  FAQ_PUBLICATION,
  homeIsStale,
  ITEM_PUBLICATION,
  LATE_WINDOW_MONTHS,
  LONG_STALE_COLUMNS_VETO,
  publicationDateProblems,
  rollUpColumns,
  SLOW_PAGE_MS,
  STALE_COLUMNS_VETO,
  tally,
  thresholdStatus,
  UNREACHABLE_SHARE_VETO,
  type CheckResult,
  type ColumnFact,
  type Evidence,
  type PublicationActions,
  type PublicationFacts,
} from './model.ts';
import {
  insertRun,
  selectFindings,
  selectRun,
  selectRuns,
  type InspectionRun,
  type StoredFinding,
} from './store.ts';

export type { InspectionRun, StoredFinding };

// ---------------------------------------------------------------- reaching the site's pages

/**
 * How a running app's pages can be fetched: in-process always (`app.inject`), and over HTTP at
 * PUBLIC_URL while the app is listening (routes.tsx registers both; jobs find them by context).
 */
export interface SiteAccess {
  inProcess: PageFetcher;
  listening: () => boolean;
}
const access = new WeakMap<AppContext, SiteAccess>();
export const registerSiteAccess = (ctx: AppContext, a: SiteAccess) => access.set(ctx, a);

/**
 * How the link check reaches the pages: `http` over the network at PUBLIC_URL, `process` in-process
 * (no network: says nothing about the proxy or the network, and is labelled so), `auto` over HTTP
 * when the app is listening (the server and its jobs), else in-process (the CLI, tests' inject).
 */
export type CrawlOver = 'auto' | 'http' | 'process';

/**
 * Crawl budgets: enough for the newest items and every column page of a district site; and the
 * per-request limit (rules.md §8: a page that does not open within 15 s fails; tests shorten it).
 */
export const CRAWL_LIMITS = {
  site: { maxPages: 300, maxLinks: 3000 },
  unit: { maxPages: 100, maxLinks: 1500 },
  timeoutMs: SLOW_PAGE_MS,
};

/** Requests in a row without any answer after which an HTTP crawl gives up (the site is down). */
const MAX_UNANSWERED = 3;

/** The most published items one run reads for the content checks (a district site has a few thousand). */
export const LIVE_ITEMS_LIMIT = 20_000;

// ---------------------------------------------------------------- computing a run

interface Target {
  orgId: number | null;
  /** Org ids in scope (the unit and below); undefined for the whole site. */
  orgIds?: number[];
}

const date = (iso: string | null) => (iso ? shanghaiDate(new Date(iso)) : null);

async function homeCheck(ctx: AppContext, t: Target, today: string): Promise<CheckResult> {
  // Up to now: a publication date in the future cannot count as an update (and would be a forged date).
  const [latest] = await publishedSince(ctx.db, {
    orgIds: t.orgIds,
    until: ctx.clock.now().toISOString(),
    limit: 1,
  });
  const last = date(latest?.publishedAt ?? null);
  const stale = homeIsStale(last, today);
  const what = t.orgId == null ? '网站' : '本单位';
  return {
    key: 'home_update',
    status: stale ? 'fail' : 'pass',
    count: stale ? 1 : 0,
    summary: last
      ? `${what}最近一次发布信息在 ${last}${stale ? '，已超过 2 周' : ''}`
      : `${what}尚未发布信息`,
    evidence: latest
      ? [
          {
            title: latest.title,
            url: `/items/${latest.id}`,
            orgId: latest.orgId,
            detail: `最近发布：${last}`,
          },
        ]
      : [],
  };
}

async function columnChecks(ctx: AppContext, t: Target, today: string): Promise<CheckResult[]> {
  const columns = await listColumns(ctx.db);
  const own = new Map(
    (await columnActivity(ctx.db)).map((a) => [
      a.columnId,
      { published: a.published, last: a.lastPublishedAt },
    ]),
  );
  const rolled = rollUpColumns(columns, own);
  const facts: ColumnFact[] = columns
    .filter((c) => !t.orgIds || (c.orgId != null && t.orgIds.includes(c.orgId)))
    .map((c) => ({
      id: c.id,
      name: c.name,
      slug: c.slug,
      kind: c.kind,
      orgId: c.orgId,
      published: rolled.get(c.id)?.published ?? 0,
      lastDate: date(rolled.get(c.id)?.last ?? null),
    }));
  const v = columnVerdicts(facts, today);
  const ev = (c: ColumnFact, detail: string): Evidence => ({
    title: c.name,
    url: `/columns/${c.slug}`,
    orgId: c.orgId,
    detail,
  });
  return [
    {
      key: 'columns_stale',
      status: thresholdStatus(v.stale.length, STALE_COLUMNS_VETO),
      count: v.stale.length,
      summary: `${v.stale.length} 个栏目超过更新时限（5 个及以上为单项否决）`,
      evidence: v.stale.map((c) => ev(c, `最近更新 ${c.lastDate}，超过 ${c.limit}`)),
    },
    {
      key: 'columns_long_stale',
      status: thresholdStatus(v.longStale.length, LONG_STALE_COLUMNS_VETO),
      count: v.longStale.length,
      summary: `${v.longStale.length} 个栏目超过 1 年未更新（10 个及以上为单项否决）`,
      evidence: v.longStale.map((c) => ev(c, `最近更新 ${c.lastDate}`)),
    },
    {
      key: 'columns_empty',
      status: thresholdStatus(v.empty.length, EMPTY_COLUMNS_VETO),
      count: v.empty.length,
      summary: `${v.empty.length} 个空白栏目（5 个及以上为单项否决）`,
      evidence: v.empty.map((c) => ev(c, '栏目内没有已发布的信息')),
    },
  ];
}

async function inquiryCheck(ctx: AppContext, t: Target, reader: Actor): Promise<CheckResult> {
  const aged = (await unansweredByAge(ctx, reader)).filter(
    (a) => !t.orgIds || t.orgIds.includes(a.inquiry.orgId),
  );
  const late = aged.filter((a) => a.level !== 'on_time' && a.level !== 'due_today');
  const veto = aged.filter((a) => a.level === 'veto');
  return {
    key: 'inquiries_unanswered',
    status: veto.length ? 'fail' : late.length ? 'warn' : 'pass',
    count: late.length,
    summary: `未答复的有效咨询 ${aged.length} 件，其中超过答复期限 ${late.length} 件、超过 3 个月 ${veto.length} 件`,
    evidence: late.map((a) => ({
      title: `${a.inquiry.number} ${a.inquiry.title}`,
      url: `/admin/inquiries/${a.inquiry.id}`,
      orgId: a.inquiry.orgId,
      detail: `收到于 ${a.inquiry.receivedDate}，已 ${a.ageDays} 天：${a.levelLabel}`,
    })),
  };
}

async function mediaCheck(ctx: AppContext, t: Target, reader: Actor): Promise<CheckResult> {
  const list = (await accountsWithFreshness(ctx, reader)).filter(
    (x) => !t.orgIds || t.orgIds.includes(x.account.orgId),
  );
  const failing = list.filter((x) => x.freshness.failing);
  const attention = list.filter((x) => !x.freshness.failing && x.freshness.flags.length > 0);
  return {
    key: 'media_stale',
    status: failing.length ? 'fail' : attention.length ? 'warn' : 'pass',
    count: failing.length,
    summary: `运营中的政务新媒体 ${list.length} 个，不合格 ${failing.length} 个，需关注 ${attention.length} 个`,
    evidence: [...failing, ...attention].map(({ account: a, freshness: f }) => ({
      title: `${PLATFORMS[a.platform]}“${a.accountName}”`,
      url: `/admin/media/${a.id}`,
      orgId: a.orgId,
      detail: `${f.flags.map((x) => FRESHNESS_FLAGS[x]).join('；')}${a.lastUpdateDate ? `（最近更新 ${a.lastUpdateDate}）` : ''}`,
    })),
  };
}

async function lateCheck(ctx: AppContext, t: Target, today: string): Promise<CheckResult> {
  const since = addMonths(today, -LATE_WINDOW_MONTHS);
  // Shanghai midnight of `since` as an instant: published_at is stored in UTC.
  const late = await publishedSince(ctx.db, {
    orgIds: t.orgIds,
    since: new Date(`${since}T00:00:00+08:00`).toISOString(),
    lateOnly: true,
    limit: 1000,
  });
  return {
    key: 'late_disclosure',
    status: late.length ? 'fail' : 'pass',
    count: late.length,
    summary: `${since} 以来发布的信息中，超过 20 个工作日才公开的 ${late.length} 条`,
    evidence: late.map((i) => ({
      title: i.title,
      url: `/items/${i.id}`,
      orgId: i.orgId,
      detail: `发布于 ${date(i.publishedAt)}，超过条例第二十六条规定的 20 个工作日`,
    })),
  };
}

async function interpretationCheck(
  ctx: AppContext,
  t: Target,
  today: string,
  reader: Actor,
): Promise<CheckResult> {
  const year = Number(today.slice(0, 4));
  const r = await interpretationReport(ctx, reader, year, t.orgId ?? undefined);
  const rate = r.district.rate;
  return {
    key: 'interpretation',
    status: r.missing.length === 0 ? 'pass' : rate != null && rate >= INTERPRETATION_TARGET ? 'warn' : 'fail',
    count: r.missing.length,
    summary: `${year} 年规范性文件 ${r.district.total} 件，已解读 ${r.district.interpreted} 件，解读率 ${formatRate(rate)}（目标 ${formatRate(INTERPRETATION_TARGET)}），未解读 ${r.missing.length} 件`,
    evidence: r.missing.map((d) => ({
      title: `${d.docNumber} ${d.title}`,
      url: `/gfxwj/${d.id}`,
      orgId: null,
      detail: `${d.publishedOn} 公布，尚无解读（${d.orgNames.join('、')}）`,
    })),
  };
}

async function foiCheck(ctx: AppContext, t: Target, reader: Actor): Promise<CheckResult> {
  const { items } = await listApplications(ctx, reader, { overdue: true, order: 'due', pageSize: 10_000 });
  const mine = items.filter((a) => !t.orgIds || t.orgIds.includes(a.orgId));
  return {
    key: 'foi_overdue',
    status: mine.length ? 'fail' : 'pass',
    count: mine.length,
    summary: `超过答复期限未办结的依申请公开申请 ${mine.length} 件`,
    evidence: mine.map((a) => ({
      title: `申请 ${a.number}`,
      url: `/admin/foi/${a.id}`,
      orgId: a.orgId,
      detail: `答复期限 ${a.dueDate}，已超过 ${-(a.workingDaysLeft ?? 0)} 个工作日`,
    })),
  };
}

/** Seeds for the crawler: the home page (site runs) and the newest published items in scope. */
async function crawlSeeds(ctx: AppContext, t: Target, maxPages: number): Promise<string[]> {
  const items = await publishedSince(ctx.db, { orgIds: t.orgIds, limit: Math.floor(maxPages / 2) });
  return [...(t.orgIds ? [] : ['/']), ...items.map((i) => `/items/${i.id}`)];
}

const failureDetail = (f: CrawlResult['failures'][number]) =>
  f.error ?? (f.status >= 500 ? `出错（HTTP ${f.status}）` : `打开用时 ${(f.ms / 1000).toFixed(1)} 秒`);

async function linkChecks(
  ctx: AppContext,
  t: Target,
  site: SiteAccess | undefined,
  over: CrawlOver,
): Promise<{ results: CheckResult[]; crawled: CrawlResult | null }> {
  if (!site) {
    const skipped = (key: 'broken_links' | 'reachability'): CheckResult => ({
      key,
      status: 'skipped',
      count: 0,
      summary: '本次未抓取网站页面',
      evidence: [],
    });
    return { results: [skipped('reachability'), skipped('broken_links')], crawled: null };
  }
  const limits = t.orgIds ? CRAWL_LIMITS.unit : CRAWL_LIMITS.site;
  const seeds = await crawlSeeds(ctx, t, limits.maxPages);
  const origin = new URL(ctx.config.publicUrl).origin;
  const timeoutMs = CRAWL_LIMITS.timeoutMs;
  const opts = { seeds, follow: !t.orgIds, ...limits, siteOrigins: [origin], slowMs: timeoutMs };
  const itemOrg = new Map(
    (await publishedSince(ctx.db, { orgIds: t.orgIds, limit: limits.maxPages })).map((i) => [
      `/items/${i.id}`,
      i.orgId,
    ]),
  );
  const overHttp = over === 'http' || (over === 'auto' && site.listening());
  let r: CrawlResult;
  let how: string;
  /** The HTTP crawl when not one request was answered: the site is down at its public address. */
  let down: CrawlResult | null = null;
  if (overHttp) {
    r = await crawl(httpFetcher(ctx.config.publicUrl, timeoutMs, crawlerKey(ctx.config.sessionSecret)), {
      ...opts,
      maxUnanswered: MAX_UNANSWERED,
    });
    how = `经网络访问 ${origin}，`;
    if (r.checked > 0 && r.answered === 0) {
      // Broken links are still worth finding: check them in-process, and say so.
      down = r;
      r = await crawl(site.inProcess, opts);
      how = '在进程内（经网络无法访问本站）';
    }
  } else {
    r = await crawl(site.inProcess, opts);
    how = '在进程内（未经过网络和反向代理）';
  }
  const share = r.checked ? r.failures.length / r.checked : 0;
  const note = r.truncated
    ? r.stopped
      ? `（连续 ${MAX_UNANSWERED} 个地址无应答，已停止抓取）`
      : '（已达抓取上限，部分页面未检查）'
    : '';
  const failureEvidence = (x: CrawlResult) =>
    x.failures.map((f) => ({
      title: f.url,
      url: f.url,
      orgId: itemOrg.get(f.url) ?? null,
      detail: failureDetail(f),
    }));
  const reachability: CheckResult = down
    ? {
        key: 'reachability',
        status: 'fail',
        count: down.failures.length,
        summary: `经网络访问本站网址 ${origin}：请求 ${down.checked} 个站内地址均无应答（${down.failures[0]?.error ?? '无法打开'}），网站无法访问；请检查网站服务、反向代理和 PUBLIC_URL 配置`,
        evidence: failureEvidence(down),
      }
    : {
        key: 'reachability',
        status: share >= UNREACHABLE_SHARE_VETO ? 'fail' : r.failures.length ? 'warn' : 'pass',
        count: r.failures.length,
        summary: `${how}请求 ${r.checked} 个站内地址，${r.failures.length} 个出错、无应答或超过 ${seconds(timeoutMs)} 秒未打开（${(share * 100).toFixed(1)}%）${note}`,
        evidence: failureEvidence(r),
      };
  return {
    crawled: r,
    results: [
      reachability,
      {
        key: 'broken_links',
        status: r.broken.length ? 'fail' : 'pass',
        count: r.broken.length,
        summary: `${down ? how : ''}抓取 ${r.pages} 个页面、检查 ${r.checked} 个站内链接和附件，发现错链断链 ${r.broken.length} 处${note}`,
        evidence: r.broken.map((b) => ({
          title: b.target,
          url: b.source,
          orgId: itemOrg.get(b.source) ?? null,
          detail: `页面 ${b.source} 中的链接 ${b.target} 无法打开（HTTP ${b.status}）`,
        })),
      },
    ],
  };
}

// ---------------------------------------------------------------- live published items

/** At most this many findings are spelled out per item; the rest are counted. */
const FINDINGS_PER_ITEM = 5;
const joinFindings = (parts: string[]) =>
  parts.slice(0, FINDINGS_PER_ITEM).join('；') +
  (parts.length > FINDINGS_PER_ITEM ? `等 ${parts.length} 处` : '');

/** A public page's texts as shown, for the live checks; `override` when a reviewer let the gate's finding through. */
interface LivePage {
  title: string;
  url: string;
  orgId: number | null;
  parts: { where: string; text: string }[];
  override?: { by: string; reason: string } | null;
  /** The publication date it shows, and the records to check it against (虚假发布时间). */
  publication?: { facts: PublicationFacts; actions: PublicationActions };
}

const evidence = (page: LivePage, detail: string): Evidence => ({
  title: page.title,
  url: page.url,
  orgId: page.orgId,
  detail,
});

/**
 * The public pages in scope besides items: FAQs (question and answer), public consultations (draft,
 * explanation, approved comments and published feedback), the new-media matrix (account names) and
 * the 政务公开专区 list (name, address, hours). FAQs and comments pass the publishing gate when they
 * go out, but the word list changes afterwards and the gate never looked for confidentiality
 * markings; the registries' texts are typed by staff and never passed it.
 */
async function otherPages(ctx: AppContext, t: Target): Promise<LivePage[]> {
  const inTarget = (orgId: number) => !t.orgIds || t.orgIds.includes(orgId);
  const pages: LivePage[] = [];
  for (const f of (await listFaqs(ctx.db)).filter((f) => inTarget(f.orgId))) {
    pages.push({
      title: f.question,
      url: `/hdjl/zxzx/faq/${f.id}`,
      orgId: f.orgId,
      parts: [
        { where: '问题', text: f.question },
        { where: '答复', text: f.answer },
      ],
      publication: {
        facts: {
          publishedAt: f.publishedAt,
          modifiedAt: null,
          createdAt: f.answeredAt,
          trail: await auditTrail(ctx.db, 'inquiry', f.id),
        },
        actions: FAQ_PUBLICATION,
      },
    });
  }
  for (const c of await listPublicConsultations(ctx)) {
    if (!inTarget(c.orgId)) continue;
    const shown = await getPublicConsultation(ctx, c.id);
    pages.push({
      title: c.title,
      url: `/hdjl/yjzj/${c.id}`,
      orgId: c.orgId,
      parts: [
        { where: '标题', text: c.title },
        { where: '征求意见稿', text: shown.draftText },
        { where: '起草说明', text: shown.explanation },
        { where: '意见反馈', text: shown.feedbackSummary ?? '' },
        ...shown.comments.map((x, i) => ({ where: `公开意见第 ${i + 1} 条`, text: x.body })),
      ].filter((p) => p.text),
    });
  }
  for (const a of (await listPublicAccounts(ctx.db)).filter((a) => inTarget(a.orgId))) {
    pages.push({
      title: `${a.platformName}“${a.accountName}”`,
      url: '/hdjl/xmt',
      orgId: a.orgId,
      parts: [{ where: '政务新媒体账号名称', text: a.accountName }],
    });
  }
  for (const z of (await listPublicZones(ctx.db)).filter((z) => inTarget(z.orgId))) {
    pages.push({
      title: z.name,
      url: '/zones',
      orgId: z.orgId,
      parts: [
        { where: '专区名称', text: z.name },
        { where: '专区地址', text: z.address },
        { where: '开放时间', text: z.hours },
      ],
    });
  }
  return pages;
}

/**
 * 严重表述错误, 泄密 and 虚假发布时间 on what is live now: every published item in scope — title,
 * body, interpretation points, data table (all shown on the page) and attachments' text — and the
 * other public pages (`otherPages`), through the publishing gate's own scanners (privacy `gateWithRules`:
 * the 错敏词 list as it stands today and the personal-information scanner) and the confidentiality
 * markings (markings.ts); an item's dates also against its audit trail (model.ts
 * `publicationDateProblems`). A finding a reviewer let through the gate (放行, with a reason) is
 * listed as needing attention, not as a failure.
 */
async function liveItemChecks(ctx: AppContext, t: Target): Promise<CheckResult[]> {
  const now = ctx.clock.now();
  const rules = await activeExpressionRules(ctx.db);
  const summaries = await publishedSince(ctx.db, { orgIds: t.orgIds, limit: LIVE_ITEMS_LIMIT });
  const found = {
    expr: [] as Evidence[],
    exprLetThrough: [] as Evidence[],
    leak: [] as Evidence[],
    leakLetThrough: [] as Evidence[],
    dates: [] as Evidence[],
  };
  const scan = (page: LivePage) => {
    const serious: string[] = [];
    const personal: string[] = [];
    const marks: string[] = [];
    for (const p of page.parts) {
      const gate = gateWithRules({ title: '', body: p.text }, rules);
      for (const e of gate.expressions)
        if (e.severity === 'serious')
          serious.push(`${p.where}：“${e.term}”${e.suggestion ? `应为“${e.suggestion}”` : ''}`);
      // Never the number itself: the evidence is stored and exported.
      for (const f of gate.personal) personal.push(`${p.where}：${f.label} ${f.masked}`);
      for (const m of findMarkings(p.text)) marks.push(`${p.where}：${m.label}“${m.text}”`);
    }
    const ev = (detail: string) => evidence(page, detail);
    const letThrough = page.override
      ? `（发布前已由${page.override.by}放行：${page.override.reason}，请复核）`
      : '';
    if (serious.length)
      (page.override ? found.exprLetThrough : found.expr).push(ev(joinFindings(serious) + letThrough));
    if (marks.length) found.leak.push(ev(joinFindings([...marks, ...personal])));
    else if (personal.length)
      (page.override ? found.leakLetThrough : found.leak).push(ev(joinFindings(personal) + letThrough));
    const dates = page.publication
      ? publicationDateProblems(
          page.publication.facts,
          now,
          ctx.config.auditRetentionDays,
          page.publication.actions,
        )
      : [];
    if (dates.length) found.dates.push(ev(dates.join('；')));
  };
  for (const s of summaries) {
    const item = await getPublicItem(ctx.db, s.id);
    const attachments = await listAttachments(ctx.db, s.id);
    const page: LivePage = {
      title: item.title,
      url: `/items/${item.id}`,
      orgId: item.orgId,
      override: item.gateOverride,
      parts: [
        { where: '标题', text: item.title },
        { where: '正文', text: bodyText(item.body) },
        { where: '解读要点', text: Object.values(item.interpPoints).filter(Boolean).join('\n') },
        {
          where: '数据表',
          text: item.dataTable
            ? [item.dataTable.columns.join('\t'), ...item.dataTable.rows.map((r) => r.join('\t'))].join('\n')
            : '',
        },
        ...attachments.map((a) => ({ where: `附件“${a.name}”`, text: a.text })),
      ].filter((p) => p.text),
    };
    page.publication = {
      facts: {
        publishedAt: item.publishedAt!,
        modifiedAt: item.modifiedAt,
        createdAt: item.createdAt,
        trail: await itemHistory(ctx.db, item.id),
      },
      actions: ITEM_PUBLICATION,
    };
    scan(page);
  }
  const others = await otherPages(ctx, t);
  for (const page of others) scan(page);
  const n = summaries.length;
  const faqs = others.filter((p) => p.publication).length;
  const pages = others.length ? `及常见问题、意见征集、新媒体账号、公开专区 ${others.length} 项` : '';
  const cut = n >= LIVE_ITEMS_LIMIT ? `（只检查了最新的 ${LIVE_ITEMS_LIMIT} 条）` : '';
  const status = (fail: Evidence[], warn: Evidence[]) =>
    fail.length ? 'fail' : warn.length ? 'warn' : 'pass';
  const also = (warn: Evidence[]) =>
    warn.length ? `，另有 ${warn.length} 条发布前已由审核人放行、需复核` : '';
  return [
    {
      key: 'expressions_serious',
      status: status(found.expr, found.exprLetThrough),
      count: found.expr.length,
      summary: `检查已发布信息 ${n} 条${pages}（错敏词 ${rules.length} 条），${found.expr.length} 条含严重错误或敏感表述${also(found.exprLetThrough)}${cut}`,
      evidence: [...found.expr, ...found.exprLetThrough],
    },
    {
      key: 'secrets_leaked',
      status: status(found.leak, found.leakLetThrough),
      count: found.leak.length,
      summary: `检查已发布信息 ${n} 条及其附件${pages}，${found.leak.length} 条有密级或保密标志、未遮盖的个人信息${also(found.leakLetThrough)}${cut}`,
      evidence: [...found.leak, ...found.leakLetThrough],
    },
    {
      key: 'dates_forged',
      status: found.dates.length ? 'fail' : 'pass',
      count: found.dates.length,
      summary: `核对已发布信息 ${n} 条${faqs ? `及常见问题 ${faqs} 条` : ''}的发布时间，${found.dates.length} 条与录入时间、检查时间或发布操作的审计记录不符${cut}`,
      evidence: found.dates,
    },
  ];
}

/** Computes every check for a target as of the clock's Shanghai date, in CHECKS order. */
export async function computeChecks(
  ctx: AppContext,
  t: Target,
  site?: SiteAccess,
  over: CrawlOver = 'auto',
): Promise<{ results: CheckResult[]; crawled: CrawlResult | null }> {
  const today = shanghaiDate(ctx.clock.now());
  const reader = systemActor('inspection');
  const links = await linkChecks(ctx, t, site, over);
  const all = [
    await homeCheck(ctx, t, today),
    ...(await columnChecks(ctx, t, today)),
    await inquiryCheck(ctx, t, reader),
    ...links.results,
    await mediaCheck(ctx, t, reader),
    ...(await liveItemChecks(ctx, t)),
    await lateCheck(ctx, t, today),
    await interpretationCheck(ctx, t, today, reader),
    await foiCheck(ctx, t, reader),
  ];
  const byKey = new Map(all.map((r) => [r.key, r]));
  return { results: CHECK_KEYS.map((k) => byKey.get(k)!), crawled: links.crawled };
}

// ---------------------------------------------------------------- runs

export interface RunDetail extends InspectionRun {
  orgName: string;
  findings: StoredFinding[];
}

async function targetOf(db: Kysely<DB>, orgId: number | null): Promise<Target> {
  if (orgId == null) return { orgId: null };
  const orgs = await listPublicOrgs(db);
  if (!orgs.some((o) => o.id === orgId)) throw notFound('单位');
  return { orgId, orgIds: descendantsOf(orgs, orgId) };
}

/**
 * Runs the inspection now and stores it. Units run their own; the site and other units need a
 * district-wide role. `over`: how the link check reaches the pages (default: over HTTP when listening).
 */
export async function runInspection(
  ctx: AppContext,
  actor: Actor,
  orgId: number | null,
  trigger: 'job' | 'manual' | 'cli' = 'manual',
  opts: { over?: CrawlOver } = {},
): Promise<RunDetail> {
  requirePermission(actor, 'inspection.run');
  if (orgId == null && !isDistrictWide(actor)) throw forbidden('只有区政务公开办可以检查整个网站');
  if (orgId != null) await requireOrgAccess(ctx.db, actor, orgId);
  const target = await targetOf(ctx.db, orgId);
  const startedAt = ctx.clock.now().toISOString();
  const { results, crawled } = await computeChecks(ctx, target, access.get(ctx), opts.over);
  const t = tally(results);
  const findings = results.map((r) => ({ ...r, veto: CHECKS[r.key].veto }));
  const id = await auditedWrite(
    ctx,
    actor,
    (trx) =>
      insertRun(
        trx,
        {
          orgId,
          trigger,
          actorName: actorName(actor),
          asOf: shanghaiDate(new Date(startedAt)),
          startedAt,
          finishedAt: ctx.clock.now().toISOString(),
          vetoFailed: t.vetoFailed,
          failed: t.failed,
          warned: t.warned,
          pagesCrawled: crawled?.pages ?? 0,
          linksChecked: crawled?.checked ?? 0,
        },
        findings,
      ),
    (runId) => ({
      action: 'inspection.run',
      objectType: 'inspection_run',
      objectId: runId,
      after: { orgId, trigger, ...t },
    }),
  );
  return getRun(ctx, actor, id);
}

/** Whether the actor may see a run of this target. */
async function mayRead(ctx: AppContext, actor: Actor, orgId: number | null): Promise<boolean> {
  if (isDistrictWide(actor)) return true;
  if (orgId == null) return false;
  return inScope(await orgScope(ctx.db, actor), orgId);
}

const orgLabel = (orgs: Org[], orgId: number | null) =>
  orgId == null ? '政府门户网站' : (orgs.find((o) => o.id === orgId)?.name ?? String(orgId));

export async function getRun(ctx: AppContext, actor: Actor, id: number): Promise<RunDetail> {
  requirePermission(actor, 'inspection.read');
  const run = await selectRun(ctx.db, id);
  if (!run || !(await mayRead(ctx, actor, run.orgId))) throw notFound('自查记录');
  return {
    ...run,
    orgName: orgLabel(await listPublicOrgs(ctx.db), run.orgId),
    findings: await selectFindings(ctx.db, id),
  };
}

/**
 * Run history, newest first. `orgId` null: the site; a number: that unit; undefined: every run the
 * actor may see (a unit sees its own and those below it).
 */
export async function listRuns(
  ctx: AppContext,
  actor: Actor,
  f: { orgId?: number | null; limit?: number } = {},
): Promise<(InspectionRun & { orgName: string })[]> {
  requirePermission(actor, 'inspection.read');
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 500);
  if (f.orgId !== undefined && !(await mayRead(ctx, actor, f.orgId))) throw forbidden();
  const scope = isDistrictWide(actor) ? undefined : await orgScope(ctx.db, actor);
  const runs = await selectRuns(ctx.db, {
    orgId: f.orgId,
    orgIds: scope && !scope.all ? scope.orgIds : undefined,
    limit,
  });
  const orgs = await listPublicOrgs(ctx.db);
  return runs.map((r) => ({ ...r, orgName: orgLabel(orgs, r.orgId) }));
}

/** The newest run of a target, or null when it was never inspected. */
export async function latestRun(
  ctx: AppContext,
  actor: Actor,
  orgId: number | null,
): Promise<RunDetail | null> {
  const [last] = await listRuns(ctx, actor, { orgId, limit: 1 });
  return last ? getRun(ctx, actor, last.id) : null;
}

/** The default target of an actor's health page: the site for district-wide roles, else their own unit. */
export const defaultTarget = (actor: Actor): number | null =>
  actor.kind === 'user' && !isDistrictWide(actor) ? actor.orgId : null;

/** Units the daily job inspects one by one: departments and townships. */
export async function inspectedUnits(db: Kysely<DB>): Promise<Org[]> {
  return (await listPublicOrgs(db)).filter((o) => o.kind === 'department' || isGrassroots(o.kind));
}

/** Daily: the whole site, then every department and township, each stored as a run. */
export const inspectionJob: JobDefinition = {
  name: 'inspection.run',
  label: '网站与政务新媒体自查',
  intervalSeconds: 24 * 3600,
  async run(ctx) {
    const actor = systemActor('inspection.run');
    const site = await runInspection(ctx, actor, null, 'job');
    const units = await inspectedUnits(ctx.db);
    let failing = 0;
    for (const u of units) if ((await runInspection(ctx, actor, u.id, 'job')).vetoFailed) failing++;
    return `全站单项否决不通过 ${site.vetoFailed} 项；检查单位 ${units.length} 个，其中 ${failing} 个有单项否决不通过`;
  },
};
