/** 政务新媒体 on the portal: the directory and account check (/hdjl/xmt). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderPortal } from '../../../web/respond.tsx';
import { listPublicAccounts } from '../service.ts';
import { MediaDirectory } from '../views/portal.tsx';
import { PublicQuery } from './schemas.ts';

/** GET /hdjl/xmt. */
export const mediaPortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  app.get('/hdjl/xmt', { schema: { querystring: PublicQuery, hide: true } }, async (req, reply) => {
    const q = req.query;
    const list = await listPublicAccounts(ctx.db, q);
    const crumbs = [
      { href: '/', label: '首页' },
      { href: '/hdjl', label: '互动交流' },
      { href: '/hdjl/xmt', label: '政务新媒体' },
    ];
    return renderPortal(
      req,
      reply,
      {
        title: '政务新媒体矩阵',
        crumbs,
        description: (site) => `${site.name}政务新媒体账号名录，可按名称或账号 ID 核验账号真伪`,
      },
      <MediaDirectory q={q} list={list} />,
    );
  });
};
