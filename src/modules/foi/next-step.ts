/**
 * The next legal step of a case, in plain words with its date, for the top of the handler's case
 * page. Pure: the state from the events (model.ts replay), the dates from the clock (clock.ts), the
 * working days from the calendar; "today" is the caller's Shanghai date (ctx.clock).
 */
import { chineseDate, dayOfWeek } from '../../lib/time.ts';
import type { WorkingCalendar } from '../calendar/model.ts';
import type { ClockResult } from './clock.ts';
import { replay, type CaseEvent } from './model.ts';
import { OUTCOMES, type OutcomeCode } from './outcomes.ts';

export interface NextStep {
  /** What to do, one short sentence: 「在 2022年3月29日（星期二）前答复申请人」. */
  action: string;
  /** The date it is due by, or null when nothing is due (awaiting confirmation, closed). */
  deadline: string | null;
  /** Working days from today to the deadline (negative once past), or null without a deadline. */
  workingDaysLeft: number | null;
  overdue: boolean;
  /** Why and what else, in plain sentences. */
  details: string[];
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** 2022-03-29 → 2022年3月29日（星期二）. */
export const plainDate = (date: string) => `${chineseDate(date)}（${WEEKDAYS[dayOfWeek(date)]}）`;

function left(
  cal: WorkingCalendar,
  today: string,
  deadline: string,
): { workingDaysLeft: number; overdue: boolean; words: string } {
  const overdue = today > deadline;
  const n = overdue ? -cal.workingDaysBetween(deadline, today) : cal.workingDaysBetween(today, deadline);
  const words = overdue ? `已过期 ${-n} 个工作日` : n === 0 ? '今天是最后一天' : `还有 ${n} 个工作日`;
  return { workingDaysLeft: n, overdue, words };
}
const counted = (l: ReturnType<typeof left>) => ({ workingDaysLeft: l.workingDaysLeft, overdue: l.overdue });

export interface NextStepInput {
  status: string;
  receivedOn: string | null;
  submittedOn: string;
  provisional: boolean;
  events: CaseEvent[];
  clock: ClockResult | null;
  today: string;
}

/** The next step of a case as of `today`. */
export function nextStep(a: NextStepInput, cal: WorkingCalendar): NextStep {
  const state = replay(a.receivedOn, a.events);
  const c = a.clock;
  const est = a.provisional ? '（预估：该年度放假安排尚未公布）' : '';
  if (state.closed) {
    const outcome = state.outcome ? OUTCOMES[state.outcome as OutcomeCode].row : '';
    return {
      action: `已于 ${plainDate(state.closedOn!)} 办结${outcome ? `：${outcome}` : ''}`,
      deadline: null,
      workingDaysLeft: null,
      overdue: false,
      details: [
        '申请人对答复不服的，可以自收到答复之日起 60 日内申请行政复议，或者 6 个月内提起行政诉讼；收到复议或诉讼的，请在本页“行政复议与行政诉讼”中登记。',
      ],
    };
  }
  if (!a.receivedOn || !c) {
    return {
      action: '核对申请后确认收到',
      deadline: null,
      workingDaysLeft: null,
      overdue: false,
      details: [
        `这件申请于 ${plainDate(a.submittedOn)} 通过互联网或传真提交，尚未确认收到。`,
        '确认之日就是收到申请之日（条例第三十一条），答复期限从次日起算 20 个工作日（条例第三十三条）。请尽快核对并确认。',
      ],
    };
  }
  if (a.status === 'correction_pending' && c.correctionDeadline) {
    const l = left(cal, a.today, c.correctionDeadline);
    if (l.overdue)
      return {
        action: `补正期限已于 ${plainDate(c.correctionDeadline)} 届满：以“逾期不补正”办结`,
        deadline: c.correctionDeadline,
        ...counted(l),
        details: [
          '申请人逾期未补正的，视为放弃申请（条例第三十条）。请办结，办理结果选“其他处理 1.逾期不补正”。',
          '如申请人实际已在期限内补正（例如邮寄在途），请先登记“收到补正材料”，写明收到日期。',
        ],
      };
    return {
      action: `等待申请人补正，补正期限到 ${plainDate(c.correctionDeadline)}（${l.words}）`,
      deadline: c.correctionDeadline,
      ...counted(l),
      details: [
        '补正期间答复期限暂停计算（条例第三十条）。',
        '收到补正材料后，请登记“收到补正材料”：答复期限从收到之日的次日起重新计算 20 个工作日。',
      ],
    };
  }
  if (a.status === 'consultation' && c.consultationDeadline) {
    const l = left(cal, a.today, c.consultationDeadline);
    return {
      action: l.overdue
        ? `征求意见期限已于 ${plainDate(c.consultationDeadline)} 届满：登记“征求意见结束”`
        : `等待征求意见的答复，期限到 ${plainDate(c.consultationDeadline)}（${l.words}）`,
      deadline: c.consultationDeadline,
      ...counted(l),
      details: [
        '征求意见的时间不计入答复期限（条例第三十二条、第三十三条第三款）。',
        '第三方应在收到征求意见书之日起 15 个工作日内提出意见；其他机关逾期未答复的，视为同意公开（条例第三十四条）。收到答复或期限届满后，请登记“征求意见结束”。',
      ],
    };
  }
  if (a.status === 'fee_pending' && c.feePaymentDeadline) {
    const l = left(cal, a.today, c.feePaymentDeadline);
    return {
      action: l.overdue
        ? `缴费期限已于 ${plainDate(c.feePaymentDeadline)} 届满：以“逾期未缴纳信息处理费”办结`
        : `等待申请人缴纳信息处理费，期限到 ${plainDate(c.feePaymentDeadline)}（${l.words}）`,
      deadline: c.feePaymentDeadline,
      ...counted(l),
      details: [
        '申请人应自收到收费通知次日起 20 个工作日内缴费（国办函〔2020〕109号）；缴费期间不计入答复期限。',
        l.overdue
          ? '逾期未缴纳的，办理结果选“其他处理 2.逾期未缴纳信息处理费”。'
          : '收到缴费后，请登记“申请人已缴费”，答复期限继续计算。',
      ],
    };
  }
  const due = c.dueDate!;
  const l = left(cal, a.today, due);
  const details: string[] = [];
  if (l.overdue) details.push('已超过法定答复期限，请立即答复；超期答复会在年度报告和督查中被统计。');
  if (!l.overdue && state.correction === 'none' && a.today <= c.correctionNoticeDue)
    details.push(
      `申请内容不明确的，须在 ${plainDate(c.correctionNoticeDue)} 前一次性告知申请人补正（条例第三十条：收到申请之日起 7 个工作日内）。`,
    );
  if (!l.overdue && !state.extended && !state.excessiveSet)
    details.push(
      '确需延长答复期限的，经政府信息公开工作机构负责人同意，可以延长一次，最长不超过 20 个工作日，并告知申请人（条例第三十三条）。',
    );
  details.push('答复即办结：选择办理结果，系统生成答复书。');
  return {
    action: l.overdue
      ? `已超过答复期限 ${plainDate(due)}（${l.words}）：请立即答复申请人${est}`
      : `在 ${plainDate(due)} 前答复申请人（${l.words}）${est}`,
    deadline: due,
    ...counted(l),
    details,
  };
}
