/**
 * Ledger rules, pure: task status from deadline, progress reports and evidence as of a given day;
 * reminder thresholds; completion figures. No I/O.
 *
 * 三(三): "明确责任主体和时限要求，推动政务公开工作任务逐项落实" — every responsible unit carries its
 * own status; a task is done only when every unit is done, and done means a 100% report backed by
 * evidence that still resolves (Gongkai ties progress to the published items that prove it).
 */
import type { Deadline } from './deadline.ts';

export const TASK_STATUSES = {
  not_started: '未开始',
  in_progress: '推进中',
  done: '已完成',
  overdue: '已逾期',
  ongoing: '持续推进中',
} as const;
export type TaskStatus = keyof typeof TASK_STATUSES;

export const EVIDENCE_KINDS = {
  item: '已发布信息',
  topic: '专题专栏页面',
  normative: '行政规范性文件',
  foi_stats: '依申请公开统计',
  report: '工作报告（文档）',
  url: '外部链接',
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;

export const ESCALATION_KINDS = {
  admonition: '约谈',
  public_criticism: '通报批评',
} as const;
export type EscalationKind = keyof typeof ESCALATION_KINDS;

/** What a unit has done on a task. */
export interface UnitProgress {
  /** Latest reported percentage, 0 when nothing was reported. */
  percent: number;
  reports: number;
  /** Evidence not known to be broken (resolving or not yet checked). */
  liveEvidence: number;
}

/**
 * One unit's status on one task as of `today` (YYYY-MM-DD, Asia/Shanghai):
 * - by: done when complete (100% + live evidence); overdue after the date; in progress once reported.
 * - ongoing (持续推进): ongoing once reported; there is no end date, so never overdue.
 * - byThenOngoing: as `by` until complete, then ongoing.
 */
export function unitStatus(deadline: Deadline, p: UnitProgress, today: string): TaskStatus {
  const complete = p.percent >= 100 && p.liveEvidence > 0;
  if (deadline.kind === 'ongoing') return p.reports > 0 || p.liveEvidence > 0 ? 'ongoing' : 'not_started';
  if (complete) return deadline.kind === 'by' ? 'done' : 'ongoing';
  if (today > deadline.date) return 'overdue';
  return p.reports > 0 || p.percent > 0 ? 'in_progress' : 'not_started';
}

/** A task's status from its units': overdue if any is; done/ongoing only when all are; else progress. */
export function taskStatus(unitStatuses: TaskStatus[]): TaskStatus {
  if (unitStatuses.length === 0) return 'not_started';
  if (unitStatuses.includes('overdue')) return 'overdue';
  if (unitStatuses.every((s) => s === 'done')) return 'done';
  if (unitStatuses.every((s) => s === 'done' || s === 'ongoing')) return 'ongoing';
  if (unitStatuses.every((s) => s === 'not_started')) return 'not_started';
  return 'in_progress';
}

/** Done and ongoing (the continuing work is being carried out) count as fulfilled. */
export const isFulfilled = (s: TaskStatus) => s === 'done' || s === 'ongoing';

export interface StatusCounts {
  total: number;
  byStatus: Record<TaskStatus, number>;
  /** Fulfilled share, 0–100, one decimal. */
  completionPercent: number;
}

export function countStatuses(statuses: TaskStatus[]): StatusCounts {
  const byStatus = { not_started: 0, in_progress: 0, done: 0, overdue: 0, ongoing: 0 } as Record<
    TaskStatus,
    number
  >;
  for (const s of statuses) byStatus[s]++;
  const fulfilled = byStatus.done + byStatus.ongoing;
  return {
    total: statuses.length,
    byStatus,
    completionPercent: statuses.length ? Math.round((fulfilled / statuses.length) * 1000) / 10 : 0,
  };
}

/** Days before a deadline when the unit is reminded. */
export const REMINDER_DAYS = [10, 3] as const;

/** Whole days from `today` to `date` (negative when past). */
export function daysUntil(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * Which reminder is due for an unfinished dated task: the tightest threshold reached (a missed run
 * still reminds), or 'overdue' after the date; null when none yet. Dedupe keys make each one once.
 */
export function reminderDue(deadlineDate: string, today: string): { key: string; days: number } | null {
  const d = daysUntil(today, deadlineDate);
  if (d < 0) return { key: 'overdue', days: d };
  const reached = REMINDER_DAYS.filter((t) => d <= t);
  if (reached.length === 0) return null;
  const t = Math.min(...reached);
  return { key: `d${t}`, days: d };
}

/** Evidence URLs: site-relative paths for published content; http(s) for external pages. */
export function checkEvidenceUrl(kind: EvidenceKind, url: string): string | null {
  const u = url.trim();
  if (kind === 'url')
    return /^https?:\/\/[^\s/]+\.[^\s]*$/.test(u) ? null : '外部链接须以 http:// 或 https:// 开头';
  if (!u.startsWith('/') || u.startsWith('//') || /\s|\\/.test(u))
    return '本站内容请填写站内路径，如 /topics/digital-economy';
  return null;
}
