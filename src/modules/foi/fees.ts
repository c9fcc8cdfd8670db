/**
 * 信息处理费 (processing fees), pure: 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).
 * Progressive; one method per application, chosen by the office; amounts in integer fen.
 * - 按件计收 (by count), per applicant per natural month: 1–10 free; 11–30 ¥100 each; from the 31st,
 *   each further block of 10 costs ¥100 more each (31–40 ¥200, 41–50 ¥300, …).
 * - 按量计收 (by volume), per application: pages 1–30 free; 31–100 ¥10/page; 101–200 ¥20/page;
 *   201 and more ¥40/page.
 */

export interface FeeQuote {
  method: 'count' | 'volume';
  /** The amount for this application, in fen. */
  amountFen: number;
  /** 收费依据 */
  basis: string;
  /** 收费标准 (the tier that applies, in words) */
  standard: string;
  /** 收费金额 in words, e.g. ¥200.00 */
  amountText: string;
  /** One Chinese paragraph: basis, standard and amount. */
  explanation: string;
}

export const FEE_BASIS = '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

/** ¥ with two decimals from fen. */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

/**
 * 按件计收: the fee for THIS application, given how many applications this applicant has filed this
 * calendar month including this one (the n-th).
 */
export function feeByCount(countThisMonthIncludingThis: number): FeeQuote {
  const n = countThisMonthIncludingThis;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`本月申请件数必须是正整数：${n}`);
  let fen: number;
  let standard: string;
  if (n <= 10) {
    fen = 0;
    standard = '同一申请人一个自然月内累计申请 10 件以下（含 10 件）的，不收费';
  } else if (n <= 30) {
    fen = 10_000;
    standard = '同一申请人一个自然月内累计申请 11—30 件（含 30 件）的部分，每件收费 100 元';
  } else {
    const block = Math.ceil((n - 30) / 10); // 31–40 → 1, 41–50 → 2, …
    fen = (100 + 100 * block) * 100;
    const lo = 30 + (block - 1) * 10 + 1;
    standard = `同一申请人一个自然月内累计申请 30 件以上的，超过部分以 10 件为一档，每增加一档收费标准提高 100 元；第 ${lo}—${lo + 9} 件每件收费 ${fen / 100} 元`;
  }
  const amountText = yuan(fen);
  return {
    method: 'count',
    amountFen: fen,
    basis: FEE_BASIS,
    standard,
    amountText,
    explanation: `按件计收：本申请为该申请人本自然月内第 ${n} 件申请。收费依据：${FEE_BASIS}第六条。收费标准：${standard}。本件收费金额：${amountText}。`,
  };
}

const VOLUME_TIERS = [
  { from: 1, to: 30, yuanPerPage: 0 },
  { from: 31, to: 100, yuanPerPage: 10 },
  { from: 101, to: 200, yuanPerPage: 20 },
  { from: 201, to: Infinity, yuanPerPage: 40 },
] as const;

/** 按量计收: the total for an application of `pages` pages (or page-equivalents), progressive. */
export function feeByVolume(pages: number): FeeQuote {
  if (!Number.isInteger(pages) || pages < 0) throw new RangeError(`页数必须是非负整数：${pages}`);
  let fen = 0;
  const parts: string[] = [];
  for (const t of VOLUME_TIERS) {
    if (pages < t.from) break;
    const count = Math.min(pages, t.to) - t.from + 1;
    const sub = count * t.yuanPerPage * 100;
    fen += sub;
    const range = t.to === Infinity ? `第 ${t.from} 页起` : `第 ${t.from}—${t.to} 页`;
    parts.push(
      t.yuanPerPage === 0
        ? `${range}（${count} 页）免费`
        : `${range}（${count} 页）每页 ${t.yuanPerPage} 元，计 ${yuan(sub)}`,
    );
  }
  const standard =
    '30 页以下（含 30 页）不收费；31—100 页（含 100 页）的部分每页 10 元；101—200 页（含 200 页）的部分每页 20 元；200 页以上的部分每页 40 元';
  const amountText = yuan(fen);
  return {
    method: 'volume',
    amountFen: fen,
    basis: FEE_BASIS,
    standard,
    amountText,
    explanation: `按量计收：本申请提供的信息共 ${pages} 页。收费依据：${FEE_BASIS}第六条。收费标准：${standard}。计算：${parts.length ? parts.join('；') : '0 页，不收费'}。合计收费金额：${amountText}。`,
  };
}
