/**
 * The platform's pages on each site (issue 27): the city roll-up (`GET /api/v1/city/rollup?year=`,
 * `/admin/city`, for the city's 公开办 and leaders) and the switch between one person's sites
 * (`/admin/sites` “我的站点”, then `/auth/handoff` on the other site's host). Outside a platform
 * (SQLite, or one site on PostgreSQL) the pages say what needs the platform.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { createHash } from 'node:crypto';
import { readStoredFile, writeStoredFile } from '../db/files.ts';
import { AppError, badRequest, invalidState, notFound } from '../errors.ts';
import { shanghaiDate } from '../lib/time.ts';
import { requirePermission } from '../modules/auth/permissions.ts';
import { OUTCOME_CODES } from '../modules/foi/outcomes.ts';
import {
  reportingYear,
  TABLE3_COLUMNS,
  TABLE3_LABELS,
  TABLE3_ROWS,
  TABLE4_COLUMNS,
  TABLE4_GROUP_LABELS,
  TABLE4_GROUPS,
} from '../modules/report/model.ts';
import { SESSION_ABSOLUTE_MS } from '../modules/auth/model.ts';
import { startLinkedSession } from '../modules/auth/service.ts';
import { CsrfField, Notice } from '../web/components.tsx';
import { str } from '../web/forms.ts';
import { SESSION_COOKIE } from '../web/plugin.ts';
import { seeOther } from '../web/render.ts';
import { renderAdmin, renderPortal } from '../web/respond.tsx';
import { errors, StrictObject } from '../web/schemas.ts';
import { HANDOFF_REFUSED, issueHandoff, linkedSites, peekHandoff, takeHandoff } from './links.ts';
import { Platform } from './registry.ts';
import { siteConfig } from './sites.ts';
import {
  checkRollupYear,
  cityRollup,
  SiteContexts,
  siteOfSchema,
  type CityRollup,
  type SiteFigures,
} from './rollup.ts';

export const NOT_A_PLATFORM =
  '全市汇总需要集约化平台（PLATFORM=1，PostgreSQL）：本部署只有一个站点，请在各站点的“年度报告”等页面查看本站数字';

const counts = (keys: readonly string[], description?: string) =>
  Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer()])), { description });

const ReportFiguresSchema = Type.Object(
  {
    table2: Type.Object(
      {
        rules: counts(['issued', 'repealed', 'inForce'], '规章：本年制发、本年废止、现行有效件数'),
        normativeDocuments: counts(['issued', 'repealed', 'inForce'], '行政规范性文件：同上'),
        licensing: Type.Union([Type.Integer(), Type.Null()], {
          description: '行政许可处理决定数（未填为 null）',
        }),
        penalties: Type.Union([Type.Integer(), Type.Null()], {
          description: '行政处罚处理决定数（未填为 null）',
        }),
        enforcement: Type.Union([Type.Integer(), Type.Null()], {
          description: '行政强制处理决定数（未填为 null）',
        }),
        feesWanYuan: Type.Union([Type.Number(), Type.Null()], {
          description: '行政事业性收费金额（万元，未填为 null）',
        }),
      },
      { description: '表二：主动公开政府信息情况' },
    ),
    table3: Type.Object(
      Object.fromEntries(TABLE3_ROWS.map((r) => [r, counts(TABLE3_COLUMNS, TABLE3_LABELS[r])])),
      {
        description:
          '表三：收到和处理政府信息公开申请情况；行键 received、carriedOver、各办理结果代码、closedTotal、carriedForward，列键为申请人类型和 total',
      },
    ),
    table4: Type.Object(
      Object.fromEntries(TABLE4_GROUPS.map((g) => [g, counts(TABLE4_COLUMNS, TABLE4_GROUP_LABELS[g])])),
      { description: '表四：政府信息公开行政复议、行政诉讼情况' },
    ),
    fees: Type.Object(
      {
        noticesSent: Type.Integer({ description: '发出收费通知的件数' }),
        noticesTotalFen: Type.Integer({ description: '收费通知金额合计（分）' }),
        collectedFen: Type.Integer({ description: '实际收取金额（分）' }),
      },
      { description: '信息处理费' },
    ),
  },
  { description: '年度报告各表的数字（与 GET /api/v1/reports/annual 的 scope=rollup 相同）' },
);

const FoiSchema = Type.Object(
  {
    received: Type.Integer({ description: '本年新收申请' }),
    carriedOver: Type.Integer({ description: '上年结转' }),
    closed: Type.Integer({ description: '本年办结（已答复）' }),
    carriedForward: Type.Integer({ description: '结转下年' }),
    overdue: Type.Integer({ description: '超过法定答复期限（条例第三十三条）的申请' }),
    byOutcome: counts(OUTCOME_CODES, '按办理结果：本年办结件数'),
  },
  { description: '依申请公开统计' },
);

const InterpretationSchema = Type.Object(
  {
    total: Type.Integer({ description: '本年需解读的文件数' }),
    interpreted: Type.Integer({ description: '已解读的文件数' }),
    late: Type.Integer({ description: '解读晚于文件发布（非同步）的文件数' }),
    rate: Type.Union([Type.Number(), Type.Null()], {
      description: '解读率（0–1）；没有需解读的文件时为 null',
    }),
  },
  { description: '政策解读率（规范性文件和需解读的政策文件）' },
);

const LedgerSchema = Type.Object(
  {
    total: Type.Integer({ description: '本年工作要点任务（单位承担的部分）数' }),
    done: Type.Integer({ description: '已完成（含持续推进）' }),
    open: Type.Integer({ description: '未到期、尚未完成' }),
    overdue: Type.Integer({ description: '已逾期' }),
    completionPercent: Type.Number({ description: '完成率（%，一位小数）' }),
  },
  { description: '工作要点台账进度（年末或今天为准）' },
);

const SiteFiguresSchema = Type.Object({
  code: Type.String({ description: '站点代码' }),
  name: Type.String({ description: '站点名称' }),
  orgName: Type.String({ description: '站点所属的人民政府（年度报告的机关，含其下属机关）' }),
  report: ReportFiguresSchema,
  foi: FoiSchema,
  interpretation: InterpretationSchema,
  inspection: Type.Union(
    [
      Type.Object({
        asOf: Type.String({ description: '检查日期' }),
        vetoFailed: Type.Integer({ description: '单项否决指标未通过数' }),
        failed: Type.Integer({ description: '未通过的检查项' }),
        warned: Type.Integer({ description: '需注意的检查项' }),
      }),
      Type.Null(),
    ],
    { description: '最近一次全站自查的结果；从未检查为 null' },
  ),
  ledger: LedgerSchema,
});

const CityRollupSchema = Type.Object({
  year: Type.Integer({ description: '年度' }),
  city: Type.Object({ code: Type.String(), name: Type.String() }, { description: '本站点（上级站点）' }),
  sites: Type.Array(SiteFiguresSchema, { description: '本站点在前，其后是各下级站点（按站点代码）' }),
  total: Type.Object(
    {
      report: ReportFiguresSchema,
      foi: FoiSchema,
      interpretation: InterpretationSchema,
      inspection: Type.Object(
        {
          sitesInspected: Type.Integer({ description: '做过全站自查的站点数' }),
          vetoFailed: Type.Integer(),
          failed: Type.Integer(),
          warned: Type.Integer(),
        },
        { description: '各站点最近一次自查结果之和' },
      ),
      ledger: LedgerSchema,
    },
    { description: '全市合计：各表逐格相加，比率按合计数重新计算' },
  ),
});

/** The roll-up routes; the site contexts they open are kept by this app and closed with it. */
export const cityRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;
  // The registry and the other sites' contexts, opened on first use and closed with this app.
  let contexts: Promise<SiteContexts> | undefined;
  const openContexts = () =>
    (contexts ??= Platform.open(ctx.config.databaseUrl, ctx.config.platformSchema).then(
      (p) => new SiteContexts(p, ctx.config, ctx.clock, ctx),
    ));
  app.addHook('onClose', async () => {
    const c = await contexts?.catch(() => undefined);
    await c?.close();
    await c?.platform.close();
  });
  const isPlatform = ctx.config.platform && ctx.engine === 'postgres';
  /** The registry and this app's own site. */
  const here = async () => {
    const c = await openContexts();
    return { platform: c.platform, site: await siteOfSchema(c.platform, ctx.config.databaseSchema) };
  };

  /** The roll-up of this app's site, after the permission check; refused outside a platform. */
  async function rollupOf(actor: Parameters<typeof requirePermission>[0], year: number): Promise<CityRollup> {
    requirePermission(actor, 'city.read');
    checkRollupYear(year);
    if (!isPlatform) throw invalidState(NOT_A_PLATFORM);
    const { site } = await here();
    return cityRollup(await openContexts(), site.code, year);
  }

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
    (req) => rollupOf(req.actor, (req.query as { year: number }).year),
  );

  // 我的站点: the other sites where the signed-in person holds a linked account.
  app.get('/admin/sites', async (req, reply) => {
    if (req.actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
    const title = '我的站点';
    if (!isPlatform)
      return renderAdmin(
        req,
        reply,
        { title },
        <>
          <h1>{title}</h1>
          <Notice>
            本部署只有一个站点。在集约化平台（PLATFORM=1）上，您在其他站点的账号关联后会列在这里。
          </Notice>
        </>,
      );
    const { platform, site } = await here();
    const links = await linkedSites(platform, site, req.actor.username);
    return renderAdmin(req, reply, { title }, (page) => (
      <>
        <h1>{title}</h1>
        <p>
          您正在 {site.name} 以 {req.actor.kind === 'user' ? req.actor.username : ''} 登录。
        </p>
        {links.length === 0 ? (
          <Notice>您在其他站点没有关联的账号。如需关联，请联系平台管理员（gongkai site link）。</Notice>
        ) : (
          <ul class="plain-list">
            {links.map((l) => (
              <li>
                <form method="post" action="/admin/sites/switch">
                  <CsrfField page={page} />
                  <input type="hidden" name="code" value={l.site.code} />
                  {l.site.name}（账号 {l.username}） <button type="submit">进入该站点</button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </>
    ));
  });

  // Issues the one-time token and sends the browser to the other site's host to use it.
  app.post('/admin/sites/switch', async (req, reply) => {
    if (req.actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
    if (!isPlatform) throw invalidState('本部署只有一个站点');
    const { platform, site } = await here();
    const code = str((req.body as Record<string, unknown> | undefined)?.code);
    const { token, site: target } = await issueHandoff(
      platform,
      site,
      req.actor.username,
      code,
      ctx.clock.now(),
    );
    return seeOther(reply, `${siteConfig(ctx.config, target).publicUrl}/auth/handoff?token=${token}`);
  });

  // On the target site: the person confirms first (a link alone signs nobody in, so a token sent to
  // someone else cannot sign them into the sender's account unawares, and a link preview cannot use it).
  app.get('/auth/handoff', async (req, reply) => {
    const token = str((req.query as Record<string, unknown>).token);
    const found =
      isPlatform && token
        ? await (async () => {
            const { platform, site } = await here();
            const h = await peekHandoff(platform, site, token, ctx.clock.now());
            return h && { ...h, site };
          })()
        : null;
    const title = '切换站点';
    if (!found)
      return renderPortal(
        req,
        reply,
        { title, status: 400 },
        <>
          <h1>{title}</h1>
          <Notice kind="warning">{HANDOFF_REFUSED}</Notice>
        </>,
      );
    return renderPortal(req, reply, { title }, (page) => (
      <>
        <h1>{title}</h1>
        <p>
          从 {found.from.name} 切换到 {found.site.name}，以账号 {found.username} 登录。
        </p>
        <form method="post" action="/auth/handoff">
          <CsrfField page={page} />
          <input type="hidden" name="token" value={token} />
          <button type="submit">确认登录</button>
        </form>
      </>
    ));
  });

  app.post('/auth/handoff', async (req, reply) => {
    if (!isPlatform) throw invalidState('本部署只有一个站点');
    const token = str((req.body as Record<string, unknown> | undefined)?.token);
    const { platform, site } = await here();
    const h = await takeHandoff(platform, site, token, ctx.clock.now());
    const s = await startLinkedSession(ctx, h.username, req.ip, h.from);
    reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies,
      path: '/',
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });
    return seeOther(reply, s.mfaRequired ? '/login/totp?next=%2Fadmin' : '/admin');
  });

  // A probe of the stored-file layer (src/db/files.ts) across app nodes, for the system administrator
  // and test/fault/nodes.test.ts: a small file written through one node is read back through another
  // (on PostgreSQL the bytes are in the database, so no node needs a shared disk). Only its own
  // `platform-check/` files: no module's uploads are reachable here.
  app.post('/admin/platform/file-check', { schema: { hide: true } }, async (req) => {
    requirePermission(req.actor, 'settings.manage');
    const data = (req.body as { data?: unknown } | undefined)?.data;
    if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length > 1_400_000)
      throw badRequest('请以 base64 提交 data（至多 1 MB）', { data: '应为 base64' });
    const bytes = Buffer.from(data, 'base64');
    const hash = createHash('sha256').update(bytes).digest('hex');
    await writeStoredFile(ctx, `platform-check/${hash}`, bytes);
    return { hash, size: bytes.byteLength, engine: ctx.engine };
  });
  app.get('/admin/platform/file-check/:hash', { schema: { hide: true } }, async (req, reply) => {
    requirePermission(req.actor, 'settings.manage');
    const hash = (req.params as { hash: string }).hash;
    if (!/^[0-9a-f]{64}$/.test(hash)) throw badRequest('文件编号应为 64 位十六进制 SHA-256');
    const bytes = await readStoredFile(ctx, `platform-check/${hash}`);
    if (!bytes) throw notFound('文件');
    return reply.type('application/octet-stream').header('cache-control', 'no-store').send(bytes);
  });

  app.get('/admin/city', async (req, reply) => {
    requirePermission(req.actor, 'city.read');
    const raw = (req.query as Record<string, unknown>).year;
    const year = /^\d{4}$/.test(String(raw ?? ''))
      ? Number(raw)
      : reportingYear(shanghaiDate(ctx.clock.now())).year;
    const title = '全市汇总';
    if (!isPlatform)
      return renderAdmin(
        req,
        reply,
        { title },
        <>
          <h1>{title}</h1>
          <Notice>{NOT_A_PLATFORM}</Notice>
        </>,
      );
    const r = await rollupOf(req.actor, year);
    return renderAdmin(req, reply, { title: `${title}（${r.year} 年）` }, <RollupPage r={r} />);
  });
};

const pct = (share: number | null) => (share == null ? '—' : `${(share * 100).toFixed(1)}%`);

function RollupPage({ r }: { r: CityRollup }) {
  const rows: { name: string; f: Omit<SiteFigures, 'code' | 'name' | 'orgName' | 'inspection'> }[] = [
    ...r.sites.map((s) => ({ name: s.name, f: s })),
    { name: '合计', f: r.total },
  ];
  const below = r.sites.length - 1;
  return (
    <>
      <h1>
        {r.city.name} 全市汇总（{r.year} 年）
      </h1>
      <form method="get" action="/admin/city" class="inline-form">
        <label>
          年度 <input name="year" type="number" min="2008" max="2100" value={r.year} required />
        </label>{' '}
        <button type="submit">查看</button>
      </form>
      {below === 0 && <Notice>本站点没有下级站点：下表只有本站点的数字。</Notice>}
      <p>
        本站点和 {below}{' '}
        个下级站点，各自按本站的数据计算（与各站“年度报告”页面的汇总口径相同），合计为逐项相加。
      </p>
      <div class="table-wrap">
        <table>
          <caption>依申请公开、政策解读和工作要点台账</caption>
          <thead>
            <tr>
              <th scope="col">站点</th>
              <th scope="col">新收申请</th>
              <th scope="col">本年办结</th>
              <th scope="col">结转下年</th>
              <th scope="col">超期</th>
              <th scope="col">解读率</th>
              <th scope="col">台账任务（完成 / 总数）</th>
              <th scope="col">逾期任务</th>
              <th scope="col">完成率</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ name, f }) => (
              <tr>
                <th scope="row">{name}</th>
                <td>{f.foi.received}</td>
                <td>{f.foi.closed}</td>
                <td>{f.foi.carriedForward}</td>
                <td class={f.foi.overdue ? 'status-bad' : undefined}>{f.foi.overdue}</td>
                <td>
                  {pct(f.interpretation.rate)}（{f.interpretation.interpreted} / {f.interpretation.total}）
                </td>
                <td>
                  {f.ledger.done} / {f.ledger.total}
                </td>
                <td class={f.ledger.overdue ? 'status-bad' : undefined}>{f.ledger.overdue}</td>
                <td>{f.ledger.completionPercent}%</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>网站自查（各站最近一次全站检查）</caption>
          <thead>
            <tr>
              <th scope="col">站点</th>
              <th scope="col">检查日期</th>
              <th scope="col">单项否决未通过</th>
              <th scope="col">未通过</th>
              <th scope="col">需注意</th>
            </tr>
          </thead>
          <tbody>
            {r.sites.map((s) => (
              <tr>
                <th scope="row">{s.name}</th>
                {s.inspection ? (
                  <>
                    <td>{s.inspection.asOf}</td>
                    <td class={s.inspection.vetoFailed ? 'status-bad' : undefined}>
                      {s.inspection.vetoFailed}
                    </td>
                    <td>{s.inspection.failed}</td>
                    <td>{s.inspection.warned}</td>
                  </>
                ) : (
                  <td colSpan={4}>尚未检查</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>年度报告表三：收到和处理政府信息公开申请情况（总计列）</caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              {rows.map(({ name }) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {TABLE3_ROWS.map((row) => (
              <tr>
                <th scope="row">{TABLE3_LABELS[row]}</th>
                {rows.map(({ f }) => (
                  <td>{f.report.table3[row].total}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>年度报告表二、表四</caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              {rows.map(({ name }) => (
                <th scope="col">{name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">行政规范性文件：本年制发</th>
              {rows.map(({ f }) => (
                <td>{f.report.table2.normativeDocuments.issued}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">行政规范性文件：现行有效</th>
              {rows.map(({ f }) => (
                <td>{f.report.table2.normativeDocuments.inForce}</td>
              ))}
            </tr>
            {TABLE4_GROUPS.map((g) => (
              <tr>
                <th scope="row">{TABLE4_GROUP_LABELS[g]}：总计</th>
                {rows.map(({ f }) => (
                  <td>{f.report.table4[g].total}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        接口：GET /api/v1/city/rollup?year={r.year}；命令行：npx gongkai site rollup --site {r.city.code}{' '}
        --year {r.year}
      </p>
    </>
  );
}
