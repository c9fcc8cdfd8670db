/** Schemas shared by the search API and the portal's search page. */
import { Type } from 'typebox';
import { StrictObject } from '../../../web/schemas.ts';

/** The search parameters: text, so the use case answers a bad value with a field message (not a schema refusal). */
export const SearchQuerystring = StrictObject({
  q: Type.Optional(
    Type.String({
      description: '搜索词；可以是文号（任意括号样式），如 洪府办发[2022]66号；超过 100 字时只搜索前 100 字',
    }),
  ),
  column: Type.Optional(Type.String({ maxLength: 100, description: '栏目' })),
  topic: Type.Optional(Type.String({ maxLength: 100, description: '专题' })),
  org: Type.Optional(Type.String({ maxLength: 10, description: '发布机关编号' })),
  year: Type.Optional(Type.String({ maxLength: 10, description: '发布年份，如 2022' })),
  type: Type.Optional(
    Type.String({
      maxLength: 50,
      description: '信息类型：article / notice / policy / interpretation / data …',
    }),
  ),
  validity: Type.Optional(
    Type.String({ maxLength: 30, description: '规范性文件效力：in_force / amended / repealed / expired' }),
  ),
  sort: Type.Optional(
    Type.String({ maxLength: 20, description: 'relevance（相关度，默认）或 date（时间）' }),
  ),
  page: Type.Optional(Type.String({ maxLength: 10, description: '页码，从 1 开始' })),
  pageSize: Type.Optional(Type.String({ maxLength: 10, description: '每页条数，1–50，默认 10' })),
});
