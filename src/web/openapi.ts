/**
 * The OpenAPI document of `/api/v1` (`/api/docs/json`), what integrators generate clients from:
 * `info.version` is package.json's, `servers` is PUBLIC_URL, one tag per module, and only `/api/v1`
 * routes that do not hide themselves. Stability rules (operationId, deprecation) are in
 * docs/API-CHANGELOG.md; test/openapi.test.ts holds the document to them.
 */
import type { SwaggerOptions } from '@fastify/swagger';
import { readFileSync } from 'node:fs';
import type { Config } from '../config.ts';
import { ErrorResponse } from './schemas.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  license: string;
};

/** The version integrators see: package.json's (the API changes in step with the release). */
export const API_VERSION = pkg.version;

/** Options for @fastify/swagger. */
export function openApiOptions(config: Pick<Config, 'publicUrl'>): SwaggerOptions {
  return {
    openapi: {
      info: {
        title: 'Gongkai 政务公开平台 API',
        version: API_VERSION,
        description:
          '公开接口与业务接口。鉴权：`Authorization: Bearer <token>`（`npx gongkai token create --user NAME`）。' +
          '错误一律为 `ErrorResponse`（稳定的 `code` 与中文 `message`）。每个操作的 `operationId` 稳定不变；' +
          '字段或路径停用前至少提前一个次版本标为 `deprecated`（见 docs/API-CHANGELOG.md）。',
        license: { name: pkg.license, url: 'https://opensource.org/licenses/MIT' },
      },
      servers: [{ url: config.publicUrl, description: '本实例（PUBLIC_URL）' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transformObject: (doc) =>
      shareErrorSchema((doc as { openapiObject: OpenApiDocument }).openapiObject) as never,
    transform: ({ schema, url }) => {
      const s = (schema ?? {}) as { hide?: boolean };
      return { schema: { ...s, hide: s.hide === true || !url.startsWith('/api/v1') } as never, url };
    },
  };
}

/** What an error status means, for every operation (the body is always ErrorResponse). */
const ERROR_MEANINGS: Record<string, string> = {
  '400': '输入有误（code: validation 等，fields 给出字段级说明）',
  '401': '未登录或令牌无效',
  '403': '无权执行此操作',
  '404': '记录不存在或不在本单位范围内',
  '409': '与当前状态冲突（如已办结、已发布）',
  '413': '上传文件过大',
  '422': '内容不符合规则',
  '429': '请求过于频繁，请稍后再试',
};

interface OpenApiDocument {
  paths?: Record<
    string,
    Record<
      string,
      { responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }> }
    >
  >;
  components?: { schemas?: Record<string, unknown> };
}

/** ErrorResponse as the generator writes it (it turns TypeBox's Record into additionalProperties). */
function isErrorResponse(schema: unknown): boolean {
  const s = schema as
    { required?: string[]; properties?: { error?: { properties?: Record<string, unknown> } } } | undefined;
  const inner = s?.properties?.error?.properties;
  return (
    JSON.stringify(s?.required) === '["error"]' &&
    !!inner &&
    Object.keys(inner).sort().join() === Object.keys(ErrorResponse.properties.error.properties).sort().join()
  );
}

/**
 * Every 4xx/5xx of every operation that answers with ErrorResponse points at the one shared
 * `#/components/schemas/ErrorResponse` (routes spell it `errors(…)`, which the generator inlines), with
 * a description of what the status means, so a generated client has one error type.
 */
export function shareErrorSchema(doc: OpenApiDocument): OpenApiDocument {
  let shared: unknown;
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(ops)) {
      for (const [code, res] of Object.entries(op.responses ?? {})) {
        if (Number(code) < 400) continue;
        // Errors are JSON even where the route `produces` a file.
        const error = Object.values(res.content ?? {}).find((c) => isErrorResponse(c.schema));
        if (error) {
          shared ??= error.schema;
          res.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
        }
        if (!res.description || res.description === 'Default Response')
          res.description = ERROR_MEANINGS[code] ?? '错误';
      }
    }
  }
  if (shared)
    doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ErrorResponse: shared } };
  return doc;
}
