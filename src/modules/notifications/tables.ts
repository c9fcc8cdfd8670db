import type { Generated } from 'kysely';

export interface NotificationTables {
  notifications: {
    id: Generated<number>;
    user_id: number;
    title: string;
    body: string;
    link: string | null;
    /** Same key for the same user = the same reminder; a job that runs twice does not notify twice. */
    dedupe_key: string | null;
    created_at: string;
    read_at: string | null;
    /** Set when the e-mail copy went out (only when SMTP is configured). */
    emailed_at: string | null;
  };
}
