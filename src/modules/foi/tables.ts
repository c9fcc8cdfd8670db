/** Kysely table types of the FOI module (依申请公开). Only foi/store.ts touches them. */
import type { ColumnType, Generated } from 'kysely';

/** A text column with a database default: optional on insert. */
type DefaultedText = ColumnType<string, string | undefined, string>;

export interface FoiApplicationTable {
  id: Generated<number>;
  /** e.g. 2022-HGT-00001: year of submission, per-year sequence. */
  number: string;
  year: number;
  seq: number;
  /** sha256 of the query code; the code itself is shown once on the receipt. */
  query_code_hash: string;
  /** The public form's one-time token: the same token resubmitted finds the same application. */
  form_token: string | null;
  applicant_type: string;
  applicant_name: string;
  /** The identity document: resident / passport / hk_macao / taiwan / foreign_pr (applicant.ts), credit_code for organisations. */
  id_type: DefaultedText;
  /** Identity document number or unified social credit code ('' when not given); sealed (lib/datakeys.ts). */
  applicant_id_number: string;
  /** 法定代表人或负责人 of an organisation ('' for a natural person). */
  legal_representative: DefaultedText;
  /** 联系人 of an organisation. */
  contact_person: DefaultedText;
  /** Who the applicant is for the per-month fee count: ID/credit code, else name+phone. */
  applicant_key: string;
  phone: string;
  address: string;
  email: string;
  description: string;
  doc_number: string;
  doc_title: string;
  preferred_form: string;
  delivery: string;
  channel: string;
  /** Instant of submission (UTC ISO). */
  submitted_at: string;
  /** 收到申请之日 (Asia/Shanghai date); null while waiting in the confirmation queue. */
  received_on: string | null;
  org_id: number;
  handler_id: number | null;
  status: string;
  due_date: string | null;
  provisional: number;
  outcome: string | null;
  closed_on: string | null;
  is_sample: number;
  created_at: string;
  updated_at: string;
  /** Keyed hash of the normalised ID number / credit code ('' when none): finds earlier applications (foi/similar.ts). */
  id_key: string | null;
  /** Keyed hash of the normalised phone number ('' when none). */
  phone_key: string | null;
  /** Closed as rejected.duplicate: the earlier application it repeats. */
  duplicate_of: number | null;
}

export interface FoiEventTable {
  id: Generated<number>;
  application_id: number;
  type: string;
  on_date: string;
  /** JSON: the event's other fields. */
  data: string;
  actor_id: number | null;
  actor_name: string;
  at: string;
}

export interface FoiHistoryTable {
  id: Generated<number>;
  application_id: number;
  at: string;
  actor_name: string;
  text: string;
}

export interface FoiReviewTable {
  id: Generated<number>;
  application_id: number;
  kind: string;
  filed_on: string;
  /** Cache of the latest row of foi_review_results ('pending' when none); the report reads the rows. */
  result: string;
  result_on: string | null;
  note: string;
  created_at: string;
  updated_at: string;
}

/**
 * Every result a review or lawsuit has had, each with its date (rules.md §4): a later result is a
 * new row, never an update; only a mistyped row is corrected (audited, `corrected_at`).
 */
export interface FoiReviewResultTable {
  id: Generated<number>;
  review_id: number;
  /** upheld / corrected / other (never pending: no row = 尚未审结). */
  result: string;
  result_on: string;
  note: string;
  actor_name: string;
  recorded_at: string;
  corrected_at: string | null;
}

/** Scanned paper applications and other files of a case; the bytes live under DATA_DIR/foi-attachments. */
export interface FoiAttachmentTable {
  id: Generated<number>;
  application_id: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  /** Path relative to DATA_DIR/foi-attachments. */
  storage_key: string;
  uploaded_by: string;
  created_at: string;
  /** When the file was given to the applicant as released information (downloadable with the query code); null = staff only. */
  released_at: string | null;
}

export interface FoiLetterBlockTable {
  id: Generated<number>;
  org_id: number;
  kind: string;
  block: string;
  text: string;
  updated_at: string;
}

/** A letter as issued: its rendered content (letters/templates.ts Letter as JSON), 文号 and date. */
export interface FoiLetterTable {
  id: Generated<number>;
  application_id: number;
  /** The event the letter was issued for (补正通知, 延期, 征求意见, 收费通知, 办结). */
  event_id: number;
  /** The org that issued it (its 文号 sequence). */
  org_id: number;
  kind: string;
  year: number;
  /** Sequence within (org_id, year), unique. */
  seq: number;
  doc_number: string;
  issued_on: string;
  content: string;
  created_at: string;
}

export interface FoiTables {
  foi_letters: FoiLetterTable;
  foi_applications: FoiApplicationTable;
  foi_events: FoiEventTable;
  foi_history: FoiHistoryTable;
  foi_reviews: FoiReviewTable;
  foi_review_results: FoiReviewResultTable;
  foi_letter_blocks: FoiLetterBlockTable;
  foi_attachments: FoiAttachmentTable;
}
