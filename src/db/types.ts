/**
 * The database's table types: each module declares its own tables in `modules/X/tables.ts`; this
 * interface only composes them. Row types stay inside the modules' stores and mappers.
 */
import type { OrgTables } from '../modules/org/tables.ts';
import type { AuthTables } from '../modules/auth/tables.ts';
import type { AuditTables } from '../modules/audit/tables.ts';
import type { JobTables } from '../modules/jobs/tables.ts';
import type { NotificationTables } from '../modules/notifications/tables.ts';
import type { PrivacyTables } from '../modules/privacy/tables.ts';
import type { SearchTables } from '../modules/search/tables.ts';
import type { ContentTables } from '../modules/content/tables.ts';

export interface DB extends OrgTables, AuthTables, AuditTables, JobTables, NotificationTables, PrivacyTables, ContentTables, SearchTables {
  settings: { key: string; value: string };
}
