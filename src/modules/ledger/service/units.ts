/**
 * Unit ledgers (三(三): "各地各部门也要梳理形成各自工作台账，明确责任主体和时限要求"): progress reports
 * with attachments, evidence, and sub-tasks.
 */
import { randomBytes } from 'node:crypto';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import { readStoredFile, removeStoredFile, writeStoredFile } from '../../../db/files.ts';
import { badRequest, forbidden, notFound } from '../../../errors.ts';
import { isIsoDate } from '../../../lib/time.ts';
import { checkUpload } from '../../../lib/uploads.ts';
import { recordAudit } from '../../audit/service.ts';
import { isDistrictWide, requirePermission } from '../../auth/permissions.ts';
import { inScope } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import { formatDeadline, type Deadline } from '../deadline.ts';
import { checkEvidenceUrl, EVIDENCE_KINDS, type EvidenceKind } from '../model.ts';
import {
  countSubtasks,
  insertEvidence,
  insertProgress,
  insertTask,
  insertTaskUnit,
  selectEvidence,
  selectReport,
  selectTask,
  updateTaskUnitsText,
  updateUnitProgress,
  type Attachment,
  type Evidence,
  type ProgressReport,
  type TaskRecord,
} from '../store.ts';
import { inTransaction, requireUnitOfTask } from './plans.ts';

/** Where an attachment is kept, relative to DATA_DIR (the report names the file only). */
const attachmentPath = (file: string) => `uploads/ledger/${file}`;

/** An attachment as uploaded (name, browser type, bytes). */
export interface UploadedFile {
  name: string;
  type: string;
  data: Buffer;
}

/** At most 5 attachments of 10 MB each per progress report. */
export const ATTACHMENT_LIMITS = { files: 5, bytes: 10 * 1024 * 1024 };
const ALLOWED_EXT = /\.(pdf|docx?|xlsx?|wps|et|ofd|jpe?g|png|txt|zip)$/i;

/** A unit's progress report on a task. */
export interface ProgressInput {
  orgId: number;
  text: string;
  percent: number;
  files?: UploadedFile[];
}

/** Reports progress for one unit on a task (text, %, attachments); the latest % is the unit's. */
export async function reportProgress(
  ctx: AppContext,
  actor: Actor,
  taskId: number,
  input: ProgressInput,
  opts: { isSample?: boolean } = {},
): Promise<ProgressReport> {
  requirePermission(actor, 'ledger.report');
  const fields: Record<string, string> = {};
  const text = input.text.trim();
  if (!text) fields.text = '请填写进展情况';
  else if (text.length > 5000) fields.text = '进展情况不超过 5000 字';
  if (!Number.isInteger(input.percent) || input.percent < 0 || input.percent > 100)
    fields.percent = '完成比例应为 0 到 100 的整数';
  const files = input.files ?? [];
  if (files.length > ATTACHMENT_LIMITS.files) fields.files = `附件最多 ${ATTACHMENT_LIMITS.files} 个`;
  for (const f of files) {
    if (!ALLOWED_EXT.test(f.name))
      fields.files = `附件“${f.name}”的类型不支持（可上传 PDF、Word、Excel、WPS、OFD、图片、文本、ZIP）`;
    else if (f.data.length > ATTACHMENT_LIMITS.bytes) fields.files = `附件“${f.name}”超过 10MB`;
    else if (f.data.length === 0) fields.files = `附件“${f.name}”是空文件`;
  }
  if (Object.keys(fields).length) throw badRequest('进展报送有误，请检查后重新提交', fields);
  for (const f of files) {
    const c = await checkUpload(
      { filename: f.name, data: f.data },
      {
        kinds: ['pdf', 'docx', 'xlsx', 'office97', 'ofd', 'jpg', 'png', 'txt', 'zip'],
        maxBytes: ATTACHMENT_LIMITS.bytes,
      },
    ).catch((e: { userMessage?: string }) => {
      throw badRequest('进展报送有误，请检查后重新提交', { files: `附件“${f.name}”：${e.userMessage}` });
    });
    f.type = c.mime;
  }
  await requireUnitOfTask(ctx, actor, taskId, input.orgId);

  // The files are written in the report's transaction (db/files.ts: the local disk on SQLite, the
  // database on PostgreSQL); on SQLite a refused report takes its files off the disk again.
  const saved: Attachment[] = files.map((f) => ({
    name: f.name.slice(0, 200),
    file: `${randomBytes(8).toString('hex')}-${f.name.replace(/[^\p{L}\p{N}._-]/gu, '_').slice(-80)}`,
    size: f.data.length,
    type: f.type || 'application/octet-stream',
  }));
  try {
    return await inTransaction(ctx, async (trx, at) => {
      const iso = at.toISOString();
      for (const [i, f] of files.entries())
        await writeStoredFile(ctx, attachmentPath(saved[i].file), f.data, trx);
      const id = await insertProgress(trx, {
        task_id: taskId,
        org_id: input.orgId,
        text,
        percent: input.percent,
        attachments: JSON.stringify(saved),
        reported_at: iso,
        reported_by: actor.kind === 'user' ? actor.id : null,
        reporter_name: actorName(actor),
        is_sample: opts.isSample ? 1 : 0,
      });
      await updateUnitProgress(trx, taskId, input.orgId, input.percent, iso);
      const report = (await selectReport(trx, id))!;
      await recordAudit(trx, at, actor, {
        action: 'ledger.progress.report',
        objectType: 'ledger_task',
        objectId: taskId,
        after: report,
      });
      return report;
    });
  } catch (e) {
    for (const a of saved) await removeStoredFile(ctx, attachmentPath(a.file));
    throw e;
  }
}

/** An attachment of a progress report, for download by those who may see the report. */
export async function getAttachment(
  ctx: AppContext,
  actor: Actor,
  reportId: number,
  index: number,
): Promise<{ data: Buffer; attachment: Attachment }> {
  requirePermission(actor, 'ledger.read');
  const report = await selectReport(ctx.db, reportId);
  if (!report || !report.attachments[index]) throw notFound('附件');
  if (!isDistrictWide(actor) && !inScope(await orgScope(ctx.db, actor), report.orgId))
    throw forbidden('该附件属于其他单位');
  const a = report.attachments[index];
  const data = await readStoredFile(ctx, attachmentPath(a.file));
  if (!data) throw notFound('附件');
  return { data, attachment: a };
}

/** Evidence a unit links to a task. */
export interface EvidenceInput {
  orgId: number;
  kind: EvidenceKind;
  url: string;
  title: string;
  ref?: string | null;
}

/** Links evidence (a published item, topic page, normative document, FOI statistics or external URL). */
export async function addEvidence(
  ctx: AppContext,
  actor: Actor,
  taskId: number,
  input: EvidenceInput,
): Promise<Evidence> {
  requirePermission(actor, 'ledger.report');
  const fields: Record<string, string> = {};
  if (!(input.kind in EVIDENCE_KINDS)) fields.kind = '佐证类型无效';
  else {
    const bad = checkEvidenceUrl(input.kind, input.url);
    if (bad) fields.url = bad;
  }
  if (input.url.length > 1000) fields.url = '链接过长';
  if (!input.title.trim()) fields.title = '请填写佐证材料名称';
  else if (input.title.length > 200) fields.title = '名称不超过 200 字';
  if (Object.keys(fields).length) throw badRequest('佐证材料有误，请检查后重新提交', fields);
  await requireUnitOfTask(ctx, actor, taskId, input.orgId);
  return inTransaction(ctx, async (trx, at) => {
    const id = await insertEvidence(trx, {
      task_id: taskId,
      org_id: input.orgId,
      kind: input.kind,
      ref: input.ref?.trim() || null,
      url: input.url.trim(),
      title: input.title.trim(),
      last_checked_at: null,
      resolves: null,
      created_at: at.toISOString(),
      created_by: actor.kind === 'user' ? actor.id : null,
    });
    const ev = (await selectEvidence(trx, taskId)).find((e) => e.id === id)!;
    await recordAudit(trx, at, actor, {
      action: 'ledger.evidence.add',
      objectType: 'ledger_task',
      objectId: taskId,
      after: ev,
    });
    return ev;
  });
}

/** A sub-task a unit splits off its own task. */
export interface SubtaskInput {
  orgId: number;
  content: string;
  ownerName: string;
  /** YYYY-MM-DD */
  dueDate: string;
}

/** A unit splits a task of its own into a sub-task with an owner and a date (its own ledger). */
export async function createSubtask(
  ctx: AppContext,
  actor: Actor,
  parentId: number,
  input: SubtaskInput,
): Promise<TaskRecord> {
  requirePermission(actor, 'ledger.report');
  const fields: Record<string, string> = {};
  if (!input.content.trim()) fields.content = '请填写子任务内容';
  else if (input.content.length > 2000) fields.content = '子任务内容不超过 2000 字';
  if (!input.ownerName.trim()) fields.ownerName = '请填写责任人';
  else if (input.ownerName.length > 50) fields.ownerName = '责任人不超过 50 字';
  if (!isIsoDate(input.dueDate)) fields.dueDate = '请按“2022-07-31”的格式填写完成时限';
  if (Object.keys(fields).length) throw badRequest('子任务有误，请检查后重新提交', fields);
  const parent = await requireUnitOfTask(ctx, actor, parentId, input.orgId);
  if (parent.parentId != null) throw badRequest('子任务不能再拆分');
  if (parent.deadline.kind !== 'ongoing' && input.dueDate > parent.deadline.date) {
    throw badRequest('子任务的完成时限不能晚于任务的工作时限', {
      dueDate: `应不晚于 ${parent.deadline.date}`,
    });
  }
  const n = (await countSubtasks(ctx.db, parentId)) + 1;
  const deadline: Deadline = { kind: 'by', date: input.dueDate };
  return inTransaction(ctx, async (trx, at) => {
    const now = at.toISOString();
    const id = await insertTask(trx, {
      plan_id: parent.planId,
      parent_id: parentId,
      number: `${parent.number}-${n}`,
      seq: parent.seq + n,
      group_number: parent.groupNumber,
      group_title: parent.group,
      target: parent.target,
      content: input.content.trim(),
      units_text: '',
      unit_notes: '[]',
      deadline_kind: 'by',
      deadline_date: input.dueDate,
      deadline_text: formatDeadline(deadline),
      owner_name: input.ownerName.trim(),
      owner_user_id: actor.kind === 'user' ? actor.id : null,
      owner_org_id: input.orgId,
      is_sample: 0,
      created_at: now,
      updated_at: now,
    });
    await insertTaskUnit(trx, id, input.orgId, now);
    await updateTaskUnitsText(
      trx,
      id,
      (await listPublicOrgs(trx)).find((o) => o.id === input.orgId)?.shortName ?? '',
    );
    const rec = (await selectTask(trx, id))!;
    await recordAudit(trx, at, actor, {
      action: 'ledger.subtask.create',
      objectType: 'ledger_task',
      objectId: id,
      after: rec,
    });
    return rec;
  });
}
