/**
 * The city above its districts (issue 27): the city's 公开办 sees figures summed over its own site and
 * every site below it — the annual report's tables, FOI statistics, interpretation rates, the latest
 * inspection and the work-plan ledger. Each site is read through its own context (its own schema)
 * with the modules' own read functions, never by SQL across schemas, so a roll-up shows exactly what
 * each site's own pages show.
 */
import type { Config } from '../config.ts';
import { systemActor, type AppContext } from '../context.ts';
import { invalidState, badRequest } from '../errors.ts';
import type { Clock } from '../lib/time.ts';
import type { GongkaiModule } from '../modules/registry.ts';
import { OUTCOME_CODES, type OutcomeCode } from '../modules/foi/outcomes.ts';
import { listRuns } from '../modules/inspection/service.ts';
import { ledgerSummary } from '../modules/ledger/service.ts';
import { interpretationReport } from '../modules/normative/service.ts';
import { ownGovernment } from '../modules/org/model.ts';
import { listPublicOrgs } from '../modules/org/service.ts';
import { buildAnnualReport } from '../modules/report/service.ts';
import { figuresOf, type ReportFigures } from '../modules/report/model.ts';
import { Platform, type Site } from './registry.ts';
import { openSiteContext } from './sitecontext.ts';

/** One site's figures for a year. */
export interface SiteFigures {
  code: string;
  name: string;
  /** The government the site is the portal of (its annual report's org, with every org below it). */
  orgName: string;
  report: ReportFigures;
  foi: {
    received: number;
    carriedOver: number;
    closed: number;
    carriedForward: number;
    /** Open or closed past the legal time limit (条例第三十三条). */
    overdue: number;
    byOutcome: Record<OutcomeCode, number>;
  };
  /** 解读率 of the year's documents needing interpretation; `rate` a share 0–1 (rules.md §5). */
  interpretation: { total: number; interpreted: number; late: number; rate: number | null };
  /** The site's latest whole-site inspection, or null when it was never inspected. */
  inspection: { asOf: string; vetoFailed: number; failed: number; warned: number } | null;
  ledger: { total: number; done: number; open: number; overdue: number; completionPercent: number };
}

/** The figures summed: the report tables cell by cell, rates recomputed from the sums. */
export interface RollupTotal extends Omit<SiteFigures, 'code' | 'name' | 'orgName' | 'inspection'> {
  inspection: { sitesInspected: number; vetoFailed: number; failed: number; warned: number };
}

export interface CityRollup {
  year: number;
  city: { code: string; name: string };
  /** The city's own site first, then the sites below it in code order. */
  sites: SiteFigures[];
  total: RollupTotal;
}

/** Validates a roll-up year as the annual report does (条例 took effect 2008). */
export function checkRollupYear(year: number): void {
  if (!Number.isInteger(year) || year < 2008 || year > 2100)
    throw badRequest('年份无效', { year: '年份应为 2008 年（条例施行）以后的四位数字' });
}

/** One site's figures, read through that site's context with the modules' read functions. */
export async function siteFigures(ctx: AppContext, site: Site, year: number): Promise<SiteFigures> {
  const actor = systemActor('市级汇总');
  const gov = ownGovernment(await listPublicOrgs(ctx.db));
  if (!gov) throw invalidState(`站点“${site.name}”尚未完成初始设置（没有机关）`);
  // The ledger as the annual report reads it: at the year's end, or today for the running year.
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const asOf = `${year}-12-31` < today ? `${year}-12-31` : today;
  const [report, rate, runs, ledger] = await Promise.all([
    buildAnnualReport(ctx, actor, { orgId: gov.id, year, scope: 'rollup' }),
    interpretationReport(ctx, actor, year),
    listRuns(ctx, actor, { orgId: null, limit: 1 }),
    ledgerSummary(ctx.db, gov.id, year, asOf),
  ]);
  const figures = figuresOf(report);
  const t3 = figures.table3;
  const run = runs[0];
  const by = ledger.counts.byStatus;
  return {
    code: site.code,
    name: site.name,
    orgName: gov.name,
    report: figures,
    foi: {
      received: t3.received.total,
      carriedOver: t3.carriedOver.total,
      closed: t3.closedTotal.total,
      carriedForward: t3.carriedForward.total,
      overdue: report.overdue,
      byOutcome: Object.fromEntries(OUTCOME_CODES.map((c) => [c, t3[c].total])) as Record<
        OutcomeCode,
        number
      >,
    },
    interpretation: {
      total: rate.district.total,
      interpreted: rate.district.interpreted,
      late: rate.district.late,
      rate: rate.district.rate,
    },
    inspection: run
      ? { asOf: run.asOf, vetoFailed: run.vetoFailed, failed: run.failed, warned: run.warned }
      : null,
    ledger: {
      total: ledger.counts.total,
      done: by.done + by.ongoing,
      open: by.not_started + by.in_progress,
      overdue: by.overdue,
      completionPercent: ledger.counts.completionPercent,
    },
  };
}

/** Adds two figure trees leaf by leaf: numbers add, null (not entered) counts as nothing. */
function add<T>(a: T, b: T): T {
  if (typeof a === 'number' || typeof b === 'number')
    return (((a as number) ?? 0) + ((b as number) ?? 0)) as T;
  if (a === null || b === null) return (a ?? b) as T;
  if (typeof a === 'object' && typeof b === 'object')
    return Object.fromEntries(
      Object.keys({ ...a, ...b } as object).map((k) => [
        k,
        add((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      ]),
    ) as T;
  return a;
}

/** The sum of the sites' figures (never empty: the city itself); rates from the summed counts. */
export function sumFigures(sites: SiteFigures[]): RollupTotal {
  const sum = <T>(pick: (s: SiteFigures) => T): T => sites.map(pick).reduce((a, b) => add(a, b));
  const interpretation = sum((s) => ({ ...s.interpretation, rate: null as number | null }));
  interpretation.rate = interpretation.total ? interpretation.interpreted / interpretation.total : null;
  const ledger = sum((s) => ({ ...s.ledger, completionPercent: 0 }));
  ledger.completionPercent = ledger.total ? Math.round((ledger.done / ledger.total) * 1000) / 10 : 0;
  const inspected = sites.flatMap((s) => (s.inspection ? [s.inspection] : []));
  return {
    report: sum((s) => s.report),
    foi: sum((s) => s.foi),
    interpretation,
    inspection: {
      sitesInspected: inspected.length,
      vetoFailed: inspected.reduce((n, r) => n + r.vetoFailed, 0),
      failed: inspected.reduce((n, r) => n + r.failed, 0),
      warned: inspected.reduce((n, r) => n + r.warned, 0),
    },
    ledger,
  };
}

/**
 * The contexts of a platform's sites, opened on first use and kept until `close` (a roll-up reads
 * each site through its own schema) with `modules`. `own`: a context already open (the city app's own).
 */
export class SiteContexts {
  private readonly open = new Map<string, Promise<{ ctx: AppContext; close: () => Promise<void> }>>();

  constructor(
    readonly platform: Platform,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly modules: readonly GongkaiModule[],
    private readonly own?: AppContext,
  ) {}

  /** The site's context: the own one for the own schema, else one opened on its schema. */
  async get(site: Site): Promise<AppContext> {
    if (this.own && this.own.config.databaseSchema === site.schema) return this.own;
    let entry = this.open.get(site.code);
    if (!entry) {
      entry = openSiteContext(this.config, site, this.clock, this.modules);
      this.open.set(site.code, entry);
      entry.catch(() => this.open.delete(site.code));
    }
    return (await entry).ctx;
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    for (const e of all) await (await e.catch(() => undefined))?.close();
  }
}

/** The roll-up of `city` (a site code) for a year: its own figures, each site's below it, and the total. */
export async function cityRollup(
  contexts: SiteContexts,
  cityCode: string,
  year: number,
): Promise<CityRollup> {
  checkRollupYear(year);
  const city = await contexts.platform.getSite(cityCode);
  // A disabled site's data is kept, and so are its figures in the city's.
  const sites = [city, ...(await contexts.platform.sitesBelow(city.code))];
  const figures: SiteFigures[] = [];
  // One site after another: each opens a small pool of its own, and 20 at once would crowd the server.
  for (const s of sites) figures.push(await siteFigures(await contexts.get(s), s, year));
  return { year, city: { code: city.code, name: city.name }, sites: figures, total: sumFigures(figures) };
}

/** The site whose schema an app runs on (a platform site's app knows its schema, not its code). */
export async function siteOfSchema(platform: Platform, schema: string | undefined): Promise<Site> {
  const site = (await platform.listSites()).find((s) => s.schema === schema);
  if (!site) throw invalidState('本站点不在集约化平台的站点登记中');
  return site;
}
