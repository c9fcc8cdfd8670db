/** 意见征集 (public consultation on drafts): the period, the phase on a date, comment moderation, feedback. */
import { addDays } from '../../lib/time.ts';

/** Default comment period in calendar days (our convention; 《重大行政决策程序暂行条例》第十四条 asks for ≥ 30 days). */
export const DEFAULT_PERIOD_DAYS = 30;

export type Phase = 'draft' | 'upcoming' | 'open' | 'closed';
export const PHASES: Record<Phase, string> = {
  draft: '未发布',
  upcoming: '即将开始',
  open: '征集中',
  closed: '已结束',
};

export const COMMENT_STATUS = { pending: '待审核', approved: '已公开', rejected: '未公开' } as const;
export type CommentStatus = keyof typeof COMMENT_STATUS;

export const ADOPTION = { adopted: '采纳', partly: '部分采纳', not_adopted: '未采纳' } as const;
export type Adoption = keyof typeof ADOPTION;

export interface Consultation {
  id: number;
  orgId: number;
  title: string;
  draftText: string;
  explanation: string;
  startDate: string;
  endDate: string;
  publishedAt: string | null;
  feedbackSummary: string | null;
  feedbackPublishedAt: string | null;
  finalDocTitle: string | null;
  finalDocUrl: string | null;
  isSample: boolean;
}

/** The end date of a period starting on `start` that lasts `days` calendar days (start counted). */
export const periodEnd = (start: string, days = DEFAULT_PERIOD_DAYS) => addDays(start, days - 1);

/** Where a consultation is on `today` (Shanghai date): comments are taken on start…end inclusive. */
export function phaseOf(
  c: Pick<Consultation, 'publishedAt' | 'startDate' | 'endDate'>,
  today: string,
): Phase {
  if (!c.publishedAt) return 'draft';
  if (today < c.startDate) return 'upcoming';
  if (today <= c.endDate) return 'open';
  return 'closed';
}
