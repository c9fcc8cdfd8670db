/** 自查 JSON API: runs, the latest result, run now, report downloads. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../errors.ts';
import { errors, IdParams, StrictObject } from '../../../web/schemas.ts';
import { getRun, latestRun, listRuns, runInspection } from '../service.ts';
import { sendReport, targetFrom } from './report.ts';
import { OrgQuery, RunDetailSchema, RunSchema, tags } from './schemas.ts';

/** The inspection API under /api/v1/inspection. */
export const inspectionApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/inspection/runs',
    {
      schema: {
        operationId: 'inspection.runs.list',
        tags,
        summary: '自查记录（本单位及下级；公开办看全部）',
        querystring: StrictObject({
          org: OrgQuery,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Array(RunSchema), ...errors(401, 403) },
      },
    },
    (req) => {
      const q = req.query;
      return listRuns(ctx, req.actor, {
        orgId: q.org == null ? undefined : q.org === 0 ? null : q.org,
        limit: q.limit,
      });
    },
  );
  app.get(
    '/api/v1/inspection/latest',
    {
      schema: {
        operationId: 'inspection.runs.latest',
        tags,
        summary: '最近一次自查结果（健康状况）',
        querystring: StrictObject({ org: OrgQuery }),
        response: { 200: RunDetailSchema, ...errors(401, 403, 404) },
      },
    },
    async (req) => {
      const run = await latestRun(ctx, req.actor, targetFrom(req.actor, req.query.org));
      if (!run) throw new AppError('not_found', '尚未进行过自查');
      return run;
    },
  );
  app.get(
    '/api/v1/inspection/runs/:id',
    {
      schema: {
        operationId: 'inspection.runs.get',
        tags,
        summary: '一次自查的结果和问题清单',
        params: IdParams,
        response: { 200: RunDetailSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getRun(ctx, req.actor, req.params.id),
  );
  app.post(
    '/api/v1/inspection/runs',
    {
      schema: {
        operationId: 'inspection.runs.create',
        tags,
        summary: '立即自查（单位查本单位；公开办可查全站或任一单位）',
        body: StrictObject({ org: OrgQuery }),
        response: { 201: RunDetailSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const run = await runInspection(ctx, req.actor, targetFrom(req.actor, req.body.org));
      return reply.code(201).send(run);
    },
  );
  app.get(
    '/api/v1/inspection/runs/:id/report',
    {
      schema: {
        operationId: 'inspection.runs.report',
        tags,
        summary: '下载自查报告（docx 或 xlsx）',
        params: IdParams,
        querystring: StrictObject({ format: Type.Union([Type.Literal('docx'), Type.Literal('xlsx')]) }),
        response: { 200: Type.Unknown(), ...errors(400, 401, 403, 404) },
      },
    },
    (req, reply) => sendReport(ctx, req.actor, reply, req.params.id, req.query.format),
  );
};
