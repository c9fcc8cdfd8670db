/** 政策咨询 (policy inquiries): statuses, ages, FAQ links. Working days come from the calendar module. */

export const INQUIRY_STATUS = { pending: '待答复', answered: '已答复', invalid: '无效留言' } as const;
export type InquiryStatus = keyof typeof INQUIRY_STATUS;

export const INQUIRY_CHANNELS = { web: '网上咨询', window: '专区窗口', phone: '电话' } as const;
export type InquiryChannel = keyof typeof INQUIRY_CHANNELS;

export const ASKER_KINDS = { person: '个人', enterprise: '企业或其他组织' } as const;
export type AskerKind = keyof typeof ASKER_KINDS;

/** Default answer limit in working days (our convention; the openness office may change it). */
export const DEFAULT_ANSWER_WORKDAYS = 5;
export const ANSWER_WORKDAYS_SETTING = 'inquiry.answerWorkdays';

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
export function ageLevel(
  receivedDate: string,
  dueDate: string,
  today: string,
): { level: AgeLevel; ageDays: number } {
  const ageDays = Math.round(
    (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${receivedDate}T00:00:00Z`)) / 86_400_000,
  );
  let level: AgeLevel = 'on_time';
  if (today > addMonths(receivedDate, 3)) level = 'veto';
  else if (ageDays >= AGE_ALARM_DAYS) level = 'alarm';
  else if (ageDays >= AGE_WARN_DAYS) level = 'warning';
  else if (today > dueDate) level = 'overdue';
  else if (today === dueDate) level = 'due_today';
  return { level, ageDays };
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
  if (!/^(https?:\/\/[^\s]+|\/[^\s/][^\s]*)$/.test(l.url.trim()))
    return '政策文件链接须为 http(s):// 开头的网址或本站路径';
  return null;
}
