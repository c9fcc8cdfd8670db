/** Scheduled jobs: what runs, when it ran, what failed (API and back office). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { renderAdmin } from '../../../web/respond.tsx';
import { errors } from '../../../web/schemas.ts';
import { listJobs } from '../service.ts';
import { JobsPage } from '../views/jobs.tsx';

/** GET /api/v1/jobs and /admin/jobs. */
export const jobRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  app.get(
    '/api/v1/jobs',
    {
      schema: {
        operationId: 'jobs.jobs.list',
        tags: ['任务调度'],
        summary: '定时任务及最近运行记录',
        response: { 200: Type.Unknown(), ...errors(401, 403) },
      },
    },
    (req) => listJobs(ctx, req.actor, app.jobDefinitions),
  );
  app.get('/admin/jobs', async (req, reply) => {
    const view = await listJobs(ctx, req.actor, app.jobDefinitions);
    return renderAdmin(req, reply, { title: '定时任务' }, <JobsPage {...view} />);
  });
};
