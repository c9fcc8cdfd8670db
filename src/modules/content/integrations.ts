/**
 * Where publishing meets its neighbours: the personal-information / expression gate (module
 * `privacy`), text extraction from attachments, the search index (module `search`) and the
 * working-day calendar. Each neighbour is loaded when present in the build; until it is, a small
 * built-in stand-in keeps publishing safe (the stand-in gate still finds ID numbers with a valid
 * check digit and mobile numbers, and still blocks on them).
 */
import type { Kysely } from 'kysely';
import chineseDays from 'chinese-days';
import type { DB } from '../../db/types.ts';
import { isResidentId, normaliseMobile, toHalfWidth } from '../../lib/identifiers.ts';

export interface GateFinding {
  where: string;
  kind: string;
  start: number;
  end: number;
  text: string;
  masked: string;
  label: string;
}
export interface GateExpression {
  where: string;
  term: string;
  suggestion: string;
  severity: string;
}
export interface GateResult {
  personal: GateFinding[];
  expressions: GateExpression[];
  blocking: boolean;
}
export interface GateInput {
  title: string;
  body: string;
  attachments?: { name: string; text: string }[];
}

const notFoundModule = (e: unknown) => (e as { code?: string })?.code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes('/modules/');

async function optionalImport(rel: string): Promise<any | null> {
  try {
    return await import(new URL(rel, import.meta.url).href);
  } catch (e) {
    if (notFoundModule(e)) return null;
    throw e;
  }
}

// ---- the stand-in scanner (used only while src/modules/privacy is absent) ----

function maskId(s: string) {
  return s.length <= 8 ? '*'.repeat(s.length) : s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4);
}

function builtinScan(text: string): Omit<GateFinding, 'where'>[] {
  const out: Omit<GateFinding, 'where'>[] = [];
  const half = toHalfWidth(text); // same length: full-width digits are one UTF-16 unit each
  for (const m of half.matchAll(/(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g)) {
    if (isResidentId(m[1])) out.push({ kind: 'resident_id', label: '身份证号码', start: m.index!, end: m.index! + m[1].length, text: text.slice(m.index!, m.index! + m[1].length), masked: maskId(m[1]) });
  }
  for (const m of half.matchAll(/(?<![0-9])((?:\+86|0086)?[\s-]?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?![0-9])/g)) {
    const n = normaliseMobile(m[1]);
    if (n) out.push({ kind: 'mobile', label: '手机号码', start: m.index!, end: m.index! + m[1].length, text: text.slice(m.index!, m.index! + m[1].length), masked: n.slice(0, 3) + '****' + n.slice(7) });
  }
  return out.sort((a, b) => a.start - b.start);
}

function builtinMaskAll(text: string, findings: { start: number; end: number; masked: string }[]): string {
  let out = text;
  for (const f of [...findings].sort((a, b) => b.start - a.start)) out = out.slice(0, f.start) + f.masked + out.slice(f.end);
  return out;
}

/** Runs the gate on title, body (plain text) and attachments' text. */
export async function runGate(db: Kysely<DB>, input: GateInput): Promise<GateResult> {
  const privacy = await optionalImport('../privacy/service.ts');
  if (privacy?.runGate) return privacy.runGate(db, input);
  const personal: GateFinding[] = [];
  const add = (where: string, text: string) => personal.push(...builtinScan(text).map((f) => ({ ...f, where })));
  add('title', input.title);
  add('body', input.body);
  for (const a of input.attachments ?? []) add(`attachment:${a.name}`, a.text);
  return { personal, expressions: [], blocking: personal.length > 0 };
}

/** Masks every personal-information finding in a text (the one-click mask). */
export async function maskText(text: string): Promise<{ text: string; count: number }> {
  const scanner = await optionalImport('../privacy/scanner.ts');
  if (scanner?.scanPersonalInfo && scanner?.maskAll) {
    const findings = await scanner.scanPersonalInfo(text);
    return { text: findings.length ? await scanner.maskAll(text, findings) : text, count: findings.length };
  }
  const findings = builtinScan(text);
  return { text: builtinMaskAll(text, findings), count: findings.length };
}

/** Text of an uploaded file (DOCX/XLSX/PDF/TXT) for the gate and search; '' for images. */
export async function extractText(buffer: Buffer, filename: string, mime?: string): Promise<string> {
  const extract = await optionalImport('../privacy/extract.ts');
  if (extract?.extractText) return extract.extractText(buffer, filename, mime);
  const ext = filename.toLowerCase().split('.').pop();
  if (ext === 'txt') return buffer.toString('utf8');
  if (ext === 'docx') {
    const mammoth = (await import('mammoth')).default;
    return (await mammoth.extractRawText({ buffer })).value;
  }
  if (ext === 'pdf') {
    const { extractText: pdfText, getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(buffer));
    const { text } = await pdfText(pdf, { mergePages: true });
    return text;
  }
  if (ext === 'xlsx') {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as any);
    const lines: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => lines.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : typeof v === 'object' ? ((v as any).text ?? (v as any).result ?? '') : String(v))).join('\t'))));
    return lines.join('\n');
  }
  return '';
}

/** A published item as the search index receives it (mirrors search/model.ts SearchDocumentInput). */
export interface SearchDoc {
  kind: 'item';
  refId: number;
  url: string;
  title: string;
  /** Plain text of the body with the attachments' text appended. */
  body: string;
  orgId: number;
  orgNames: string[];
  columnKeys: string[];
  topicKeys: string[];
  docNumber: string | null;
  publishedAt: string;
  itemType: string;
}

/** Adds or replaces a published item in the search index, in the caller's transaction. */
export async function indexItem(trx: Kysely<DB>, doc: SearchDoc): Promise<void> {
  const search = await optionalImport('../search/service.ts');
  if (search?.indexDocument) await search.indexDocument(trx, doc);
}

/** Removes a withdrawn item from the search index, in the caller's transaction. */
export async function unindexItem(trx: Kysely<DB>, refId: number): Promise<void> {
  const search = await optionalImport('../search/service.ts');
  if (search?.removeDocument) await search.removeDocument(trx, 'item', refId);
}

/**
 * Working days for the 20-working-day rule. TODO: use the calendar module's admin-entered notices
 * (`loadCalendar(db)` in src/modules/calendar/service.ts) once it lands; until then chinese-days'
 * built-in State Council data.
 */
export async function workdayPredicate(_db: Kysely<DB>): Promise<(date: string) => boolean> {
  return (date: string) => chineseDays.isWorkday(date);
}
