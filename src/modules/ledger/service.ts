/**
 * Ledger use cases: import a 工作要点 with its 任务台账, unit ledgers (own tasks, sub-tasks, progress,
 * evidence), status and reminders, supervision (督导, 整改, 约谈/通报批评), and the figures the
 * dashboard and the annual report use.
 *
 * 三(三): "各地各部门也要梳理形成各自工作台账，明确责任主体和时限要求" (unit ledgers, sub-tasks);
 * "区政府办公室将在年底…进行检查，督促未完成任务的单位进行整改，对工作落实不到位的单位予以约谈或通报批评"
 * (inspections, rectification, escalation); "本要点落实情况纳入政府信息公开工作年度报告" (ledgerSummary).
 */
import { checkUpload } from '../../lib/uploads.ts';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Actor, AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { badRequest, forbidden, notFound } from '../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../lib/time.ts';
import { actorName } from '../../context.ts';
import { recordAudit } from '../audit/service.ts';
import { isDistrictWide, requirePermission } from '../auth/permissions.ts';
import { usersWithRole } from '../auth/service.ts';
import { descendantsOf, inScope, type Org, type OrgScope } from '../org/model.ts';
import { orgScope } from '../org/service.ts';
import { selectAllOrgs } from '../org/store.ts';
import { notifyUsers } from '../notifications/service.ts';
import type { JobDefinition } from '../jobs/service.ts';
import { formatDeadline, type Deadline } from './deadline.ts';
import {
  checkEvidenceUrl,
  countStatuses,
  ESCALATION_KINDS,
  EVIDENCE_KINDS,
  isFulfilled,
  reminderDue,
  taskStatus,
  TASK_STATUSES,
  unitStatus,
  type EscalationKind,
  type EvidenceKind,
  type StatusCounts,
  type TaskStatus,
} from './model.ts';
import { parseWorkPlan, resolveUnits, type ParsedPlan, type ParsedTask } from './parse.ts';
import {
  selectEscalations,
  selectEvidence,
  selectInspection,
  selectInspections,
  selectInternalEvidence,
  selectLatestReports,
  selectPlan,
  selectPlans,
  selectRectification,
  selectRectifications,
  selectReport,
  selectReports,
  selectTask,
  selectTaskUnits,
  selectTasks,
  type Attachment,
  type Escalation,
  type Evidence,
  type Inspection,
  type ProgressReport,
  type Rectification,
  type TaskRecord,
  type WorkPlan,
} from './store.ts';

export type {
  WorkPlan,
  TaskRecord,
  ProgressReport,
  Evidence,
  Inspection,
  Rectification,
  Escalation,
  Attachment,
};

/** Today in Asia/Shanghai, from the context's clock. */
export const todayOf = (ctx: AppContext) => shanghaiDate(ctx.clock.now());

/** Runs `work` and its audit record in one transaction (several records allowed). */
function inTransaction<T>(ctx: AppContext, work: (trx: Kysely<DB>, at: Date) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute((trx) => work(trx, ctx.clock.now()));
}

/** The district a plan belongs to when none is named: the government org with departments below it. */
export function defaultDistrict(orgs: Org[]): Org | undefined {
  return orgs.find(
    (o) => o.kind === 'government' && orgs.some((c) => c.parentId === o.id && c.kind === 'department'),
  );
}

// ───────────────────────────── import ─────────────────────────────

export interface ImportReport {
  plan: WorkPlan;
  tasks: {
    id: number;
    number: string;
    target: string;
    orgIds: number[];
    deadline: Deadline;
    deadlineText: string;
  }[];
  /** 责任单位 names that matched no org, by task 序号. */
  unresolved: { number: string; names: string[] }[];
  notes: { number: string; notes: string[] }[];
}

export interface ImportOptions {
  /** The org whose plan it is (default: the district). */
  orgId?: number;
  isSample?: boolean;
}

/** Imports a plan in the seed's text format; refuses (nothing written) when any part cannot be read. */
export async function importWorkPlan(
  ctx: AppContext,
  actor: Actor,
  text: string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  requirePermission(actor, 'ledger.manage');
  const parsed = parseWorkPlan(text);
  if (parsed.problems.length) throw badRequest(`工作要点无法导入：${parsed.problems.join('；')}`);
  if (parsed.tasks.length === 0) throw badRequest('工作要点中没有任务台账');
  if (parsed.year == null) throw badRequest('标题中没有年度（如“2022年”）');
  return storePlan(ctx, actor, parsed, opts);
}

/** Writes a parsed plan and its tasks with their units, in one transaction with its audit record. */
export async function storePlan(
  ctx: AppContext,
  actor: Actor,
  parsed: ParsedPlan,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  requirePermission(actor, 'ledger.manage');
  const orgs = await selectAllOrgs(ctx.db);
  const district = opts.orgId != null ? orgs.find((o) => o.id === opts.orgId) : defaultDistrict(orgs);
  if (!district) throw badRequest('找不到工作要点所属的机关，请先在机关管理中建立区政府及其部门');
  if (parsed.year == null) throw badRequest('工作要点没有年度');
  const year = parsed.year;
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx, async (trx, at) => {
    const { id: planId } = await trx
      .insertInto('work_plans')
      .values({
        org_id: district.id,
        year,
        title: parsed.title,
        source_docs: JSON.stringify(parsed.sourceDocuments),
        sections: JSON.stringify(parsed.sections),
        ledger_title: parsed.ledgerTitle,
        is_sample: opts.isSample ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const report: ImportReport = {
      plan: (await selectPlan(trx, planId))!,
      tasks: [],
      unresolved: [],
      notes: [],
    };
    for (const t of parsed.tasks) {
      if (!t.deadline) throw badRequest(`第 ${t.number} 项的工作时限无法识别`);
      const res = resolveUnits(t.unitNames, orgs, district.id);
      const id = await insertTask(
        trx,
        planId,
        t,
        res.notes.concat(res.unknown.map((n) => `未识别的单位：${n}`)),
        now,
        opts.isSample ?? false,
      );
      for (const orgId of res.orgIds) await insertTaskUnit(trx, id, orgId, now);
      report.tasks.push({
        id,
        number: String(t.number),
        target: t.target,
        orgIds: res.orgIds,
        deadline: t.deadline,
        deadlineText: t.deadlineText,
      });
      if (res.unknown.length) report.unresolved.push({ number: String(t.number), names: res.unknown });
      if (res.notes.length) report.notes.push({ number: String(t.number), notes: res.notes });
    }
    await recordAudit(trx, at, actor, {
      action: 'ledger.plan.import',
      objectType: 'work_plan',
      objectId: planId,
      after: { title: parsed.title, year, tasks: parsed.tasks.length, unresolved: report.unresolved },
    });
    return report;
  });
}

async function insertTask(
  trx: Kysely<DB>,
  planId: number,
  t: ParsedTask,
  notes: string[],
  now: string,
  sample: boolean,
): Promise<number> {
  const d = t.deadline!;
  const { id } = await trx
    .insertInto('ledger_tasks')
    .values({
      plan_id: planId,
      parent_id: null,
      number: String(t.number),
      seq: t.number * 1000,
      group_number: t.groupNumber,
      group_title: t.group,
      target: t.target,
      content: t.content,
      units_text: t.unitsText,
      unit_notes: JSON.stringify(notes),
      deadline_kind: d.kind,
      deadline_date: d.kind === 'ongoing' ? null : d.date,
      deadline_text: t.deadlineText,
      owner_name: null,
      owner_user_id: null,
      owner_org_id: null,
      is_sample: sample ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function insertTaskUnit(trx: Kysely<DB>, taskId: number, orgId: number, now: string) {
  await trx
    .insertInto('ledger_task_units')
    .values({
      task_id: taskId,
      org_id: orgId,
      percent: 0,
      reported_done: 0,
      last_report_at: null,
      updated_at: now,
    })
    .execute();
}

// ───────────────────────────── reading ─────────────────────────────

export interface UnitView {
  orgId: number;
  orgName: string;
  percent: number;
  reports: number;
  liveEvidence: number;
  status: TaskStatus;
}

export interface TaskView extends TaskRecord {
  units: UnitView[];
  status: TaskStatus;
  subtasks: TaskView[];
}

function viewTasks(
  tasks: TaskRecord[],
  units: Awaited<ReturnType<typeof selectTaskUnits>>,
  orgs: Org[],
  today: string,
): TaskView[] {
  const names = new Map(orgs.map((o) => [o.id, o.shortName || o.name]));
  const byTask = new Map<number, UnitView[]>();
  for (const u of units) {
    const t = tasks.find((x) => x.id === u.taskId);
    if (!t) continue;
    const list = byTask.get(u.taskId) ?? [];
    list.push({
      orgId: u.orgId,
      orgName: names.get(u.orgId) ?? `#${u.orgId}`,
      percent: u.percent,
      reports: u.reports,
      liveEvidence: u.liveEvidence,
      status: unitStatus(t.deadline, u, today),
    });
    byTask.set(u.taskId, list);
  }
  const views = tasks.map((t): TaskView => {
    const us = byTask.get(t.id) ?? [];
    return { ...t, units: us, status: taskStatus(us.map((u) => u.status)), subtasks: [] };
  });
  const byId = new Map(views.map((v) => [v.id, v]));
  for (const v of views) if (v.parentId != null) byId.get(v.parentId)?.subtasks.push(v);
  return views.filter((v) => v.parentId == null || !byId.has(v.parentId));
}

/** Tasks of plans with their units' and their own status as of `today`. */
export async function loadTaskViews(db: Kysely<DB>, planIds: number[], today: string): Promise<TaskView[]> {
  const tasks = await selectTasks(db, planIds);
  const units = await selectTaskUnits(
    db,
    tasks.map((t) => t.id),
  );
  return viewTasks(tasks, units, await selectAllOrgs(db), today);
}

const visible = (scope: OrgScope, t: TaskView) => scope.all || t.units.some((u) => inScope(scope, u.orgId));

export async function listPlans(
  ctx: AppContext,
  actor: Actor,
): Promise<(WorkPlan & { counts: StatusCounts })[]> {
  requirePermission(actor, 'ledger.read');
  const plans = await selectPlans(ctx.db);
  const scope = await orgScope(ctx.db, actor);
  const out = [];
  for (const p of plans) {
    const tasks = (await loadTaskViews(ctx.db, [p.id], todayOf(ctx))).filter((t) => visible(scope, t));
    out.push({ ...p, counts: countStatuses(tasks.map((t) => t.status)) });
  }
  return out;
}

export async function getPlan(ctx: AppContext, actor: Actor, id: number): Promise<WorkPlan> {
  requirePermission(actor, 'ledger.read');
  const plan = await selectPlan(ctx.db, id);
  if (!plan) throw notFound('工作要点');
  return plan;
}

/**
 * A plan's tasks as the actor may see them: the openness office and leaders all; a unit only the
 * tasks it is responsible for (its own ledger), with its own sub-tasks.
 */
export async function listTasks(
  ctx: AppContext,
  actor: Actor,
  planId: number,
  filter: { orgId?: number; status?: TaskStatus } = {},
): Promise<TaskView[]> {
  await getPlan(ctx, actor, planId);
  const scope = await orgScope(ctx.db, actor);
  let tasks = (await loadTaskViews(ctx.db, [planId], todayOf(ctx))).filter((t) => visible(scope, t));
  if (filter.orgId != null) tasks = tasks.filter((t) => t.units.some((u) => u.orgId === filter.orgId));
  if (filter.status) tasks = tasks.filter((t) => t.status === filter.status);
  return tasks;
}

export interface TaskDetail {
  task: TaskView;
  plan: WorkPlan;
  parent: TaskRecord | null;
  reports: ProgressReport[];
  evidence: Evidence[];
  /** Units of this task the actor may report for. */
  reportableOrgIds: number[];
}

export async function getTask(ctx: AppContext, actor: Actor, id: number): Promise<TaskDetail> {
  requirePermission(actor, 'ledger.read');
  const rec = await selectTask(ctx.db, id);
  if (!rec) throw notFound('任务');
  const plan = (await selectPlan(ctx.db, rec.planId))!;
  const views = await loadTaskViews(ctx.db, [rec.planId], todayOf(ctx));
  const all = views.flatMap((v) => [v, ...v.subtasks]);
  const task = all.find((v) => v.id === id)!;
  const scope = await orgScope(ctx.db, actor);
  if (!visible(scope, task)) throw forbidden('该任务不属于本单位，您无权查看');
  const reportable = task.units.filter((u) => inScope(scope, u.orgId)).map((u) => u.orgId);
  return {
    task,
    plan,
    parent: rec.parentId != null ? ((await selectTask(ctx.db, rec.parentId)) ?? null) : null,
    reports: (await selectReports(ctx.db, id)).filter(
      (r) => inScope(scope, r.orgId) || isDistrictWide(actor),
    ),
    evidence: await selectEvidence(ctx.db, id),
    reportableOrgIds:
      actor.kind === 'user' && (actor.roles.includes('editor') || actor.roles.includes('openness_admin'))
        ? reportable
        : [],
  };
}

/** Checks that the actor may act for `orgId` on `task` (a unit of the task, in the actor's scope). */
async function requireUnitOfTask(
  ctx: AppContext,
  actor: Actor,
  taskId: number,
  orgId: number,
): Promise<TaskRecord> {
  const task = await selectTask(ctx.db, taskId);
  if (!task) throw notFound('任务');
  const unit = await ctx.db
    .selectFrom('ledger_task_units')
    .select('id')
    .where('task_id', '=', taskId)
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!unit) throw badRequest('该单位不是此任务的责任单位', { orgId: '请选择本任务的责任单位' });
  if (!inScope(await orgScope(ctx.db, actor), orgId)) throw forbidden('只能为本单位的任务报送进展');
  return task;
}

// ───────────────────────────── unit ledgers ─────────────────────────────

export interface UploadedFile {
  name: string;
  type: string;
  data: Buffer;
}

export const ATTACHMENT_LIMITS = { files: 5, bytes: 10 * 1024 * 1024 };
const ALLOWED_EXT = /\.(pdf|docx?|xlsx?|wps|et|ofd|jpe?g|png|txt|zip)$/i;

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

  const dir = join(ctx.config.dataDir, 'uploads', 'ledger');
  const saved: Attachment[] = [];
  if (files.length) mkdirSync(dir, { recursive: true });
  try {
    for (const f of files) {
      const safe = f.name.replace(/[^\p{L}\p{N}._-]/gu, '_').slice(-80);
      const file = `${randomBytes(8).toString('hex')}-${safe}`;
      writeFileSync(join(dir, file), f.data, { flag: 'wx' });
      saved.push({
        name: f.name.slice(0, 200),
        file,
        size: f.data.length,
        type: f.type || 'application/octet-stream',
      });
    }
    return await inTransaction(ctx, async (trx, at) => {
      const iso = at.toISOString();
      const { id } = await trx
        .insertInto('ledger_progress')
        .values({
          task_id: taskId,
          org_id: input.orgId,
          text,
          percent: input.percent,
          attachments: JSON.stringify(saved),
          reported_at: iso,
          reported_by: actor.kind === 'user' ? actor.id : null,
          reporter_name: actorName(actor),
          is_sample: opts.isSample ? 1 : 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('ledger_task_units')
        .set({
          percent: input.percent,
          reported_done: input.percent >= 100 ? 1 : 0,
          last_report_at: iso,
          updated_at: iso,
        })
        .where('task_id', '=', taskId)
        .where('org_id', '=', input.orgId)
        .execute();
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
    for (const a of saved) rmSync(join(dir, a.file), { force: true });
    throw e;
  }
}

/** An attachment of a progress report, for download by those who may see the report. */
export async function getAttachment(
  ctx: AppContext,
  actor: Actor,
  reportId: number,
  index: number,
): Promise<{ path: string; attachment: Attachment }> {
  requirePermission(actor, 'ledger.read');
  const report = await selectReport(ctx.db, reportId);
  if (!report || !report.attachments[index]) throw notFound('附件');
  if (!isDistrictWide(actor) && !inScope(await orgScope(ctx.db, actor), report.orgId))
    throw forbidden('该附件属于其他单位');
  const a = report.attachments[index];
  return { path: join(ctx.config.dataDir, 'uploads', 'ledger', a.file), attachment: a };
}

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
    const { id } = await trx
      .insertInto('ledger_evidence')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
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
  const siblings = await ctx.db
    .selectFrom('ledger_tasks')
    .select('id')
    .where('parent_id', '=', parentId)
    .execute();
  const n = siblings.length + 1;
  const deadline: Deadline = { kind: 'by', date: input.dueDate };
  return inTransaction(ctx, async (trx, at) => {
    const now = at.toISOString();
    const { id } = await trx
      .insertInto('ledger_tasks')
      .values({
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertTaskUnit(trx, id, input.orgId, now);
    await trx
      .updateTable('ledger_tasks')
      .set({ units_text: (await selectAllOrgs(trx)).find((o) => o.id === input.orgId)?.shortName ?? '' })
      .where('id', '=', id)
      .execute();
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

// ───────────────────────────── supervision ─────────────────────────────

export interface InspectionInput {
  planId: number;
  orgId: number;
  title: string;
  scheduledDate: string;
}

export async function scheduleInspection(
  ctx: AppContext,
  actor: Actor,
  input: InspectionInput,
  opts: { isSample?: boolean } = {},
): Promise<Inspection> {
  requirePermission(actor, 'ledger.manage');
  const fields: Record<string, string> = {};
  if (!input.title.trim()) fields.title = '请填写督导事项';
  else if (input.title.length > 200) fields.title = '督导事项不超过 200 字';
  if (!isIsoDate(input.scheduledDate)) fields.scheduledDate = '请按“2022-10-10”的格式填写计划日期';
  if (Object.keys(fields).length) throw badRequest('督导安排有误，请检查后重新提交', fields);
  await getPlan(ctx, actor, input.planId);
  if (!(await selectAllOrgs(ctx.db)).some((o) => o.id === input.orgId))
    throw badRequest('被督导单位不存在', { orgId: '请选择被督导单位' });
  return inTransaction(ctx, async (trx, at) => {
    const { id } = await trx
      .insertInto('ledger_inspections')
      .values({
        plan_id: input.planId,
        org_id: input.orgId,
        title: input.title.trim(),
        scheduled_date: input.scheduledDate,
        done_date: null,
        findings: '',
        is_sample: opts.isSample ? 1 : 0,
        created_at: at.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ins = (await selectInspection(trx, id))!;
    await recordAudit(trx, at, actor, {
      action: 'ledger.inspection.schedule',
      objectType: 'ledger_inspection',
      objectId: id,
      after: ins,
    });
    return ins;
  });
}

/** Records what an inspection found and the day it was done. */
export async function recordFindings(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { doneDate: string; findings: string },
): Promise<Inspection> {
  requirePermission(actor, 'ledger.manage');
  const before = await selectInspection(ctx.db, id);
  if (!before) throw notFound('督导');
  const fields: Record<string, string> = {};
  if (!isIsoDate(input.doneDate)) fields.doneDate = '请按“2022-10-10”的格式填写督导日期';
  else if (input.doneDate > todayOf(ctx)) fields.doneDate = '督导日期不能晚于今天';
  if (!input.findings.trim()) fields.findings = '请填写督导发现';
  else if (input.findings.length > 10000) fields.findings = '督导发现不超过 10000 字';
  if (Object.keys(fields).length) throw badRequest('督导记录有误，请检查后重新提交', fields);
  return inTransaction(ctx, async (trx, at) => {
    await trx
      .updateTable('ledger_inspections')
      .set({ done_date: input.doneDate, findings: input.findings.trim() })
      .where('id', '=', id)
      .execute();
    const after = (await selectInspection(trx, id))!;
    await recordAudit(trx, at, actor, {
      action: 'ledger.inspection.findings',
      objectType: 'ledger_inspection',
      objectId: id,
      before,
      after,
    });
    return after;
  });
}

/** Issues a rectification item (整改) to the inspected unit with a deadline. */
export async function issueRectification(
  ctx: AppContext,
  actor: Actor,
  inspectionId: number,
  input: { item: string; deadline: string },
): Promise<Rectification> {
  requirePermission(actor, 'ledger.manage');
  const ins = await selectInspection(ctx.db, inspectionId);
  if (!ins) throw notFound('督导');
  const fields: Record<string, string> = {};
  if (!input.item.trim()) fields.item = '请填写整改事项';
  else if (input.item.length > 2000) fields.item = '整改事项不超过 2000 字';
  if (!isIsoDate(input.deadline)) fields.deadline = '请按“2022-12-31”的格式填写整改时限';
  if (Object.keys(fields).length) throw badRequest('整改事项有误，请检查后重新提交', fields);
  return inTransaction(ctx, async (trx, at) => {
    const { id } = await trx
      .insertInto('ledger_rectifications')
      .values({
        inspection_id: inspectionId,
        org_id: ins.orgId,
        item: input.item.trim(),
        deadline: input.deadline,
        answer: null,
        answered_at: null,
        closed: 0,
        closed_at: null,
        created_at: at.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const r = (await selectRectification(trx, id))!;
    await recordAudit(trx, at, actor, {
      action: 'ledger.rectification.issue',
      objectType: 'ledger_rectification',
      objectId: id,
      after: r,
    });
    return r;
  });
}

/** The unit answers a rectification item (what it changed). */
export async function answerRectification(
  ctx: AppContext,
  actor: Actor,
  id: number,
  answer: string,
): Promise<Rectification> {
  requirePermission(actor, 'ledger.report');
  const before = await selectRectification(ctx.db, id);
  if (!before) throw notFound('整改事项');
  if (!inScope(await orgScope(ctx.db, actor), before.orgId)) throw forbidden('只能答复本单位的整改事项');
  if (before.closed) throw badRequest('该整改事项已销号，不能再修改答复');
  if (!answer.trim()) throw badRequest('请填写整改情况', { answer: '请填写整改情况' });
  if (answer.length > 5000) throw badRequest('整改情况不超过 5000 字', { answer: '不超过 5000 字' });
  return inTransaction(ctx, async (trx, at) => {
    await trx
      .updateTable('ledger_rectifications')
      .set({ answer: answer.trim(), answered_at: at.toISOString() })
      .where('id', '=', id)
      .execute();
    const after = (await selectRectification(trx, id))!;
    await recordAudit(trx, at, actor, {
      action: 'ledger.rectification.answer',
      objectType: 'ledger_rectification',
      objectId: id,
      before,
      after,
    });
    return after;
  });
}

/** The openness office closes (销号) an answered rectification item. */
export async function closeRectification(ctx: AppContext, actor: Actor, id: number): Promise<Rectification> {
  requirePermission(actor, 'ledger.manage');
  const before = await selectRectification(ctx.db, id);
  if (!before) throw notFound('整改事项');
  if (!before.answer) throw badRequest('单位尚未答复整改情况，不能销号');
  return inTransaction(ctx, async (trx, at) => {
    await trx
      .updateTable('ledger_rectifications')
      .set({ closed: 1, closed_at: at.toISOString() })
      .where('id', '=', id)
      .execute();
    const after = (await selectRectification(trx, id))!;
    await recordAudit(trx, at, actor, {
      action: 'ledger.rectification.close',
      objectType: 'ledger_rectification',
      objectId: id,
      before,
      after,
    });
    return after;
  });
}

export interface EscalationInput {
  planId?: number | null;
  orgId: number;
  kind: EscalationKind;
  date: string;
  documentRef: string;
  note?: string;
}

/** Records a 约谈 or 通报批评 of a unit, with the document that carries it. */
export async function recordEscalation(
  ctx: AppContext,
  actor: Actor,
  input: EscalationInput,
): Promise<Escalation> {
  requirePermission(actor, 'ledger.manage');
  const fields: Record<string, string> = {};
  if (!(input.kind in ESCALATION_KINDS)) fields.kind = '请选择约谈或通报批评';
  if (!isIsoDate(input.date)) fields.date = '请按“2022-12-31”的格式填写日期';
  if (!input.documentRef.trim()) fields.documentRef = '请填写文件（文号或名称）';
  else if (input.documentRef.length > 200) fields.documentRef = '不超过 200 字';
  if ((input.note ?? '').length > 5000) fields.note = '说明不超过 5000 字';
  if (!(await selectAllOrgs(ctx.db)).some((o) => o.id === input.orgId)) fields.orgId = '请选择单位';
  if (Object.keys(fields).length) throw badRequest('约谈或通报记录有误，请检查后重新提交', fields);
  if (input.planId != null) await getPlan(ctx, actor, input.planId);
  return inTransaction(ctx, async (trx, at) => {
    const { id } = await trx
      .insertInto('ledger_escalations')
      .values({
        plan_id: input.planId ?? null,
        org_id: input.orgId,
        kind: input.kind,
        date: input.date,
        document_ref: input.documentRef.trim(),
        note: (input.note ?? '').trim(),
        created_at: at.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const e = (await selectEscalations(trx)).find((x) => x.id === id)!;
    await recordAudit(trx, at, actor, {
      action: 'ledger.escalation.record',
      objectType: 'ledger_escalation',
      objectId: id,
      after: e,
    });
    return e;
  });
}

export interface SupervisionView {
  inspections: (Inspection & { rectifications: Rectification[] })[];
  escalations: Escalation[];
}

/** Inspections with their rectification items, and escalations, as the actor may see them. */
export async function listSupervision(
  ctx: AppContext,
  actor: Actor,
  planId?: number,
): Promise<SupervisionView> {
  requirePermission(actor, 'ledger.read');
  const scope = await orgScope(ctx.db, actor);
  const orgIds = scope.all ? undefined : scope.orgIds;
  const inspections = await selectInspections(ctx.db, { planId, orgIds });
  const rects = await selectRectifications(ctx.db, { orgIds });
  return {
    inspections: inspections.map((i) => ({
      ...i,
      rectifications: rects.filter((r) => r.inspectionId === i.id),
    })),
    escalations: await selectEscalations(ctx.db, { orgIds }),
  };
}

export async function getInspection(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<Inspection & { rectifications: Rectification[] }> {
  requirePermission(actor, 'ledger.read');
  const ins = await selectInspection(ctx.db, id);
  if (!ins) throw notFound('督导');
  if (!inScope(await orgScope(ctx.db, actor), ins.orgId)) throw forbidden('该督导属于其他单位');
  return { ...ins, rectifications: await selectRectifications(ctx.db, { inspectionId: id }) };
}

// ───────────────────────────── figures ─────────────────────────────

export interface GroupFigures {
  groupNumber: string;
  group: string;
  counts: StatusCounts;
}
export interface UnitFigures {
  orgId: number;
  orgName: string;
  counts: StatusCounts;
}
export interface Dashboard {
  plan: WorkPlan;
  today: string;
  counts: StatusCounts;
  byGroup: GroupFigures[];
  byUnit: UnitFigures[];
  overdue: { task: TaskView; units: UnitView[] }[];
  timeline: { date: string; label: string; href: string; status: TaskStatus | null }[];
}

/** Per group and per unit completion, overdue tasks and a timeline of deadlines and inspections. */
export async function planDashboard(ctx: AppContext, actor: Actor, planId: number): Promise<Dashboard> {
  const plan = await getPlan(ctx, actor, planId);
  const today = todayOf(ctx);
  const scope = await orgScope(ctx.db, actor);
  const tasks = (await loadTaskViews(ctx.db, [planId], today)).filter((t) => visible(scope, t));
  const groups = new Map<string, { title: string; statuses: TaskStatus[] }>();
  for (const t of tasks) {
    const g = groups.get(t.groupNumber) ?? { title: t.group, statuses: [] };
    g.statuses.push(t.status);
    groups.set(t.groupNumber, g);
  }
  const units = new Map<number, { name: string; statuses: TaskStatus[] }>();
  for (const t of tasks) {
    for (const u of t.units) {
      if (!inScope(scope, u.orgId)) continue;
      const e = units.get(u.orgId) ?? { name: u.orgName, statuses: [] };
      e.statuses.push(u.status);
      units.set(u.orgId, e);
    }
  }
  const inspections = await selectInspections(ctx.db, {
    planId,
    orgIds: scope.all ? undefined : scope.orgIds,
  });
  const orgs = await selectAllOrgs(ctx.db);
  const timeline = [
    ...tasks
      .filter((t) => t.deadline.kind !== 'ongoing')
      .map((t) => ({
        date: (t.deadline as { date: string }).date,
        label: `第 ${t.number} 项 ${t.target}：${t.deadlineText}`,
        href: `/admin/ledger/tasks/${t.id}`,
        status: t.status,
      })),
    ...inspections.map((i) => ({
      date: i.doneDate ?? i.scheduledDate,
      label: `督导：${orgs.find((o) => o.id === i.orgId)?.shortName ?? ''} ${i.title}${i.doneDate ? '（已完成）' : '（计划）'}`,
      href: `/admin/ledger/inspections/${i.id}`,
      status: null,
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  return {
    plan,
    today,
    counts: countStatuses(tasks.map((t) => t.status)),
    byGroup: [...groups].map(([groupNumber, g]) => ({
      groupNumber,
      group: g.title,
      counts: countStatuses(g.statuses),
    })),
    byUnit: [...units].map(([orgId, u]) => ({ orgId, orgName: u.name, counts: countStatuses(u.statuses) })),
    overdue: tasks
      .filter((t) => t.status === 'overdue')
      .map((t) => ({ task: t, units: t.units.filter((u) => u.status === 'overdue') })),
    timeline,
  };
}

export interface LedgerSummary {
  orgId: number;
  year: number;
  /** Evaluated as of this day (default the year's last day: the annual report's view). */
  asOf: string;
  plans: { id: number; title: string }[];
  counts: StatusCounts;
  byStatusLabel: Record<string, number>;
}

/**
 * The figures the annual report uses (本要点落实情况纳入政府信息公开工作年度报告): counts by status and
 * completion % of the year's tasks — the plan's own tasks when `orgId` owns the plan (the district),
 * else that unit's share of the tasks it is responsible for.
 */
export async function ledgerSummary(
  db: Kysely<DB>,
  orgId: number,
  year: number,
  asOf = `${year}-12-31`,
): Promise<LedgerSummary> {
  const plans = await selectPlans(db, { year });
  const own = plans.filter((p) => p.orgId === orgId);
  let statuses: TaskStatus[];
  if (own.length) {
    statuses = (
      await loadTaskViews(
        db,
        own.map((p) => p.id),
        asOf,
      )
    ).map((t) => t.status);
  } else {
    const tasks = await loadTaskViews(
      db,
      plans.map((p) => p.id),
      asOf,
    );
    const under = new Set(descendantsOf(await selectAllOrgs(db), orgId));
    statuses = tasks
      .flatMap((t) => [t, ...t.subtasks])
      .flatMap((t) => t.units.filter((u) => under.has(u.orgId)).map((u) => u.status));
  }
  const counts = countStatuses(statuses);
  return {
    orgId,
    year,
    asOf,
    plans: (own.length ? own : plans).map((p) => ({ id: p.id, title: p.title })),
    counts,
    byStatusLabel: Object.fromEntries(
      Object.entries(counts.byStatus).map(([k, v]) => [TASK_STATUSES[k as TaskStatus], v]),
    ),
  };
}

// ───────────────────────────── jobs ─────────────────────────────

/**
 * Reminds each unfinished unit before its deadline (10 and 3 days) and once when overdue: the
 * unit's 信息员 (editor) and 公开办 staff there, in-app (and by e-mail when SMTP is set).
 */
export async function sendReminders(ctx: AppContext, now: Date): Promise<number> {
  const today = shanghaiDate(now);
  const plans = await selectPlans(ctx.db);
  const tasks = (
    await loadTaskViews(
      ctx.db,
      plans.map((p) => p.id),
      today,
    )
  ).flatMap((t) => [t, ...t.subtasks]);
  let sent = 0;
  for (const t of tasks) {
    if (t.deadline.kind === 'ongoing') continue;
    for (const u of t.units) {
      if (isFulfilled(u.status)) continue;
      const due = reminderDue(t.deadline.date, today);
      if (!due) continue;
      const users = [
        ...(await usersWithRole(ctx.db, u.orgId, 'editor')),
        ...(await usersWithRole(ctx.db, u.orgId, 'openness_admin')),
      ].map((x) => x.id);
      const title =
        due.key === 'overdue'
          ? `台账任务已逾期：第 ${t.number} 项（${t.target}）`
          : `台账任务还有 ${due.days} 天到期：第 ${t.number} 项（${t.target}）`;
      sent += await notifyUsers(ctx.db, now, users, {
        title,
        body: `${u.orgName}：${t.content.slice(0, 120)}\n工作时限：${t.deadlineText}（${t.deadline.date}）。请及时报送进展并关联佐证材料。`,
        link: `/admin/ledger/tasks/${t.id}`,
        dedupeKey: `ledger:${due.key}:${t.id}:${u.orgId}`,
      });
    }
  }
  return sent;
}

export const reminderJob: JobDefinition = {
  name: 'ledger.reminders',
  label: '台账任务到期提醒',
  intervalSeconds: 3600,
  async run(ctx, now) {
    return `发出提醒 ${await sendReminders(ctx, now)} 条`;
  },
};

/** Says whether a site path still resolves. */
export type EvidenceFetcher = (url: string) => Promise<boolean>;

/** HTTP GET with a short timeout: 2xx/3xx resolves. */
export function httpFetcher(timeoutMs = 5000): EvidenceFetcher {
  return async (url) => {
    try {
      const res = await fetch(url, {
        method: 'GET',
        redirect: 'follow',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.body?.cancel();
      return res.status >= 200 && res.status < 400;
    } catch {
      return false;
    }
  };
}

/** Checks every internal evidence path against the public site; records resolves/last_checked_at. */
export async function checkEvidence(
  ctx: AppContext,
  now: Date,
  fetcher: EvidenceFetcher,
): Promise<{ checked: number; broken: number }> {
  const list = await selectInternalEvidence(ctx.db);
  let broken = 0;
  const base = ctx.config.publicUrl.replace(/\/$/, '');
  for (const e of list) {
    const ok = await fetcher(base + e.url);
    if (!ok) broken++;
    await ctx.db
      .updateTable('ledger_evidence')
      .set({ resolves: ok ? 1 : 0, last_checked_at: now.toISOString() })
      .where('id', '=', e.id)
      .execute();
  }
  return { checked: list.length, broken };
}

export const evidenceCheckJob: JobDefinition = {
  name: 'ledger.evidence-check',
  label: '台账佐证链接有效性检查',
  intervalSeconds: 24 * 3600,
  async run(ctx, now) {
    const r = await checkEvidence(ctx, now, httpFetcher());
    return `检查 ${r.checked} 条，失效 ${r.broken} 条`;
  },
};
