/** Columns (栏目) and topics (专题): the site's structure, managed by the openness office. */
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../../context.ts';
import type { ReadCache } from '../../../db/readcache.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { listPublicOrgs } from '../../org/service.ts';
import { COLUMN_KINDS, isSlug, type Column, type ColumnKind, type Topic } from '../model.ts';
import {
  insertColumn,
  insertTopic,
  selectColumnBySlug,
  selectColumns,
  selectTopics,
  updateColumnRow,
} from '../store/structure.ts';

/** The column tree, in display order. */
export const listColumns = (db: Kysely<DB>) => selectColumns(db);
/** Every topic with its sections. */
export const listTopics = (db: Kysely<DB>) => selectTopics(db);

/** The column tree for portal pages, shared by every request until a column changes (app.readCache). */
export const publicColumns = (cache: ReadCache) => cache.get('columns', ['content_columns'], listColumns);
/** The topics for portal pages, shared by every request until a topic or section changes. */
export const publicTopics = (cache: ReadCache) =>
  cache.get('topics', ['content_topics', 'content_topic_sections'], listTopics);

/** The column at /columns/{slug}, or a 404. */
export async function getColumnBySlug(db: Kysely<DB>, slug: string): Promise<Column> {
  const c = await selectColumnBySlug(db, slug);
  if (!c) throw notFound('栏目');
  return c;
}

/** The topic at /topics/{slug}, or a 404. */
export async function getTopicBySlug(db: Kysely<DB>, slug: string): Promise<Topic> {
  const t = (await selectTopics(db)).find((x) => x.slug === slug);
  if (!t) throw notFound('专题');
  return t;
}

/** A column as created or changed. */
export interface ColumnInput {
  name: string;
  slug: string;
  kind: ColumnKind;
  parentId: number | null;
  orgId: number | null;
  description?: string;
  sortOrder?: number;
}

async function validateColumn(db: Kysely<DB>, input: ColumnInput, id?: number) {
  const fields: Record<string, string> = {};
  if (!input.name?.trim() || input.name.length > 100) fields.name = '请填写栏目名称（100 字以内）';
  if (!isSlug(input.slug ?? '')) fields.slug = '网址标识只能包含小写字母、数字和连字符';
  if (!(input.kind in COLUMN_KINDS)) fields.kind = '栏目类型无效';
  if (Object.keys(fields).length) throw badRequest('栏目信息有误，请检查后重新提交', fields);
  const columns = await selectColumns(db);
  const same = columns.find((c) => c.slug === input.slug);
  if (same && same.id !== id) throw badRequest('网址标识已被使用', { slug: `已被栏目“${same.name}”使用` });
  if (input.parentId != null) {
    if (!columns.some((c) => c.id === input.parentId))
      throw badRequest('上级栏目不存在', { parentId: '上级栏目不存在' });
    // no cycles: walk up from the new parent
    let p: number | null = input.parentId;
    while (p != null) {
      if (p === id)
        throw badRequest('不能把栏目设为自己下级的下级', { parentId: '上级栏目不能是本栏目或其下级' });
      p = columns.find((c) => c.id === p)?.parentId ?? null;
    }
  }
  if (input.orgId != null && !(await listPublicOrgs(db)).some((o) => o.id === input.orgId))
    throw badRequest('维护单位不存在', { orgId: '维护单位不存在' });
}

/** Adds a column (公开办: content.structure). */
export async function createColumn(ctx: AppContext, actor: Actor, input: ColumnInput): Promise<Column> {
  requirePermission(actor, 'content.structure');
  await validateColumn(ctx.db, input);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await insertColumn(trx, {
        name: input.name.trim(),
        slug: input.slug,
        kind: input.kind,
        parent_id: input.parentId,
        org_id: input.orgId,
        description: input.description?.trim() ?? '',
        sort_order: input.sortOrder ?? 0,
        created_at: now,
        updated_at: now,
      });
      return (await selectColumnBySlug(trx, input.slug))!;
    },
    (c) => ({ action: 'content.column.create', objectType: 'content_column', objectId: c.id, after: c }),
  );
}

/** Changes a column: name, address, kind, place in the tree, maintaining org. */
export async function updateColumn(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: ColumnInput,
): Promise<Column> {
  requirePermission(actor, 'content.structure');
  const before = (await selectColumns(ctx.db)).find((c) => c.id === id);
  if (!before) throw notFound('栏目');
  await validateColumn(ctx.db, input, id);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateColumnRow(trx, id, {
        name: input.name.trim(),
        slug: input.slug,
        kind: input.kind,
        parent_id: input.parentId,
        org_id: input.orgId,
        description: input.description?.trim() ?? '',
        sort_order: input.sortOrder ?? 0,
        updated_at: ctx.clock.now().toISOString(),
      });
      return (await selectColumnBySlug(trx, input.slug))!;
    },
    (after) => ({
      action: 'content.column.update',
      objectType: 'content_column',
      objectId: id,
      before,
      after,
    }),
  );
}

/** A topic as created. */
export interface TopicInput {
  name: string;
  slug: string;
  summary?: string;
  sortOrder?: number;
  /** Section names, in order. */
  sections: string[];
}

/** Adds a topic with its sections. */
export async function createTopic(ctx: AppContext, actor: Actor, input: TopicInput): Promise<Topic> {
  requirePermission(actor, 'content.structure');
  const fields: Record<string, string> = {};
  if (!input.name?.trim() || input.name.length > 100) fields.name = '请填写专题名称（100 字以内）';
  if (!isSlug(input.slug ?? '')) fields.slug = '网址标识只能包含小写字母、数字和连字符';
  const sections = (input.sections ?? []).map((s) => s.trim()).filter(Boolean);
  if (sections.length > 20 || sections.some((s) => s.length > 50))
    fields.sections = '专题最多 20 个板块，每个板块名称 50 字以内';
  if (Object.keys(fields).length) throw badRequest('专题信息有误，请检查后重新提交', fields);
  if ((await selectTopics(ctx.db)).some((t) => t.slug === input.slug))
    throw badRequest('网址标识已被使用', { slug: '已被其他专题使用' });
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertTopic(
        trx,
        {
          name: input.name.trim(),
          slug: input.slug,
          summary: input.summary?.trim() ?? '',
          sort_order: input.sortOrder ?? 0,
          created_at: now,
          updated_at: now,
        },
        sections,
      );
      return (await selectTopics(trx)).find((t) => t.id === id)!;
    },
    (t) => ({ action: 'content.topic.create', objectType: 'content_topic', objectId: t.id, after: t }),
  );
}
