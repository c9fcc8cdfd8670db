/** Kysely table types of the calendar module. Only calendar/store.ts touches them. */
import type { Generated } from 'kysely';

export interface CalendarNoticeTable {
  id: Generated<number>;
  year: number;
  /** JSON array of 'YYYY-MM-DD' days off. */
  days_off: string;
  /** JSON array of 'YYYY-MM-DD' 调休 working Saturdays/Sundays. */
  working_weekends: string;
  /** The notice's name and number, e.g. 国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）. */
  source: string;
  entered_by: string;
  entered_by_id: number | null;
  entered_at: string;
  /** When a later notice for the same year replaced this one; null = current. */
  superseded_at: string | null;
  is_sample: number;
}

export interface CalendarTables {
  calendar_notices: CalendarNoticeTable;
}
