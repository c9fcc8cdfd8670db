/** The annual report's JSON API under /api/v1/reports/annual: the report, its submission, past reports' import. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, StrictObject } from '../../../web/schemas.ts';
import { publishedState, submitReportForPublication } from '../publish.ts';
import { buildAnnualReport, importPastReport, reportJson } from '../service.ts';
import { ImportQuerySchema, ReportJsonSchema, ReportQuerySchema } from './schemas.ts';
import { sendFile } from './shared.ts';

/** The annual report API. */
export const reportApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  app.get(
    '/api/v1/reports/annual',
    {
      schema: {
        operationId: 'report.annual.get',
        tags: ['年度报告'],
        summary: '政府信息公开工作年度报告（按数据计算）',
        querystring: ReportQuerySchema,
        response: { 200: ReportJsonSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const r = await buildAnnualReport(ctx, req.actor, { orgId: q.org, year: q.year, scope: q.scope });
      if (q.format === 'docx' || q.format === 'xlsx') return sendFile(reply, r, q.format);
      return { ...reportJson(r), published: await publishedState(ctx, r) };
    },
  );

  app.post(
    '/api/v1/reports/annual/submit',
    {
      schema: {
        operationId: 'report.annual.submit',
        tags: ['年度报告'],
        summary:
          '提交发布：在“公开年报”栏目生成稿件（被退回的草稿则更新；已发布的则生成替代它的新版本）并报送审核',
        querystring: StrictObject({
          org: Type.Integer({ minimum: 1 }),
          year: Type.Integer({ minimum: 2008, maximum: 2100 }),
          scope: Type.Optional(Type.Union([Type.Literal('own'), Type.Literal('rollup')])),
          acknowledgeEmpty: Type.Optional(
            Type.Boolean({
              description:
                '确认报告中尚无文字的部分（一、五、六）确无内容，仍提交发布；不确认时有空白部分则返回 409，fields.acknowledgeEmpty 列出这些部分',
            }),
          ),
        }),
        response: {
          200: Type.Object({
            itemId: Type.Integer(),
            status: Type.String(),
            statusLabel: Type.String(),
            revision: Type.Integer(),
            replaces: Type.Union([Type.Integer(), Type.Null()], {
              description: '新版本发布后替代的已发布稿件（此前仍公开）',
            }),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (req) => {
      const q = req.query;
      return submitReportForPublication(
        ctx,
        req.actor,
        { orgId: q.org, year: q.year, scope: q.scope },
        { acknowledgeEmpty: q.acknowledgeEmpty },
      );
    },
  );

  app.post(
    '/api/v1/reports/annual/import',
    {
      schema: {
        operationId: 'report.annual.import',
        tags: ['年度报告'],
        summary: '导入往年报告的数字（JSON，2019 或 2021 年版），用于同比',
        querystring: ImportQuerySchema,
        body: Type.Object(
          {},
          {
            additionalProperties: true,
            description:
              '与 GET /api/v1/reports/annual 相同的 table2、table3、table4；2019 年版的 table3 以 other 表示（六）其他处理',
          },
        ),
        response: {
          200: Type.Object({ format: Type.String(), received: Type.Integer() }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const f = await importPastReport(
        ctx,
        req.actor,
        { orgId: q.org, year: q.year },
        { name: 'body.json', data: Buffer.from(JSON.stringify(req.body)) },
        q.format,
      );
      return { format: f.format, received: f.table3.received.total ?? 0 };
    },
  );
};
