/**
 * Chinese segmentation for the index and for queries: @node-rs/jieba with its default dictionary
 * plus a government-terms dictionary and the org tree's names and the places they name, so 营商环境,
 * a district's name (青山 of 青山县人民政府) and 区发改委 are words. Index text uses search-engine mode (whole words and their sub-words); queries use the
 * precise mode and match a word either whole or through all its sub-words, so text indexed before
 * a word joined the dictionary is still found.
 *
 * One jieba instance per process, created on first use (loading the dictionary takes ~0.2 s).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';
import { toHalfWidth } from './model.ts';

/** Government terms every office's pages use; org names and their places are added from the database. */
export const GOVERNMENT_TERMS: string[] = [
  '营商环境',
  '政务公开',
  '政府信息公开',
  '规范性文件',
  '行政规范性文件',
  '依申请公开',
  '主动公开',
  '政策解读',
  '减税降费',
  '留抵退税',
  '核酸检测',
  '健康码',
  '行程码',
  '疫情防控',
  '常态化疫情防控',
  '数字经济',
  '数字政府',
  '财政预决算',
  '财政预算',
  '财政决算',
  '预决算',
  '三公经费',
  '政府债务',
  '专项债券',
  '一般债券',
  '直达资金',
  '财政资金直达基层',
  '乡村振兴',
  '宅基地',
  '河湖长制',
  '河长制',
  '湖长制',
  '空气质量',
  '安全生产',
  '重大项目',
  '稳岗就业',
  '稳岗返还',
  '中小微企业',
  '纾困',
  '纾困解难',
  '收费目录清单',
  '行政事业性收费',
  '政府性基金',
  '涉企收费',
  '双随机一公开',
  '一网通办',
  '一次不跑',
  '放管服',
  '工作要点',
  '政务服务',
  '十四五',
  '新型城镇化',
  '老旧小区改造',
  '城市更新',
  '社会保险',
  '医疗保障',
  '义务教育',
  '公共资源交易',
  '招标投标',
  '政府采购',
  '统计公报',
  '人口普查',
  '高质量发展',
  '招商引资',
  '一企一策',
  '专精特新',
  '首贷',
  '普惠金融',
  '企业开办',
  '工程建设项目审批',
  // Words citizens use for services (issue 24): kept whole so synonyms and pinyin find them.
  '低保',
  '最低生活保障',
  '医保',
  '医疗保险',
  '社保',
  '公积金',
  '住房公积金',
  '公租房',
  '公共租赁住房',
  '廉租房',
  '廉租住房',
  '简政放权',
  '一网办',
  '双减',
  '高校毕业生',
  '大学毕业生',
  '个税',
  '个人所得税',
  '房产证',
  '不动产权证书',
  '新冠肺炎',
  '退休金',
  '养老金',
  '适老化',
  '助餐点',
  '长者食堂',
  '养老服务',
  '居家养老',
  '一件事一次办',
];

let jieba: Jieba | null = null;
const added = new Set<string>();

function words(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    addWords(GOVERNMENT_TERMS);
  }
  return jieba;
}

/** Adds words (org names, place names) to the dictionary; words already known are skipped. */
export function addWords(list: Iterable<string>): void {
  const j = jieba ?? instance();
  const fresh = [...list]
    .map((w) => w.replace(/\s+/g, ''))
    .filter((w) => w.length >= 2 && w.length <= 30 && !added.has(w));
  if (!fresh.length) return;
  for (const w of fresh) added.add(w);
  // A high frequency makes jieba prefer the whole term over splitting it.
  j.loadDict(words(fresh.map((w) => `${w} 200000 n`).join('\n') + '\n'));
}

// A township-level word counts only where the name is the township's own body (住房和城乡建设局 names no 乡).
const DIVISION =
  /^(.{2,6}?(?:自治区|自治州|自治县|省|市|州|盟|地区|新区|区|县|旗|(?:镇|乡|街道)(?=人民政府|办事处|$)))/;
const BODY_SUFFIX = /^(.{2,6}?)(?:管理委员会|管委会|管理处|办事处|人民政府)$/;

/**
 * The places an org's name starts with, each with and without its division word:
 * 某市某区沙井街道办事处 → 某市, 某, 某区, … 沙井街道, 沙井; and the place an office is named for
 * (某区凤凰洲管理处 → 凤凰洲). Stems of one character are left out.
 */
export function placeWords(name: string): string[] {
  const out: string[] = [];
  let rest = name.replace(/\s+/g, '');
  for (let m = DIVISION.exec(rest); m; m = DIVISION.exec(rest)) {
    const place = m[1]!;
    const stem = place.replace(/(?:自治区|自治州|自治县|省|市|州|盟|地区|新区|区|县|旗|镇|乡|街道)$/, '');
    out.push(place);
    if (stem.length >= 2) out.push(stem);
    rest = rest.slice(place.length);
  }
  const office = BODY_SUFFIX.exec(rest);
  if (office) out.push(office[1]!);
  return out;
}

/** The words added to jieba's dictionary: government terms and the org tree's names. */
export function addedWords(): string[] {
  instance();
  return [...added];
}

/**
 * A text's words of two or more Chinese characters, in precise mode (for the pinyin dictionary),
 * plus the dictionary words that two to four consecutive pieces spell (适/老化 → 适老化: text cut
 * before the word joined the dictionary, or where jieba's statistics preferred another split).
 */
export function chineseWords(text: string): string[] {
  const pieces = instance().cut(normalizeText(text), true);
  const out = pieces.filter((w) => w.length >= 2 && /^[\u4e00-\u9fff]+$/.test(w));
  for (let i = 0; i < pieces.length; i++) {
    let joined = pieces[i]!;
    for (let j = i + 1; j < Math.min(pieces.length, i + 4); j++) {
      joined += pieces[j]!;
      if (added.has(joined)) out.push(joined);
    }
  }
  return out;
}

// Traditional characters (繁體) are read as simplified: the index holds simplified text.
let t2s: ((s: string) => string) | null = null;
function simplified(text: string): string {
  if (!/[\u4e00-\u9fff]/.test(text)) return text;
  const convert = (t2s ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  return convert(text);
}

const TOKEN = /^[\p{L}\p{N}]+$/u;

/** Plain text → normalised text (half-width, lower case; queries also traditional → simplified). */
export function normalizeText(text: string, simplify = false): string {
  const half = toHalfWidth(text).toLowerCase();
  return simplify ? simplified(half) : half;
}

/** Index text: search-mode tokens (words and their sub-words) joined by spaces. */
export function segmentForIndex(text: string): string {
  if (!text) return '';
  const tokens = instance().cutForSearch(normalizeText(text), true);
  const out: string[] = [];
  for (const t of tokens) if (TOKEN.test(t)) out.push(t);
  return out.join(' ');
}

/** Words a query asks for carry no meaning alone; they are dropped (unless nothing else is left). */
const STOP_WORDS = new Set([
  '的',
  '了',
  '和',
  '与',
  '及',
  '或',
  '等',
  '在',
  '是',
  '对',
  '关于',
  '有关',
  '以及',
  '之',
  '为',
  '中',
  '年',
]);

/** One word of a query: matches the whole word, or all of its sub-words, or one of its synonyms. */
export interface QueryTerm {
  word: string;
  parts: string[];
  /** Other words of its synonym group (低保 → 最低生活保障), each matched the same way. */
  synonyms?: { word: string; parts: string[] }[];
}

/** A word's sub-words (search mode), kept only when together they cover the word. */
export function subWords(word: string): string[] {
  const j = instance();
  const parts =
    word.length > 2
      ? [...new Set(j.cutForSearch(word, true).filter((p) => p !== word && p.length >= 2 && TOKEN.test(p)))]
      : [];
  return parts.join('').length >= word.length - 1 ? parts : [];
}

/** A query segmented as the index is. */
export function queryTerms(text: string): QueryTerm[] {
  const j = instance();
  const raw = j.cut(normalizeText(text, true), true).filter((t) => TOKEN.test(t));
  const kept = raw.filter((t) => !STOP_WORDS.has(t));
  const chosen = kept.length ? kept : raw;
  const seen = new Set<string>();
  const out: QueryTerm[] = [];
  for (const word of chosen) {
    if (seen.has(word)) continue;
    seen.add(word);
    out.push({ word, parts: subWords(word) });
  }
  return out.slice(0, 12);
}
