/** Queries on service_zones and zone_consultations. */
import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { ServiceZoneTable } from './tables.ts';
import type { ServiceZone, ZoneChannel, ZoneConsultation, ZoneFields, ZoneService } from './model.ts';

export function zoneRowToZone(r: Selectable<ServiceZoneTable>): ServiceZone {
  return {
    id: r.id,
    name: r.name,
    orgId: r.org_id,
    address: r.address,
    hours: r.hours,
    phone: r.phone,
    services: JSON.parse(r.services) as ZoneService[],
    active: r.active === 1,
    isSample: r.is_sample === 1,
  };
}

export const zoneValues = (z: ZoneFields) => ({
  name: z.name.trim(),
  org_id: z.orgId,
  address: z.address.trim(),
  hours: z.hours.trim(),
  phone: z.phone.trim(),
  services: JSON.stringify(z.services),
  active: z.active ? 1 : 0,
});

export async function selectZone(db: Kysely<DB>, id: number): Promise<ServiceZone | undefined> {
  const r = await db.selectFrom('service_zones').selectAll().where('id', '=', id).executeTakeFirst();
  return r && zoneRowToZone(r);
}

export async function selectZones(
  db: Kysely<DB>,
  f: { activeOnly?: boolean; orgIds?: number[] } = {},
): Promise<ServiceZone[]> {
  let q = db.selectFrom('service_zones').selectAll();
  if (f.activeOnly) q = q.where('active', '=', 1);
  if (f.orgIds) q = f.orgIds.length ? q.where('org_id', 'in', f.orgIds) : q.where('id', '=', -1);
  return (await q.orderBy('org_id').orderBy('id').execute()).map(zoneRowToZone);
}

export async function selectZoneConsultations(
  db: Kysely<DB>,
  zoneId: number,
  limit = 200,
): Promise<ZoneConsultation[]> {
  const rows = await db
    .selectFrom('zone_consultations')
    .selectAll()
    .where('zone_id', '=', zoneId)
    .orderBy('date', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    zoneId: r.zone_id,
    date: r.date,
    topic: r.topic,
    channel: r.channel as ZoneChannel,
    answered: r.answered === 1,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  }));
}
