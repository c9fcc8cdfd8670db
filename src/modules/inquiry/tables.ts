import type { Generated } from 'kysely';

export interface InquiryTable {
  id: Generated<number>;
  /** Public tracking number, e.g. ZX2022-00012. */
  number: string;
  /** sha256 of the secret tracking code given to the asker. */
  code_hash: string;
  /** person | enterprise */
  asker_kind: string;
  asker_name: string;
  /** Phone or e-mail; never shown publicly. Sealed (lib/datakeys.ts) under the key `contact_key`. */
  contact: string;
  /** Id of the data key `contact` is sealed under; null: written before sealing, still plain. */
  contact_key: string | null;
  title: string;
  question: string;
  /** web | window | phone */
  channel: string;
  zone_id: number | null;
  org_id: number;
  /** pending | answered | invalid */
  status: string;
  submitted_at: string;
  received_date: string;
  due_date: string;
  answer: string | null;
  answered_at: string | null;
  answered_by: string | null;
  invalid_reason: string | null;
  faq_question: string | null;
  faq_answer: string | null;
  /** JSON [{ title, url }]: the policy documents the FAQ concerns. */
  faq_links: string;
  faq_published_at: string | null;
  is_sample: number;
}

export interface InquiryEventTable {
  id: Generated<number>;
  inquiry_id: number;
  at: string;
  actor_name: string;
  action: string;
  detail: string;
}

export interface InquiryTables {
  inquiries: InquiryTable;
  inquiry_events: InquiryEventTable;
}
