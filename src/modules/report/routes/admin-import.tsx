/** Importing a past report from the back office: the upload (Excel, JSON at once; Word or web page after a check) and its confirmation. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../../../errors.ts';
import { formPost, int, str, UPLOAD_REFUSALS } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { requirePermission } from '../../auth/permissions.ts';
import { PAST_FORMATS, type PastFormat } from '../past.ts';
import { importPastReport, previewPastReport } from '../service.ts';
import { ImportConfirmation, type ImportPreview } from '../views/import.tsx';
import { ReportPageQuery, ImportConfirmBody } from './schemas.ts';
import { readImportUpload } from './shared.ts';
import { renderReportPage } from './admin.tsx';
/** The import form and its confirmation. */
export const reportImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // Multipart (the file): no body schema; the page's query names the report shown again on refusal.
  app.post(
    '/admin/reports/annual/import',
    { schema: { querystring: ReportPageQuery, hide: true } },
    async (req, reply) => {
      requirePermission(req.actor, 'report.edit');
      const fields: Record<string, string> = {};
      return formPost(
        async () => {
          const file = await readImportUpload(req, fields);
          const orgId = int(fields.importOrg);
          const year = int(fields.importYear);
          const format = fields.importFormat?.trim() || undefined;
          if (!orgId) throw badRequest('请选择机关', { importOrg: '请选择机关' });
          if (!year) throw badRequest('年份无效', { importYear: '年份应为四位数字，如 2021' });
          if (format && !Object.hasOwn(PAST_FORMATS, format))
            throw badRequest('格式无效', { importFormat: '请选择 自动识别、2019 年版 或 2021 年版' });
          if (!file)
            throw badRequest('请选择要导入的文件', { file: '请选择 .xlsx、.json、.docx 或 .html 文件' });
          // A report as published (Word or web page) is read by its labels: the figures are shown for confirmation first.
          if (/\.(docx|html?)$/i.test(file.name)) {
            const preview = await previewPastReport(
              ctx,
              req.actor,
              { orgId, year },
              file,
              format as PastFormat | undefined,
            );
            return renderImportConfirmation(req, reply, { orgId, year, name: file.name, ...preview });
          }
          await importPastReport(ctx, req.actor, { orgId, year }, file, format as PastFormat | undefined);
          // The imported year is the previous year of the next one's report: open that, at its 同比.
          const next = Math.min(year + 1, 2100);
          return seeOther(
            reply,
            `/admin/reports/annual?org=${orgId}&year=${next}&scope=own&imported=${year}`,
          );
        },
        (error) =>
          renderReportPage(req, reply, req.query, {
            values: { org: fields.importOrg, year: fields.importYear, format: fields.importFormat },
            error,
          }),
        UPLOAD_REFUSALS,
      );
    },
  );

  const renderImportConfirmation = (req: FastifyRequest, reply: FastifyReply, p: ImportPreview) =>
    renderAdmin(
      req,
      reply,
      {
        title: '确认导入往年报告',
        crumbs: [
          { href: '/admin/reports/annual', label: '年度报告' },
          { href: req.url, label: '确认导入' },
        ],
      },
      (page) => <ImportConfirmation page={page} p={p} />,
    );

  app.post(
    '/admin/reports/annual/import/confirm',
    { schema: { body: ImportConfirmBody, hide: true } },
    async (req, reply) => {
      const b = req.body;
      const orgId = int(b.org);
      const year = int(b.year);
      if (!orgId || !year) throw badRequest('确认的内容不完整，请重新上传报告文件');
      await importPastReport(
        ctx,
        req.actor,
        { orgId, year },
        { name: 'confirmed.json', data: Buffer.from(str(b.figures)) },
        (str(b.format) || undefined) as PastFormat | undefined,
      );
      return seeOther(
        reply,
        `/admin/reports/annual?org=${orgId}&year=${Math.min(year + 1, 2100)}&scope=own&imported=${year}`,
      );
    },
  );
};
