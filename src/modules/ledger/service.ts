/**
 * Ledger use cases: import a 工作要点 with its 任务台账, unit ledgers (own tasks, sub-tasks, progress,
 * evidence), status and reminders, supervision (督导, 整改, 约谈/通报批评), and the figures the
 * dashboard and the annual report use ("本要点落实情况纳入政府信息公开工作年度报告": ledgerSummary).
 * The use cases live in service/ by subject; this file lists them for other modules.
 */
export type {
  WorkPlan,
  TaskRecord,
  ProgressReport,
  Evidence,
  Inspection,
  Rectification,
  Escalation,
  Attachment,
} from './store.ts';
export * from './service/plans.ts';
export * from './service/units.ts';
export * from './service/supervision.ts';
export * from './service/figures.ts';
export * from './service/jobs.ts';
