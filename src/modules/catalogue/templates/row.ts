/** Shorthand for template rows and their set type (kept apart from index.ts so the data files import no cycle). */
import type { EntryFields, Scope } from '../model.ts';

export type Row = Omit<EntryFields, 'domain'>;

export interface TemplateSet {
  domain: string;
  scope: Scope;
  /** The document the rows were typed from, with its issuer; '' for sample data. */
  source: string;
  isSample: boolean;
  entries: Row[];
}

/** A row with the usual ticks: 全社会, 主动, both levels unless given. */
export function row(
  item1: string,
  item2: string,
  content: string,
  basis: string,
  timeLimit: string,
  subject: string,
  channels: string[],
  over: Partial<Row> = {},
): Row {
  return {
    item1,
    item2,
    content,
    basis,
    timeLimit,
    subject,
    channels,
    audience: ['all'],
    mode: ['proactive'],
    level: ['county', 'township'],
    ...over,
  };
}
