/** The city roll-up as JSON (GET /api/v1/city/rollup), for the city's 公开办 and leaders. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, StrictObject } from '../../web/schemas.ts';
import type { PlatformAccess } from './access.ts';
import { CityRollupSchema } from './schemas.ts';

export const platformApiRoutes: FastifyPluginAsyncTypebox<{ access: PlatformAccess }> = async (
  app,
  { access },
) => {
  app.get(
    '/api/v1/city/rollup',
    {
      schema: {
        operationId: 'platform.city.rollup',
        tags: ['集约化平台'],
        summary:
          '全市汇总（集约化平台的上级站点）：本站点和各下级站点的年度报告各表、依申请公开统计、解读率、最近一次自查和工作要点台账进度，逐站列出并合计',
        querystring: StrictObject({
          year: Type.Integer({ minimum: 2008, maximum: 2100, description: '年度' }),
        }),
        response: { 200: CityRollupSchema, ...errors(400, 401, 403, 409) },
      },
    },
    (req) => access.rollupOf(req.actor, req.query.year),
  );
};
