/**
 * FOI figures for the annual report counted inside the database (GROUP BY), so a year of an org
 * with a million cases is never loaded into memory. The periods are rules.md §4's, on
 * Asia/Shanghai dates: 新收 = received in the year; 上年结转 = received earlier and open on 31 Dec of
 * the previous year; 办理结果 = closed in the year (by outcome); 结转下年度 = open on 31 Dec. The
 * report module's computeTable3 is the reference definition; its tests compare the two.
 * The case ids behind a figure are fetched on demand (`foiCasesWhere`), not with the counts.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../../db/types.ts';

export interface FoiYearCountRow {
  applicantType: string;
  outcome: string | null;
  received: number;
  carriedOver: number;
  /** Closed in the year (whatever the outcome; a row with outcome null is a closed case without one). */
  closed: number;
  carriedForward: number;
  /** Handled in the year (closed in it or open at its end) after its due date, due by 31 Dec. */
  overdue: number;
  /** Received in the year and closed before it was received (a data error the check names). */
  backwards: number;
}

type Eb = ExpressionBuilder<DB, 'foi_applications'>;

/** The case filters the report counts by; `period` is one of rules.md §4's. */
export interface FoiCaseFilter {
  orgIds: number[];
  year: number;
  period: 'received' | 'carriedOver' | 'closed' | 'carriedForward';
  /** For 'closed': only these outcome codes (empty or omitted: any, including none). */
  outcomes?: string[];
  /** For 'closed': only cases whose outcome is null or not one of these (closed without a valid outcome). */
  outcomeNotIn?: string[];
  applicantType?: string;
  /** Only cases closed before they were received. */
  backwards?: boolean;
}

const bounds = (year: number) => ({
  start: `${year}-01-01`,
  end: `${year}-12-31`,
  prevEnd: `${year - 1}-12-31`,
});

/** Open at the end of `date`: received on or before it and not closed by then. */
const openAt = (eb: Eb, date: string) =>
  eb.and([eb('received_on', '<=', date), eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', date)])]);

function periodWhere(eb: Eb, period: FoiCaseFilter['period'], year: number): Expression<SqlBool> {
  const { start, end, prevEnd } = bounds(year);
  if (period === 'received') return eb.and([eb('received_on', '>=', start), eb('received_on', '<=', end)]);
  if (period === 'carriedOver') return openAt(eb, prevEnd);
  if (period === 'closed')
    return eb.and([
      eb('received_on', 'is not', null),
      eb('closed_on', '>=', start),
      eb('closed_on', '<=', end),
    ]);
  return openAt(eb, end);
}

/**
 * Counts per applicant type and outcome for the four periods. Two grouped index scans: the cases
 * received in the year, and those received earlier and not closed before it (上年结转) — never
 * the org's older closed cases.
 */
export async function foiYearCounts(
  db: Kysely<DB>,
  orgIds: number[],
  year: number,
): Promise<FoiYearCountRow[]> {
  if (orgIds.length === 0) return [];
  const { start, end } = bounds(year);
  const when = (cond: ReturnType<typeof sql>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const zero = sql<number>`0`;
  const counted = (inYear: boolean) =>
    db
      .selectFrom('foi_applications')
      .select([
        'applicant_type as applicantType',
        'outcome',
        (inYear ? sql<number>`count(*)` : zero).as('received'),
        (inYear ? zero : sql<number>`count(*)`).as('carriedOver'),
        when(sql`closed_on >= ${start} and closed_on <= ${end}`).as('closed'),
        when(sql`closed_on is null or closed_on > ${end}`).as('carriedForward'),
        when(sql`due_date <= ${end} and coalesce(closed_on, ${end}) > due_date`).as('overdue'),
        (inYear ? when(sql`closed_on < received_on`) : zero).as('backwards'),
      ])
      .where('org_id', 'in', orgIds)
      .where((eb) =>
        inYear
          ? eb.between('received_on', start, end)
          : eb.and([
              eb('received_on', '<', start),
              eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', start)]),
            ]),
      )
      .groupBy(['applicant_type', 'outcome'])
      .execute();
  const rows = [...(await counted(true)), ...(await counted(false))];
  return rows.map((r) => ({
    applicantType: r.applicantType,
    outcome: r.outcome,
    received: Number(r.received),
    carriedOver: Number(r.carriedOver),
    closed: Number(r.closed),
    carriedForward: Number(r.carriedForward),
    overdue: Number(r.overdue),
    backwards: Number(r.backwards),
  }));
}

/** The cases behind one figure (drill-down), in id order. */
export async function foiCasesWhere(db: Kysely<DB>, f: FoiCaseFilter) {
  if (f.orgIds.length === 0) return [];
  return db
    .selectFrom('foi_applications')
    .select([
      'id',
      'number',
      'applicant_type as applicantType',
      'received_on as receivedOn',
      'closed_on as closedOn',
      'outcome',
    ])
    .where('org_id', 'in', f.orgIds)
    .where((eb) => {
      const conds = [periodWhere(eb, f.period, f.year)];
      if (f.applicantType) conds.push(eb('applicant_type', '=', f.applicantType));
      if (f.backwards) conds.push(eb('closed_on', '<', eb.ref('received_on')));
      if (f.outcomes?.length) conds.push(eb('outcome', 'in', f.outcomes));
      if (f.outcomeNotIn?.length)
        conds.push(eb.or([eb('outcome', 'is', null), eb('outcome', 'not in', f.outcomeNotIn)]));
      return eb.and(conds);
    })
    .orderBy('id')
    .execute();
}

/** Applications still awaiting confirmation (no receipt date) that were submitted by the end of the year. */
export async function foiUnconfirmed(db: Kysely<DB>, orgIds: number[], year: number): Promise<number[]> {
  if (orgIds.length === 0) return [];
  // 31 Dec 24:00 Beijing time is 16:00 UTC.
  const rows = await db
    .selectFrom('foi_applications')
    .select('id')
    .where('org_id', 'in', orgIds)
    .where('received_on', 'is', null)
    .where('closed_on', 'is', null)
    .where('submitted_at', '<', `${year}-12-31T16:00:00.000Z`)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The reviews filed in a year, with their case's org and number. */
export async function selectReviewsFiledIn(db: Kysely<DB>, year: number) {
  return db
    .selectFrom('foi_reviews')
    .innerJoin('foi_applications', 'foi_applications.id', 'foi_reviews.application_id')
    .select([
      'foi_reviews.id',
      'foi_reviews.kind',
      'foi_reviews.filed_on',
      'foi_applications.org_id',
      'foi_applications.id as application_id',
      'foi_applications.number',
    ])
    .where('foi_reviews.filed_on', '>=', `${year}-01-01`)
    .where('foi_reviews.filed_on', '<=', `${year}-12-31`)
    .orderBy('foi_reviews.id')
    .execute();
}

/**
 * Applications received up to the end of the year and not closed before the previous year began
 * (so 新收, 上年结转, 办理结果 and 结转下年度 can all be counted).
 */
export async function selectReportApplications(db: Kysely<DB>, year: number) {
  const end = `${year}-12-31`;
  return db
    .selectFrom('foi_applications')
    .select([
      'id',
      'number',
      'org_id as orgId',
      'applicant_type as applicantType',
      'due_date as dueDate',
      'received_on as receivedOn',
      'closed_on as closedOn',
      'outcome',
    ])
    .where('received_on', '<=', end)
    .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', `${year - 1}-01-01`)]))
    .execute();
}

/** Fee notices and payments recorded in the year, with the case's org. */
export async function selectFeeEvents(db: Kysely<DB>, year: number) {
  return db
    .selectFrom('foi_events')
    .innerJoin('foi_applications', 'foi_applications.id', 'foi_events.application_id')
    .select([
      'foi_events.application_id as applicationId',
      'foi_events.type',
      'foi_events.data',
      'foi_applications.org_id as orgId',
    ])
    .where('foi_events.type', 'in', ['fee_notice', 'fee_paid'])
    .where('foi_events.on_date', '>=', `${year}-01-01`)
    .where('foi_events.on_date', '<=', `${year}-12-31`)
    .execute();
}
