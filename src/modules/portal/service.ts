/** The site's identity and footer facts (rules.md §9), kept in settings; set at setup and by `gongkai site set`. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import { getSetting, putSetting } from '../../db/settings.ts';
import type { DB } from '../../db/types.ts';
import { badRequest } from '../../errors.ts';
import type { SiteInfo } from '../../web/page.ts';
import { auditedWrite } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';

/** What a fresh instance shows until setup names the office: no place, no filing numbers. */
export const DEFAULT_SITE: SiteInfo = {
  name: '政务公开平台（尚未完成初始设置）',
  sponsor: '尚未设置',
  contact: '尚未设置',
  siteCode: '',
  icp: '',
  psb: '',
  parentGovernment: '',
  sample: false,
};

/** The identity fields an operator sets, with their Chinese labels (setup form, `gongkai site set`). */
export const SITE_FIELDS = {
  name: '网站名称（本级人民政府名称）',
  sponsor: '主办单位',
  siteCode: '网站标识码',
  icp: 'ICP 备案号',
  psb: '公安机关备案号',
  contact: '联系方式',
  level: '政府层级',
  parentGovernment: '上级人民政府',
  numberPrefix: '依申请公开申请编号代码',
} as const;

export type SiteField = keyof typeof SITE_FIELDS;

/** The government's level, as 政府网站 are organised (国办发〔2017〕47号). */
export const SITE_LEVELS = {
  province: '省级',
  city: '地市级',
  county: '县级（区、县、县级市）',
  township: '乡镇（街道）',
} as const;

/** The site identity as set, over the defaults of a fresh instance. */
export async function getSiteInfo(db: Kysely<DB>): Promise<SiteInfo> {
  const value = await getSetting(db, 'site');
  return value !== undefined ? { ...DEFAULT_SITE, ...JSON.parse(value) } : DEFAULT_SITE;
}

/** Checks a site identity: the name and 主办单位 are required, the 网站标识码 is ten digits when given. */
export function siteProblems(site: Partial<SiteInfo>): Record<string, string> {
  const fields: Record<string, string> = {};
  if (!site.name?.trim()) fields.name = '请填写网站名称';
  else if (site.name.length > 50) fields.name = '网站名称不超过 50 个字';
  if (!site.sponsor?.trim()) fields.sponsor = '请填写主办单位';
  if (site.siteCode && !/^\d{10}$/.test(site.siteCode.trim())) fields.siteCode = '网站标识码为 10 位数字';
  if (site.numberPrefix != null && !/^[A-Z]{2,8}$/.test(site.numberPrefix))
    fields.numberPrefix = '申请编号代码为 2 至 8 个大写英文字母，如 YSQ';
  if (site.level && !(site.level in SITE_LEVELS))
    fields.level = `政府层级应为：${Object.keys(SITE_LEVELS).join('、')}`;
  for (const k of ['contact', 'icp', 'psb', 'parentGovernment'] as const)
    if ((site[k] ?? '').length > 100) fields[k] = '不超过 100 个字';
  return fields;
}

/** Sets the site identity (merged over the current one); audited. */
export async function saveSiteInfo(
  ctx: AppContext,
  actor: Actor,
  change: Partial<SiteInfo>,
): Promise<SiteInfo> {
  requirePermission(actor, 'settings.manage');
  const before = await getSiteInfo(ctx.db);
  const after: SiteInfo = {
    ...before,
    ...Object.fromEntries(Object.entries(change).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])),
  };
  // The application-number code is letters only; typed in lower case it means the same, left empty the default.
  if (typeof after.numberPrefix === 'string')
    after.numberPrefix = after.numberPrefix.toUpperCase() || undefined;
  const fields = siteProblems(after);
  if (Object.keys(fields).length) throw badRequest('网站信息有误，请检查后重新提交', fields);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await putSetting(trx, 'site', JSON.stringify(after));
      return after;
    },
    () => ({ action: 'site.update', objectType: 'setting', objectId: 'site', before, after }),
  );
}
