/** 自查: the health page and run history (back office), the JSON API and the report downloads. */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor, AppContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { beijingTime, CsrfField, Notice, Select } from '../../web/components.tsx';
import { int } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, IdParams, StrictObject } from '../../web/schemas.ts';
import { can, isDistrictWide } from '../auth/permissions.ts';
import { ChartFigure, stackedBarSvg } from '../ledger/charts.tsx';
import { treeOrder, type Org } from '../org/model.ts';
import { listPublicOrgs, orgScope } from '../org/service.ts';
import { inspectionDocx, inspectionXlsx, reportTitle, TRIGGERS } from './export.ts';
import { CRAWLER_HEADER, crawlerKey, type PageFetcher } from './crawl.ts';
import { CHECK_STATUS, CHECKS, type CheckStatus } from './model.ts';
import {
  defaultTarget,
  getRun,
  inspectedUnits,
  latestRun,
  listRuns,
  registerSiteAccess,
  runInspection,
  type InspectionRun,
  type RunDetail,
} from './service.ts';

const tags = ['自查'];
const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.String>>(t: T) =>
  Type.Union([t, Type.Null()]);
const RunSchema = Type.Object({
  id: Type.Integer(),
  orgId: Nullable(Type.Integer({ description: '被检查单位；null 为政府门户网站' })),
  orgName: Type.String(),
  trigger: Type.String({ description: 'job 定时 / manual 手动 / cli 命令行' }),
  actorName: Type.String(),
  asOf: Type.String({ description: '检查日期（北京时间）' }),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  vetoFailed: Type.Integer({ description: '不通过的单项否决指标数' }),
  failed: Type.Integer({ description: '不通过的检查项数' }),
  warned: Type.Integer({ description: '需关注的检查项数' }),
  pagesCrawled: Type.Integer(),
  linksChecked: Type.Integer(),
});
const EvidenceSchema = Type.Object({
  title: Type.String(),
  url: Nullable(Type.String()),
  orgId: Nullable(Type.Integer()),
  detail: Type.String(),
});
const FindingSchema = Type.Object({
  key: Type.String({
    description: Object.entries(CHECKS)
      .map(([k, c]) => `${k} ${c.label}`)
      .join('；'),
  }),
  status: Type.String({ description: 'pass 通过 / warn 需关注 / fail 不通过 / skipped 未检查' }),
  veto: Type.Boolean({ description: '是否单项否决指标' }),
  count: Type.Integer(),
  summary: Type.String(),
  evidence: Type.Array(EvidenceSchema),
});
const RunDetailSchema = Type.Intersect([RunSchema, Type.Object({ findings: Type.Array(FindingSchema) })]);
const OrgQuery = Type.Optional(Type.Integer({ minimum: 0, description: '单位编号；0 为政府门户网站' }));

/** `?org=` → target: 0 the site, a number that unit, absent the actor's default. */
const targetFrom = (actor: Actor, org: number | undefined | null) =>
  org == null ? defaultTarget(actor) : org === 0 ? null : org;

const FILE_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

async function sendReport(
  ctx: AppContext,
  actor: Actor,
  reply: FastifyReply,
  id: number,
  format: 'docx' | 'xlsx',
) {
  const run = await getRun(ctx, actor, id);
  const history = (await listRuns(ctx, actor, { orgId: run.orgId, limit: 500 }))
    .filter((h) => h.id <= run.id)
    .slice(0, 20);
  const orgNames = new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));
  const rep = { run, history, orgNames, publicUrl: ctx.config.publicUrl };
  const data = format === 'docx' ? await inspectionDocx(rep) : await inspectionXlsx(rep);
  return reply
    .type(FILE_TYPES[format])
    .header(
      'content-disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(`${reportTitle(run)}.${format}`)}`,
    )
    .send(data);
}

const STATUS_CLASS: Record<CheckStatus, string> = {
  pass: 'status-ok',
  warn: 'status-warn',
  fail: 'status-bad',
  skipped: 'meta',
};

function FindingsTable({
  run,
  veto,
  caption,
  orgs,
}: {
  run: RunDetail;
  veto: boolean;
  caption: string;
  orgs: Map<number, string>;
}) {
  const rows = run.findings.filter((f) => f.veto === veto);
  return (
    <section aria-labelledby={`h-${veto ? 'veto' : 'other'}`}>
      <h2 id={`h-${veto ? 'veto' : 'other'}`}>{caption}</h2>
      {rows.map((f) => (
        <div class="card">
          <h3>
            {CHECKS[f.key].label}：<span class={STATUS_CLASS[f.status]}>{CHECK_STATUS[f.status]}</span>
          </h3>
          <p class="meta">{CHECKS[f.key].rule}</p>
          <p>{f.summary}</p>
          {f.evidence.length > 0 && (
            <details open={f.status === 'fail'}>
              <summary>问题清单（{f.evidence.length}）</summary>
              <ul class="link-list">
                {f.evidence.slice(0, 200).map((e) => (
                  <li>
                    {e.url ? <a href={e.url}>{e.title}</a> : e.title}
                    <span class="meta">
                      {e.orgId ? `${orgs.get(e.orgId) ?? ''}：` : ''}
                      {e.detail}
                    </span>
                  </li>
                ))}
              </ul>
              {f.evidence.length > 200 && (
                <p class="meta">另有 {f.evidence.length - 200} 条，请下载报告查看全部。</p>
              )}
            </details>
          )}
        </div>
      ))}
    </section>
  );
}

function RunView({ run, orgs }: { run: RunDetail; orgs: Map<number, string> }) {
  return (
    <>
      <p>
        检查日期 {run.asOf}（{TRIGGERS[run.trigger] ?? run.trigger}，{run.actorName}，完成于{' '}
        {beijingTime(run.finishedAt)}）：
        <span class={run.vetoFailed ? 'status-bad' : 'status-ok'}>单项否决不通过 {run.vetoFailed} 项</span>
        ，不通过 {run.failed} 项，需关注 {run.warned} 项；抓取页面 {run.pagesCrawled} 个，检查链接{' '}
        {run.linksChecked} 个。
      </p>
      <p class="actions">
        <a class="button secondary" href={`/admin/inspection/runs/${run.id}/report.docx`}>
          下载自查报告（Word）
        </a>
        <a class="button secondary" href={`/admin/inspection/runs/${run.id}/report.xlsx`}>
          下载问题清单（Excel）
        </a>
      </p>
      <FindingsTable run={run} veto caption="单项否决指标" orgs={orgs} />
      <FindingsTable run={run} veto={false} caption="其他检查项" orgs={orgs} />
    </>
  );
}

function History({ runs }: { runs: InspectionRun[] }) {
  if (runs.length === 0) return null;
  const ordered = [...runs].reverse();
  const svg = stackedBarSvg(
    '历次自查结果趋势',
    [
      { name: '单项否决不通过', color: '#b3261e' },
      { name: '其他不通过', color: '#c25e00' },
      { name: '需关注', color: '#6b6b00' },
    ],
    ordered.map((r) => ({
      label: `${r.asOf} #${r.id}`,
      values: [r.vetoFailed, r.failed - r.vetoFailed, r.warned],
    })),
  );
  return (
    <section aria-labelledby="h-history">
      <h2 id="h-history">历次自查（整改进展）</h2>
      <ChartFigure
        svg={svg}
        caption="历次自查的不通过和需关注项数"
        table={
          <table>
            <caption>历次自查</caption>
            <thead>
              <tr>
                <th scope="col">检查日期</th>
                <th scope="col">方式</th>
                <th scope="col">单项否决不通过</th>
                <th scope="col">不通过</th>
                <th scope="col">需关注</th>
                <th scope="col">详情</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr>
                  <td>{r.asOf}</td>
                  <td>{TRIGGERS[r.trigger] ?? r.trigger}</td>
                  <td>{r.vetoFailed}</td>
                  <td>{r.failed}</td>
                  <td>{r.warned}</td>
                  <td>
                    <a href={`/admin/inspection/runs/${r.id}`}>第 {r.id} 次</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </section>
  );
}

/** The orgs an actor may pick as a target: every unit (district-wide roles) or their own subtree. */
async function targetOptions(
  ctx: AppContext,
  actor: Actor,
): Promise<{ value: string | number; label: string }[]> {
  const orgs = await listPublicOrgs(ctx.db);
  const scope = await orgScope(ctx.db, actor);
  const visible = orgs.filter((o) => scope.all || scope.orgIds.includes(o.id));
  const units = isDistrictWide(actor) ? await inspectedUnits(ctx.db) : visible;
  const ids = new Set(units.map((u) => u.id));
  return [
    ...(isDistrictWide(actor) ? [{ value: 0, label: '政府门户网站' }] : []),
    ...treeOrder(orgs.filter((o) => ids.has(o.id)) as Org[]).map(({ org }) => ({
      value: org.id,
      label: org.name,
    })),
  ];
}

/** The in-process way to our own pages (`app.inject`): no network, the public's view (as the site's own crawler). */
export function injectFetcher(app: FastifyInstance): PageFetcher {
  const headers = { [CRAWLER_HEADER]: crawlerKey(app.ctx.config.sessionSecret) };
  return async (path) => {
    const r = await app.inject({ method: 'GET', url: path, headers });
    const location = r.headers.location;
    return {
      status: r.statusCode,
      contentType: String(r.headers['content-type'] ?? ''),
      body: r.body,
      location: typeof location === 'string' ? location : undefined,
    };
  };
}

export const inspectionRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  // Over HTTP at PUBLIC_URL once the server listens (the server and its jobs); in-process otherwise.
  registerSiteAccess(ctx, { inProcess: injectFetcher(app), listening: () => app.server.listening });

  // —— JSON API ——
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
      const q = req.query as { org?: number; limit?: number };
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
      const run = await latestRun(ctx, req.actor, targetFrom(req.actor, (req.query as { org?: number }).org));
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
    (req) => getRun(ctx, req.actor, (req.params as { id: number }).id),
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
      const run = await runInspection(
        ctx,
        req.actor,
        targetFrom(req.actor, (req.body as { org?: number }).org),
      );
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
    (req, reply) =>
      sendReport(
        ctx,
        req.actor,
        reply,
        (req.params as { id: number }).id,
        (req.query as { format: 'docx' | 'xlsx' }).format,
      ),
  );

  // —— Back office ——
  const crumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/admin', label: '工作台' },
    { href: '/admin/inspection', label: '自查' },
    ...extra,
  ];
  const orgNames = async () => new Map((await listPublicOrgs(ctx.db)).map((o) => [o.id, o.name]));

  const healthPage = async (req: FastifyRequest, reply: FastifyReply) => {
    const target = targetFrom(req.actor, (req.query as { org?: number }).org);
    const names = await orgNames();
    if (target != null && !names.has(target)) throw notFound('单位');
    const [run, runs, options] = await Promise.all([
      latestRun(ctx, req.actor, target),
      listRuns(ctx, req.actor, { orgId: target, limit: 30 }),
      targetOptions(ctx, req.actor),
    ]);
    const name = target == null ? '政府门户网站' : names.get(target)!;
    const units = target == null && isDistrictWide(req.actor) ? await unitOverview(req.actor) : [];
    return renderAdmin(req, reply, { title: '网站与政务新媒体自查', crumbs: crumbs() }, (page) => (
      <>
        <h1>网站与政务新媒体自查：{name}</h1>
        <p class="meta">
          对照国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》逐项检查，每天自动自查一次，也可随时立即自查。
        </p>
        <form method="get" action="/admin/inspection">
          <Select label="检查对象" name="org" value={target ?? 0} options={options} />
          <div class="actions">
            <button type="submit" class="secondary">
              查看
            </button>
          </div>
        </form>
        {can(req.actor, 'inspection.run') && (
          <form method="post" action="/admin/inspection/run">
            <CsrfField page={page} />
            <input type="hidden" name="org" value={String(target ?? 0)} />
            <div class="actions">
              <button type="submit">立即自查</button>
            </div>
          </form>
        )}
        {run ? <RunView run={run} orgs={names} /> : <Notice>尚未进行过自查。</Notice>}
        {units.length > 0 && (
          <section aria-labelledby="h-units">
            <h2 id="h-units">各单位最近一次自查</h2>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">单位</th>
                    <th scope="col">检查日期</th>
                    <th scope="col">单项否决不通过</th>
                    <th scope="col">不通过</th>
                    <th scope="col">需关注</th>
                  </tr>
                </thead>
                <tbody>
                  {units.map(({ org, last }) => (
                    <tr>
                      <td>
                        <a href={`/admin/inspection?org=${org.id}`}>{org.name}</a>
                      </td>
                      <td>{last?.asOf ?? '尚未自查'}</td>
                      <td class={last?.vetoFailed ? 'status-bad' : undefined}>{last?.vetoFailed ?? '—'}</td>
                      <td>{last?.failed ?? '—'}</td>
                      <td>{last?.warned ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
        <History runs={runs} />
      </>
    ));
  };

  async function unitOverview(actor: Actor) {
    const units = await inspectedUnits(ctx.db);
    const recent = await listRuns(ctx, actor, { limit: 500 });
    return units.map((org) => ({ org, last: recent.find((r) => r.orgId === org.id) }));
  }

  app.get(
    '/admin/inspection',
    { schema: { hide: true, querystring: StrictObject({ org: OrgQuery }) } },
    healthPage,
  );
  app.post('/admin/inspection/run', { schema: { hide: true } }, async (req, reply) => {
    const org = int((req.body as Record<string, unknown>)?.org);
    const run = await runInspection(ctx, req.actor, targetFrom(req.actor, org ?? undefined));
    return seeOther(reply, `/admin/inspection/runs/${run.id}`);
  });
  app.get('/admin/inspection/runs/:id', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const run = await getRun(ctx, req.actor, (req.params as { id: number }).id);
    const names = await orgNames();
    return renderAdmin(
      req,
      reply,
      {
        title: reportTitle(run),
        crumbs: crumbs([{ href: `/admin/inspection/runs/${run.id}`, label: `第 ${run.id} 次自查` }]),
      },
      <>
        <h1>{reportTitle(run)}</h1>
        <RunView run={run} orgs={names} />
        <p>
          <a href={`/admin/inspection?org=${run.orgId ?? 0}`}>返回{run.orgName}的自查</a>
        </p>
      </>,
    );
  });
  app.get(
    '/admin/inspection/runs/:id/report.:format',
    {
      schema: {
        hide: true,
        params: StrictObject({
          id: Type.Integer({ minimum: 1 }),
          format: Type.Union([Type.Literal('docx'), Type.Literal('xlsx')]),
        }),
      },
    },
    (req, reply) => {
      const p = req.params as { id: number; format: 'docx' | 'xlsx' };
      return sendReport(ctx, req.actor, reply, p.id, p.format);
    },
  );
};

/** Back-office home panel: the latest self-inspection of the actor's site or unit. */
export async function inspectionDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'inspection.read')) return null;
  const run = await latestRun(ctx, actor, defaultTarget(actor));
  return (
    <section class="card" aria-labelledby="inspection-panel">
      <h2 id="inspection-panel">网站与政务新媒体自查</h2>
      {run ? (
        <p>
          {run.orgName} {run.asOf} 自查：
          <span class={run.vetoFailed ? 'status-bad' : 'status-ok'}>单项否决不通过 {run.vetoFailed} 项</span>
          ，不通过 {run.failed} 项，需关注 {run.warned} 项。
        </p>
      ) : (
        <p>尚未进行过自查。</p>
      )}
      <p>
        <a href="/admin/inspection">查看自查结果</a>
      </p>
    </section>
  );
}
