import type { Generated } from 'kysely';

export interface ConsultationTable {
  id: Generated<number>;
  org_id: number;
  title: string;
  draft_text: string;
  explanation: string;
  start_date: string;
  end_date: string;
  published_at: string | null;
  feedback_summary: string | null;
  feedback_published_at: string | null;
  final_doc_title: string | null;
  final_doc_url: string | null;
  is_sample: number;
  created_at: string;
  updated_at: string;
}

export interface ConsultationCommentTable {
  id: Generated<number>;
  consultation_id: number;
  author_name: string;
  /** Never shown publicly. Sealed (lib/datakeys.ts) under the key `contact_key`. */
  contact: string;
  /** Id of the data key `contact` is sealed under; null: written before sealing, still plain. */
  contact_key: string | null;
  body: string;
  /** pending | approved | rejected */
  status: string;
  submitted_at: string;
  moderated_by: string | null;
  moderated_at: string | null;
  reject_reason: string | null;
  /** adopted | partly | not_adopted, set with the feedback */
  adoption: string | null;
  adoption_reason: string | null;
}

export interface ConsultationTables {
  consultations: ConsultationTable;
  consultation_comments: ConsultationCommentTable;
}
