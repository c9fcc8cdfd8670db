/**
 * The statutory FOI clock (依申请公开答复期限): pure — the case's receipt date and events plus a
 * working-day calendar in, the due date and every step of how it was reached out. Rules in
 * product/rules.md §1; our conventions are named as such in the explanation shown to people.
 *
 * Counting (our convention, from 期间开始之日不计算在内): the receipt day is not counted; working
 * day 1 is the first working day after it. Events apply in date order (stable for equal dates):
 * - correction requested: the clock stops, no running due date, until the correction arrives on C;
 *   then it restarts: due = 20th working day after C (条例第三十条).
 * - extension: due = 20th working day after the current due (条例第三十三条第二款).
 * - consultation S..E: the k working days in (S, E] do not count: due = k-th working day after the
 *   current due (条例第三十二条、第三十四条、第三十三条第三款).
 * - fee notice N..payment P: likewise excluded (our convention, 国办函〔2020〕109号).
 * - excessive date (条例第三十五条): the date set replaces the due date (moved to the next working day
 *   when it is not one, 民法典第二百零三条).
 * - closed: later events are ignored.
 * While a consultation or fee is pending, `dueDate` is the latest possible due date: as if the
 * pause lasted its whole allowed period (15 / 20 working days); it shrinks when the pause ends.
 * Overlapping pauses each add their own days (the office should not run two at once).
 * Dates must be real `YYYY-MM-DD` dates (the caller validates them); anything else throws RangeError.
 */
import { dateOfDay, dayNumber, type WorkingCalendar } from '../calendar/model.ts';

export type ClockEvent =
  | { type: 'correction_requested'; on: string; periodDays?: number } // default 15 working days
  | { type: 'correction_received'; on: string }
  | { type: 'extension'; on: string }
  | { type: 'consultation_started'; on: string; party: 'third_party' | 'agency' }
  | { type: 'consultation_ended'; on: string }
  | { type: 'fee_notice'; on: string }
  | { type: 'fee_paid'; on: string }
  | { type: 'excessive_date_set'; on: string; dueDate: string }
  | { type: 'closed'; on: string };

export interface ClockSpan {
  kind: 'counted' | 'excluded';
  from: string;
  to: string;
  workingDays: number;
  reason: string;
}

export interface ClockResult {
  receivedOn: string;
  dueDate: string | null;
  provisional: boolean;
  /** 7th working day after receipt (第三十条). */
  correctionNoticeDue: string;
  /** When a correction is pending: end of its period. */
  correctionDeadline: string | null;
  /** 15 working days after a pending consultation started. */
  consultationDeadline: string | null;
  /** 20 working days from the day after the fee notice, while the fee is unpaid. */
  feePaymentDeadline: string | null;
  paused: null | 'correction' | 'consultation' | 'fee';
  /** The day the case closed (a 'closed' event), or null. */
  closedOn: string | null;
  spans: ClockSpan[];
  /** Chinese lines: how the due date was computed, step by step. */
  explanation: string[];
}

/** 条例第三十三条第一款: 20 working days from receipt. */
export const REPLY_PERIOD = 20;
/** 条例第三十三条第二款: an extension adds at most 20 working days. */
export const EXTENSION_PERIOD = 20;
/** 条例第三十条: the correction notice goes out within 7 working days of receipt. */
export const CORRECTION_NOTICE_PERIOD = 7;
/** Our default correction period (editable per case). */
export const DEFAULT_CORRECTION_PERIOD = 15;
/** 条例第三十二条: a third party has 15 working days; 第三十四条: an agency silent for 15 working days agrees. */
export const CONSULTATION_PERIOD = 15;
/** 国办函〔2020〕109号: pay within 20 working days from the day after receiving the fee notice. */
export const FEE_PAYMENT_PERIOD = 20;

const PARTY = { third_party: '第三方', agency: '其他机关' } as const;

/** The events in date order, stable for equal dates (the order they were recorded in). */
function ordered(events: ClockEvent[]): ClockEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.on < b.e.on ? -1 : a.e.on > b.e.on ? 1 : a.i - b.i))
    .map((x) => x.e);
}

export function computeClock(receivedOn: string, events: ClockEvent[], cal: WorkingCalendar): ClockResult {
  const spans: ClockSpan[] = [];
  const explanation: string[] = [];
  const add = (d: string, n: number) => cal.addWorkingDays(d, n);
  /** Dates whose year decides whether the result is provisional. */
  const touched: [string, string][] = [];

  const first = add(receivedOn, 1);
  let due: string | null = add(receivedOn, REPLY_PERIOD);
  const correctionNoticeDue = add(receivedOn, CORRECTION_NOTICE_PERIOD);
  spans.push({
    kind: 'counted',
    from: receivedOn,
    to: due,
    workingDays: REPLY_PERIOD,
    reason: '法定答复期限 20 个工作日（条例第三十三条第一款）',
  });
  touched.push([receivedOn, due], [receivedOn, correctionNoticeDue]);
  explanation.push(
    `${receivedOn} 收到申请（当日不计入）；第1个工作日为 ${first}；答复期限 ${due}（第${REPLY_PERIOD}个工作日，条例第三十三条第一款）${skipped(cal, receivedOn, due)}。`,
  );
  explanation.push(
    `如需补正，补正通知应于 ${correctionNoticeDue} 前发出（收到申请后第${CORRECTION_NOTICE_PERIOD}个工作日，条例第三十条）。`,
  );

  let paused: ClockResult['paused'] = null;
  let correctionDeadline: string | null = null;
  let consultation: { start: string; party: 'third_party' | 'agency'; deadline: string } | null = null;
  let fee: { notice: string; deadline: string } | null = null;
  let closedOn: string | null = null;
  let extended = false;

  for (const ev of ordered(events)) {
    if (closedOn) {
      explanation.push(`${ev.on} 的事件在结案（${closedOn}）之后，不影响期限。`);
      continue;
    }
    switch (ev.type) {
      case 'correction_requested': {
        const period = ev.periodDays ?? DEFAULT_CORRECTION_PERIOD;
        correctionDeadline = add(ev.on, period);
        touched.push([ev.on, correctionDeadline]);
        paused = 'correction';
        due = null;
        explanation.push(
          `${ev.on} 发出补正通知，补正期限 ${period} 个工作日，至 ${correctionDeadline}；补正期间答复期限停止计算，自收到补正材料之日起重新计算（条例第三十条）。逾期未补正的，视为放弃申请。`,
        );
        break;
      }
      case 'correction_received': {
        const newDue = add(ev.on, REPLY_PERIOD);
        spans.push({
          kind: 'excluded',
          from: receivedOn,
          to: ev.on,
          workingDays: cal.workingDaysBetween(receivedOn, ev.on),
          reason: '补正：收到补正材料前的时间不计算，答复期限自收到补正之日起重新计算（条例第三十条）',
        });
        spans.push({
          kind: 'counted',
          from: ev.on,
          to: newDue,
          workingDays: REPLY_PERIOD,
          reason: '补正后重新计算的答复期限 20 个工作日（条例第三十条、第三十三条）',
        });
        touched.push([ev.on, newDue]);
        explanation.push(
          `${ev.on} 收到补正材料（当日不计入），答复期限重新计算：第1个工作日为 ${add(ev.on, 1)}；答复期限 ${newDue}（第${REPLY_PERIOD}个工作日）${skipped(cal, ev.on, newDue)}。`,
        );
        due = newDue;
        correctionDeadline = null;
        if (paused === 'correction') paused = null;
        break;
      }
      case 'extension': {
        if (due === null) {
          explanation.push(`${ev.on} 延长答复期限：补正期间没有正在计算的答复期限，本次延长不改变期限。`);
          break;
        }
        const newDue = add(due, EXTENSION_PERIOD);
        spans.push({
          kind: 'counted',
          from: due,
          to: newDue,
          workingDays: EXTENSION_PERIOD,
          reason:
            '经政府信息公开工作机构负责人同意延长答复期限，延长不超过 20 个工作日（条例第三十三条第二款）',
        });
        touched.push([due, newDue]);
        explanation.push(
          `${ev.on} 经批准延长答复期限${extended ? '（注意：条例只允许延长一次）' : ''}：自原期限 ${due} 起再计 ${EXTENSION_PERIOD} 个工作日，新的答复期限 ${newDue}${skipped(cal, due, newDue)}（条例第三十三条第二款）。`,
        );
        extended = true;
        due = newDue;
        break;
      }
      case 'consultation_started': {
        const deadline = add(ev.on, CONSULTATION_PERIOD);
        consultation = { start: ev.on, party: ev.party, deadline };
        touched.push([ev.on, deadline]);
        if (paused === null) paused = 'consultation';
        const basis = ev.party === 'third_party' ? '条例第三十二条' : '条例第三十四条';
        explanation.push(
          `${ev.on} 征求${PARTY[ev.party]}意见，征求意见所需时间不计算在答复期限内（条例第三十三条第三款）；${PARTY[ev.party]}应在 ${deadline} 前（${CONSULTATION_PERIOD} 个工作日）答复${ev.party === 'agency' ? '，逾期未答复的视为同意公开' : '，逾期未提出意见的由本机关依法决定'}（${basis}）。`,
        );
        break;
      }
      case 'consultation_ended': {
        if (!consultation) {
          explanation.push(`${ev.on} 记录了征求意见结束，但此前没有开始征求意见，不影响期限。`);
          break;
        }
        const k = Math.max(0, cal.workingDaysBetween(consultation.start, ev.on));
        spans.push({
          kind: 'excluded',
          from: consultation.start,
          to: ev.on,
          workingDays: k,
          reason: `征求${PARTY[consultation.party]}意见期间不计算（条例第三十三条第三款）`,
        });
        touched.push([consultation.start, ev.on]);
        if (due !== null) {
          const newDue = add(due, k);
          touched.push([due, newDue]);
          explanation.push(
            `${ev.on} 征求意见结束：${consultation.start}（不计入）至 ${ev.on} 共 ${k} 个工作日不计算，答复期限自 ${due} 顺延 ${k} 个工作日至 ${newDue}${skipped(cal, due, newDue)}。`,
          );
          due = newDue;
        } else {
          explanation.push(`${ev.on} 征求意见结束（${k} 个工作日）；补正期间没有正在计算的答复期限。`);
        }
        consultation = null;
        if (paused === 'consultation') paused = fee ? 'fee' : null;
        break;
      }
      case 'fee_notice': {
        const deadline = add(ev.on, FEE_PAYMENT_PERIOD);
        fee = { notice: ev.on, deadline };
        touched.push([ev.on, deadline]);
        if (paused === null) paused = 'fee';
        explanation.push(
          `${ev.on} 发出收费通知；申请人应在 ${deadline} 前缴费（自收到通知次日起 ${FEE_PAYMENT_PERIOD} 个工作日，国办函〔2020〕109号），逾期未缴纳的视为放弃申请。自通知至缴费的时间不计算在答复期限内（本系统约定）。`,
        );
        break;
      }
      case 'fee_paid': {
        if (!fee) {
          explanation.push(`${ev.on} 记录了缴费，但此前没有收费通知，不影响期限。`);
          break;
        }
        const k = Math.max(0, cal.workingDaysBetween(fee.notice, ev.on));
        spans.push({
          kind: 'excluded',
          from: fee.notice,
          to: ev.on,
          workingDays: k,
          reason: '自收费通知至缴费的时间不计算（本系统约定，参照征求意见）',
        });
        touched.push([fee.notice, ev.on]);
        if (due !== null) {
          const newDue = add(due, k);
          touched.push([due, newDue]);
          explanation.push(
            `${ev.on} 缴纳信息处理费：${fee.notice}（不计入）至 ${ev.on} 共 ${k} 个工作日不计算，答复期限自 ${due} 顺延 ${k} 个工作日至 ${newDue}${skipped(cal, due, newDue)}。`,
          );
          due = newDue;
        } else {
          explanation.push(`${ev.on} 缴纳信息处理费（${k} 个工作日）；补正期间没有正在计算的答复期限。`);
        }
        fee = null;
        if (paused === 'fee') paused = consultation ? 'consultation' : null;
        break;
      }
      case 'excessive_date_set': {
        const set = cal.nextWorkingDayOnOrAfter(ev.dueDate);
        touched.push([ev.on, set]);
        explanation.push(
          `${ev.on} 因申请数量、频次明显超过合理范围，确定延迟答复的合理期限 ${ev.dueDate}${set !== ev.dueDate ? `（该日不是工作日，顺延至 ${set}，民法典第二百零三条）` : ''}，取代原答复期限${due ? ` ${due}` : ''}（条例第三十五条）。`,
        );
        spans.push({
          kind: 'counted',
          from: ev.on,
          to: set,
          workingDays: cal.workingDaysBetween(ev.on, set),
          reason: '申请数量、频次明显超过合理范围，机关确定的合理期限（条例第三十五条）',
        });
        due = set;
        correctionDeadline = null;
        if (paused === 'correction') paused = null;
        break;
      }
      case 'closed': {
        closedOn = ev.on;
        paused = null;
        correctionDeadline = null;
        consultation = null;
        fee = null;
        explanation.push(
          `${ev.on} 办结${due ? (ev.on <= due ? `，在答复期限 ${due} 内` : `，超过答复期限 ${due}（逾期 ${cal.workingDaysBetween(due, ev.on)} 个工作日）`) : ''}。`,
        );
        break;
      }
    }
  }

  // A pending pause: the latest possible due date, as if it used its whole period.
  let dueDate = due;
  if (dueDate !== null && !closedOn) {
    if (consultation) {
      const k = cal.workingDaysBetween(consultation.start, consultation.deadline);
      dueDate = add(dueDate, k);
      touched.push([due!, dueDate]);
      explanation.push(
        `征求意见尚未结束：若至 ${consultation.deadline} 才结束，答复期限至迟为 ${dueDate}；结束后按实际天数重新计算。`,
      );
    }
    if (fee) {
      const base = dueDate;
      const k = cal.workingDaysBetween(fee.notice, fee.deadline);
      dueDate = add(base, k);
      touched.push([base, dueDate]);
      explanation.push(
        `信息处理费尚未缴纳：若于 ${fee.deadline} 缴费，答复期限至迟为 ${dueDate}；缴费后按实际天数重新计算。`,
      );
    }
  }
  if (paused === 'correction')
    explanation.push(`正在等待补正（期限 ${correctionDeadline}），答复期限暂停计算。`);
  else if (dueDate && !closedOn) explanation.push(`当前答复期限：${dueDate}。`);

  const provisional = touched.some(([a, b]) => {
    const [from, to] = a <= b ? [a, b] : [b, a];
    for (let y = +from.slice(0, 4); y <= +to.slice(0, 4); y++) if (!cal.hasOfficialData(y)) return true;
    return false;
  });
  if (provisional)
    explanation.push(
      '注意：计算涉及尚未公布放假安排的年份，按法定节假日预估，国务院通知公布后将重新计算（预估）。',
    );

  return {
    receivedOn,
    dueDate,
    provisional,
    correctionNoticeDue,
    correctionDeadline,
    consultationDeadline: consultation?.deadline ?? null,
    feePaymentDeadline: fee?.deadline ?? null,
    paused,
    closedOn,
    spans,
    explanation,
  };
}

/** Working days left until the due date (negative when overdue), or null without a running due date or once closed. */
export function daysLeft(
  result: ClockResult,
  today: string,
  cal: WorkingCalendar,
): { workingDaysLeft: number; overdue: boolean } | null {
  if (result.dueDate === null || result.closedOn !== null) return null;
  return { workingDaysLeft: cal.workingDaysBetween(today, result.dueDate), overdue: today > result.dueDate };
}

/** "；其间 2022-04-03 至 2022-04-05 清明放假、2022-04-24 调休上班" — the irregular days a count went over. */
function skipped(cal: WorkingCalendar, from: string, to: string): string {
  const days = cal.irregularDays(from, to);
  if (days.length === 0) return '';
  const groups: { from: string; to: string; working: boolean; name: string }[] = [];
  for (const d of days) {
    const last = groups[groups.length - 1];
    if (last && last.working === d.working && last.name === d.name && nextDay(last.to) === d.date)
      last.to = d.date;
    else groups.push({ from: d.date, to: d.date, working: d.working, name: d.name });
  }
  const text = groups.map((g) => {
    const range = g.from === g.to ? g.from : `${g.from} 至 ${g.to}`;
    if (g.working) return `${range} ${g.name.endsWith('上班') ? g.name : `${g.name}（调休上班）`}（计入）`;
    return `${range} ${g.name}放假（不计入）`;
  });
  return `；其间 ${text.join('、')}`;
}

function nextDay(date: string): string {
  return dateOfDay(dayNumber(date) + 1);
}
