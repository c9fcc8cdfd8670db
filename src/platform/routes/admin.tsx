/**
 * The platform's back-office pages on each site: the city roll-up (`/admin/city`), 我的站点 and the
 * switch to another of one's sites (`/admin/sites`), and the stored-file probe across app nodes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { readStoredFile, writeStoredFile } from '../../db/files.ts';
import { AppError, badRequest, invalidState, notFound } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { requirePermission } from '../../modules/auth/permissions.ts';
import { reportingYear } from '../../modules/report/model.ts';
import { str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { FormBody, FormField, StrictObject } from '../../web/schemas.ts';
import { issueHandoff, linkedSites } from '../links.ts';
import { siteConfig } from '../sitecontext.ts';
import { RollupPage } from '../views/rollup.tsx';
import { MySitesPage, NoticePage, SINGLE_SITE_NOTE } from '../views/sites.tsx';
import { NOT_A_PLATFORM, type PlatformAccess } from './access.ts';

const SwitchForm = FormBody({ code: FormField });
const YearQuery = Type.Object({ year: FormField });
const FileCheckBody = Type.Object({ data: Type.Optional(Type.Unknown()) });
const HashParams = StrictObject({ hash: Type.String() });

export const platformAdminRoutes: FastifyPluginAsyncTypebox<{ access: PlatformAccess }> = async (
  app,
  { access },
) => {
  const ctx = app.ctx;
  const { isPlatform } = access;

  // 我的站点: the other sites where the signed-in person holds a linked account.
  app.get('/admin/sites', async (req, reply) => {
    if (req.actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
    const title = '我的站点';
    if (!isPlatform)
      return renderAdmin(req, reply, { title }, <NoticePage title={title} text={SINGLE_SITE_NOTE} />);
    const { platform, site } = await access.here();
    const username = req.actor.username;
    const links = await linkedSites(platform, site, username);
    return renderAdmin(req, reply, { title }, (page) => (
      <MySitesPage page={page} title={title} site={site} username={username} links={links} />
    ));
  });

  // Issues the one-time token and sends the browser to the other site's host to use it.
  app.post('/admin/sites/switch', { schema: { body: SwitchForm } }, async (req, reply) => {
    if (req.actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
    if (!isPlatform) throw invalidState('本部署只有一个站点');
    const { platform, site } = await access.here();
    const code = str(req.body?.code);
    const { token, site: target } = await issueHandoff(
      platform,
      site,
      req.actor.username,
      code,
      ctx.clock.now(),
    );
    return seeOther(reply, `${siteConfig(ctx.config, target).publicUrl}/auth/handoff?token=${token}`);
  });

  // A probe of the stored-file layer (src/db/files.ts) across app nodes, for the system administrator
  // and test/fault/nodes.test.ts: a small file written through one node is read back through another
  // (on PostgreSQL the bytes are in the database, so no node needs a shared disk). Only its own
  // `platform-check/` files: no module's uploads are reachable here.
  app.post('/admin/platform/file-check', { schema: { hide: true, body: FileCheckBody } }, async (req) => {
    requirePermission(req.actor, 'settings.manage');
    const data = req.body?.data;
    if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length > 1_400_000)
      throw badRequest('请以 base64 提交 data（至多 1 MB）', { data: '应为 base64' });
    const bytes = Buffer.from(data, 'base64');
    const hash = createHash('sha256').update(bytes).digest('hex');
    await writeStoredFile(ctx, `platform-check/${hash}`, bytes);
    return { hash, size: bytes.byteLength, engine: ctx.engine };
  });
  app.get(
    '/admin/platform/file-check/:hash',
    { schema: { hide: true, params: HashParams } },
    async (req, reply) => {
      requirePermission(req.actor, 'settings.manage');
      const hash = req.params.hash;
      if (!/^[0-9a-f]{64}$/.test(hash)) throw badRequest('文件编号应为 64 位十六进制 SHA-256');
      const bytes = await readStoredFile(ctx, `platform-check/${hash}`);
      if (!bytes) throw notFound('文件');
      return reply.type('application/octet-stream').header('cache-control', 'no-store').send(bytes);
    },
  );

  app.get('/admin/city', { schema: { querystring: YearQuery } }, async (req, reply) => {
    requirePermission(req.actor, 'city.read');
    const raw = req.query.year;
    const year = /^\d{4}$/.test(String(raw ?? ''))
      ? Number(raw)
      : reportingYear(shanghaiDate(ctx.clock.now())).year;
    const title = '全市汇总';
    if (!isPlatform)
      return renderAdmin(req, reply, { title }, <NoticePage title={title} text={NOT_A_PLATFORM} />);
    const r = await access.rollupOf(req.actor, year);
    return renderAdmin(req, reply, { title: `${title}（${r.year} 年）` }, <RollupPage r={r} />);
  });
};
