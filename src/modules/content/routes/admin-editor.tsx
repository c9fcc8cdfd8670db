/** The back office's item editor (/admin/content/new, /admin/content/:id/edit) and the item's preview. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../../context.ts';
import { AppError, badRequest } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { Notice } from '../../../web/components.tsx';
import { formPost, int, list, str } from '../../../web/forms.ts';
import { ELDER_COOKIE } from '../../../web/plugin.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin, renderPortal } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, StrictObject } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { inScope } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import { indexNumberExample, POLICY_SUBJECTS } from '../integrations.ts';
import {
  INTERP_POINTS,
  ITEM_KINDS,
  parseDataTableText,
  STATUSES,
  type InterpPoint,
  type ItemKind,
  type Validity,
} from '../model.ts';
import * as svc from '../service.ts';
import { ItemForm, itemFormValues, KindChooser, type ItemFormValues } from '../views/editor.tsx';
import { PreviewPage } from '../views/preview.tsx';
import { columnCrumbs, ItemPage } from '../views/public.tsx';
import { crumbs, itemPageData, orgNamer } from './shared.ts';

/**
 * The editor's fields (the seven interpretation points come as `point_<key>`, let through as the
 * form's other keys are). Everything stays text; formInput reads it.
 */
const ItemFormBody = FormBody({
  kind: FormField,
  title: FormField,
  body: FormField,
  orgId: FormField,
  source: FormField,
  origin: FormField,
  formationDate: FormField,
  docNumber: FormField,
  columnIds: FormField,
  topics: FormField,
  interprets: FormField,
  interpForm: FormField,
  dataTable: FormField,
  indexNumber: FormField,
  writtenDate: FormField,
  issuingAgency: FormField,
  subject: FormField,
  validity: FormField,
});

/** The editor's query: ?choose=1 shows the type chooser, ?kind=… the form for that type. */
const EditorQuery = FormBody({ choose: FormField, kind: FormField });

/** The editor's form as the use case's input, the values to show again, and a data-table parse error. */
function formInput(b: Record<string, unknown>): {
  input: svc.ItemInput;
  values: ItemFormValues;
  tableError?: string;
} {
  const kind = str(b.kind) as ItemKind;
  const interpPoints: Partial<Record<InterpPoint, string>> = {};
  for (const k of Object.keys(INTERP_POINTS))
    if (str(b[`point_${k}`])) interpPoints[k as InterpPoint] = str(b[`point_${k}`]);
  const topicKeys = list(b.topics);
  const tableText = typeof b.dataTable === 'string' ? b.dataTable : '';
  const parsed = kind === 'data' && tableText.trim() ? parseDataTableText(tableText) : null;
  const values: ItemFormValues = {
    kind,
    title: str(b.title),
    body: typeof b.body === 'string' ? b.body : '',
    orgId: int(b.orgId),
    source: str(b.source),
    origin: str(b.origin),
    formationDate: str(b.formationDate),
    docNumber: str(b.docNumber),
    columnIds: list(b.columnIds).map(Number).filter(Number.isInteger),
    topicKeys,
    interprets: list(b.interprets).map(Number).filter(Number.isInteger),
    interpForm: str(b.interpForm) || null,
    interpPoints,
    dataTableText: tableText,
    policy: {
      indexNumber: str(b.indexNumber),
      writtenDate: str(b.writtenDate) || null,
      issuingAgency: str(b.issuingAgency),
      subject: str(b.subject),
      validity: (str(b.validity) || 'valid') as Validity,
    },
  };
  const input: svc.ItemInput = {
    kind,
    title: values.title!,
    body: values.body!,
    orgId: values.orgId ?? undefined,
    source: values.source as svc.ItemInput['source'],
    origin: values.origin,
    formationDate: values.formationDate,
    docNumber: values.docNumber,
    columnIds: values.columnIds!,
    topics: topicKeys
      .map((k) => /^(\d+):(\d*)$/.exec(k))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => ({ topicId: Number(m[1]), sectionId: m[2] ? Number(m[2]) : null })),
    interprets: kind === 'interpretation' ? values.interprets : [],
    interpForm:
      kind === 'interpretation' ? ((values.interpForm as svc.ItemInput['interpForm']) ?? 'text') : null,
    interpPoints: kind === 'interpretation' ? interpPoints : {},
    dataTable: parsed && typeof parsed !== 'string' ? parsed : null,
    policy: kind === 'policy' ? values.policy : null,
  };
  return { input, values, tableError: typeof parsed === 'string' ? parsed : undefined };
}

/** The refusal with the data-table parse error added as a field, so the editor shows both. */
const withTableError = (e: AppError, tableError?: string) =>
  tableError ? new AppError('bad_request', e.userMessage, { ...e.fields, dataTable: tableError }) : e;

/** The item editor and preview pages. */
export const contentEditorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  const editorData = async (actor: Actor, orgId: number | null | undefined) => {
    const scope = await orgScope(ctx.db, actor);
    const orgs = (await listPublicOrgs(ctx.db)).filter((o) => inScope(scope, o.id));
    const [columns, topics, policies] = await Promise.all([
      svc.listColumns(ctx.db),
      svc.listTopics(ctx.db),
      svc.listPublicItems(ctx.db, { kind: 'policy', pageSize: 100 }),
    ]);
    const org = orgs.find((o) => o.id === orgId) ?? orgs[0];
    const indexExample = await indexNumberExample(
      ctx.db,
      org?.code ?? '',
      Number(shanghaiDate(ctx.clock.now()).slice(0, 4)),
    );
    return { orgs, columns, topics, policies: policies.items, subjects: POLICY_SUBJECTS, indexExample };
  };
  const renderEditor = async (
    req: FastifyRequest,
    reply: FastifyReply,
    page: { title: string; action: string; values: ItemFormValues; choose?: boolean; kind?: string },
    error?: AppError,
  ) => {
    const { title, action, values } = page;
    // The type chooser; or the form for the asked type (server-rendered, no JavaScript needed).
    if (!error && page.choose) {
      return renderAdmin(
        req,
        reply,
        { title, crumbs: crumbs([{ href: action, label: title }]) },
        <>
          <h1>{title}</h1>
          <KindChooser action={action} value={values.kind} />
        </>,
      );
    }
    const kind = page.kind ?? '';
    const v = !error && kind in ITEM_KINDS ? { ...values, kind } : values;
    const data = await editorData(req.actor, v.orgId);
    return renderAdmin(
      req,
      reply,
      { title, status: error?.status ?? 200, crumbs: crumbs([{ href: action, label: title }]) },
      (p) => (
        <>
          <h1>{title}</h1>
          <ItemForm page={p} action={action} values={v} error={error} {...data} />
        </>
      ),
    );
  };

  app.get('/admin/content/new', { schema: { hide: true, querystring: EditorQuery } }, async (req, reply) => {
    if (!can(req.actor, 'content.edit')) throw new AppError('forbidden', '您没有新建稿件的权限');
    const kind = str(req.query.kind);
    // First the type, then that type's form.
    return renderEditor(req, reply, {
      title: '新建稿件',
      action: '/admin/content/new',
      values: {
        kind: 'article',
        source: 'original',
        orgId: req.actor.kind === 'user' ? req.actor.orgId : null,
      },
      choose: !kind || !!str(req.query.choose),
      kind,
    });
  });
  app.post('/admin/content/new', { schema: { hide: true, body: ItemFormBody } }, async (req, reply) => {
    const { input, values, tableError } = formInput(req.body);
    return formPost(
      async () => {
        if (tableError) throw badRequest('数据表格有误', { dataTable: tableError });
        const item = await svc.createItem(ctx, req.actor, input);
        return seeOther(reply, `/admin/content/${item.id}?done=saved`);
      },
      (e) =>
        renderEditor(
          req,
          reply,
          { title: '新建稿件', action: '/admin/content/new', values },
          withTableError(e, tableError),
        ),
    );
  });
  app.get(
    '/admin/content/:id/edit',
    { schema: { hide: true, params: IdParams, querystring: EditorQuery } },
    async (req, reply) => {
      const item = await svc.getItem(ctx, req.actor, req.params.id);
      return renderEditor(req, reply, {
        title: `编辑：${item.title}`,
        action: `/admin/content/${item.id}/edit`,
        values: itemFormValues(item),
        choose: !!str(req.query.choose),
        kind: str(req.query.kind),
      });
    },
  );
  app.post(
    '/admin/content/:id/edit',
    { schema: { hide: true, params: IdParams, body: ItemFormBody } },
    async (req, reply) => {
      const id = req.params.id;
      const { input, values, tableError } = formInput(req.body);
      return formPost(
        async () => {
          if (tableError) throw badRequest('数据表格有误', { dataTable: tableError });
          await svc.updateItem(ctx, req.actor, id, input);
          return seeOther(reply, `/admin/content/${id}?done=saved`);
        },
        (e) =>
          renderEditor(
            req,
            reply,
            { title: '编辑稿件', action: `/admin/content/${id}/edit`, values },
            withTableError(e, tableError),
          ),
      );
    },
  );

  // 预览 (issue 20): the item as its portal page in three widths, and the frame that page shows.
  app.get(
    '/admin/content/:id/preview',
    {
      schema: {
        hide: true,
        params: IdParams,
        querystring: StrictObject({
          view: Type.Optional(
            Type.Union([Type.Literal('desktop'), Type.Literal('elder'), Type.Literal('phone')]),
          ),
        }),
      },
    },
    async (req, reply) => {
      const item = await svc.getItem(ctx, req.actor, req.params.id);
      const view = req.query.view ?? 'desktop';
      return renderAdmin(
        req,
        reply,
        {
          title: `预览：${item.title}`,
          crumbs: crumbs([
            { href: `/admin/content/${item.id}`, label: '稿件' },
            { href: `/admin/content/${item.id}/preview`, label: '预览' },
          ]),
        },
        <PreviewPage item={item} view={view} />,
      );
    },
  );
  app.get(
    '/admin/content/:id/preview/frame',
    {
      schema: {
        hide: true,
        params: IdParams,
        querystring: StrictObject({ elder: Type.Optional(Type.Literal('1')) }),
      },
    },
    async (req, reply) => {
      const item = await svc.getItem(ctx, req.actor, req.params.id);
      const [columns, orgName, related] = await Promise.all([
        svc.listColumns(ctx.db),
        orgNamer(app),
        itemPageData(app, item),
      ]);
      const column = columns.find((c) => c.id === item.columnIds[0]);
      // The frame is shown inside our own preview page only: framing allowed from this site, never indexed.
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      reply
        .header('content-security-policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"))
        .header('x-frame-options', 'SAMEORIGIN')
        .header('x-robots-tag', 'noindex');
      // Elder mode as asked for by the frame, whatever the staff member's own setting.
      req.cookies[ELDER_COOKIE] = req.query.elder === '1' ? '1' : '0';
      return renderPortal(
        req,
        reply,
        {
          title: `预览：${item.title}`,
          crumbs: [...columnCrumbs(columns, column), { href: req.url, label: '预览' }],
        },
        <>
          <Notice kind="warning">
            预览：本页为第 {item.revision} 版（{STATUSES[item.status]}）发布后的样子，尚未公开。
          </Notice>
          <ItemPage item={item} orgName={orgName(item.orgId)} columns={columns} {...related} />
        </>,
      );
    },
  );
};
