/** The back office's site structure: columns (栏目), topics (专题), and the publishing statistics. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { AppError } from '../../../errors.ts';
import { formPost, int, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { listPublicOrgs } from '../../org/service.ts';
import * as svc from '../service.ts';
import { ColumnForm, ColumnsPage, StatsTables, TopicsPage } from '../views/structure.tsx';
import { crumbs } from './shared.ts';

const ColumnFormBody = FormBody({
  name: FormField,
  slug: FormField,
  kind: FormField,
  parentId: FormField,
  orgId: FormField,
  description: FormField,
});
const TopicFormBody = FormBody({ name: FormField, slug: FormField, summary: FormField, sections: FormField });

/** The columns, topics and statistics pages. */
export const contentStructureRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  const structurePage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    kind: 'columns' | 'topics',
    error?: AppError,
    values?: Record<string, string>,
  ) => {
    if (!can(req.actor, 'content.read')) throw new AppError('forbidden', '您没有权限查看栏目和专题');
    const canManage = can(req.actor, 'content.structure');
    if (kind === 'columns') {
      const [columns, orgs] = await Promise.all([svc.listColumns(ctx.db), listPublicOrgs(ctx.db)]);
      return renderAdmin(
        req,
        reply,
        {
          title: '栏目管理',
          status: error?.status ?? 200,
          crumbs: crumbs([{ href: '/admin/content/columns', label: '栏目' }]),
        },
        (page) => (
          <ColumnsPage
            page={page}
            columns={columns}
            orgs={orgs}
            canManage={canManage}
            error={error}
            values={values}
          />
        ),
      );
    }
    const topics = await svc.listTopics(ctx.db);
    return renderAdmin(
      req,
      reply,
      {
        title: '专题管理',
        status: error?.status ?? 200,
        crumbs: crumbs([{ href: '/admin/content/topics', label: '专题' }]),
      },
      (page) => (
        <TopicsPage page={page} topics={topics} canManage={canManage} error={error} values={values} />
      ),
    );
  };
  app.get('/admin/content/columns', { schema: { hide: true } }, (req, reply) =>
    structurePage(req, reply, 'columns'),
  );
  app.get('/admin/content/topics', { schema: { hide: true } }, (req, reply) =>
    structurePage(req, reply, 'topics'),
  );
  const columnValues = (b: Static<typeof ColumnFormBody>) => ({
    name: str(b.name),
    slug: str(b.slug),
    kind: str(b.kind),
    parentId: str(b.parentId),
    orgId: str(b.orgId),
    description: str(b.description),
  });
  const columnInput = (v: ReturnType<typeof columnValues>): svc.ColumnInput => ({
    name: v.name,
    slug: v.slug,
    kind: v.kind as svc.ColumnInput['kind'],
    parentId: int(v.parentId),
    orgId: int(v.orgId),
    description: v.description,
  });
  app.post('/admin/content/columns', { schema: { hide: true, body: ColumnFormBody } }, async (req, reply) => {
    const values = columnValues(req.body);
    return formPost(
      async () => {
        await svc.createColumn(ctx, req.actor, columnInput(values));
        return seeOther(reply, '/admin/content/columns');
      },
      (e) => structurePage(req, reply, 'columns', e, values),
    );
  });
  const columnEditPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    columnId: number,
    values?: Record<string, string>,
    error?: AppError,
  ) => {
    if (!can(req.actor, 'content.structure')) throw new AppError('forbidden', '您没有管理栏目的权限');
    const [columns, orgs] = await Promise.all([svc.listColumns(ctx.db), listPublicOrgs(ctx.db)]);
    const column = columns.find((c) => c.id === columnId);
    if (!column) throw new AppError('not_found', '栏目不存在');
    const v = values ?? {
      name: column.name,
      slug: column.slug,
      kind: column.kind,
      parentId: String(column.parentId ?? ''),
      orgId: String(column.orgId ?? ''),
      description: column.description,
    };
    return renderAdmin(
      req,
      reply,
      {
        title: `编辑栏目：${column.name}`,
        status: error?.status ?? 200,
        crumbs: crumbs([
          { href: '/admin/content/columns', label: '栏目' },
          { href: `/admin/content/columns/${column.id}`, label: column.name },
        ]),
      },
      (page) => (
        <>
          <h1>编辑栏目：{column.name}</h1>
          <ColumnForm
            page={page}
            columns={columns}
            orgs={orgs}
            action={`/admin/content/columns/${column.id}`}
            title="栏目信息"
            error={error}
            values={v}
          />
        </>
      ),
    );
  };
  app.get('/admin/content/columns/:id', { schema: { hide: true, params: IdParams } }, (req, reply) =>
    columnEditPage(req, reply, req.params.id),
  );
  app.post(
    '/admin/content/columns/:id',
    { schema: { hide: true, params: IdParams, body: ColumnFormBody } },
    async (req, reply) => {
      const id = req.params.id;
      const values = columnValues(req.body);
      return formPost(
        async () => {
          await svc.updateColumn(ctx, req.actor, id, {
            ...columnInput(values),
            sortOrder: (await svc.listColumns(ctx.db)).find((c) => c.id === id)?.sortOrder ?? 0,
          });
          return seeOther(reply, '/admin/content/columns');
        },
        (e) => columnEditPage(req, reply, id, values, e),
      );
    },
  );
  app.post('/admin/content/topics', { schema: { hide: true, body: TopicFormBody } }, async (req, reply) => {
    const b = req.body;
    const values = {
      name: str(b.name),
      slug: str(b.slug),
      summary: str(b.summary),
      sections: typeof b.sections === 'string' ? b.sections : '',
    };
    return formPost(
      async () => {
        await svc.createTopic(ctx, req.actor, {
          name: values.name,
          slug: values.slug,
          summary: values.summary,
          sections: values.sections.split(/\r?\n/),
        });
        return seeOther(reply, '/admin/content/topics');
      },
      (e) => structurePage(req, reply, 'topics', e, values),
    );
  });

  app.get('/admin/content/stats', { schema: { hide: true } }, async (req, reply) => {
    const stats = await svc.publishingStats(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      {
        title: '原创比例与时效',
        crumbs: crumbs([{ href: '/admin/content/stats', label: '原创比例与时效' }]),
      },
      <>
        <h1>原创比例与时效</h1>
        <p>
          只统计已发布的信息。超期发布：发布日期晚于信息形成（变更）之日起第 20 个工作日（条例第二十六条）。
        </p>
        <StatsTables stats={stats} />
      </>,
    );
  });
};
