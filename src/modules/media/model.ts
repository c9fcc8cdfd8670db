/** 政务新媒体 (new-media accounts): the registry's vocabulary and the freshness rules (rules.md §8). */
import { addDays } from '../../lib/time.ts';

export const PLATFORMS = {
  wechat: '微信公众号',
  weibo: '微博',
  douyin: '抖音',
  toutiao: '今日头条',
  channels: '视频号',
  kuaishou: '快手',
  other: '其他',
} as const;
export type Platform = keyof typeof PLATFORMS;

export const LEVELS = { district: '区级', department: '部门', township: '乡街' } as const;
export type Level = keyof typeof LEVELS;

export const ACCOUNT_STATUS = { active: '运营中', closed: '已关停' } as const;
export type AccountStatus = keyof typeof ACCOUNT_STATUS;

export const FILING_KINDS = { open: '开设备案', change: '变更备案', close: '关停注销备案' } as const;
export type FilingKind = keyof typeof FILING_KINDS;

export const FILING_STATUS = { submitted: '待审核', approved: '已通过', rejected: '已退回' } as const;
export type FilingStatus = keyof typeof FILING_STATUS;

/** The fields that describe an account (what an open or change filing proposes). */
export interface AccountFields {
  platform: Platform;
  accountName: string;
  platformAccountId: string;
  orgId: number;
  operator: string;
  responsiblePerson: string;
  level: Level;
}

export interface MediaAccount extends AccountFields {
  id: number;
  status: AccountStatus;
  lastUpdateDate: string | null;
  interactionOk: boolean | null;
  checkedOn: string | null;
  isSample: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Field-level problems with proposed account fields (Chinese, keyed by field); empty when fine. */
export function accountFieldProblems(f: Partial<AccountFields>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!f.platform || !(f.platform in PLATFORMS)) out.platform = '请选择平台';
  if (!f.accountName?.trim()) out.accountName = '请填写账号名称';
  else if (f.accountName.length > 60) out.accountName = '账号名称不超过 60 个字';
  const pid = f.platformAccountId?.trim() ?? '';
  if (!pid) out.platformAccountId = '请填写平台账号 ID（如微信原始 ID、微博 UID、抖音号），不能只填显示名称';
  else if (!/^[A-Za-z0-9_.\-@]{2,64}$/.test(pid))
    out.platformAccountId = '平台账号 ID 只能包含字母、数字和 _ . - @，2–64 位';
  if (!f.orgId) out.orgId = '请选择主办单位';
  if (!f.operator?.trim()) out.operator = '请填写运营单位或运营人';
  if (!f.responsiblePerson?.trim()) out.responsiblePerson = '请填写责任人';
  if (!f.level || !(f.level in LEVELS)) out.level = '请选择账号级别';
  return out;
}

// 国办秘函〔2019〕19号 单项否决: 政务新媒体 "监测时间点前2周内无更新", "互动功能不可用".
export const STALE_AFTER_DAYS = 14;
/** Warn the owner a few days before the two weeks run out. */
export const WARN_AFTER_DAYS = 10;

export type FreshnessFlag =
  'no_record' | 'stale' | 'stale_soon' | 'interaction_broken' | 'interaction_unchecked';

export const FRESHNESS_FLAGS: Record<FreshnessFlag, string> = {
  no_record: '未登记更新情况',
  stale: '超过 2 周未更新（单项否决）',
  stale_soon: '即将满 2 周未更新',
  interaction_broken: '互动功能不可用（单项否决）',
  interaction_unchecked: '未检查互动功能',
};

export interface Freshness {
  flags: FreshnessFlag[];
  /** Calendar days since the last update, or null when none is recorded. */
  daysSinceUpdate: number | null;
  /** True when a single-veto item fails. */
  failing: boolean;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Freshness of an active account on `today` (a Shanghai date): stale when its last update lies more
 * than 14 days before today (no update within the two weeks before the check); an interaction check
 * that failed is a single-veto failure too. Closed accounts are never flagged.
 */
export function freshnessOf(
  a: Pick<MediaAccount, 'status' | 'lastUpdateDate' | 'interactionOk'>,
  today: string,
): Freshness {
  if (a.status !== 'active') return { flags: [], daysSinceUpdate: null, failing: false };
  const flags: FreshnessFlag[] = [];
  let days: number | null = null;
  if (!a.lastUpdateDate) flags.push('no_record');
  else {
    days = daysBetween(a.lastUpdateDate, today);
    if (a.lastUpdateDate < addDays(today, -STALE_AFTER_DAYS)) flags.push('stale');
    else if (days >= WARN_AFTER_DAYS) flags.push('stale_soon');
  }
  if (a.interactionOk === false) flags.push('interaction_broken');
  else if (a.interactionOk == null) flags.push('interaction_unchecked');
  return {
    flags,
    daysSinceUpdate: days,
    failing: flags.includes('stale') || flags.includes('interaction_broken') || flags.includes('no_record'),
  };
}

/** Allowed filing documents: 备案表, 审批件 and screenshots (checked by content, not by name). */
export const DOCUMENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
