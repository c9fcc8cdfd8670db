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
  /** When the password was last set (expiry: config passwordPolicy.maxAgeDays). */
  password_changed_at: string | null;
  /** TOTP secret (base32), sealed with the personal-data key; null = no second factor. */
  totp_secret: string | null;
  /** A secret shown for enrolment, sealed, until the first code confirms it. */
  totp_pending_secret: string | null;
  totp_enabled_at: string | null;
  /** Time step (30 s counter) of the last TOTP code accepted: a code is good once. */
  totp_last_step: number | null;
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
    /** Last time the password (and code) were entered: sensitive actions need it recent. */
    auth_at: string | null;
    /** 1 while the password is right but the TOTP code has not been entered yet. */
    mfa_pending: Generated<number>;
  };
  password_history: { id: Generated<number>; user_id: number; password_hash: string; created_at: string };
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
