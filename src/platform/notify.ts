/**
 * Page caches dropped across processes (issue 27): every committed write to a page's data in this
 * process is announced on the PostgreSQL channel `gongkai_writes` (schema and table names), and
 * every other process on the same database drops the pages of that schema at once, not after
 * PAGE_CACHE_SECONDS. One listening connection per database URL and process, shared by every app
 * (site) of the process and closed with the last of them. A lost connection (PostgreSQL restarted)
 * is opened again after a second; meanwhile pages fall back to their time limit.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCommittedWrite } from '../db/index.ts';
import { affectsPages } from '../web/pagecache.ts';

export const WRITES_CHANNEL = 'gongkai_writes';
/** This process, so it skips its own announcements (its apps heard the write directly). */
const ORIGIN = randomBytes(6).toString('hex');

type Subscriber = { schema: string; written: (tables: ReadonlySet<string>) => void };

interface Hub {
  url: string;
  client?: pg.Client;
  subscribers: Set<Subscriber>;
  stopLocal: () => void;
  retry?: NodeJS.Timeout;
  closed: boolean;
  /** Announcements under way (closing waits for them: a CLI run's last write is announced too). */
  sending: Set<Promise<unknown>>;
  last: Promise<unknown>;
}

const hubs = new Map<string, Hub>();

const schemaOf = (schema: string | undefined) => schema ?? 'public';

async function connect(hub: Hub): Promise<void> {
  const client = new pg.Client({ connectionString: hub.url });
  client.on('error', () => {});
  client.on('end', () => {
    if (hub.client === client) hub.client = undefined;
    if (!hub.closed) hub.retry = setTimeout(() => void connect(hub).catch(() => {}), 1000);
  });
  client.on('notification', (msg) => {
    if (msg.channel !== WRITES_CHANNEL || !msg.payload) return;
    let note: { o?: string; s?: string; t?: string[] };
    try {
      note = JSON.parse(msg.payload);
    } catch {
      return;
    }
    if (note.o === ORIGIN || !Array.isArray(note.t)) return;
    const tables = new Set(note.t);
    for (const s of hub.subscribers) if (s.schema === note.s) s.written(tables);
  });
  try {
    await client.connect();
    await client.query(`listen ${WRITES_CHANNEL}`);
  } catch (e) {
    void client.end().catch(() => {});
    throw e;
  }
  if (hub.closed) return void (await client.end().catch(() => {}));
  hub.client = client;
}

/**
 * Subscribes an app on `url`/`schema` to other processes' writes (`written` gets the tables) and
 * announces this process's writes to them. Resolves once listening; returns the unsubscribe function.
 */
export async function shareWrites(
  url: string,
  schema: string | undefined,
  written: (tables: ReadonlySet<string>) => void,
): Promise<() => Promise<void>> {
  let hub = hubs.get(url);
  if (!hub) {
    const h: Hub = {
      url,
      subscribers: new Set(),
      closed: false,
      stopLocal: () => {},
      sending: new Set(),
      last: Promise.resolve(),
    };
    h.stopLocal = onCommittedWrite((tables, source) => {
      if (source.engine !== 'postgres' || !h.client || !affectsPages(tables)) return;
      const payload = JSON.stringify({ o: ORIGIN, s: schemaOf(source.schema), t: [...tables] });
      // One after another on the listening connection (pg wants no overlapping queries on one client).
      const client = h.client;
      const sent = (h.last = h.last
        .then(() => client.query('select pg_notify($1, $2)', [WRITES_CHANNEL, payload]))
        .catch(() => {}));
      h.sending.add(sent);
      void sent.finally(() => h.sending.delete(sent));
    });
    hubs.set(url, (hub = h));
    try {
      await connect(h);
    } catch (e) {
      h.closed = true;
      h.stopLocal();
      hubs.delete(url);
      throw e;
    }
  }
  const subscriber = { schema: schemaOf(schema), written };
  hub.subscribers.add(subscriber);
  const own = hub;
  return async () => {
    own.subscribers.delete(subscriber);
    if (own.subscribers.size || own.closed) return;
    own.stopLocal();
    await Promise.allSettled([...own.sending]);
    own.closed = true;
    clearTimeout(own.retry);
    hubs.delete(own.url);
    await own.client?.end().catch(() => {});
  };
}
