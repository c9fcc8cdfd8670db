/** What the report's route plugins share: the page query, the import upload, the downloads. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { badRequest } from '../../../errors.ts';
import { checkUpload } from '../../../lib/uploads.ts';
import { int, readMultipart, str, type Upload } from '../../../web/forms.ts';
import type { AnnualReport } from '../document.ts';
import { annualReportDocx } from '../docx.ts';
import type { ReportQuery } from '../service.ts';
import { annualReportXlsx } from '../xlsx.ts';
import { IMPORT_MAX_BYTES } from '../views/import.tsx';
import { ReportPageQuery } from './schemas.ts';

/** The report a page or form names (org, year, scope); a missing org or year is a Chinese 400. */
export function queryOf(q: Static<typeof ReportPageQuery>): ReportQuery {
  const orgId = int(q.org);
  const year = int(q.year);
  if (!orgId || !year) throw badRequest('请选择机关和年度');
  return { orgId, year, scope: str(q.scope) === 'rollup' ? 'rollup' : 'own' };
}

/**
 * Reads the import form (multipart: `importOrg`, `importYear`, `importFormat`, then `file`) into
 * `fields`; the file only when one was chosen. Refuses, in Chinese, a file over IMPORT_MAX_BYTES
 * (readMultipart), and one named other than .xlsx/.json or whose bytes are not what its name says.
 */
export async function readImportUpload(
  req: FastifyRequest,
  fields: Record<string, string>,
): Promise<Upload | null> {
  const { files } = await readMultipart(
    req,
    { maxBytes: IMPORT_MAX_BYTES, maxFiles: 1, maxFields: 10 },
    fields,
  );
  const file = files.find((f) => f.field === 'file');
  if (!file) return null;
  const kind = /\.xlsx$/i.test(file.name)
    ? 'xlsx'
    : /\.json$/i.test(file.name)
      ? 'json'
      : /\.docx$/i.test(file.name)
        ? 'docx'
        : /\.html?$/i.test(file.name)
          ? 'html'
          : null;
  if (!kind)
    throw badRequest('只能导入 .xlsx、.json、.docx 或 .html 文件', {
      file: `“${file.name}”不是 .xlsx、.json、.docx 或 .html 文件`,
    });
  // The bytes decide (lib/uploads.ts): a real workbook or Word file (no macros, no ZIP bomb); JSON is
  // checked as plain text. A saved web page is only read for its tables, never served back.
  if (kind !== 'html')
    await checkUpload(
      { filename: kind === 'json' ? 'report.txt' : file.name, data: file.data },
      { kinds: [kind === 'json' ? 'txt' : kind], maxBytes: IMPORT_MAX_BYTES },
    );
  return file;
}

/** The report as a Word or Excel download. */
export async function sendFile(reply: FastifyReply, r: AnnualReport, format: 'docx' | 'xlsx') {
  const name = encodeURIComponent(`${r.orgName}${r.year}年政府信息公开工作年度报告.${format}`);
  const type =
    format === 'docx'
      ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const body = format === 'docx' ? await annualReportDocx(r) : await annualReportXlsx(r);
  return reply.type(type).header('content-disposition', `attachment; filename*=UTF-8''${name}`).send(body);
}
