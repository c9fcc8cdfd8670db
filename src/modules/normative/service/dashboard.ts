/** The figures of the back-office home panel. */
import type { Actor, AppContext } from '../../../context.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { can } from '../../auth/permissions.ts';
import { documentsDueForEvaluation } from './expiry.ts';
import { type RateReport, interpretationReport } from './rate.ts';
import { listDocuments } from './reading.ts';

/** This year's interpretation rate, documents without one, documents in force and those nearing expiry. */
export interface DashboardFigures {
  year: number;
  district: RateReport['district'];
  missing: number;
  inForce: number;
  soon: number;
}

/** The panel's figures for this actor, or null when the actor does not read the library. */
export async function dashboardFigures(ctx: AppContext, actor: Actor): Promise<DashboardFigures | null> {
  if (!can(actor, 'normative.read')) return null;
  const today = shanghaiDate(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  const r = await interpretationReport(ctx, actor, year);
  const inForce = await listDocuments(ctx, actor, { inForceOn: today, pageSize: 1 });
  const soon = await documentsDueForEvaluation(ctx, actor);
  return { year, district: r.district, missing: r.missing.length, inForce: inForce.total, soon };
}
