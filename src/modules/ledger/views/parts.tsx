/** What the ledger's pages share: a status as a tag, its colour in charts and its order. */
import { TASK_STATUSES, type TaskStatus } from '../model.ts';

export const STATUS_ORDER: TaskStatus[] = ['done', 'ongoing', 'in_progress', 'not_started', 'overdue'];
export const STATUS_COLORS: Record<TaskStatus, string> = {
  done: '#1a7f37',
  ongoing: '#0b5cad',
  in_progress: '#a35200',
  not_started: '#6b6b6b',
  overdue: '#b3261e',
};
export const STATUS_CLASS: Record<TaskStatus, string> = {
  done: 'status-ok',
  ongoing: 'status-ok',
  in_progress: 'status-warn',
  not_started: '',
  overdue: 'status-bad',
};

/** A task's or unit's status, coloured. */
export function StatusTag({ status }: { status: TaskStatus }) {
  return <span class={`ledger-status ${STATUS_CLASS[status]}`}>{TASK_STATUSES[status]}</span>;
}
