import type { Generated } from 'kysely';

export interface ContentColumnTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  /** URL segment, unique across the site: /columns/:slug. */
  slug: string;
  /** news / notice / policy / data / interaction / guide / report / other — drives freshness checks. */
  kind: string;
  org_id: number | null;
  description: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface ContentTopicTable {
  id: Generated<number>;
  name: string;
  slug: string;
  summary: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface ContentTopicSectionTable {
  id: Generated<number>;
  topic_id: number;
  name: string;
  sort_order: number;
}

export interface ContentItemTable {
  id: Generated<number>;
  kind: string;
  title: string;
  /** Sanitised HTML. */
  body: string;
  org_id: number;
  status: string;
  /** original / reposted */
  source: string;
  origin: string | null;
  /** Legal date (YYYY-MM-DD) the information was made or changed (条例第二十六条). */
  formation_date: string | null;
  doc_number: string | null;
  /** 政策文件: 索引号 (site rule, editable), 成文日期 (YYYY-MM-DD), 发布机构, 主题分类, 有效性. */
  index_number: string | null;
  written_date: string | null;
  issuing_agency: string | null;
  subject: string | null;
  validity: string | null;
  interp_form: string | null;
  /** JSON: the seven key points of an interpretation, keyed by point. */
  interp_points: string | null;
  /** JSON: { columns: string[], rows: string[][] } for data tables. */
  data_table: string | null;
  author_id: number | null;
  revision: number;
  /** Scheduled publication instant. */
  publish_at: string | null;
  published_at: string | null;
  modified_at: string | null;
  /** 1 when published later than 20 working days after formation. */
  late: number;
  /** JSON: the last gate result. */
  gate_json: string | null;
  /** JSON: { by, reason, at } when a reviewer overrode the gate. */
  gate_override: string | null;
  reject_comment: string | null;
  withdrawal_mode: string | null;
  withdrawal_reason: string | null;
  withdrawn_at: string | null;
  redirect_to: string | null;
  /** A published item this one replaces when it is published (that one is then withdrawn, redirecting here). */
  supersedes_id: number | null;
  is_sample: number;
  /** The old site's URL this item was imported from (issue #23: marked as imported), else null. */
  imported_from: string | null;
  /** Imported items: the instant of first publication on the old site, kept when published here. */
  original_published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContentItemColumnTable {
  item_id: number;
  column_id: number;
}

export interface ContentItemTopicTable {
  item_id: number;
  topic_id: number;
  section_id: number | null;
}

export interface ContentItemRelationTable {
  item_id: number;
  related_id: number;
  kind: string;
}

export interface ContentRevisionTable {
  id: Generated<number>;
  item_id: number;
  number: number;
  /** JSON snapshot of the editable fields (masked, when personal data was masked after it). */
  snapshot: string;
  /** The original snapshot sealed with the personal-data key (lib/datakeys.ts), when it held personal data later masked. */
  sealed: string | null;
  note: string;
  actor_name: string;
  created_at: string;
}

export interface ContentAttachmentTable {
  id: Generated<number>;
  item_id: number;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  /** Path relative to DATA_DIR/uploads. */
  storage_path: string;
  /** Extracted text (for the gate and for search). */
  text: string;
  created_at: string;
}

/** One import of the old site's content (package or crawl); `status`: ready / blocked / running / done / failed. */
export interface ContentImportRunTable {
  id: Generated<number>;
  /** package / crawl */
  source: string;
  /** The package's file name or the crawl's start URL. */
  label: string;
  org_id: number;
  status: string;
  skip_errors: number;
  /** JSON: the crawl settings (start URL, preset, selectors, limits) or the package's manifest name. */
  options_json: string;
  /** Package runs: the stored ZIP under DATA_DIR/imports (kept for resuming). */
  package_path: string | null;
  /** JSON: counts and the pages that could not be read. */
  report_json: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** One manifest row or crawled page; `state`: pending / published / review / error / skipped / duplicate. */
export interface ContentImportRowTable {
  id: Generated<number>;
  run_id: number;
  row_no: number;
  old_url: string;
  title: string;
  state: string;
  item_id: number | null;
  /** JSON: the row as read (fields, body reference, attachment references). */
  data_json: string;
  /** JSON: string[] of Chinese messages. */
  errors: string;
  updated_at: string;
}

/** Old site path (with query) → the imported item; answered with 301. */
export interface ContentRedirectTable {
  old_path: string;
  item_id: number;
  run_id: number | null;
  created_at: string;
}

export interface ContentTables {
  content_columns: ContentColumnTable;
  content_topics: ContentTopicTable;
  content_topic_sections: ContentTopicSectionTable;
  content_items: ContentItemTable;
  content_item_columns: ContentItemColumnTable;
  content_item_topics: ContentItemTopicTable;
  content_item_relations: ContentItemRelationTable;
  content_revisions: ContentRevisionTable;
  content_attachments: ContentAttachmentTable;
  content_import_runs: ContentImportRunTable;
  content_import_rows: ContentImportRowTable;
  content_redirects: ContentRedirectTable;
}
