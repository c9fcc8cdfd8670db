/** Tables of the normative-document library (行政规范性文件库). Only store.ts queries them. */
import type { Generated } from 'kysely';

export interface NormativeDocumentTable {
  id: Generated<number>;
  /** 文号, normalised (docnumber.ts); unique. */
  doc_number: string;
  agency_code: string;
  doc_year: number;
  doc_seq: number;
  title: string;
  /** The first issuing org (主办); every issuing org, joint ones included, is in normative_document_orgs. */
  lead_org_id: number;
  /** 成文日期 */
  written_on: string;
  /** 发布日期 (null until it enters the library) */
  published_on: string | null;
  /** 施行日期 */
  effective_on: string;
  validity_years: number | null;
  /** Last day of the current validity period (inclusive); null = no limit. */
  ends_on: string | null;
  /** 索引号, generated from the template in settings; unique. */
  index_number: string;
  /** 登记号 (provincial registration number), optional. */
  registration_number: string | null;
  subject: string;
  body: string;
  file_path: string | null;
  file_name: string | null;
  file_type: string | null;
  file_size: number | null;
  /** Status as of the latest history row (the point-in-time answer comes from normative_status_periods). */
  status: string;
  /** 1 once it is in the public library (published); 0 = registered draft, staff only. */
  in_library: number;
  is_sample: number;
  /** The published content item that carries it (publishing module); no foreign key. */
  item_id: number | null;
  /** 1 = 行政规范性文件; 0 = another policy document needing interpretation (rate only, never in the library). */
  is_normative: number;
  /** When the carrying item was withdrawn (撤稿); the document left the public library then. */
  withdrawn_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NormativeDocumentOrgTable {
  document_id: number;
  org_id: number;
  /** 0 = lead org, 1… = joint issuers in order. */
  position: number;
}

/** The status history: append-only, one row per change, never updated. */
export interface NormativeStatusEventTable {
  id: Generated<number>;
  document_id: number;
  kind: string;
  effective_on: string;
  ends_on: string | null;
  by_document_id: number | null;
  by_doc_number: string | null;
  articles: string | null;
  note: string | null;
  recorded_at: string;
  actor_name: string;
}

/**
 * Derived from the history (model.ts statusPeriods), rebuilt per document in the same transaction
 * as each history row: what the point-in-time query reads. `to_on` is exclusive, 9999-12-31 = open.
 */
export interface NormativeStatusPeriodTable {
  document_id: number;
  status: string;
  from_on: string;
  to_on: string;
  event_id: number | null;
}

/**
 * Derived index for "in force on D": each merged in-force span [from_on, to_on) of a document,
 * repeated once per calendar year it overlaps (bucket_year; 0 for a span with no end), so a query
 * for D reads only bucket year(D) and bucket 0 — work proportional to the answer, not the history.
 * Library visibility and publication date are copied in so the query never touches the documents.
 */
export interface NormativeForceSpanTable {
  document_id: number;
  bucket_year: number;
  from_on: string;
  to_on: string;
  in_library: number;
  published_on: string;
}

/** normative_force_spans once per issuing org, for the org-filtered point-in-time query. */
export interface NormativeOrgForceSpanTable extends NormativeForceSpanTable {
  org_id: number;
}

export interface NormativeRelationTable {
  id: Generated<number>;
  from_document_id: number;
  to_document_id: number;
  /** amends / repeals / supersedes */
  kind: string;
  effective_on: string | null;
  articles: string | null;
  created_at: string;
}

export interface NormativeInterpretationTable {
  id: Generated<number>;
  document_id: number;
  title: string;
  url: string | null;
  /** text / graphic / video / briefing */
  form: string;
  published_on: string;
  item_id: number | null;
  /** JSON array of KEY_POINTS keys covered. */
  key_points: string;
  briefing_date: string | null;
  briefing_topic: string | null;
  briefing_speakers: string | null;
  briefing_link: string | null;
  is_sample: number;
  created_at: string;
}

/** Last 索引号 sequence number used per org code and year. */
export interface NormativeIndexCounterTable {
  org_code: string;
  year: number;
  last_seq: number;
}

export interface NormativeTables {
  normative_documents: NormativeDocumentTable;
  normative_document_orgs: NormativeDocumentOrgTable;
  normative_status_events: NormativeStatusEventTable;
  normative_status_periods: NormativeStatusPeriodTable;
  normative_force_spans: NormativeForceSpanTable;
  normative_org_force_spans: NormativeOrgForceSpanTable;
  normative_relations: NormativeRelationTable;
  normative_interpretations: NormativeInterpretationTable;
  normative_index_counters: NormativeIndexCounterTable;
}
