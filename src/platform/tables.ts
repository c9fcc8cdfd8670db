import type { Generated } from 'kysely';

/** Tables of every site's schema that the platform's shared state uses (migration 20261207160000). */
export interface SharedStateTables {
  rate_limits: { key: string; count: number; reset_at: number };
  blobs: { hash: string; size: number; data: Buffer; created_at: string };
  /** A stored file's path (relative to DATA_DIR) and its bytes' hash in `blobs` (src/db/files.ts). */
  stored_files: { path: string; hash: string; created_at: string };
}

/** The platform registry (its own schema, `PLATFORM_SCHEMA`, default `platform`). */
export interface PlatformTables {
  sites: {
    code: string;
    name: string;
    schema_name: string;
    parent_code: string | null;
    state: 'enabled' | 'disabled';
    created_at: string;
    disabled_at: string | null;
  };
  site_hosts: { host: string; code: string };
  site_links: { id: Generated<number>; person: string; code: string; username: string };
  /** One-time tokens that sign a person in on another of their sites (links.ts); only the hash is kept. */
  site_handoffs: {
    token_hash: string;
    person: string;
    from_code: string;
    to_code: string;
    username: string;
    expires_at: string;
    used_at: string | null;
  };
}
