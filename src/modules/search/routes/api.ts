/** The search JSON API: full-text search (public) and the synonym list (the openness office's, audited). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, IdParams, StrictObject } from '../../../web/schemas.ts';
import { parseSearchQuery, type SearchResult } from '../model.ts';
import {
  createSynonymGroup,
  deleteSynonymGroup,
  listSynonyms,
  search,
  updateSynonymGroup,
} from '../service.ts';
import { MAX_SYNONYM_LENGTH, MAX_SYNONYMS } from '../synonyms.ts';
import { SearchQuerystring } from './schemas.ts';

const HitSchema = Type.Object({
  kind: Type.String({ description: '来源：item（信息）/ normative（规范性文件）/ …' }),
  refId: Type.Integer({ description: '来源记录编号' }),
  url: Type.String({ description: '页面地址' }),
  title: Type.String(),
  titleHtml: Type.String({ description: '标题，已转义，命中词以 <mark> 标出' }),
  snippetHtml: Type.String({ description: '正文摘要，已转义，命中词以 <mark> 标出' }),
  orgId: Type.Union([Type.Integer(), Type.Null()], { description: '发布机关' }),
  docNumber: Type.Union([Type.String(), Type.Null()], { description: '文号（规范化）' }),
  publishedOn: Type.String({ description: '发布日期 YYYY-MM-DD' }),
  itemType: Type.Union([Type.String(), Type.Null()]),
  validity: Type.Union([Type.String(), Type.Null()]),
  columnKeys: Type.Array(Type.String()),
  topicKeys: Type.Array(Type.String()),
  exact: Type.Boolean({ description: '是否为文号精确匹配' }),
  missing: Type.Array(Type.String(), {
    description:
      '该条不包含的搜索词：完全匹配时为空；全部词都匹配的结果太少时，排在后面的“部分匹配”结果列出缺少的词',
  }),
});

const ResultSchema = Type.Object({
  total: Type.Integer({ description: '结果总数；totalExact 为 false 时表示“至少这么多”' }),
  totalExact: Type.Boolean({ description: '结果总数是否精确（极常见的词在大站点上只统计到 2000 条）' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  terms: Type.Array(Type.String(), { description: '分词后的搜索词' }),
  docNumber: Type.Union([Type.String(), Type.Null()], { description: '搜索词中识别出的文号' }),
  hits: Type.Array(HitSchema),
  suggestions: Type.Array(
    Type.Object({ label: Type.String(), params: Type.Record(Type.String(), Type.String()) }),
    { description: '无结果时的建议' },
  ),
  pinyin: Type.Union([Type.String(), Type.Null()], {
    description:
      '搜索词按拼音识别成的中文（如 yingshang huanjing → 营商环境），结果即该中文的结果；否则为 null',
  }),
  synonyms: Type.Array(Type.String(), { description: '同时搜索的同义词或全称（如 低保 → 最低生活保障）' }),
  partial: Type.Integer({ description: '结果中只包含部分搜索词的条数（排在完全匹配之后）' }),
  cut: Type.Boolean({ description: '搜索词超过 100 字时为 true：只搜索了前 100 字' }),
});

function apiResult(r: SearchResult) {
  return {
    total: r.total,
    totalExact: r.totalExact,
    page: r.query.page,
    pageSize: r.query.pageSize,
    terms: r.terms,
    docNumber: r.docNumber,
    hits: r.hits,
    suggestions: r.suggestions,
    pinyin: r.pinyin,
    synonyms: r.synonyms,
    partial: r.partial,
    cut: r.query.cut === true,
  };
}

const GroupSchema = Type.Object({
  id: Type.Integer(),
  term: Type.String({ description: '群众常用的说法或简称，如 低保' }),
  synonyms: Type.Array(Type.String(), { description: '同义词或全称，如 最低生活保障' }),
});

const GroupBody = StrictObject({
  term: Type.String({ maxLength: 200, description: `词语（最多 ${MAX_SYNONYM_LENGTH} 字）` }),
  synonyms: Type.Array(Type.String({ maxLength: 200 }), {
    maxItems: 50,
    description: `同义词或全称（1–${MAX_SYNONYMS} 个）；每个词只能属于一组`,
  }),
});

/** /api/v1/search and /api/v1/search/synonyms. */
export const searchApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/search',
    {
      schema: {
        operationId: 'search.documents.search',
        tags: ['搜索'],
        summary: '站内全文搜索（中文分词、文号精确匹配、筛选、排序、高亮摘要）',
        querystring: SearchQuerystring,
        response: { 200: ResultSchema, ...errors(400) },
      },
    },
    async (req) => apiResult(await search(ctx.db, parseSearchQuery(req.query))),
  );

  app.get(
    '/api/v1/search/synonyms',
    {
      schema: {
        tags: ['搜索'],
        operationId: 'search.synonyms.list',
        summary: '同义词与简称列表（公开办维护）',
        response: { 200: Type.Array(GroupSchema), ...errors(401, 403) },
      },
    },
    async (req) => listSynonyms(ctx, req.actor),
  );
  app.post(
    '/api/v1/search/synonyms',
    {
      schema: {
        tags: ['搜索'],
        operationId: 'search.synonyms.create',
        summary: '新增一组同义词（搜索时同时搜索组内其他词）',
        body: GroupBody,
        response: { 201: GroupSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      reply.code(201);
      return createSynonymGroup(ctx, req.actor, req.body);
    },
  );
  app.put(
    '/api/v1/search/synonyms/:id',
    {
      schema: {
        tags: ['搜索'],
        operationId: 'search.synonyms.update',
        summary: '修改一组同义词',
        params: IdParams,
        body: GroupBody,
        response: { 200: GroupSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (req) => updateSynonymGroup(ctx, req.actor, req.params.id, req.body),
  );
  app.delete(
    '/api/v1/search/synonyms/:id',
    {
      schema: {
        tags: ['搜索'],
        operationId: 'search.synonyms.delete',
        summary: '删除一组同义词',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await deleteSynonymGroup(ctx, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
};
