/** 政务公开专区 use cases: the zone registry (公开办) and the consultation log kept by staff in a zone. */
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { badRequest, notFound } from '../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../lib/time.ts';
import { auditedWrite } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { getOrg, listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import {
  ZONE_CHANNELS,
  ZONE_SERVICES,
  zoneProblems,
  type ServiceZone,
  type ZoneChannel,
  type ZoneConsultation,
  type ZoneFields,
} from './model.ts';
import {
  insertZone,
  insertZoneConsultation,
  selectZone,
  selectZoneConsultations,
  selectZones,
  updateZoneRow,
} from './store.ts';

/** Open zones with their org's name, for the portal's address list. */
export async function listPublicZones(db: Kysely<DB>): Promise<(ServiceZone & { orgName: string })[]> {
  const orgs = new Map((await listPublicOrgs(db)).map((o) => [o.id, o.name]));
  return (await selectZones(db, { activeOnly: true })).map((z) => ({
    ...z,
    orgName: orgs.get(z.orgId) ?? '',
  }));
}

/** A zone by id for other modules (inquiry intake at a window); undefined when absent. */
export const findZone = (db: Kysely<DB>, id: number) => selectZone(db, id);

export async function listZones(ctx: AppContext, actor: Actor): Promise<ServiceZone[]> {
  requirePermission(actor, 'channels.read');
  const scope = await orgScope(ctx.db, actor);
  return selectZones(ctx.db, { orgIds: scope.all ? undefined : scope.orgIds });
}

export async function getZone(ctx: AppContext, actor: Actor, id: number): Promise<ServiceZone> {
  requirePermission(actor, 'channels.read');
  const z = await selectZone(ctx.db, id);
  if (!z) throw notFound('专区');
  await requireOrgAccess(ctx.db, actor, z.orgId);
  return z;
}

async function validate(ctx: AppContext, z: ZoneFields) {
  const p = zoneProblems(z);
  if (Object.keys(p).length) throw badRequest('专区信息有误，请检查后重新提交', p);
  await getOrg(ctx.db, z.orgId).catch(() => {
    throw badRequest('所属单位不存在', { orgId: '所属单位不存在' });
  });
}

export async function createZone(
  ctx: AppContext,
  actor: Actor,
  z: ZoneFields & { isSample?: boolean },
): Promise<ServiceZone> {
  requirePermission(actor, 'zones.manage');
  await validate(ctx, z);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertZone(trx, z, { isSample: !!z.isSample, at: now });
      return (await selectZone(trx, id))!;
    },
    (after) => ({ action: 'zone.create', objectType: 'service_zone', objectId: after.id, after }),
  );
}

export async function updateZone(
  ctx: AppContext,
  actor: Actor,
  id: number,
  z: ZoneFields,
): Promise<ServiceZone> {
  requirePermission(actor, 'zones.manage');
  const before = await getZone(ctx, actor, id);
  await validate(ctx, z);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await updateZoneRow(trx, id, z, ctx.clock.now().toISOString());
      return (await selectZone(trx, id))!;
    },
    (after) => ({ action: 'zone.update', objectType: 'service_zone', objectId: id, before, after }),
  );
}

export interface ZoneConsultationInput {
  date: string;
  topic: string;
  channel: ZoneChannel;
  answered: boolean;
}

/** Staff of the zone's org (or the openness office) log one consultation at the window or by phone. */
export async function logZoneConsultation(
  ctx: AppContext,
  actor: Actor,
  zoneId: number,
  c: ZoneConsultationInput,
): Promise<ZoneConsultation> {
  requirePermission(actor, 'zones.log');
  const zone = await getZone(ctx, actor, zoneId);
  const fields: Record<string, string> = {};
  if (!isIsoDate(c.date)) fields.date = '日期格式应为 YYYY-MM-DD';
  else if (c.date > shanghaiDate(ctx.clock.now())) fields.date = '日期不能晚于今天';
  if (!c.topic?.trim()) fields.topic = '请填写咨询事项';
  else if (c.topic.length > 200) fields.topic = '咨询事项不超过 200 字';
  if (!(c.channel in ZONE_CHANNELS)) fields.channel = '请选择咨询方式';
  if (Object.keys(fields).length) throw badRequest('咨询记录有误，请检查后重新提交', fields);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const id = await insertZoneConsultation(trx, {
        zoneId: zone.id,
        date: c.date,
        topic: c.topic.trim(),
        channel: c.channel,
        answered: c.answered,
        recordedBy: actorName(actor),
        at: ctx.clock.now().toISOString(),
      });
      return (await selectZoneConsultations(trx, zone.id, 500)).find((x) => x.id === id)!;
    },
    (after) => ({ action: 'zone.consultation', objectType: 'service_zone', objectId: zone.id, after }),
  );
}

export async function listZoneConsultations(
  ctx: AppContext,
  actor: Actor,
  zoneId: number,
): Promise<ZoneConsultation[]> {
  await getZone(ctx, actor, zoneId);
  return selectZoneConsultations(ctx.db, zoneId);
}

export { ZONE_SERVICES };
