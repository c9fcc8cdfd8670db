/** The back office's library figures and exchange: the interpretation rate, the 索引号 template, importing a register. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { formPost, int, readUpload, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField } from '../../../web/schemas.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { importXlsx } from '../service.ts';
import { getIndexTemplate, interpretationReport, setIndexTemplate } from '../service.ts';
import { ImportPage, RatePage, SettingsPage } from '../views/exchange.tsx';
import { FILE_MAX_BYTES } from './schemas.ts';

/** The interpretation rate, the 索引号 template and the register import under /admin/gfxwj. */
export const normativeExchangeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // Interpretation rate (rules.md §5) per org and year.
  app.get(
    '/admin/gfxwj/rate',
    { schema: { querystring: FormBody({ year: FormField }), hide: true } },
    async (req, reply) => {
      const now = ctx.clock.now();
      const year = int(req.query.year) ?? Number(shanghaiDate(now).slice(0, 4));
      const r = await interpretationReport(ctx, req.actor, year);
      return renderAdmin(
        req,
        reply,
        {
          title: '政策解读率',
          crumbs: [
            { href: '/admin/gfxwj', label: '规范性文件库' },
            { href: '/admin/gfxwj/rate', label: '政策解读率' },
          ],
        },
        () => <RatePage r={r} year={year} now={now} />,
      );
    },
  );

  // 索引号 template.
  const renderSettings = async (
    req: FastifyRequest,
    reply: FastifyReply,
    value?: string,
    error?: AppError,
    saved?: boolean,
  ) => {
    requirePermission(req.actor, 'normative.exchange');
    const template = value ?? (await getIndexTemplate(ctx.db));
    return renderAdmin(
      req,
      reply,
      {
        title: '索引号设置',
        status: error ? error.status : 200,
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: '/admin/gfxwj/settings', label: '索引号设置' },
        ],
      },
      (page) => <SettingsPage page={page} template={template} error={error} saved={saved} />,
    );
  };
  app.get(
    '/admin/gfxwj/settings',
    { schema: { querystring: FormBody({ saved: FormField }), hide: true } },
    async (req, reply) => renderSettings(req, reply, undefined, undefined, !!req.query.saved),
  );
  app.post(
    '/admin/gfxwj/settings',
    { schema: { body: FormBody({ template: FormField }), hide: true } },
    async (req, reply) => {
      const template = str(req.body.template);
      return formPost(
        async () => {
          await setIndexTemplate(ctx, req.actor, template);
          return seeOther(reply, '/admin/gfxwj/settings?saved=1');
        },
        (e) => renderSettings(req, reply, template, e),
      );
    },
  );

  // Import of an existing register. Errors are keyed by row; the file's own error is the summary.
  const renderImport = async (
    req: FastifyRequest,
    reply: FastifyReply,
    result?: { imported: number },
    error?: AppError,
  ) => {
    requirePermission(req.actor, 'normative.exchange');
    return renderAdmin(
      req,
      reply,
      {
        title: '导入登记台账',
        status: error ? error.status : 200,
        crumbs: [
          { href: '/admin/gfxwj', label: '规范性文件库' },
          { href: '/admin/gfxwj/import', label: '导入登记台账' },
        ],
      },
      (page) => <ImportPage page={page} result={result} error={error} />,
    );
  };
  app.get('/admin/gfxwj/import', async (req, reply) => renderImport(req, reply));
  // A multipart upload: the file is read from the parts, no body schema.
  app.post('/admin/gfxwj/import', async (req, reply) => {
    requirePermission(req.actor, 'normative.exchange');
    return formPost(
      async () => {
        const file = await readUpload(req, {
          maxBytes: FILE_MAX_BYTES,
          kinds: ['xlsx'],
          missing: '请选择要导入的文件',
        });
        const result = await importXlsx(ctx, req.actor, file.data);
        return renderImport(req, reply, result);
      },
      (e) => renderImport(req, reply, undefined, e),
    );
  });
};
