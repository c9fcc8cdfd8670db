/** Scheduled jobs: what runs, when it ran, what failed. A failure is shown, never silent. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { beijingTime } from '../../web/components.tsx';
import { renderAdmin } from '../../web/respond.tsx';
import { errors } from '../../web/schemas.ts';
import { listJobs } from './service.ts';

export const jobRoutes: FastifyPluginAsync = async (app) => {
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
    const { jobs, runs } = await listJobs(ctx, req.actor, app.jobDefinitions);
    const failed = runs.filter((r) => r.ok === false);
    return renderAdmin(
      req,
      reply,
      { title: '定时任务' },
      <>
        <h1>定时任务</h1>
        {failed.length > 0 && <p class="status-bad">最近有 {failed.length} 次运行失败，见下表。</p>}
        <div class="table-wrap">
          <table>
            <caption>任务</caption>
            <thead>
              <tr>
                <th scope="col">任务</th>
                <th scope="col">间隔</th>
                <th scope="col">上次运行</th>
                <th scope="col">下次运行</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr>
                  <td>{j.label}</td>
                  <td>{Math.round(j.intervalSeconds / 60)} 分钟</td>
                  <td>{beijingTime(j.lastFinishedAt)}</td>
                  <td>{beijingTime(j.nextRunAt)}</td>
                  <td class={j.lastError ? 'status-bad' : 'status-ok'}>
                    {j.running
                      ? '运行中'
                      : j.lastError
                        ? `失败（连续 ${j.failures} 次）：${j.lastError}`
                        : '正常'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>最近运行记录</caption>
            <thead>
              <tr>
                <th scope="col">任务</th>
                <th scope="col">开始</th>
                <th scope="col">结束</th>
                <th scope="col">结果</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr>
                  <td>{r.label}</td>
                  <td>{beijingTime(r.startedAt)}</td>
                  <td>{beijingTime(r.finishedAt)}</td>
                  <td class={r.ok === false ? 'status-bad' : undefined}>
                    {r.ok === null ? '运行中' : r.ok ? (r.summary ?? '成功') : `失败：${r.error}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>,
    );
  });
};
