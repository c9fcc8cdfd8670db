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

/** Inserts a zone; returns its id. */
export async function insertZone(
  db: Kysely<DB>,
  z: ZoneFields,
  meta: { isSample: boolean; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto('service_zones')
    .values({ ...zoneValues(z), is_sample: meta.isSample ? 1 : 0, created_at: meta.at, updated_at: meta.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Rewrites a zone's fields. */
export async function updateZoneRow(db: Kysely<DB>, id: number, z: ZoneFields, at: string): Promise<void> {
  await db
    .updateTable('service_zones')
    .set({ ...zoneValues(z), updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Inserts one logged consultation; returns its id. */
export async function insertZoneConsultation(
  db: Kysely<DB>,
  c: {
    zoneId: number;
    date: string;
    topic: string;
    channel: ZoneChannel;
    answered: boolean;
    recordedBy: string;
    at: string;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('zone_consultations')
    .values({
      zone_id: c.zoneId,
      date: c.date,
      topic: c.topic,
      channel: c.channel,
      answered: c.answered ? 1 : 0,
      recorded_by: c.recordedBy,
      recorded_at: c.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
