/**
 * What every page needs to render the shell: who is signed in, elder mode, the CSRF token for
 * forms, the site's footer details and the current path. Built per request by web/plugin.ts.
 */
import type { UserActor } from '../context.ts';

export interface SiteInfo {
  /** Site name shown in the header: the government the site is the portal of (e.g. 某县人民政府). */
  name: string;
  /** 主办单位 */
  sponsor: string;
  /** 联系方式 */
  contact: string;
  /** 网站标识码 */
  siteCode: string;
  /** ICP备案号 */
  icp: string;
  /** 公安机关备案号 */
  psb: string;
  /** The government's level (portal/service.ts SITE_LEVELS); absent = not set. */
  level?: string;
  /** 上级人民政府 (e.g. the city's government for a district): the 复议机关 of the site's own government when the org tree has none above it. */
  parentGovernment: string;
  /** Letters (2–8, A–Z) in the site's FOI application numbers, e.g. YSQ in 2026-YSQ-00001; absent = YSQ. */
  numberPrefix?: string;
  /** Whether the values are sample data (the demo marks them so). */
  sample: boolean;
}

export interface PageContext {
  user: UserActor | null;
  elder: boolean;
  csrfToken: string;
  site: SiteInfo;
  path: string;
  /** Unread inbox count for staff. */
  unread: number;
}
