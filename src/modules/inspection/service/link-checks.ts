/** 自查 checks on the live pages: broken links (crawled), and the published items' markings and dates. */
import { type AppContext } from '../../../context.ts';
import { auditTrail } from '../../audit/service.ts';
import { bodyText } from '../../content/model.ts';
import { getPublicItem, itemHistory, listAttachments, publishedSince } from '../../content/service.ts';
import { listFaqs } from '../../inquiry/service.ts';
import { getPublicConsultation, listPublicConsultations } from '../../consultation/service.ts';
import { listPublicAccounts } from '../../media/service.ts';
import { activeExpressionRules, gateWithRules } from '../../privacy/service.ts';
import { listPublicZones } from '../../zones/service.ts';
import { crawl, crawlerKey, httpFetcher, seconds, type CrawlResult } from '../crawl.ts';
import { findMarkings } from '../markings.ts';
import {
  FAQ_PUBLICATION,
  ITEM_PUBLICATION,
  publicationDateProblems,
  UNREACHABLE_SHARE_VETO,
  type CheckResult,
  type Evidence,
  type PublicationActions,
  type PublicationFacts,
} from '../model.ts';
import {
  CRAWL_LIMITS,
  LIVE_ITEMS_LIMIT,
  MAX_UNANSWERED,
  type CrawlOver,
  type SiteAccess,
  type Target,
} from './access.ts';

async function crawlSeeds(ctx: AppContext, t: Target, maxPages: number): Promise<string[]> {
  const items = await publishedSince(ctx.db, { orgIds: t.orgIds, limit: Math.floor(maxPages / 2) });
  return [...(t.orgIds ? [] : ['/']), ...items.map((i) => `/items/${i.id}`)];
}

const failureDetail = (f: CrawlResult['failures'][number]) =>
  f.error ?? (f.status >= 500 ? `出错（HTTP ${f.status}）` : `打开用时 ${(f.ms / 1000).toFixed(1)} 秒`);

export async function linkChecks(
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
export async function liveItemChecks(ctx: AppContext, t: Target): Promise<CheckResult[]> {
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
