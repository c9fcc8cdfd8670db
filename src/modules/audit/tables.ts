import type { Generated } from 'kysely';

export interface AuditTables {
  audit_log: {
    id: Generated<number>;
    at: string;
    actor_id: number | null;
    actor_name: string;
    action: string;
    object_type: string;
    object_id: string | null;
    before_json: string | null;
    after_json: string | null;
    ip: string | null;
    algo: string;
    prev_hash: string;
    hash: string;
  };
}
