/** `POST /api/v1/privacy/scan`: staff check a text for personal information and 错敏词. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, StrictObject } from '../../../web/schemas.ts';
import { MAX_SCAN_CHARS, scanText } from '../service.ts';
import { scanRateLimit } from './limits.ts';

/** A text to scan. */
export const ScanBody = StrictObject({
  text: Type.String({ description: `要检查的文字（最多 ${MAX_SCAN_CHARS} 字）` }),
});

const PersonalFinding = Type.Object({
  kind: Type.String({
    description: 'resident_id / mobile / bank_card / passport / email / address / name_with_pi',
  }),
  label: Type.String({ description: '类别的中文名称，如 身份证号码' }),
  start: Type.Integer({ description: '起始位置（UTF-16 下标）' }),
  end: Type.Integer({ description: '结束位置（不含）' }),
  text: Type.String({ description: '原文' }),
  masked: Type.String({ description: '遮盖后的写法' }),
});

const ExpressionFindingSchema = Type.Object({
  start: Type.Integer(),
  end: Type.Integer(),
  term: Type.String({ description: '发现的表述' }),
  suggestion: Type.String({ description: '修改建议' }),
  severity: Type.String({ description: 'serious（阻止发布）/ warning（提示）' }),
  kind: Type.String({ description: 'outdated / wrong / sensitive' }),
});

const ScanResponse = Type.Object({
  personal: Type.Array(PersonalFinding, { description: '个人信息' }),
  expressions: Type.Array(ExpressionFindingSchema, { description: '错敏词' }),
  blocking: Type.Boolean({ description: '是否存在阻止发布的问题' }),
});

/** Each member of staff may scan 60 texts a minute (a scan of 500 000 characters takes ~1 s). */
/** POST /api/v1/privacy/scan. */
export const privacyApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/api/v1/privacy/scan',
    {
      bodyLimit: 4 * 1024 * 1024,
      config: { rateLimit: scanRateLimit },
      schema: {
        operationId: 'privacy.text.scan',
        tags: ['个人信息与错敏词'],
        summary: '检查文字中的个人信息和错敏词',
        description: '返回每处发现的类别、位置和遮盖后的写法；blocking 为 true 表示发布前必须处理。',
        body: ScanBody,
        response: { 200: ScanResponse, ...errors(400, 401, 403, 413, 429) },
      },
    },
    async (req) => scanText(ctx, req.actor, req.body.text),
  );
};
