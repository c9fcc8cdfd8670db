/**
 * The back office's 迁移旧网站内容 pages: upload a package or start a crawl (each with 试运行 and
 * 跳过有错误的行), the runs and their reports, continuing a stopped or blocked run, and the review
 * queue of imported items the gate held back. No JavaScript needed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../../../errors.ts';
import { formPost, int, readMultipart, STATE_REFUSALS, str, UPLOAD_REFUSALS } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams } from '../../../web/schemas.ts';
import { can } from '../../auth/permissions.ts';
import { inScope } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import type { CrawlStart } from '../import/model.ts';
import {
  checkCrawl,
  continueRun,
  crawlSettings,
  getRun,
  importCrawl,
  importPackage,
  importReviewQueue,
  listRuns,
  prepareRun,
  type ImportRun,
} from '../import/service.ts';
import { RUN_STATUSES } from '../import/model.ts';
import {
  ImportHome,
  ImportReviewPage,
  PACKAGE_MAX_BYTES,
  RunReport,
  type FormState,
} from '../views/import.tsx';

const crumbs = (extra: { href: string; label: string }[] = []) => [
  { href: '/admin', label: '工作台' },
  { href: '/admin/content', label: '内容管理' },
  { href: '/admin/content/import', label: '迁移旧网站内容' },
  ...extra,
];

/** The crawl form's fields. */
const CRAWL_FIELDS = [
  'orgId',
  'starts',
  'preset',
  'body',
  'delayMs',
  'maxItems',
  'dryRun',
  'skipErrors',
] as const;
const CrawlFormBody = FormBody(Object.fromEntries(CRAWL_FIELDS.map((k) => [k, FormField])));

/** The old-site import pages. */
export const contentImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  const orgOptions = async (req: FastifyRequest) => {
    const scope = await orgScope(ctx.db, req.actor);
    return (await listPublicOrgs(ctx.db))
      .filter((o) => inScope(scope, o.id))
      .map((o) => ({ value: o.id, label: o.name }));
  };

  const home = async (
    req: FastifyRequest,
    reply: FastifyReply,
    state: { package?: FormState; crawl?: FormState; started?: boolean } = {},
  ) => {
    if (!can(req.actor, 'content.structure') || !can(req.actor, 'content.publish'))
      throw new AppError('forbidden', '只有公开办管理员可以迁移旧网站内容');
    const runs = await listRuns(ctx, req.actor);
    const orgs = await orgOptions(req);
    const me = req.actor.kind === 'user' ? req.actor.orgId : orgs[0]?.value;
    const status = state.package?.error?.status ?? state.crawl?.error?.status ?? 200;
    return renderAdmin(req, reply, { title: '迁移旧网站内容', status, crumbs: crumbs() }, (page) => (
      <ImportHome page={page} state={state} runs={runs} orgs={orgs} me={me} />
    ));
  };

  const showRun = (req: FastifyRequest, reply: FastifyReply, run: ImportRun, status = 200) =>
    renderAdmin(
      req,
      reply,
      {
        title: run.id == null ? '试运行结果' : `导入任务 ${run.id}`,
        status,
        crumbs: crumbs([{ href: req.url, label: run.id == null ? '试运行结果' : `导入任务 ${run.id}` }]),
      },
      (page) => (
        <>
          <h1>{run.id == null ? '试运行结果' : `导入任务 ${run.id}`}</h1>
          <p>
            {run.source === 'package' ? '导入包' : '抓取'}：{run.label}；
            {run.id == null ? '' : `状态：${RUN_STATUSES[run.status as keyof typeof RUN_STATUSES]}；`}操作人：
            {run.createdBy}
          </p>
          <RunReport run={run} page={page} />
          <p>
            <a href="/admin/content/import">返回迁移旧网站内容</a>
          </p>
        </>
      ),
    );

  app.get(
    '/admin/content/import',
    { schema: { hide: true, querystring: FormBody({ started: FormField }) } },
    (req, reply) => home(req, reply, { started: !!req.query.started }),
  );

  // Multipart: the fields are read with the file (no body schema).
  app.post('/admin/content/import/package', { schema: { hide: true } }, async (req, reply) => {
    const fields: Record<string, string> = {};
    return formPost(
      async () => {
        const { files } = await readMultipart(
          req,
          { maxBytes: PACKAGE_MAX_BYTES, maxFiles: 1, maxFields: 10 },
          fields,
        );
        const file = files.find((f) => f.field === 'file');
        if (!file) throw badRequest('请选择导入包', { file: '请选择 ZIP 文件' });
        const opts = {
          orgId: int(fields.orgId) ?? undefined,
          dryRun: fields.dryRun === '1',
          skipErrors: fields.skipErrors === '1',
        };
        const run = await importPackage(
          ctx,
          req.actor,
          { filename: file.name, data: file.data },
          { ...opts, start: opts.dryRun ? undefined : 'later' },
        );
        if (run.id == null) return showRun(req, reply, run);
        // Carried out after the answer: a large package takes minutes; the run page shows progress and 继续导入 resumes.
        if (run.status === 'ready')
          void continueRun(ctx, req.actor, run.id).catch((err) =>
            req.log.error({ err, run: run.id }, 'import run stopped'),
          );
        return seeOther(reply, `/admin/content/import/runs/${run.id}`);
      },
      (error) => home(req, reply, { package: { error, values: fields } }),
      UPLOAD_REFUSALS,
    );
  });

  app.post(
    '/admin/content/import/crawl',
    { schema: { hide: true, body: CrawlFormBody } },
    async (req, reply) => {
      const b = req.body;
      const values: Record<string, string> = Object.fromEntries(CRAWL_FIELDS.map((k) => [k, str(b[k])]));
      return formPost(
        async () => {
          const starts: CrawlStart[] = values.starts
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => {
              const [url, ...rest] = l.split(/\s+/);
              return { url, column: rest.join(' ') };
            });
          const settings = crawlSettings({
            starts,
            preset: values.preset || 'generic',
            selectors: values.body ? { body: values.body } : undefined,
            delayMs: int(values.delayMs) ?? undefined,
            maxItems: int(values.maxItems) ?? undefined,
          });
          const opts = {
            orgId: int(values.orgId) ?? undefined,
            dryRun: values.dryRun === '1',
            skipErrors: values.skipErrors === '1',
          };
          if (opts.dryRun) return showRun(req, reply, await importCrawl(ctx, req.actor, settings, opts));
          // A crawl takes as long as the old site has pages (one request at a time, with a pause): after the answer.
          await checkCrawl(ctx, req.actor, settings, opts);
          void importCrawl(ctx, req.actor, settings, opts).catch((err) =>
            req.log.error({ err }, 'crawl import stopped'),
          );
          return seeOther(reply, '/admin/content/import?started=1');
        },
        (error) => home(req, reply, { crawl: { error, values } }),
      );
    },
  );

  app.get(
    '/admin/content/import/runs/:id',
    { schema: { hide: true, params: IdParams } },
    async (req, reply) => showRun(req, reply, await getRun(ctx, req.actor, req.params.id)),
  );

  app.post(
    '/admin/content/import/runs/:id/continue',
    { schema: { hide: true, params: IdParams, body: FormBody({ skipErrors: FormField }) } },
    async (req, reply) => {
      const id = req.params.id;
      const skipErrors = str(req.body?.skipErrors) === '1';
      return formPost(
        async () => {
          const run = await prepareRun(ctx, req.actor, id, { skipErrors });
          if (run.status !== 'done')
            void continueRun(ctx, req.actor, id).catch((err) =>
              req.log.error({ err, run: id }, 'import run stopped'),
            );
          return seeOther(reply, `/admin/content/import/runs/${id}`);
        },
        async (error) => showRun(req, reply, await getRun(ctx, req.actor, id), error.status),
        STATE_REFUSALS,
      );
    },
  );

  app.get('/admin/content/import/review', { schema: { hide: true } }, async (req, reply) => {
    const items = await importReviewQueue(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      {
        title: '导入内容待审核',
        crumbs: crumbs([{ href: '/admin/content/import/review', label: '待审核' }]),
      },
      <ImportReviewPage items={items} />,
    );
  });
};
