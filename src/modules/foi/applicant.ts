/**
 * Who applies (条例第二十九条: 申请人的姓名或者名称、身份证明、联系方式): the identity documents a
 * natural person may show, each with its own check, and an organisation's 统一社会信用代码,
 * 法定代表人 and 联系人. Pure functions, no I/O: the online form and the JSON API read the same
 * TypeBox schema (`ApplicantFields`) and `validateApplicant` (model.ts) runs these checks for both.
 */
import { Type } from 'typebox';
import { isCreditCode, isResidentId18, residentIdCheckChar, toHalfWidth } from '../../lib/identifiers.ts';

/** Identity documents of a natural person (the national 申请表's 证件类型). */
export const ID_TYPES = {
  resident: '居民身份证',
  passport: '护照',
  hk_macao: '港澳居民来往内地通行证',
  taiwan: '台湾居民来往大陆通行证',
  foreign_pr: '外国人永久居留身份证',
} as const;
export type IdType = keyof typeof ID_TYPES;
/** What an organisation's identity number is (stored in the same sealed column). */
export const ORG_ID_TYPE = 'credit_code';

export const isIdType = (s: string): s is IdType => Object.hasOwn(ID_TYPES, s);

/** Folds full-width characters, spaces and case, as people write numbers on forms. */
export const normaliseIdNumber = (raw: string) =>
  toHalfWidth(raw)
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();

/**
 * 护照: a Chinese ordinary passport is E + 8 digits or E + a letter + 7 digits (older: G + 8 digits);
 * a foreign passport has 5–17 letters and digits (ICAO 9303 allows up to 9 in the MRZ, more in
 * the optional data), with at least one digit.
 */
export function isPassportNumber(raw: string): boolean {
  const s = normaliseIdNumber(raw);
  if (!/^[A-Z0-9]{5,17}$/.test(s) || !/\d/.test(s)) return false;
  // A number that reads as a Chinese passport must follow the Chinese pattern exactly.
  if (/^[EG]\d/.test(s) && s.length === 9) return /^(E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})$/.test(s);
  return true;
}

/** 港澳居民来往内地通行证 (回乡证): H (Hong Kong) or M (Macao) + 8 digits, or + 10 digits on the older card. */
export function isHkMacaoPermit(raw: string): boolean {
  return /^[HM](\d{8}|\d{10})$/.test(normaliseIdNumber(raw));
}

/** 台湾居民来往大陆通行证 (台胞证, 2015 card): 8 digits. */
export function isTaiwanPermit(raw: string): boolean {
  return /^\d{8}$/.test(normaliseIdNumber(raw));
}

/**
 * A birth date as YYMMDD: a real day in 19YY or in 20YY (the two-digit year names no century, and
 * only in '00' do the two differ: 29 February 2000 was a day, 29 February 1900 was not).
 */
function validYymmdd(s: string): boolean {
  const m = +s.slice(2, 4);
  const d = +s.slice(4, 6);
  return [1900, 2000].some((century) => {
    const date = new Date(Date.UTC(century + +s.slice(0, 2), m - 1, d));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  });
}

/**
 * 外国人永久居留身份证: the 2023 card has 18 characters, starting with 9, with a birth date
 * (YYYYMMDD) in positions 7–14 and the GB 11643 check character last, as a resident ID; the 2004
 * card has 15: a 3-letter nationality code, a 4-digit office code, the birth date (YYMMDD) and 2
 * digits.
 */
export function isForeignPermanentResidentId(raw: string): boolean {
  const s = normaliseIdNumber(raw);
  if (s.length === 18) return s[0] === '9' && isResidentId18(s);
  if (s.length === 15) return /^[A-Z]{3}\d{12}$/.test(s) && validYymmdd(s.slice(7, 13));
  return false;
}

/** The check character a 2023 permanent-residence card would need (for tests and hints). */
export const foreignPrCheckChar = (first17: string) => residentIdCheckChar(first17);

/** Per document: the check and the Chinese message when it fails (names the expected format). */
const ID_CHECKS: Record<IdType, { ok: (s: string) => boolean; wrong: string }> = {
  resident: { ok: isResidentId18, wrong: '居民身份证号码不正确，请核对（18 位，含最后一位校验码）' },
  passport: {
    ok: isPassportNumber,
    wrong: '护照号码格式不正确：应为 5–17 位字母和数字（中国护照如 E12345678）',
  },
  hk_macao: {
    ok: isHkMacaoPermit,
    wrong: '港澳居民来往内地通行证号码格式不正确：应为 H 或 M 加 8 位（旧证 10 位）数字',
  },
  taiwan: { ok: isTaiwanPermit, wrong: '台湾居民来往大陆通行证号码格式不正确：应为 8 位数字' },
  foreign_pr: {
    ok: isForeignPermanentResidentId,
    wrong:
      '外国人永久居留身份证号码不正确：新证 18 位以 9 开头（含校验码），旧证 15 位（3 位字母加 12 位数字）',
  },
};

/** Why an identity number is wrong for its document (Chinese), or null when it passes. */
export function idNumberProblem(type: string, raw: string): string | null {
  const s = normaliseIdNumber(raw);
  if (type === ORG_ID_TYPE) {
    if (!s) return '请填写统一社会信用代码';
    return isCreditCode(s) ? null : '统一社会信用代码不正确，请核对（18 位，含最后一位校验码）';
  }
  if (!isIdType(type)) return '请选择证件类型';
  if (!s) return `请填写${ID_TYPES[type]}号码`;
  return ID_CHECKS[type].ok(s) ? null : ID_CHECKS[type].wrong;
}

/** One line for a letter, the form or a list: 「居民身份证 3601…」 style label of the document. */
export const idTypeLabel = (type: string) =>
  type === ORG_ID_TYPE ? '统一社会信用代码' : isIdType(type) ? ID_TYPES[type] : '证件';

const lit = (o: Record<string, unknown>) => Type.Union(Object.keys(o).map((k) => Type.Literal(k)));

/**
 * The applicant's fields as one TypeBox schema: the JSON API's body spreads it, and the online
 * form's values are checked against it (bounds and choices) before the same `validateApplicant`.
 */
export const ApplicantFields = {
  applicantName: Type.String({ maxLength: 100, description: '姓名（自然人）或单位名称（法人或其他组织）' }),
  idType: Type.Optional(
    Type.Union([lit(ID_TYPES), Type.Literal('')], {
      description: `证件类型（自然人）：${Object.entries(ID_TYPES)
        .map(([k, v]) => `${k}=${v}`)
        .join('，')}；缺省为居民身份证；单位不填`,
    }),
  ),
  idNumber: Type.String({ maxLength: 30, description: '证件号码（自然人）或统一社会信用代码（单位）' }),
  legalRepresentative: Type.Optional(
    Type.String({ maxLength: 50, description: '法定代表人或负责人（法人或其他组织必填）' }),
  ),
  contactPerson: Type.Optional(Type.String({ maxLength: 50, description: '联系人姓名（法人或其他组织）' })),
  phone: Type.String({ maxLength: 30, description: '联系电话：手机号码或带区号的固定电话' }),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.String({ maxLength: 2000, description: '所需信息的内容描述' }),
  docNumber: Type.Optional(Type.String({ maxLength: 100 })),
  docTitle: Type.Optional(Type.String({ maxLength: 200 })),
};
