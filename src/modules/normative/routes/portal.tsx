/** The portal's library (/gfxwj): the list with its search, the Atom feed, a document and its original file. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { shanghaiDate } from '../../../lib/time.ts';
import { sendDownload } from '../../../lib/uploads.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { IdParams } from '../../../web/schemas.ts';
import { listPublicOrgs } from '../../org/service.ts';
import { getSiteInfo } from '../../portal/service.ts';
import { changesFeed } from '../feed.ts';
import { documentFile, getDocumentDetail, listDocuments, recentChanges } from '../service.ts';
import { DocumentPage, LibraryPage } from '../views/portal.tsx';
import { docHref, filterFromQuery, queryString } from './helpers.ts';
import { DateString, LibraryPageQuery } from './schemas.ts';

/** The public library pages under /gfxwj. */
export const normativePortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/gfxwj', { schema: { querystring: LibraryPageQuery, hide: true } }, async (req, reply) => {
    const filter = filterFromQuery(req.query);
    const result = await listDocuments(ctx, { kind: 'public', ip: req.ip }, { ...filter, pageSize: 20 });
    const orgs = await listPublicOrgs(ctx.db);
    const now = ctx.clock.now();
    const base = `/gfxwj${queryString(filter)}`;
    return renderPortal(
      req,
      reply,
      {
        title: '行政规范性文件库',
        description: (site) =>
          `${site.name}行政规范性文件库：集中公开现行有效的行政规范性文件，可按日期查询当时有效的文件`,
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/gfxwj', label: '规范性文件' },
        ],
      },
      (page) => <LibraryPage page={page} filter={filter} result={result} orgs={orgs} now={now} base={base} />,
    );
  });

  app.get('/gfxwj/feed.xml', async (_req, reply) => {
    const changes = await recentChanges(ctx, 50);
    const site = await getSiteInfo(ctx.db);
    const base = ctx.config.publicUrl.replace(/\/$/, '');
    const updated = changes[0]?.recordedAt ?? ctx.clock.now().toISOString();
    return reply.type('application/atom+xml; charset=utf-8').send(changesFeed(changes, site, base, updated));
  });

  app.get(
    '/gfxwj/:id',
    {
      schema: {
        params: IdParams,
        hide: true,
        querystring: Type.Object({ on: Type.Optional(DateString('')) }),
      },
    },
    async (req, reply) => {
      const doc = await getDocumentDetail(ctx, { kind: 'public', ip: req.ip }, req.params.id, req.query.on);
      return renderPortal(
        req,
        reply,
        {
          title: doc.title,
          crumbs: [
            { href: '/', label: '首页' },
            { href: '/gfxwj', label: '规范性文件' },
            { href: docHref(doc.id), label: doc.title },
          ],
        },
        () => <DocumentPage doc={doc} today={shanghaiDate(ctx.clock.now())} />,
      );
    },
  );

  app.get('/gfxwj/:id/file', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const f = await documentFile(ctx, { kind: 'public', ip: req.ip }, req.params.id);
    return sendDownload(reply, { name: f.name, mime: f.type, body: f.data });
  });
};
