/** The portal's catalogue pages: every catalogue by year, one catalogue with its publications, the pilot report. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { shanghaiDate } from '../../../lib/time.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { IdParams, StrictObject } from '../../../web/schemas.ts';
import { buildPilotReport, pilotReportDocx, requireCatalogue } from '../pilot.ts';
import { getPublicCatalogue, listPublicCatalogues } from '../service.ts';
import { CatalogueIndex, CataloguePage } from '../views/portal.tsx';

/** The public catalogue pages. */
export const cataloguePortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const today = () => shanghaiDate(ctx.clock.now());

  // ───────────── portal ─────────────
  const portalCrumbs = (extra: { href: string; label: string }[] = []) => [
    { href: '/', label: '首页' },
    { href: '/xxgk', label: '政府信息公开' },
    { href: '/catalogue', label: '基层政务公开标准目录' },
    ...extra,
  ];

  app.get(
    '/catalogue',
    {
      schema: {
        querystring: StrictObject({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        hide: true,
      },
    },
    async (req, reply) => {
      const all = await listPublicCatalogues(ctx.db);
      const years = [...new Set(all.map((c) => c.year))].sort((a, b) => b - a);
      const thisYear = Number(today().slice(0, 4));
      const year = req.query.year ?? (years.includes(thisYear) ? thisYear : years[0]);
      const shown = all.filter((c) => c.year === year);
      return renderPortal(
        req,
        reply,
        {
          title: '基层政务公开标准目录',
          crumbs: portalCrumbs(),
          description: '各乡、街道办事处、管理处和村（社区）的政务公开标准目录及其公开情况',
        },
        <CatalogueIndex years={years} year={year} shown={shown} />,
      );
    },
  );

  app.get('/catalogue/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const c = await getPublicCatalogue(ctx.db, req.params.id, today());
    const domains = c.domains.map((d) => d.domain);
    return renderPortal(
      req,
      reply,
      {
        title: c.catalogue.title,
        crumbs: portalCrumbs([{ href: `/catalogue/${c.catalogue.id}`, label: c.catalogue.title }]),
        description: `${c.orgName}${c.catalogue.year}年政务公开标准目录及公开情况`,
      },
      <CataloguePage c={c} domains={domains} />,
    );
  });

  app.get('/catalogue/:id/report.docx', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const c = await requireCatalogue(ctx, req.params.id);
    const data = await pilotReportDocx(await buildPilotReport(ctx, c.id));
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`${c.title}建设情况报告.docx`)}`,
      )
      .send(data);
  });
};
