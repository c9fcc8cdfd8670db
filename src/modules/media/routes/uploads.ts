/** The two multipart uploads, shared by the API and the back-office forms: a filing document and a check file. */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.ts';
import { readUpload } from '../../../web/forms.ts';
import { MAX_DOCUMENT_BYTES } from '../model.ts';
import { addFilingDocument, importChecks, parseCheckFile } from '../service.ts';

/** Reads the `file` part and attaches it to the filing. */
export async function uploadFilingDocument(ctx: AppContext, req: FastifyRequest, filingId: number) {
  const file = await readUpload(req, { maxBytes: MAX_DOCUMENT_BYTES });
  return addFilingDocument(ctx, req.actor, filingId, { fileName: file.name, data: file.data });
}

/** Reads the `file` part (CSV or XLSX) and imports its checks; returns how many. */
export async function importCheckFile(ctx: AppContext, req: FastifyRequest): Promise<number> {
  const file = await readUpload(req, {
    maxBytes: 5 * 1024 * 1024,
    kinds: ['csv', 'txt', 'xlsx'],
    missing: '请选择要导入的文件',
  });
  const rows = await parseCheckFile(file.name, file.data);
  return importChecks(ctx, req.actor, rows);
}
