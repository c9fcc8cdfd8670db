/** The interpretation rate (解读率, rules.md §5) and 表二's normative rows of the annual report (rules.md §4). */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest } from '../../../errors.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { inScope } from '../../org/model.ts';
import { orgScope } from '../../org/service.ts';
import {
  interpretationRate,
  repealDateInYear,
  STATUSES,
  table2Cells,
  type Status,
  type StatusPeriod,
  type Table2Cell,
} from '../model.ts';
import {
  selectInterpretations,
  selectPeriods,
  selectRateDocuments,
  selectReportCellRows,
  selectReportDocuments,
} from '../store.ts';
import { orgMap } from './views.ts';

export interface RateRow {
  orgId: number;
  orgName: string;
  total: number;
  interpreted: number;
  rate: number | null;
  late: number;
}

export interface RateReport {
  year: number;
  target: number;
  /** `policies`: how many of `total` are other policy documents (not 行政规范性文件). */
  district: { total: number; interpreted: number; rate: number | null; late: number; policies: number };
  byOrg: RateRow[];
  /** Documents without a published interpretation. */
  missing: {
    id: number;
    docNumber: string;
    title: string;
    publishedOn: string;
    orgNames: string[];
    isNormative: boolean;
  }[];
  /** Documents whose first interpretation came after them (not 同步). */
  late: {
    id: number;
    docNumber: string;
    title: string;
    publishedOn: string;
    firstInterpretationOn: string;
    isNormative: boolean;
  }[];
}

/**
 * 解读率 per org and for the district, for documents published in `year` (rules.md §5: documents
 * needing interpretation are 行政规范性文件 and policy documents affecting citizens' or enterprises'
 * rights). Every library document counts; so does every published policy document registered with
 * the flag "其他政策文件（需解读）" (`isNormative: false`). A jointly issued one counts for each
 * issuing org and once for the district.
 */
export async function interpretationReport(
  ctx: AppContext,
  actor: Actor,
  year: number,
  orgId?: number,
): Promise<RateReport> {
  requirePermission(actor, 'normative.read');
  if (!Number.isInteger(year) || year < 1949 || year > 2100)
    throw badRequest('年份无效', { year: '年份无效' });
  const rows = await selectRateDocuments(ctx.db, year);
  const scope = await orgScope(ctx.db, actor);
  const orgs = await orgMap(ctx.db);
  const docs = new Map<
    number,
    {
      id: number;
      docNumber: string;
      title: string;
      publishedOn: string;
      orgIds: number[];
      isNormative: boolean;
    }
  >();
  for (const r of rows) {
    const d = docs.get(r.id) ?? {
      id: r.id,
      docNumber: r.doc_number,
      title: r.title,
      publishedOn: r.published_on!,
      orgIds: [],
      isNormative: r.is_normative === 1,
    };
    d.orgIds.push(r.org_id);
    docs.set(r.id, d);
  }
  let list = [...docs.values()];
  if (!scope.all) list = list.filter((d) => d.orgIds.some((o) => inScope(scope, o)));
  if (orgId) list = list.filter((d) => d.orgIds.includes(orgId));
  const interps = (
    await selectInterpretations(
      ctx.db,
      list.map((d) => d.id),
    )
  ).map((i) => ({ documentId: i.document_id, publishedOn: i.published_on }));
  const all = interpretationRate(list, interps);
  const byOrg: RateRow[] = [];
  const orgIds = [...new Set(list.flatMap((d) => d.orgIds))].filter(
    (o) => (!orgId || o === orgId) && inScope(scope, o),
  );
  for (const o of orgIds) {
    const mine = list.filter((d) => d.orgIds.includes(o));
    const r = interpretationRate(mine, interps);
    byOrg.push({
      orgId: o,
      orgName: orgs.get(o)?.name ?? String(o),
      total: r.total,
      interpreted: r.interpreted,
      rate: r.rate,
      late: r.late.length,
    });
  }
  byOrg.sort((a, b) => (a.rate ?? 2) - (b.rate ?? 2) || a.orgName.localeCompare(b.orgName, 'zh'));
  const byId = new Map(list.map((d) => [d.id, d]));
  const firstOn = (id: number) =>
    interps
      .filter((i) => i.documentId === id)
      .map((i) => i.publishedOn)
      .sort()[0];
  return {
    year,
    target: 0.9,
    district: {
      total: all.total,
      interpreted: all.interpreted,
      rate: all.rate,
      late: all.late.length,
      policies: list.filter((d) => !d.isNormative).length,
    },
    byOrg,
    missing: all.missing.map((id) => {
      const d = byId.get(id)!;
      return {
        id,
        docNumber: d.docNumber,
        title: d.title,
        publishedOn: d.publishedOn,
        orgNames: d.orgIds.map((o) => orgs.get(o)?.shortName ?? ''),
        isNormative: d.isNormative,
      };
    }),
    late: all.late.map((id) => {
      const d = byId.get(id)!;
      return {
        id,
        docNumber: d.docNumber,
        title: d.title,
        publishedOn: d.publishedOn,
        firstInterpretationOn: firstOn(id),
        isNormative: d.isNormative,
      };
    }),
  };
}

// For the annual report (表二, 第二十条第（一）项, rules.md §4)

/** Slices of at most `size`, so an IN list stays within both engines' parameter limits. */
function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * 表二's normative rows of the annual report (rules.md §4; the rules are model.ts table2Cells): the
 * ids behind 本年制发, 本年废止 and 现行有效 for the orgs of a report. Library documents only (a
 * registered draft or a withdrawn one is not public), led by one of the orgs.
 */
export async function reportDocumentIds(
  db: Kysely<DB>,
  orgIds: number[],
  year: number,
): Promise<Record<Table2Cell, number[]>> {
  if (orgIds.length === 0) return { issued: [], repealed: [], inForce: [] };
  const docs = await selectReportDocuments(db, orgIds);
  const periods = new Map<number, StatusPeriod[]>();
  for (const ids of chunks(
    docs.map((d) => d.id),
    500,
  ))
    for (const [id, ps] of await selectPeriods(db, ids)) periods.set(id, ps);
  return table2Cells(
    docs.map((d) => ({
      id: d.id,
      leadOrgId: d.lead_org_id,
      writtenOn: d.written_on,
      periods: periods.get(d.id) ?? [],
    })),
    orgIds,
    year,
  );
}

/** The counts of reportDocumentIds. */
export async function reportFigures(
  db: Kysely<DB>,
  orgIds: number[],
  year: number,
): Promise<{ issued: number; repealed: number; inForce: number }> {
  const ids = await reportDocumentIds(db, orgIds, year);
  return { issued: ids.issued.length, repealed: ids.repealed.length, inForce: ids.inForce.length };
}

/** The documents of a cell of 表二 (drill-down): 文号, title, dates and the status on 31 Dec of the year. */
export async function reportCellDocuments(db: Kysely<DB>, orgIds: number[], year: number, cell: Table2Cell) {
  const ids = (await reportDocumentIds(db, orgIds, year))[cell];
  if (ids.length === 0) return [];
  const end = `${year}-12-31`;
  const out = [];
  for (const part of chunks(ids, 500)) {
    const rows = await selectReportCellRows(db, part);
    const periods = await selectPeriods(db, part);
    for (const r of rows) {
      const mine = periods.get(r.id) ?? [];
      const atEnd = mine.find((p) => p.fromOn <= end && end < p.toOn);
      const repealedOn = repealDateInYear(mine, year);
      out.push({
        id: r.id,
        docNumber: r.doc_number,
        title: r.title,
        writtenOn: r.written_on,
        effectiveOn: r.effective_on,
        leadOrgId: r.lead_org_id,
        statusAtYearEnd: STATUSES[(atEnd?.status ?? 'pending') as Status],
        repealedOn,
      });
    }
  }
  return out.sort((a, b) => (a.writtenOn < b.writtenOn ? -1 : a.writtenOn > b.writtenOn ? 1 : a.id - b.id));
}
