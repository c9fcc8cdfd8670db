/** Coverage and timeliness of catalogues, the public catalogue pages' reads, and the due-date reminders. */
import type { Kysely } from 'kysely';
import { type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { notFound } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { usersWithRole } from '../../auth/service.ts';
import { loadCalendar } from '../../calendar/service.ts';
import type { JobDefinition } from '../../jobs/service.ts';
import { notifyUsers } from '../../notifications/service.ts';
import { type Org } from '../../org/model.ts';
import { listPublicOrgs } from '../../org/service.ts';
import {
  coverageOf,
  planYear,
  statusFromPlan,
  shouldRemind,
  type Catalogue,
  type CatalogueEntry,
  type Coverage,
  type DayCounter,
  type EntryStatus,
  type PublicationDates,
  type YearPlan,
} from '../model.ts';
import {
  selectCatalogue,
  selectCatalogues,
  selectCoverageData,
  selectCredits,
  selectEntries,
} from '../store.ts';
import { getCatalogue, listCatalogues } from './catalogues.ts';

// ───────────────────────────── coverage ─────────────────────────────

export interface EntryCoverage {
  entry: CatalogueEntry;
  status: EntryStatus;
}

/** A domain's (or the total's) coverage of its confirmed entries; entries still 待核对 are counted apart. */
export interface DomainCoverage extends Coverage {
  domain: string;
  entries: number;
  toCheck: Coverage & { entries: number };
}

export interface CatalogueCoverage {
  catalogue: Catalogue;
  orgName: string;
  today: string;
  entries: EntryCoverage[];
  domains: DomainCoverage[];
  total: DomainCoverage;
  /** Entries not fulfilled, with what is due next; and entries whose 公开时限 could not be read. */
  gaps: EntryCoverage[];
  unreadableLimits: EntryCoverage[];
}

/** Groups rows by a key, keeping their order. */
function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}

/**
 * Statuses of a catalogue's entries from their credits. `plans` caches each time-limit wording's
 * plan for the year: catalogues built from the same templates share their wordings.
 */
function entryStatuses<
  E extends { id: number; domain: string; timeLimit: string; toCheck?: boolean },
  P extends PublicationDates,
>(
  entries: E[],
  creditsByEntry: Map<number, P[]>,
  year: number,
  today: string,
  cal: DayCounter,
  plans = new Map<string, YearPlan>(),
) {
  const rows = entries.map((entry) => {
    const key = `${year}|${entry.timeLimit}`;
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = planYear(entry.timeLimit, year, cal)));
    return { entry, status: statusFromPlan(plan, creditsByEntry.get(entry.id) ?? [], today, cal) };
  });
  const sum = (domain: string, list: typeof rows): DomainCoverage => {
    const confirmed = list.filter((r) => !r.entry.toCheck);
    const toCheck = list.filter((r) => r.entry.toCheck);
    return {
      domain,
      entries: confirmed.length,
      ...coverageOf(confirmed.map((r) => r.status.state)),
      toCheck: { entries: toCheck.length, ...coverageOf(toCheck.map((r) => r.status.state)) },
    };
  };
  return {
    rows,
    domains: [...groupBy(rows, (r) => r.entry.domain)].map(([d, list]) => sum(d, list)),
    total: sum('合计', rows),
    gaps: rows.filter(
      (r) => r.status.state === 'missing' || (r.status.state === 'pending' && r.status.nextDue != null),
    ),
  };
}

/** Coverage and timeliness of one catalogue as of today (the clock's Shanghai date). */
export async function computeCoverage(
  db: Kysely<DB>,
  catalogue: Catalogue,
  today: string,
  /** Calendar and orgs already loaded (lists of many catalogues load them once). */
  shared?: { cal: DayCounter; orgs: Org[] },
): Promise<CatalogueCoverage> {
  const cal = shared?.cal ?? (await loadCalendar(db));
  const entries = await selectEntries(db, [catalogue.id]);
  const credits = await selectCredits(
    db,
    entries.map((e) => e.id),
  );
  const org = (shared?.orgs ?? (await listPublicOrgs(db))).find((o) => o.id === catalogue.orgId);
  const s = entryStatuses(
    entries,
    groupBy(credits, (c) => c.entryId),
    catalogue.year,
    today,
    cal,
  );
  return {
    catalogue,
    orgName: org?.shortName ?? '',
    today,
    entries: s.rows,
    domains: s.domains,
    total: s.total,
    gaps: s.gaps,
    unreadableLimits: s.rows.filter((r) => !r.status.rule.ok),
  };
}

export async function catalogueCoverage(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<CatalogueCoverage> {
  const c = await getCatalogue(ctx, actor, id);
  return computeCoverage(ctx.db, c, shanghaiDate(ctx.clock.now()));
}

/**
 * Coverage of every catalogue of a year the actor may see: one row per township (and village).
 * Entries and publication dates of all the catalogues are read in one pass, and each time-limit
 * wording is planned once (per-catalogue queries made 200 catalogues take seconds).
 */
export async function coverageOverview(ctx: AppContext, actor: Actor, year: number) {
  const list = await listCatalogues(ctx, actor, { year });
  const today = shanghaiDate(ctx.clock.now());
  const cal = await loadCalendar(ctx.db);
  const data = await selectCoverageData(
    ctx.db,
    list.map((c) => c.id),
    today,
  );
  const entriesOf = groupBy(data.entries, (e) => e.catalogueId);
  const creditsOf = groupBy(data.credits, (c) => c.entryId);
  const plans = new Map<string, YearPlan>();
  return list.map((c) => {
    const s = entryStatuses(entriesOf.get(c.id) ?? [], creditsOf, c.year, today, cal, plans);
    return {
      catalogue: c,
      orgName: c.orgName,
      total: s.total,
      domains: s.domains,
      gaps: s.gaps.length,
      late: s.rows.filter((e) => e.status.timeliness === 'late').length,
    };
  });
}

// ───────────────────────────── public pages ─────────────────────────────

/** Every catalogue of a year with its org, for the portal (catalogue contents are public). */
export async function listPublicCatalogues(db: Kysely<DB>, year?: number) {
  const orgs = await listPublicOrgs(db);
  return (await selectCatalogues(db, { year })).map((c) => ({
    ...c,
    orgName: orgs.find((o) => o.id === c.orgId)?.name ?? '',
  }));
}

/** A catalogue with, per entry, the publications that fulfil it (online items linked; offline postings by channel and date). */
export async function getPublicCatalogue(db: Kysely<DB>, id: number, today: string) {
  const c = await selectCatalogue(db, id);
  if (!c) throw notFound('目录');
  const cov = await computeCoverage(db, c, today);
  const orgs = await listPublicOrgs(db);
  const org = orgs.find((o) => o.id === c.orgId)!;
  const villages =
    c.scope === 'township'
      ? (await selectCatalogues(db, { year: c.year }))
          .filter((v) => orgs.find((o) => o.id === v.orgId)?.parentId === c.orgId)
          .map((v) => ({ ...v, orgName: orgs.find((o) => o.id === v.orgId)!.name }))
      : [];
  return { ...cov, orgName: org.name, villages };
}

// ───────────────────────────── reminders ─────────────────────────────

/**
 * Reminds the township's editors of periodic entries due within 5 working days and not yet
 * published (once per entry and period, however often the job runs).
 */
export async function sendDueReminders(ctx: AppContext, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const cal = await loadCalendar(ctx.db);
  const year = Number(today.slice(0, 4));
  const orgs = await listPublicOrgs(ctx.db);
  let sent = 0;
  for (const c of await selectCatalogues(ctx.db, {})) {
    if (c.year !== year && c.year !== year - 1) continue;
    const cov = await computeCoverage(ctx.db, c, today, { cal, orgs });
    for (const { entry, status } of cov.entries) {
      for (const p of status.periods) {
        if (!shouldRemind(p, today, cal)) continue;
        // Villages have no accounts: their township's editors keep their catalogue.
        const org = orgs.find((o) => o.id === c.orgId);
        const editorsOrg = org?.kind === 'community' && org.parentId ? org.parentId : c.orgId;
        const users = (await usersWithRole(ctx.db, editorsOrg, 'editor')).map((u) => u.id);
        sent += await notifyUsers(ctx.db, now, users, {
          title: `标准目录事项即将到期：${entry.item1}${entry.item2 ? `·${entry.item2}` : ''}（${p.label}）`,
          body: `${cov.orgName}“${entry.domain}”领域事项应于 ${p.due} 前公开（${entry.timeLimit}），目前尚无公开记录。`,
          link: `/admin/catalogues/${c.id}/coverage`,
          dedupeKey: `catalogue-due:${entry.id}:${p.due}`,
        });
      }
    }
  }
  return sent;
}

export const catalogueReminderJob: JobDefinition = {
  name: 'catalogue.due-reminders',
  label: '标准目录定期事项到期提醒',
  intervalSeconds: 6 * 3600,
  async run(ctx, now) {
    const n = await sendDueReminders(ctx, now);
    return `发出 ${n} 条提醒`;
  },
};
