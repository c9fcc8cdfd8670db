/** The portal's publishing pages: columns, items (and their files and data tables), topics. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import ExcelJS from 'exceljs';
import { Type } from 'typebox';
import { AppError } from '../../../errors.ts';
import { csvFile, xlsxFile } from '../../../lib/spreadsheet.ts';
import { sendDownload } from '../../../lib/uploads.ts';
import { int } from '../../../web/forms.ts';
import { safeBack } from '../../../web/render.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, StrictObject } from '../../../web/schemas.ts';
import * as svc from '../service.ts';
import {
  ColumnPage,
  columnCrumbs,
  ItemPage,
  TopicPage,
  TopicsIndex,
  WithdrawnPage,
  YSQGK_COLUMN_SLUG,
} from '../views/public.tsx';
import { itemPageData, orgNamer } from './shared.ts';

/** A column page's query: the page number (other keys are ignored, as links from elsewhere may carry them). */
const ColumnQuery = FormBody({ page: FormField });
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 64 }) });

/** The portal pages of columns, items and topics, and their downloads. */
export const contentPortalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // ---- files and data-table downloads
  app.get(
    '/files/content/:attachmentId/:name',
    {
      schema: {
        hide: true,
        params: Type.Object({ attachmentId: Type.Integer({ minimum: 1 }), name: Type.String() }),
      },
    },
    async (req, reply) => {
      const { attachment, data } = await svc.readAttachment(ctx, req.actor, req.params.attachmentId);
      return sendDownload(reply, { name: attachment.name, mime: attachment.mime, body: data });
    },
  );
  app.get(
    '/items/:id/table.:format',
    {
      schema: {
        hide: true,
        params: StrictObject({
          id: Type.Integer({ minimum: 1 }),
          format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
        }),
      },
    },
    async (req, reply) => {
      const { id, format } = req.params;
      const item = await svc.getPublicItem(ctx.db, id);
      if (item.status !== 'published' || !item.dataTable) throw new AppError('not_found', '该信息没有数据表');
      const name = encodeURIComponent(`${item.title}.${format}`);
      if (format === 'csv') {
        // BOM so that Excel/WPS open the UTF-8 file with Chinese intact; cells neutralised (formula injection).
        const csv = csvFile([item.dataTable.columns, ...item.dataTable.rows]);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename*=UTF-8''${name}`)
          .send(csv);
      }
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('数据');
      ws.addRow(item.dataTable.columns).font = { bold: true };
      for (const r of item.dataTable.rows) ws.addRow(r);
      const buf = await xlsxFile(wb);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${name}`)
        .send(buf);
    },
  );

  // ---- columns
  const columnPage = async (req: FastifyRequest, reply: FastifyReply, slug: string, pageParam: unknown) => {
    const page = Math.max(1, int(pageParam) ?? 1);
    const columns = await svc.publicColumns(app.readCache);
    const column = columns.find((c) => c.slug === slug);
    if (!column) throw new AppError('not_found', '栏目不存在');
    const res = await svc.listPublicItems(ctx.db, { columnId: column.id, page, pageSize: 20 });
    // The 依申请公开 column holds no items of its own on most sites: its address leads to the guide page (/ysqgk).
    if (slug === YSQGK_COLUMN_SLUG && res.total === 0) return reply.redirect('/ysqgk', 302);
    const orgName = await orgNamer(app);
    return renderPortal(
      req,
      reply,
      {
        title: column.name,
        crumbs: columnCrumbs(columns, column),
        description: (site) => column.description || `${column.name}：${site.name}政府信息公开`,
      },
      <ColumnPage
        column={column}
        children={columns.filter((c) => c.parentId === column.id)}
        items={res.items}
        total={res.total}
        page={page}
        pageSize={20}
        orgName={orgName}
      />,
    );
  };
  app.get('/xxgk', { schema: { hide: true, querystring: ColumnQuery } }, (req, reply) =>
    columnPage(req, reply, 'xxgk', req.query.page),
  );
  app.get(
    '/columns/:slug',
    { schema: { hide: true, params: SlugParams, querystring: ColumnQuery } },
    (req, reply) => columnPage(req, reply, req.params.slug, req.query.page),
  );
  app.get('/zcjd', { schema: { hide: true } }, (_req, reply) => reply.redirect('/columns/zcjd', 302));

  // ---- items
  app.get('/items/:id', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const { item, attachments } = await svc.getPublicItemPage(ctx.db, req.params.id);
    const orgName = (await orgNamer(app))(item.orgId);
    const columns = await svc.publicColumns(app.readCache);
    if (item.status === 'withdrawn') {
      // 撤稿: removed with a redirect, or the page stays with the notice and the reason.
      if (item.withdrawalMode === 'redirect') return reply.redirect(safeBack(item.redirectTo, '/'), 301);
      return renderPortal(
        req,
        reply,
        {
          title: `已撤回：${item.title}`,
          status: 410,
          crumbs: [
            { href: '/', label: '首页' },
            { href: `/items/${item.id}`, label: '已撤回的信息' },
          ],
        },
        <WithdrawnPage item={item} orgName={orgName} />,
      );
    }
    const column = columns.find((c) => c.id === item.columnIds[0]);
    const related = await itemPageData(app, item, attachments);
    return renderPortal(
      req,
      reply,
      {
        title: item.title,
        lastModified: item.updatedAt,
        crumbs: [...columnCrumbs(columns, column), { href: `/items/${item.id}`, label: '正文' }],
        description: item.title,
      },
      <ItemPage item={item} orgName={orgName} columns={columns} {...related} />,
    );
  });

  // ---- topics
  app.get('/topics', { schema: { hide: true } }, async (req, reply) =>
    renderPortal(
      req,
      reply,
      {
        title: '专题专栏',
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/topics', label: '专题专栏' },
        ],
      },
      <TopicsIndex topics={await svc.listTopics(ctx.db)} />,
    ),
  );
  app.get('/topics/:slug', { schema: { hide: true, params: SlugParams } }, async (req, reply) => {
    const topic = await svc.getTopicBySlug(ctx.db, req.params.slug);
    const sections: {
      id: number | null;
      name: string;
      items: Awaited<ReturnType<typeof svc.listPublicItems>>['items'];
    }[] = [];
    for (const s of topic.sections)
      sections.push({
        id: s.id,
        name: s.name,
        items: (await svc.listPublicItems(ctx.db, { topicId: topic.id, sectionId: s.id, pageSize: 10 }))
          .items,
      });
    const all = await svc.listPublicItems(ctx.db, { topicId: topic.id, pageSize: 20 });
    sections.push({ id: null, name: '最新信息', items: all.items });
    const orgName = await orgNamer(app);
    return renderPortal(
      req,
      reply,
      {
        title: topic.name,
        crumbs: [
          { href: '/', label: '首页' },
          { href: '/topics', label: '专题专栏' },
          { href: `/topics/${topic.slug}`, label: topic.name },
        ],
      },
      <TopicPage topic={topic} sections={sections} orgName={orgName} />,
    );
  });
};
