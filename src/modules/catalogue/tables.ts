/** Tables of the standard disclosure catalogues (基层政务公开标准目录), their coverage and offline postings. */
import type { Generated } from 'kysely';

/** The fields a catalogue entry and a template entry share (the 标准目录 table's columns). */
interface EntryColumns {
  /** 领域, e.g. 社会救助. */
  domain: string;
  seq: number;
  /** 公开事项 一级事项 / 二级事项. */
  item1: string;
  item2: string;
  /** 公开内容（要素）. */
  content: string;
  /** 公开依据. */
  basis: string;
  /** 公开时限 as written; parsed on read by model.ts's parseTimeLimit. */
  time_limit: string;
  /** 公开主体. */
  subject: string;
  /** JSON array of channel names (公开渠道和载体). */
  channels: string;
  /** JSON arrays of keys: audience all/specific, mode proactive/on_request, level county/township. */
  audience: string;
  mode: string;
  level: string;
  /** 1 = 待核对 (not confirmed by a government copy of the guideline; see model.ts needsCheck). */
  to_check: Generated<number>;
}

/** District-wide templates, shared by every township (and village/community), typed from the guidelines. */
export interface CatalogueTemplateEntryTable extends EntryColumns {
  id: Generated<number>;
  /** township (乡镇/街道目录) or village (村务/居务公开目录). */
  scope: string;
  /** The document the entry was typed from, with its issuer; '' for sample data. */
  source: string;
  is_sample: number;
  /** 可信度 key of a shipped row (model.ts CONFIDENCES); '' for the office's own rows. */
  confidence: Generated<string>;
  /** 可信度 as the reference notes word it. */
  confidence_note: Generated<string>;
  /** JSON array of the copies supporting the row ({name, url, government}). */
  witnesses: Generated<string>;
  /** 备注. */
  note: Generated<string>;
  /** shipped (from templates/) or office (added by the 公开办, or replaced from its province's file). */
  origin: Generated<string>;
  /** 1 once the office changed a shipped row: upgrades keep it. */
  edited: Generated<number>;
  /** The revision of the shipped template set the row came from (templates/*.ts `revision`). */
  revision: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** What an upgrade of the shipped templates changed, for the 公开办's dashboard notice. */
export interface CatalogueTemplateChangeTable {
  id: Generated<number>;
  domain: string;
  /** added | replaced | removed | kept | source */
  kind: string;
  /** 一级事项·二级事项, or '' for the domain as a whole. */
  item: string;
  detail: string;
  changed_at: string;
  /** Null until someone with catalogue.template marks the notice read. */
  read_at: string | null;
}

/** One catalogue per org and year. */
export interface CatalogueTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  title: string;
  /** township or village (the simple 村务/居务 catalogue). */
  scope: string;
  /** 建设成效与改进措施: the township's own words for the pilot report. */
  notes: string;
  is_sample: number;
  created_at: string;
  updated_at: string;
}

export interface CatalogueEntryTable extends EntryColumns {
  id: Generated<number>;
  catalogue_id: number;
  /** The template entry it was copied from (null for the township's own entries). */
  template_entry_id: number | null;
  /** JSON array of content item kinds that fulfil it ([] = any kind). */
  item_kinds: string;
  created_at: string;
  updated_at: string;
}

/** Entry → content column that fulfils it. */
export interface CatalogueMappingTable {
  entry_id: number;
  column_id: number;
}

/** A publication credited to an entry: a published content item, or an offline posting. */
export interface CatalogueCreditTable {
  id: Generated<number>;
  entry_id: number;
  /** online | offline */
  source: string;
  item_id: number | null;
  posting_id: number | null;
  title: string;
  /** Public link (online items) or null. */
  url: string | null;
  /** Legal date the information was made or changed, when known (for the 公开时限). */
  formed_on: string | null;
  published_on: string;
  created_at: string;
}

/** 公开栏 / 村务公开栏 postings recorded by the township with a photo. */
export interface CataloguePostingTable {
  id: Generated<number>;
  entry_id: number;
  org_id: number;
  channel: string;
  title: string;
  formed_on: string | null;
  posted_on: string;
  photo_name: string;
  photo_mime: string;
  /** File name under DATA_DIR/uploads/catalogue. */
  photo_path: string;
  recorded_by: string;
  recorded_at: string;
  is_sample: number;
}

export interface CatalogueTables {
  catalogue_template_entries: CatalogueTemplateEntryTable;
  catalogue_template_changes: CatalogueTemplateChangeTable;
  catalogues: CatalogueTable;
  catalogue_entries: CatalogueEntryTable;
  catalogue_mappings: CatalogueMappingTable;
  catalogue_credits: CatalogueCreditTable;
  catalogue_postings: CataloguePostingTable;
}
