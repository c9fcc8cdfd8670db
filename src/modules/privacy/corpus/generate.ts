/**
 * Generators for the labelled corpus and the property tests: valid identifiers (with real check
 * digits) in every written form, and look-alikes that must not be flagged. Deterministic from a
 * seed, so the corpus is the same on every run.
 */
import { creditCodeCheckChar, isResidentId18, residentIdCheckChar } from '../../../lib/identifiers.ts';
import type { FindingKind } from '../scanner.ts';

export type Rng = () => number;

/** mulberry32: a small seeded PRNG. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => String(int(r, 0, 9))).join('');
const pad = (n: number, w: number) => String(n).padStart(w, '0');

// Real region codes (GB/T 2260): 南昌 districts and others across the provinces.
const REGIONS = [
  '360102',
  '360103',
  '360104',
  '360111',
  '360112',
  '360113',
  '360121',
  '360123',
  '360124',
  '360302',
  '361002',
  '110101',
  '310104',
  '440305',
  '420106',
  '430102',
  '510107',
  '320106',
  '330106',
  '350203',
  '370202',
  '410105',
  '500103',
  '610113',
  '650102',
  '130102',
  '220102',
  '230103',
  '450103',
  '520102',
];

function birthDate(r: Rng, from = 1930, to = 2015): string {
  const y = int(r, from, to);
  const m = int(r, 1, 12);
  const d = int(r, 1, 28);
  return `${y}${pad(m, 2)}${pad(d, 2)}`;
}

/** An 18-digit resident ID number with a valid GB 11643 check character. */
export function residentId18(r: Rng): string {
  const first17 = pick(r, REGIONS) + birthDate(r) + digits(r, 3);
  return first17 + residentIdCheckChar(first17);
}

/** One whose check character is X (about 1 in 11 are). */
export function residentId18X(r: Rng): string {
  for (;;) {
    const id = residentId18(r);
    if (id.endsWith('X')) return id;
  }
}

/** The old 15-digit form: region, YYMMDD (19xx), 3-digit sequence. */
export function residentId15(r: Rng): string {
  return pick(r, REGIONS) + birthDate(r, 1930, 1999).slice(2) + digits(r, 3);
}

export function mobile(r: Rng): string {
  const prefixes = [
    '130',
    '131',
    '132',
    '133',
    '135',
    '136',
    '137',
    '138',
    '139',
    '147',
    '150',
    '151',
    '152',
    '155',
    '157',
    '158',
    '159',
    '166',
    '170',
    '176',
    '177',
    '178',
    '180',
    '181',
    '182',
    '183',
    '185',
    '186',
    '187',
    '188',
    '189',
    '191',
    '193',
    '195',
    '198',
    '199',
  ];
  return pick(r, prefixes) + digits(r, 8);
}

function luhnComplete(partial: string): string {
  for (let c = 0; c < 10; c++) {
    const s = partial + c;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let d = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

/** A bank card number (UnionPay/Visa/Mastercard prefixes, 16–19 digits) passing Luhn. */
export function bankCard(r: Rng, length = pick(r, [16, 16, 19, 19, 17, 18])): string {
  const bin = pick(r, [
    '622202',
    '622848',
    '621700',
    '622588',
    '621483',
    '623058',
    '622908',
    '436742',
    '552599',
    '625965',
    '621226',
  ]);
  return luhnComplete(bin + digits(r, length - bin.length - 1));
}

export function passport(r: Rng): string {
  return pick(r, ['E', 'E', 'G']) + digits(r, 8);
}

export function passportNew(r: Rng): string {
  return 'E' + pick(r, ['A', 'B', 'C', 'D', 'F', 'G', 'H', 'J', 'K']) + digits(r, 7);
}

const NAMES_PINYIN = [
  'zhangwei',
  'wangfang',
  'liuyang',
  'chenjing',
  'liming',
  'huanglei',
  'zhaomin',
  'wuqiang',
  'zhouxin',
  'xujie',
  'sunli',
  'mahui',
];
export function privateEmail(r: Rng): string {
  const local = pick(r, [
    () => pick(r, NAMES_PINYIN) + int(r, 1, 2099),
    () => String(int(r, 10000, 2999999999)),
    () => pick(r, NAMES_PINYIN) + '_' + digits(r, 2),
  ])();
  return `${local}@${pick(r, ['qq.com', '163.com', '126.com', 'sina.com', 'gmail.com', 'hotmail.com', 'foxmail.com', 'yeah.net', '139.com', 'outlook.com'])}`;
}

const ROADS = [
  '丰和中大道',
  '红谷中大道',
  '赣江中大道',
  '怡园路',
  '世贸路',
  '会展路',
  '碟子湖大道',
  '红角洲路',
  '庐山南大道',
  '沙井路',
  '学府大道',
  '九龙大道',
];
const COMMUNITIES = [
  '绿地中央广场',
  '万达星城',
  '中海国际社区',
  '保利半山国际',
  '新城吾悦',
  '红谷凯旋',
  '金色水岸',
  '恒大名都',
  '天赐良园',
  '沙井小区',
  '凤凰城',
  '江信国际花园',
];

/** A home address with building, unit and room, in one of the ways people write it. */
export function homeAddress(r: Rng): string {
  const head =
    pick(r, ['', '南昌市', '红谷滩区', '南昌市红谷滩区']) +
    pick(r, ROADS) +
    int(r, 1, 2999) +
    '号' +
    pick(r, COMMUNITIES);
  const b = int(r, 1, 36);
  const u = int(r, 1, 6);
  const room = `${int(r, 1, 33)}${pad(int(r, 1, 8), 2)}`;
  return (
    head +
    pick(r, [
      `${b}栋${u}单元${room}室`,
      `${b}幢${u}单元${room}室`,
      `${b}号楼${u}单元${room}室`,
      `${b}栋${room}室`,
      `${b}号楼${room}室`,
      `${b}幢${room}`,
      `${b}栋${u}单元${room}`,
    ])
  );
}

// ---------------------------------------------------------------------------------------------
// Written forms

const FW = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

export function writeId(r: Rng, id: string): string {
  const form = int(r, 0, 4);
  if (form === 1) return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  if (form === 2) return FW(id);
  if (form === 3) return id.toLowerCase();
  return id;
}

export function writeMobile(r: Rng, m: string): string {
  const forms = [
    m,
    `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`,
    `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`,
    `+86${m}`,
    `+86 ${m}`,
    `+86-${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`,
    `0086${m}`,
    `0086 ${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`,
    FW(m),
    `${m.slice(0, 3)}－${m.slice(3, 7)}－${m.slice(7)}`,
    `${m.slice(0, 3)}　${m.slice(3, 7)}　${m.slice(7)}`,
  ];
  return pick(r, forms);
}

export function writeCard(r: Rng, c: string): string {
  const form = int(r, 0, 2);
  if (form === 1) return c.replace(/(\d{4})(?=\d)/g, '$1 ');
  if (form === 2) return c.replace(/(\d{4})(?=\d)/g, '$1-');
  return c;
}

// ---------------------------------------------------------------------------------------------
// Look-alikes (must not be flagged)

export function creditCode(r: Rng): string {
  const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  for (;;) {
    const body =
      pick(r, ['91', '11', '12', '52', '93']) +
      pick(r, REGIONS) +
      Array.from({ length: 9 }, () => pick(r, CHARS.split(''))).join('');
    const c = creditCodeCheckChar(body);
    if (c) return body + c;
  }
}

/** An ID-shaped 18-digit number whose check character is wrong. */
export function wrongCheckId(r: Rng): string {
  const id = residentId18(r);
  const CHECK = '0123456789X';
  let c = id[17];
  while (c === id[17]) c = pick(r, CHECK.split(''));
  return id.slice(0, 17) + c;
}

/** A card-shaped number that fails Luhn. */
export function badLuhnCard(r: Rng): string {
  for (;;) {
    const c = bankCard(r);
    const bad = c.slice(0, -1) + ((Number(c.slice(-1)) + int(r, 1, 9)) % 10);
    // An 18-digit one that happens to be a valid resident ID number is not a look-alike.
    if (!isResidentId18(bad)) return bad;
  }
}

export function docNumber(r: Rng): string {
  const orgs = [
    '洪府办发',
    '洪府发',
    '红府办发',
    '红府发',
    '红府办字',
    '洪府厅发',
    '赣府发',
    '国办发',
    '国发',
    '红市监字',
    '红财字',
  ];
  return `${pick(r, orgs)}${pick(r, ['〔', '[', '（'])}${int(r, 2015, 2026)}${pick(r, ['〕', ']', '）'])}${int(r, 1, 199)}号`;
}

export function indexNumber(r: Rng): string {
  return `${creditCode(r)}/${int(r, 2018, 2026)}-${pad(int(r, 1, 99999), 5)}`;
}

export function date(r: Rng): string {
  const y = int(r, 2000, 2026);
  const m = int(r, 1, 12);
  const d = int(r, 1, 28);
  return pick(r, [
    `${y}年${m}月${d}日`,
    `${y}-${pad(m, 2)}-${pad(d, 2)}`,
    `${y}.${pad(m, 2)}.${pad(d, 2)}`,
    `${y}/${m}/${d}`,
    `${y}${pad(m, 2)}${pad(d, 2)}`,
    `${y}-${pad(m, 2)}-${pad(d, 2)} ${pad(int(r, 8, 18), 2)}:${pad(int(r, 0, 59), 2)}`,
  ]);
}

export function amount(r: Rng): string {
  const n = int(r, 1000, 99999999);
  return pick(r, [
    `${n.toLocaleString('en-US')}.${pad(int(r, 0, 99), 2)}元`,
    `${n}元`,
    `${(n / 10000).toFixed(2)}万元`,
    `${int(r, 1, 99)}.${int(r, 1, 9)}亿元`,
    `人民币${n.toLocaleString('en-US')}元`,
  ]);
}

export function hotline(r: Rng): string {
  return pick(r, [
    '12345',
    '12315',
    '12369',
    '12366',
    '12333',
    `0791-8${digits(r, 7)}`,
    `0791-8${digits(r, 6)}`,
    `（0791）8${digits(r, 7)}`,
    `0791 8${digits(r, 3)} ${digits(r, 4)}`,
    `07918${digits(r, 7)}`,
    `400-${digits(r, 3)}-${digits(r, 4)}`,
    `800-${digits(r, 3)}-${digits(r, 4)}`,
    `4008${digits(r, 6)}`,
    `95${digits(r, 3)}`,
    `8${digits(r, 7)}`,
    `0791-8${digits(r, 7)}转${digits(r, 3)}`,
  ]);
}

export function articleNumber(r: Rng): string {
  const cn = [
    '一',
    '二',
    '三',
    '四',
    '五',
    '六',
    '七',
    '八',
    '九',
    '十',
    '十一',
    '十二',
    '二十',
    '三十三',
    '四十九',
  ];
  return pick(r, [
    `第${pick(r, cn)}条`,
    `第${int(r, 1, 99)}条`,
    `第${int(r, 1, 99)}条第${int(r, 1, 5)}款`,
    `第${pick(r, cn)}条第（${pick(r, cn)}）项`,
    `第${int(r, 1, 30)}章`,
  ]);
}

export function postalCode(r: Rng): string {
  return pick(r, ['330038', '330000', '330006', '330025', '330096', '100010', '330029']);
}

export function longDocId(r: Rng): string {
  return pick(r, [
    // 15 digits, region-shaped but with an impossible date
    () =>
      pick(r, REGIONS) +
      pad(int(r, 30, 99), 2) +
      pad(int(r, 13, 99), 2) +
      pad(int(r, 1, 28), 2) +
      digits(r, 3),
    // 20–24 digit serials
    () => String(int(r, 2, 9)) + digits(r, int(r, 19, 23)),
    // 12–14 digit serials (not 86 + a mobile number, which is how +86 numbers are written)
    () => String(int(r, 2, 7)) + digits(r, int(r, 11, 13)),
    // 2022 + serial (project, contract numbers)
    () => `${int(r, 2015, 2026)}${digits(r, int(r, 8, 10))}`,
  ])();
}

export interface LabelledCase {
  text: string;
  /** The spans that must be found (kind and exact offsets). Empty for negatives. */
  spans: { kind: FindingKind; start: number; end: number }[];
  /** Which written form or look-alike this case exercises (for the report). */
  form: string;
}

/** Builds a case from pieces: strings are context, tuples are labelled spans. */
export function compose(form: string, ...pieces: (string | [FindingKind, string])[]): LabelledCase {
  let text = '';
  const spans: LabelledCase['spans'] = [];
  for (const p of pieces) {
    if (typeof p === 'string') text += p;
    else {
      spans.push({ kind: p[0], start: text.length, end: text.length + p[1].length });
      text += p[1];
    }
  }
  return { text, spans, form };
}
