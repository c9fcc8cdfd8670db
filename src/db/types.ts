/**
 * The database's table types: each module declares its own tables in `modules/X/tables.ts`; this
 * interface only composes them. Row types stay inside the modules' stores and mappers.
 */
import type { OrgTables } from '../modules/org/tables.ts';
import type { AuthTables } from '../modules/auth/tables.ts';
import type { AuditTables } from '../modules/audit/tables.ts';
import type { JobTables } from '../modules/jobs/tables.ts';
import type { NotificationTables } from '../modules/notifications/tables.ts';
import type { LedgerTables } from '../modules/ledger/tables.ts';
import type { MediaTables } from '../modules/media/tables.ts';
import type { ZoneTables } from '../modules/zones/tables.ts';
import type { InquiryTables } from '../modules/inquiry/tables.ts';
import type { ConsultationTables } from '../modules/consultation/tables.ts';
import type { NormativeTables } from '../modules/normative/tables.ts';
import type { CalendarTables } from '../modules/calendar/tables.ts';
import type { FoiTables } from '../modules/foi/tables.ts';
import type { ReportTables } from '../modules/report/tables.ts';
import type { PrivacyTables } from '../modules/privacy/tables.ts';
import type { SearchTables } from '../modules/search/tables.ts';
import type { ContentTables } from '../modules/content/tables.ts';
import type { InspectionTables } from '../modules/inspection/tables.ts';
import type { CatalogueTables } from '../modules/catalogue/tables.ts';
import type { WebhookTables } from '../modules/webhooks/tables.ts';
import type { SharedStateTables } from '../platform/tables.ts';

// One interface per line: each module adds its own line.
export interface DB
  extends
    OrgTables,
    AuthTables,
    AuditTables,
    JobTables,
    NotificationTables,
    LedgerTables,
    MediaTables,
    ZoneTables,
    InquiryTables,
    ConsultationTables,
    NormativeTables,
    CalendarTables,
    FoiTables,
    ReportTables,
    PrivacyTables,
    SearchTables,
    ContentTables,
    InspectionTables,
    CatalogueTables,
    WebhookTables,
    SharedStateTables {
  settings: { key: string; value: string };
}
