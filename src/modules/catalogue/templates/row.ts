/** Shorthand for template rows and their set type (kept apart from index.ts so the data files import no cycle). */
import type { Confidence, EntryFields, Scope, Witness } from '../model.ts';

/** A shipped row: the table's cells, and (for rows rebuilt from copies) how far it can be trusted. */
export interface Row extends Omit<EntryFields, 'domain' | 'toCheck'> {
  /** 可信度; absent for rows typed from a law's text (村务公开) or sample data. */
  confidence?: Confidence;
  /** 可信度 as the reference notes word it. */
  confidenceNote?: string;
  witnesses?: Witness[];
  /** 备注: differences between copies, cells filled in without a copy. */
  note?: string;
}

export interface TemplateSet {
  domain: string;
  scope: Scope;
  /** The document the rows were typed from, with its issuer; '' for sample data. */
  source: string;
  isSample: boolean;
  /**
   * Raised whenever the shipped rows or the source change: installations holding an older revision
   * get the new rows at upgrade (upgrade.ts), except rows the office edited.
   */
  revision: number;
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
