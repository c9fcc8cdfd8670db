/** 政策咨询 (policy inquiries): statuses, the answer deadline on working days, ages, the personal-information check. */
import chineseDays from 'chinese-days';
import { addDays, isIsoDate } from '../../lib/time.ts';
import { isResidentId, normaliseMobile, toHalfWidth } from '../../lib/identifiers.ts';

export const INQUIRY_STATUS = { pending: '待答复', answered: '已答复', invalid: '无效留言' } as const;
export type InquiryStatus = keyof typeof INQUIRY_STATUS;

export const INQUIRY_CHANNELS = { web: '网上咨询', window: '专区窗口', phone: '电话' } as const;
export type InquiryChannel = keyof typeof INQUIRY_CHANNELS;

export const ASKER_KINDS = { person: '个人', enterprise: '企业或其他组织' } as const;
export type AskerKind = keyof typeof ASKER_KINDS;

/** Default answer limit in working days (our convention; the openness office may change it). */
export const DEFAULT_ANSWER_WORKDAYS = 5;
export const ANSWER_WORKDAYS_SETTING = 'inquiry.answerWorkdays';

/**
 * Working day: the chinese-days calendar (State Council notices incl. 调休). When the district
 * calendar module lands, this should read the admin-entered notices through it instead.
 */
export const isWorkingDay = (date: string): boolean => chineseDays.isWorkday(date);

/**
 * The n-th working day after `date` (the day itself not counted — 期间开始之日不计算在内, as the FOI
 * clock counts in rules.md §1).
 */
export function addWorkdays(date: string, n: number, workday: (d: string) => boolean = isWorkingDay): string {
  if (!isIsoDate(date)) throw new Error(`not a date: ${date}`);
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (workday(d)) left--;
  }
  return d;
}

/** Calendar months later, clamped to the month's last day (2022-11-30 + 3 → 2023-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// 国办秘函〔2019〕19号 单项否决: "对网民留言…超过3个月未回复". We warn from 30 days on, and loudly from 60.
export const AGE_WARN_DAYS = 30;
export const AGE_ALARM_DAYS = 60;

export type AgeLevel = 'on_time' | 'due_today' | 'overdue' | 'warning' | 'alarm' | 'veto';

export const AGE_LEVELS: Record<AgeLevel, string> = {
  on_time: '办理中',
  due_today: '今日到期',
  overdue: '已超过答复期限',
  warning: '超过 30 天未答复',
  alarm: '超过 60 天未答复，临近 3 个月单项否决',
  veto: '超过 3 个月未答复（单项否决）',
};

/** How urgent an unanswered valid inquiry is on `today`. */
export function ageLevel(receivedDate: string, dueDate: string, today: string): { level: AgeLevel; ageDays: number } {
  const ageDays = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${receivedDate}T00:00:00Z`)) / 86_400_000);
  let level: AgeLevel = 'on_time';
  if (today > addMonths(receivedDate, 3)) level = 'veto';
  else if (ageDays >= AGE_ALARM_DAYS) level = 'alarm';
  else if (ageDays >= AGE_WARN_DAYS) level = 'warning';
  else if (today > dueDate) level = 'overdue';
  else if (today === dueDate) level = 'due_today';
  return { level, ageDays };
}

export type PersonalInfoKind = 'resident_id' | 'mobile';
export const PERSONAL_INFO_KINDS: Record<PersonalInfoKind, string> = { resident_id: '身份证号码', mobile: '手机号码' };

/**
 * A simple personal-information check (rules.md §7) for text about to be shown publicly: resident ID
 * numbers (GB 11643 check) and mobile numbers in their written forms. The full publishing gate
 * (bank cards, addresses, attachments, reviewer override) is the publishing module's; wire it here
 * when it lands.
 */
export function findPersonalInfo(text: string): { kind: PersonalInfoKind; match: string }[] {
  const s = toHalfWidth(text);
  const out: { kind: PersonalInfoKind; match: string }[] = [];
  for (const m of s.matchAll(/(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g)) {
    if (isResidentId(m[1])) out.push({ kind: 'resident_id', match: m[1] });
  }
  for (const m of s.matchAll(/(?<!\d)(?:(?:\+|00)?86[\s\-]?)?1[3-9]\d(?:[\s\-]?\d){8}(?!\d)/g)) {
    if (normaliseMobile(m[0])) out.push({ kind: 'mobile', match: m[0] });
  }
  return out;
}

/** Chinese message naming what was found, or null when the text is clean. */
export function personalInfoProblem(text: string): string | null {
  const found = findPersonalInfo(text);
  if (!found.length) return null;
  const kinds = [...new Set(found.map((f) => PERSONAL_INFO_KINDS[f.kind]))].join('、');
  return `内容中含有个人信息（${kinds}），请删除或打码后再提交`;
}

/** Tracking number: ZX + year + 5-digit sequence. */
export const inquiryNumber = (year: string, seq: number) => `ZX${year}-${String(seq).padStart(5, '0')}`;

/** A policy document link on an FAQ: a title and an http(s) or site-relative URL. */
export interface PolicyLink {
  title: string;
  url: string;
}

export function linkProblem(l: PolicyLink): string | null {
  if (!l.title.trim()) return '请填写政策文件标题';
  if (!/^(https?:\/\/[^\s]+|\/[^\s/][^\s]*)$/.test(l.url.trim())) return '政策文件链接须为 http(s):// 开头的网址或本站路径';
  return null;
}
