/** The site's identity and footer facts (rules.md §9): the defaults, the fields an operator sets, their checks. */
import type { SiteInfo } from '../../web/page.ts';

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
