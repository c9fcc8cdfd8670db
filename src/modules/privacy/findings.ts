/** What the personal-information scanner reports: a kind, where, and how it is masked. Pure. */
export type FindingKind =
  'resident_id' | 'mobile' | 'bank_card' | 'passport' | 'email' | 'address' | 'name_with_pi';

export interface Finding {
  kind: FindingKind;
  /** Offset of the first character (UTF-16 code units). */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** The text as written. */
  text: string;
  /** What replaces it when masked: leading and trailing characters kept, the middle starred. */
  masked: string;
  /** The kind, as staff read it. */
  label: string;
}

export const FINDING_LABELS: Record<FindingKind, string> = {
  resident_id: '身份证号码',
  mobile: '手机号码',
  bank_card: '银行卡号',
  passport: '护照号码',
  email: '个人电子邮箱',
  address: '家庭住址',
  name_with_pi: '与个人信息相邻的姓名',
};

export const star = (n: number) => '*'.repeat(Math.max(n, 0));

/** Keeps `head` leading and `tail` trailing characters, stars the rest. */
export function maskMiddle(s: string, head: number, tail: number): string {
  if (s.length <= head + tail) return s[0] + star(s.length - 1);
  return s.slice(0, head) + star(s.length - head - tail) + s.slice(s.length - tail);
}

/** A finding of `kind` over text[start, end), masked as given. */
export const finding = (
  kind: FindingKind,
  text: string,
  start: number,
  end: number,
  masked: string,
): Finding => ({
  kind,
  start,
  end,
  text: text.slice(start, end),
  masked,
  label: FINDING_LABELS[kind],
});
