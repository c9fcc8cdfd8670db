import type { Generated } from 'kysely';

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  org_id: number;
  password_hash: string;
  email: string | null;
  active: Generated<number>;
  failed_logins: Generated<number>;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface AuthTables {
  users: UserTable;
  user_roles: { user_id: number; role: string };
  sessions: {
    /** sha256 of the cookie's token: a stolen database does not yield live sessions. */
    id: string;
    user_id: number;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    ip: string | null;
  };
  api_tokens: {
    id: Generated<number>;
    user_id: number;
    name: string;
    token_hash: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
  };
}
