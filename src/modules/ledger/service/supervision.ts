/**
 * Supervision (三(三): "区政府办公室将在年底…进行检查，督促未完成任务的单位进行整改，对工作落实不到位的单位
 * 予以约谈或通报批评"): inspections, rectification items, escalations.
 */
import type { Actor, AppContext } from '../../../context.ts';
import { badRequest, forbidden, notFound } from '../../../errors.ts';
import { isIsoDate } from '../../../lib/time.ts';
import { recordAudit } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { inScope } from '../../org/model.ts';
import { listPublicOrgs, orgScope } from '../../org/service.ts';
import { ESCALATION_KINDS, type EscalationKind } from '../model.ts';
import {
  insertEscalation,
  insertInspection,
  insertRectification,
  selectEscalations,
  selectInspection,
  selectInspections,
  selectRectification,
  selectRectifications,
  updateInspectionFindings,
  updateRectification,
  type Escalation,
  type Inspection,
  type Rectification,
} from '../store.ts';
import { getPlan, inTransaction, todayOf } from './plans.ts';

/** Scheduling an inspection of a unit under a plan. */
export interface InspectionInput {
  planId: number;
  orgId: number;
  title: string;
  scheduledDate: string;
}

/** Schedules an inspection (督导) of a unit (the openness office). */
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
  if (!(await listPublicOrgs(ctx.db)).some((o) => o.id === input.orgId))
    throw badRequest('被督导单位不存在', { orgId: '请选择被督导单位' });
  return inTransaction(ctx, async (trx, at) => {
    const id = await insertInspection(trx, {
      plan_id: input.planId,
      org_id: input.orgId,
      title: input.title.trim(),
      scheduled_date: input.scheduledDate,
      done_date: null,
      findings: '',
      is_sample: opts.isSample ? 1 : 0,
      created_at: at.toISOString(),
    });
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
    await updateInspectionFindings(trx, id, input.doneDate, input.findings.trim());
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
    const id = await insertRectification(trx, {
      inspection_id: inspectionId,
      org_id: ins.orgId,
      item: input.item.trim(),
      deadline: input.deadline,
      answer: null,
      answered_at: null,
      closed: 0,
      closed_at: null,
      created_at: at.toISOString(),
    });
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
    await updateRectification(trx, id, { answer: answer.trim(), answered_at: at.toISOString() });
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
    await updateRectification(trx, id, { closed: 1, closed_at: at.toISOString() });
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

/** A 约谈 or 通报批评 with the document that carries it. */
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
  if (!(await listPublicOrgs(ctx.db)).some((o) => o.id === input.orgId)) fields.orgId = '请选择单位';
  if (Object.keys(fields).length) throw badRequest('约谈或通报记录有误，请检查后重新提交', fields);
  if (input.planId != null) await getPlan(ctx, actor, input.planId);
  return inTransaction(ctx, async (trx, at) => {
    const id = await insertEscalation(trx, {
      plan_id: input.planId ?? null,
      org_id: input.orgId,
      kind: input.kind,
      date: input.date,
      document_ref: input.documentRef.trim(),
      note: (input.note ?? '').trim(),
      created_at: at.toISOString(),
    });
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

/** Inspections with their rectification items, and escalations. */
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

/** One inspection with its rectification items, for the unit inspected or district-wide staff. */
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
