import type { Generated } from 'kysely';

export interface ServiceZoneTable {
  id: Generated<number>;
  name: string;
  org_id: number;
  address: string;
  hours: string;
  phone: string;
  /** JSON array of service keys (model.ts ZONE_SERVICES). */
  services: string;
  active: number;
  is_sample: number;
  created_at: string;
  updated_at: string;
}

export interface ZoneConsultationTable {
  id: Generated<number>;
  zone_id: number;
  date: string;
  topic: string;
  /** window | phone */
  channel: string;
  answered: number;
  recorded_by: string;
  recorded_at: string;
}

export interface ZoneTables {
  service_zones: ServiceZoneTable;
  zone_consultations: ZoneConsultationTable;
}
