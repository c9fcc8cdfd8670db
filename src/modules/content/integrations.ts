/**
 * Where publishing meets its neighbours: the personal-information / expression gate and attachment
 * text extraction (module `privacy`), the search index (module `search`), the working-day
 * calendar, the normative library (its service) and, through the `onItemPublicationChanged` hook,
 * whichever modules follow publications (the standard catalogues). Kept in one file so the content
 * module's dependencies on them are visible at a glance.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { runGate as privacyGate, type GateInput, type GateResult } from '../privacy/service.ts';
import { maskAll, scanPersonalInfo } from '../privacy/scanner.ts';
import { extractText as privacyExtract } from '../privacy/extract.ts';
import { indexDocument, removeDocument } from '../search/service.ts';
import { loadCalendar } from '../calendar/service.ts';
import type { GongkaiModule } from '../registry.ts';
import {
  allocateIndexNumber,
  getIndexTemplate,
  libraryDocumentByIndexNumber,
  libraryDocumentByNumber,
  libraryRelationsOfItem,
  onContentPublished,
  onContentWithdrawn,
  SUBJECTS,
  type RelatedLink,
} from '../normative/service.ts';
import { normalizeDocNumber } from '../normative/docnumber.ts';
import { formatIndexNumber } from '../normative/model.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { bodyText, type InterpPoint, type Item } from './model.ts';
import type { Actor } from '../../context.ts';
import type { SearchDocumentInput } from '../search/model.ts';

export type { GateInput, GateResult };

/** Runs the gate on title, body (plain text) and attachments' text. */
export const runGate = (db: Kysely<DB>, input: GateInput): Promise<GateResult> => privacyGate(db, input);

/** Masks every personal-information finding in a text (the one-click mask). */
export async function maskText(text: string): Promise<{ text: string; count: number }> {
  const findings = scanPersonalInfo(text);
  return { text: findings.length ? maskAll(text, findings) : text, count: findings.length };
}

/** Text of an uploaded file (DOCX/XLSX/PDF/TXT) for the gate and search. */
export const extractText = (buffer: Buffer, filename: string, mime?: string) =>
  privacyExtract(buffer, filename, mime);

export type SearchDoc = SearchDocumentInput;

/** Adds or replaces a published item in the search index, in the caller's transaction. */
export const indexItem = (trx: Kysely<DB>, doc: SearchDoc) => indexDocument(trx, doc);

/** Removes a withdrawn item from the search index, in the caller's transaction. */
export const unindexItem = (trx: Kysely<DB>, refId: number) => removeDocument(trx, 'item', refId);

/** Working days for the 20-working-day rule (条例第二十六条): the calendar module, admin notices included. */
export async function workdayPredicate(db: Kysely<DB>): Promise<(date: string) => boolean> {
  const cal = await loadCalendar(db);
  return (date: string) => cal.isWorkingDay(date);
}

/**
 * Tells the normative library that an item was published, in the publish transaction: a policy item
 * carrying a registered document publishes it into the library (with the reviewed title and text),
 * one carrying a library 文号 links to it, an interpretation counts toward its documents' 解读率.
 * The seven points are one shared list (src/lib/interpretation.ts), so keys pass through as they are.
 */
export async function notifyLibrary(
  trx: Kysely<DB>,
  item: Item,
  related: (id: number) => Promise<Item | undefined>,
  at: Date,
  actor?: Actor,
): Promise<void> {
  if (item.kind !== 'policy' && item.kind !== 'interpretation') return;
  const explained = item.kind === 'interpretation' ? await Promise.all(item.interprets.map(related)) : [];
  await onContentPublished(
    trx,
    {
      itemId: item.id,
      kind: item.kind,
      title: item.title,
      body: bodyText(item.body),
      url: `/items/${item.id}`,
      publishedOn: shanghaiDate(item.publishedAt ?? at),
      docNumber: item.docNumber,
      interpretsDocNumbers: explained.map((p) => p?.docNumber).filter((d): d is string => !!d),
      interpretsItemIds: item.interprets,
      form: item.interpForm ?? undefined,
      keyPoints: (Object.keys(item.interpPoints) as InterpPoint[]).filter((k) => item.interpPoints[k]),
    },
    at,
    actor,
  );
}

export type { RelatedLink };

/** What the normative library adds to an item page's relations: documents and interpretations linked by hand there. */
export const libraryRelations = (db: Kysely<DB>, item: Item) => libraryRelationsOfItem(db, item);

/**
 * Tells the modules that follow publications (the standard catalogues) that an item was published
 * or withdrawn, in the same transaction: their `onItemPublicationChanged` hooks, in module order.
 */
export async function announcePublication(
  modules: readonly GongkaiModule[],
  trx: Kysely<DB>,
  item: Item,
  at: Date,
): Promise<void> {
  for (const m of modules) {
    if (!m.onItemPublicationChanged) continue;
    await m.onItemPublicationChanged(
      trx,
      {
        itemId: item.id,
        orgId: item.orgId,
        kind: item.kind,
        title: item.title,
        status: item.status,
        columnIds: item.columnIds,
        formationDate: item.formationDate,
        publishedOn: item.publishedAt ? shanghaiDate(item.publishedAt) : null,
      },
      at,
    );
  }
}
/** Tells the normative library that an item was withdrawn (撤稿): a document it carries leaves the library. */
export const notifyLibraryWithdrawn = (trx: Kysely<DB>, itemId: number, at: Date, actor?: Actor) =>
  onContentWithdrawn(trx, itemId, at, actor);

// ---------------------------------------------------------------- the library (normative): 文号 and 索引号

/** 主题分类: the library's list, so a policy item and its library record use the same words. */
export const POLICY_SUBJECTS: readonly string[] = SUBJECTS;

/** The canonical 文号 (洪府办发〔2022〕66号) when it parses, else the input trimmed. */
export const canonicalDocNumber = (raw: string) => normalizeDocNumber(raw) ?? raw.trim();

/** The content item the library links to the document with this 文号: null when unlinked, undefined when the library has none. */
export async function libraryHolderOf(
  db: Kysely<DB>,
  docNumber: string,
): Promise<{ title: string; itemId: number | null } | undefined> {
  return libraryDocumentByNumber(db, docNumber);
}

/** The library document holding this 索引号 (its title and linked item), if any. */
export const libraryIndexHolderOf = (db: Kysely<DB>, indexNumber: string) =>
  libraryDocumentByIndexNumber(db, indexNumber);

/** The next 索引号 by the site's rule, for a 政策文件 saved with none (inside the caller's transaction). */
export async function nextPolicyIndexNumber(trx: Kysely<DB>, orgCode: string, year: number): Promise<string> {
  return allocateIndexNumber(trx, await getIndexTemplate(trx), orgCode, year);
}

/** What the site's rule would give next, without taking it (the form's hint). */
export async function indexNumberExample(db: Kysely<DB>, orgCode: string, year: number): Promise<string> {
  return formatIndexNumber(await getIndexTemplate(db), { orgCode, year, seq: 1 });
}
