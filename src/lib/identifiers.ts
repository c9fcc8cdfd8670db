/**
 * Chinese identifiers, checked by their check digits. Shared by the FOI form (validating what an
 * applicant types) and the personal-information gate (finding what must not be published).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Folds full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) to ASCII. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

function validBirthDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900;
}

/** GB 11643: the check character of the first 17 digits of an 18-digit resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** An 18-digit resident ID number (GB 11643): region, real birth date, valid check character. */
export function isResidentId18(raw: string): boolean {
  const s = toHalfWidth(raw).toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(s)) return false;
  if (!validBirthDate(+s.slice(6, 10), +s.slice(10, 12), +s.slice(12, 14))) return false;
  return residentIdCheckChar(s.slice(0, 17)) === s[17];
}

/** The old 15-digit resident ID number (birth date YYMMDD in 19xx, no check digit). */
export function isResidentId15(raw: string): boolean {
  const s = toHalfWidth(raw);
  return /^[1-9]\d{14}$/.test(s) && validBirthDate(1900 + +s.slice(6, 8), +s.slice(8, 10), +s.slice(10, 12));
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100: the check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** A unified social credit code (统一社会信用代码, GB 32100) with a valid check character. */
export function isCreditCode(raw: string): boolean {
  const s = toHalfWidth(raw).toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) return false;
  return creditCodeCheckChar(s.slice(0, 17)) === s[17];
}

/**
 * A mainland mobile number in any common written form (+86, 0086, spaces, dashes, full-width
 * digits); returns the 11 digits, or null.
 */
export function normaliseMobile(raw: string): string | null {
  const s = toHalfWidth(raw)
    .replace(/[\s\-－—()（）]/g, '')
    .replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

/** Luhn (mod 10) check, as bank card numbers use. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
