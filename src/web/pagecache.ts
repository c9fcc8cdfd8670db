/**
 * Rendered-page cache (issue 5, Speed): a portal page the same for every anonymous visitor (what
 * web/cache.ts lets browsers store) is also kept here, rendered and compressed, and served without
 * touching the database again. An entry is dropped when any write to the data behind public pages
 * commits in this process (db/index.ts reports every commit) and after PAGE_CACHE_SECONDS of the
 * app's clock, which bounds how long another process's change (a second app process, the CLI) or
 * the passing of time (a consultation's period ending) takes to show. PAGE_CACHE_SECONDS=0 turns it off.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../lib/time.ts';
import { sendValidators } from './cache.ts';

/** Tables whose writes never change a public page: sign-ins, tokens, the audit trail, jobs, staff inboxes. */
const PRIVATE_TABLES = new Set([
  'sessions',
  'api_tokens',
  'audit_log',
  'jobs',
  'job_runs',
  'notifications',
  'password_history',
  'rate_limits',
]);

/** Whether a write to `tables` can change a public page (anything but the private tables above). */
export function affectsPages(tables: ReadonlySet<string>): boolean {
  for (const t of tables) if (!PRIVATE_TABLES.has(t)) return true;
  return false;
}

const MAX_ENTRIES = 2000;
const MAX_BYTES = 64 * 1024 * 1024;

type Encoding = 'br' | 'gzip';

interface Entry {
  html: Buffer;
  etag: string;
  lastModified?: string | Date;
  storedAt: number;
  generation: number;
  encoded: Partial<Record<Encoding, Buffer>>;
}

/** The encoding to send for an Accept-Encoding header: br or gzip by their q-values (br on a tie), or none. */
export function acceptedEncoding(header: string | undefined): Encoding | null {
  const q = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim());
    const value = params.find((p) => p.startsWith('q='));
    q.set(name === 'x-gzip' ? 'gzip' : name, value ? Number(value.slice(2)) || 0 : 1);
  }
  const br = q.get('br') ?? q.get('*') ?? 0;
  const gzip = q.get('gzip') ?? q.get('*') ?? 0;
  if (br > 0 && br >= gzip) return 'br';
  return gzip > 0 ? 'gzip' : null;
}

function encode(html: Buffer, encoding: Encoding): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
    : gzipSync(html);
}

export class PageCache {
  private generation = 0;
  private bytes = 0;
  private readonly entries = new Map<string, Entry>(); // insertion order = least recently used first
  private readonly pending = new WeakMap<FastifyRequest, { key: string; generation: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** A committed write to these tables: public pages may have changed. */
  written(tables: ReadonlySet<string>): void {
    if (affectsPages(tables)) return this.clear();
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }

  /**
   * For an anonymous GET: sends the stored page (or a 304) and returns true; otherwise notes the
   * request so that `store` can keep what its route renders. Called before the route runs.
   */
  serve(req: FastifyRequest, reply: FastifyReply, elder: boolean): boolean {
    if (!this.enabled || req.method !== 'GET' || req.actor.kind !== 'public' || req.headers.authorization)
      return false;
    const key = `${elder ? 'elder' : 'plain'} ${req.url}`;
    const entry = this.entries.get(key);
    const age = entry ? this.clock.now().getTime() - entry.storedAt : -1;
    if (!entry || entry.generation !== this.generation || age < 0 || age >= this.ttlMs) {
      this.drop(key);
      // The generation now: a page rendered while a write commits is not stored.
      this.pending.set(req, { key, generation: this.generation });
      return false;
    }
    this.entries.delete(key); // most recently used last
    this.entries.set(key, entry);
    reply.header('x-page-cache', 'hit');
    if (sendValidators(req, reply, entry.etag, entry.lastModified)) return true;
    reply.code(200).type('text/html; charset=utf-8').header('vary', 'accept-encoding');
    const encoding = acceptedEncoding(req.headers['accept-encoding']);
    if (!encoding) {
      reply.send(entry.html);
      return true;
    }
    let body = entry.encoded[encoding];
    if (!body) {
      body = entry.encoded[encoding] = encode(entry.html, encoding);
      this.bytes += body.length;
    }
    reply.header('content-encoding', encoding).send(body);
    return true;
  }

  /** Keeps a cacheable page rendered for a request that `serve` noted (web/respond.tsx decides what is cacheable). */
  store(req: FastifyRequest, html: string, etag: string, lastModified?: string | Date | null): void {
    const pending = this.pending.get(req);
    if (!pending || pending.generation !== this.generation) return;
    const body = Buffer.from(html);
    if (body.length > MAX_BYTES / 16) return;
    this.drop(pending.key);
    this.entries.set(pending.key, {
      html: body,
      etag,
      lastModified: lastModified ?? undefined,
      storedAt: this.clock.now().getTime(),
      generation: pending.generation,
      encoded: {},
    });
    this.bytes += body.length;
    for (const [key] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.drop(key);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.html.length + (entry.encoded.br?.length ?? 0) + (entry.encoded.gzip?.length ?? 0);
  }
}
