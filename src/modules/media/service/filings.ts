/** 政务新媒体 filings (开设/变更/关停: unit submits → 公开办 approves) and their documents, stored through src/db/files.ts. */
import { randomBytes } from 'node:crypto';
import { readStoredFile, removeStoredFile, writeStoredFile } from '../../../db/files.ts';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { checkUpload } from '../../../lib/uploads.ts';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import { AppError, badRequest, invalidState, notFound } from '../../../errors.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { orgScope, requireOrgAccess } from '../../org/service.ts';
import {
  DOCUMENT_TYPES,
  MAX_DOCUMENT_BYTES,
  type AccountFields,
  type FilingKind,
  type MediaAccount,
} from '../model.ts';
import {
  accountValues,
  insertAccount,
  insertDocument,
  insertFiling,
  updateAccountRow,
  updateFiling,
  selectDocument,
  selectDocuments,
  selectFiling,
  selectFilings,
  type FilingDocument,
  type MediaFiling,
} from '../store.ts';
import { getAccount, validateFields } from './accounts.ts';

export interface FilingInput {
  kind: FilingKind;
  /** Required for change and close. */
  accountId?: number | null;
  /** The proposed account (open) or its new fields (change). */
  fields?: AccountFields;
  note?: string;
}

/** A unit files an account's opening, change or closure for the openness office's approval. */
export async function submitFiling(ctx: AppContext, actor: Actor, input: FilingInput): Promise<MediaFiling> {
  requirePermission(actor, 'media.manage');
  if (!['open', 'change', 'close'].includes(input.kind))
    throw badRequest('备案类型无效', { kind: '请选择备案类型' });
  let account: MediaAccount | undefined;
  if (input.kind !== 'open') {
    if (!input.accountId) throw badRequest('请选择要变更或关停的账号', { accountId: '请选择账号' });
    account = await getAccount(ctx, actor, input.accountId);
    if (account.status !== 'active') throw invalidState('该账号已关停，不能再提交变更或关停备案');
    const open = await selectFilings(ctx.db, { accountId: account.id, status: 'submitted' });
    if (open.length) throw invalidState('该账号已有一份待审核的备案，请等待公开办审核后再提交');
  }
  if (input.kind !== 'close') {
    if (!input.fields) throw badRequest('请填写账号信息');
    await validateFields(ctx, input.fields, account?.id);
    await requireOrgAccess(ctx.db, actor, input.fields.orgId);
  }
  if (input.kind === 'close' && !input.note?.trim())
    throw badRequest('请说明关停理由', { note: '请说明关停理由' });
  const orgId = input.fields?.orgId ?? account!.orgId;
  const payload = input.kind === 'close' ? {} : input.fields!;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertFiling(trx, {
        kind: input.kind,
        account_id: account?.id ?? null,
        org_id: orgId,
        payload: JSON.stringify(payload),
        note: input.note?.trim() ?? '',
        status: 'submitted',
        submitted_by: actorName(actor),
        submitted_at: ctx.clock.now().toISOString(),
      });
      return (await selectFiling(trx, id))!;
    },
    (f) => ({ action: 'media.filing.submit', objectType: 'media_filing', objectId: f.id, after: f }),
  );
}

export async function listFilings(
  ctx: AppContext,
  actor: Actor,
  f: { status?: string; accountId?: number } = {},
): Promise<MediaFiling[]> {
  requirePermission(actor, 'channels.read');
  const scope = await orgScope(ctx.db, actor);
  return selectFilings(ctx.db, { ...f, orgIds: scope.all ? undefined : scope.orgIds });
}

/** A filing with its documents. */
export type FilingWithDocuments = MediaFiling & { documents: FilingDocument[] };

export async function getFiling(ctx: AppContext, actor: Actor, id: number): Promise<FilingWithDocuments> {
  requirePermission(actor, 'channels.read');
  const f = await selectFiling(ctx.db, id);
  if (!f) throw notFound('备案');
  await requireOrgAccess(ctx.db, actor, f.orgId);
  return { ...f, documents: await selectDocuments(ctx.db, id) };
}

/**
 * The openness office approves (the change takes effect: account opened, changed or closed) or
 * rejects with a reason. Only a submitted filing can be decided, once.
 */
export async function decideFiling(
  ctx: AppContext,
  actor: Actor,
  id: number,
  d: { approve: boolean; reason?: string },
): Promise<MediaFiling> {
  requirePermission(actor, 'media.approve');
  const before = await getFiling(ctx, actor, id);
  if (before.status !== 'submitted') throw invalidState('该备案已审核，不能重复审核');
  const reason = d.reason?.trim() ?? '';
  if (!d.approve && !reason) throw badRequest('退回时请填写理由', { reason: '请填写退回理由' });
  if (d.approve && before.kind !== 'close')
    await validateFields(ctx, before.fields as AccountFields, before.accountId ?? undefined);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      let accountId = before.accountId;
      if (d.approve) {
        if (before.kind === 'open') {
          accountId = await insertAccount(trx, {
            ...accountValues(before.fields as AccountFields),
            status: 'active',
            is_sample: 0,
            created_at: now,
            updated_at: now,
          });
        } else if (before.kind === 'change') {
          await updateAccountRow(trx, accountId!, {
            ...accountValues(before.fields as AccountFields),
            updated_at: now,
          });
        } else {
          await updateAccountRow(trx, accountId!, { status: 'closed', updated_at: now });
        }
      }
      await updateFiling(trx, id, {
        status: d.approve ? 'approved' : 'rejected',
        account_id: accountId,
        decided_by: actorName(actor),
        decided_at: now,
        decision_reason: reason || null,
      });
      return (await selectFiling(trx, id))!;
    },
    (after) => ({
      action: d.approve ? 'media.filing.approve' : 'media.filing.reject',
      objectType: 'media_filing',
      objectId: id,
      before,
      after,
    }),
  );
}

/** Where filing documents are stored (src/db/files.ts), relative to DATA_DIR: `uploads/media/<name>`. */
export const UPLOAD_PREFIX = 'uploads/media';
/** The directory of filing documents on the local disk (SQLite). */
export const uploadDir = (ctx: AppContext) => join(ctx.config.dataDir, UPLOAD_PREFIX);

/** Attaches a document (备案表, 审批件, screenshot) to a filing still awaiting review. Type is checked by content. */
export async function addFilingDocument(
  ctx: AppContext,
  actor: Actor,
  filingId: number,
  file: { fileName: string; data: Buffer },
): Promise<FilingDocument> {
  requirePermission(actor, 'media.manage');
  const filing = await getFiling(ctx, actor, filingId);
  if (filing.status !== 'submitted') throw invalidState('备案已审核，不能再添加材料');
  if (file.data.length === 0) throw badRequest('请选择要上传的文件', { file: '请选择文件' });
  if (file.data.length > MAX_DOCUMENT_BYTES)
    throw new AppError('payload_too_large', '上传的文件过大（不超过 10 MB）');
  const type = await fileTypeFromBuffer(file.data);
  const ext = type && DOCUMENT_TYPES[type.mime];
  if (!type || !ext)
    throw badRequest('只能上传 PDF、DOCX、XLSX、PNG 或 JPG 文件', { file: '文件类型不支持' });
  await checkUpload(
    { filename: file.fileName, data: file.data },
    { kinds: ['pdf', 'docx', 'xlsx', 'png', 'jpg'], maxBytes: MAX_DOCUMENT_BYTES },
  );
  const fileName = file.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || `材料.${ext}`;
  const storedName = `${filingId}-${randomBytes(12).toString('hex')}.${ext}`;
  const path = `${UPLOAD_PREFIX}/${storedName}`;
  try {
    return await auditedWrite(
      ctx,
      actor,
      async (trx) => {
        // The file goes in the row's transaction: on PostgreSQL both commit or neither.
        await writeStoredFile(ctx, path, file.data, trx);
        const id = await insertDocument(trx, {
          filing_id: filingId,
          file_name: fileName,
          stored_name: storedName,
          mime: type.mime,
          size: file.data.length,
          uploaded_by: actorName(actor),
          uploaded_at: ctx.clock.now().toISOString(),
        });
        return (await selectDocument(trx, id))!;
      },
      (d) => ({
        action: 'media.filing.document',
        objectType: 'media_filing',
        objectId: filingId,
        after: { id: d.id, fileName, size: d.size, mime: d.mime },
      }),
    );
  } catch (e) {
    // On SQLite the file is on disk already; a refused row must not leave it behind.
    await removeStoredFile(ctx, path).catch(() => {});
    throw e;
  }
}

/** A filing document's bytes, for staff who may see the filing. */
export async function readFilingDocument(
  ctx: AppContext,
  actor: Actor,
  docId: number,
): Promise<{ doc: FilingDocument; data: Buffer }> {
  const doc = await selectDocument(ctx.db, docId);
  if (!doc) throw notFound('材料');
  await getFiling(ctx, actor, doc.filingId);
  const data = await readStoredFile(ctx, `${UPLOAD_PREFIX}/${doc.storedName}`);
  if (!data) throw notFound('材料');
  return { doc, data };
}
