/** 自查 checks read from the other modules: home page, columns, inquiries, new media, late publication, interpretation, FOI. */
import { type Actor, type AppContext } from '../../../context.ts';
import { columnActivity, listColumns, publishedSince } from '../../content/service.ts';
import { listApplications } from '../../foi/service.ts';
import { unansweredByAge } from '../../inquiry/service.ts';
import { addMonths } from '../../inquiry/model.ts';
import { FRESHNESS_FLAGS, PLATFORMS } from '../../media/model.ts';
import { accountsWithFreshness } from '../../media/service.ts';
import { formatRate, INTERPRETATION_TARGET } from '../../normative/model.ts';
import { interpretationReport } from '../../normative/service.ts';
import {
  columnVerdicts,
  EMPTY_COLUMNS_VETO,
  homeIsStale,
  LATE_WINDOW_MONTHS,
  LONG_STALE_COLUMNS_VETO,
  rollUpColumns,
  STALE_COLUMNS_VETO,
  thresholdStatus,
  type CheckResult,
  type ColumnFact,
  type Evidence,
} from '../model.ts';
import { date, type Target } from './access.ts';

export async function homeCheck(ctx: AppContext, t: Target, today: string): Promise<CheckResult> {
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

export async function columnChecks(ctx: AppContext, t: Target, today: string): Promise<CheckResult[]> {
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

export async function inquiryCheck(ctx: AppContext, t: Target, reader: Actor): Promise<CheckResult> {
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

export async function mediaCheck(ctx: AppContext, t: Target, reader: Actor): Promise<CheckResult> {
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

export async function lateCheck(ctx: AppContext, t: Target, today: string): Promise<CheckResult> {
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

export async function interpretationCheck(
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

export async function foiCheck(ctx: AppContext, t: Target, reader: Actor): Promise<CheckResult> {
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
