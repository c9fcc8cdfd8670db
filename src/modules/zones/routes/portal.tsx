/** 政务公开专区 on the portal: the address list. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { renderPortal } from '../../../web/respond.tsx';
import { listPublicZones } from '../service.ts';
import { ZoneDirectory } from '../views/portal.tsx';

/** GET /zones. */
export const zonePortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  app.get('/zones', async (req, reply) => {
    const zones = await listPublicZones(ctx.db);
    return renderPortal(
      req,
      reply,
      {
        title: '政务公开专区',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/xxgk', label: '政府信息公开' },
          { href: '/zones', label: '政务公开专区' },
        ],
        description: (site) => `${site.name}政务公开专区地址、开放时间、咨询电话和服务项目`,
      },
      <ZoneDirectory zones={zones} />,
    );
  });
};
