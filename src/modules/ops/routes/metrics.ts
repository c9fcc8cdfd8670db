/**
 * Observability: `/metrics` in the Prometheus text format and the readiness check `/readyz`.
 * Metrics live in a registry per app (tests build many apps in one process): HTTP requests and
 * latency by route pattern, job runs and failures (counted by wrapping the job definitions), FOI
 * applications past their due date (one indexed count at scrape time), and Node process metrics.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { pendingMigrations } from '../../../db/migrate.ts';
import { pingDatabase } from '../../../db/ping.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { countOverdueApplications } from '../../foi/service.ts';
import type { JobDefinition } from '../../jobs/service.ts';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Within this time a database answer counts as reachable (readiness and the `db_up` gauge). */
const DB_TIMEOUT_MS = 2000;

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`超过 ${ms} 毫秒未响应`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Who may read `/metrics`: with `METRICS_TOKEN` set, whoever sends it as a Bearer token; without it,
 * only a client connected directly over loopback (a request relayed by a proxy carries
 * X-Forwarded-For and is refused, so the public cannot reach it through nginx by accident).
 */
export function mayReadMetrics(req: FastifyRequest, token: string | undefined): boolean {
  if (token) return req.headers.authorization === `Bearer ${token}`;
  const addr = req.socket.remoteAddress ?? '';
  const loopback = addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
  return loopback && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

/** Wraps each job so that its runs and failures are counted; behaviour is otherwise unchanged. */
function countedJobs(
  defs: JobDefinition[],
  runs: Counter<'job' | 'result'>,
  lastSuccess: Gauge<'job'>,
): JobDefinition[] {
  return defs.map((d) => ({
    ...d,
    async run(ctx, now) {
      try {
        const out = await d.run(ctx, now);
        runs.inc({ job: d.name, result: 'ok' });
        lastSuccess.set({ job: d.name }, Date.now() / 1000);
        return out;
      } catch (err) {
        runs.inc({ job: d.name, result: 'failed' });
        throw err;
      }
    },
  }));
}

export async function observability(app: FastifyInstance): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gongkai_' });

  const requests = new Counter({
    name: 'gongkai_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gongkai_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'gongkai_job_runs_total',
    help: 'Scheduled job runs in this process by job and result (ok, failed)',
    labelNames: ['job', 'result'] as const,
    registers: [registry],
  });
  const jobLastSuccess = new Gauge({
    name: 'gongkai_job_last_success_timestamp_seconds',
    help: 'When each job last succeeded in this process (Unix time)',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  const dbUp = new Gauge({
    name: 'gongkai_db_up',
    help: '1 when the database answered the last scrape',
    registers: [registry],
  });
  new Gauge({
    name: 'gongkai_foi_overdue_applications',
    help: 'FOI applications still open after their statutory due date (as of today, Asia/Shanghai)',
    registers: [registry],
    async collect() {
      try {
        const today = shanghaiDate(app.ctx.clock.now());
        // pageSize 0: only the count, which the partial index on open applications answers.
        const { total } = await withTimeout(countOverdueApplications(app.ctx.db, today), DB_TIMEOUT_MS);
        this.set(total);
        dbUp.set(1);
      } catch {
        dbUp.set(0);
      }
    },
  });

  app.jobDefinitions = countedJobs(app.jobDefinitions, jobRuns, jobLastSuccess);

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? '(unmatched)';
    if (route === '/metrics') return;
    requests.inc({ method: req.method, route, status_code: String(reply.statusCode) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!mayReadMetrics(req, app.ctx.config.metricsToken)) {
      return reply
        .code(403)
        .type('text/plain; charset=utf-8')
        .send('仅限本机访问，或使用 METRICS_TOKEN 作为 Bearer 令牌\n');
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });

  // Readiness: take traffic only when the database answers, the schema is current and we are not
  // shutting down. Liveness (`/healthz`) stays a plain "the process answers".
  let shuttingDown = false;
  let migrationsCurrent = false;
  app.addHook('preClose', async () => {
    shuttingDown = true;
  });
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    checks.shutdown = shuttingDown ? '正在停止' : 'ok';
    try {
      await withTimeout(pingDatabase(app.ctx.db), DB_TIMEOUT_MS);
      checks.database = 'ok';
    } catch (e) {
      checks.database = `数据库不可用：${e instanceof Error ? e.message : String(e)}`;
    }
    if (!migrationsCurrent && checks.database === 'ok') {
      try {
        const pending = await pendingMigrations(app.ctx.db, app.ctx.config.databaseSchema);
        // Forward-only: once current, a process's own migrations stay applied.
        migrationsCurrent = pending.length === 0;
        checks.migrations = migrationsCurrent ? 'ok' : `待执行的迁移：${pending.join('，')}`;
      } catch (e) {
        checks.migrations = `无法读取迁移状态：${e instanceof Error ? e.message : String(e)}`;
      }
    } else checks.migrations = migrationsCurrent ? 'ok' : '未检查（数据库不可用）';
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
  });
}
