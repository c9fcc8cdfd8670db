/**
 * Builds the Fastify app from a config — the server (main.ts) and the tests both use it; tests call
 * `app.inject()` and never open a port. Starting the server and the job runner is main.ts's job.
 */
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { createDatabase, onCommittedWrite, type Database } from './db/index.ts';
import { ReadCache } from './db/readcache.ts';
import { PageCache } from './web/pagecache.ts';
import { registerVendorRoutes } from './web/vendor.ts';
import { installSecurityHeaders } from './web/security-headers.ts';
import { migrateToLatest } from './db/migrate.ts';
import { systemClock, type Clock } from './lib/time.ts';
import { MODULES } from './modules/index.ts';
import type { JobDefinition } from './modules/jobs/service.ts';
import { ensureJobs } from './modules/jobs/service.ts';
import { seedDemo } from './seed/demo.ts';
import { preparePersonalData } from './modules/registry.ts';
import { handleError, installErrorHandlers } from './web/errors.tsx';
import { redirectForOldPath } from './modules/content/import/service.ts';
import { jsonTooDeep } from './lib/json.ts';
import { AppError } from './errors.ts';
import { isOwnCrawler } from './modules/inspection/crawl.ts';
import { csrfBinding, webPlugin, type AdminNavEntry } from './web/plugin.ts';
import { parseFormBody } from './web/forms.ts';
import { openApiOptions } from './web/openapi.ts';
import { sharedSchemaCompilers } from './web/schema-compilers.ts';
import { databaseRateStore, UNLIMITED } from './platform/ratestore.ts';
import { shareWrites } from './platform/notify.ts';
import { named } from './web/register.ts';
import { closeConnectionsOnClose } from './web/shutdown.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    jobDefinitions: JobDefinition[];
    adminNav: AdminNavEntry[];
    pageCache: PageCache;
    /** Reads every portal page shares (site identity, orgs, columns), kept until a write (db/readcache.ts). */
    readCache: ReadCache;
  }
}

/**
 * The rate limit's key for a request, as the plugin makes it (the address; an IPv6 address by its
 * /56), remembered per address: it is worked out for every request, reads included, and parsing an
 * IPv6-mapped address was 3–4% of an uncached page's CPU. At most 10 000 addresses are kept.
 */
function rateKeys(): (req: FastifyRequest) => string {
  const keys = new Map<string, string>();
  return (req) => {
    let key = keys.get(req.ip);
    if (key === undefined) {
      if (keys.size >= 10_000) keys.clear();
      keys.set(req.ip, (key = normalizeIP(req.ip)));
    }
    return key;
  };
}

export interface BuildOptions {
  config: Config;
  /** Tests pass a ManualClock; the server uses the system clock. */
  clock?: Clock;
  /** An already-open database (tests share one); otherwise opened from config.databaseUrl. */
  database?: Database;
  /** pino options, or false for silence (tests). */
  logger?: boolean | Record<string, unknown>;
}

const staticRoot = join(dirname(fileURLToPath(import.meta.url)), 'web', 'static');

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? { level: config.logLevel },
    trustProxy: process.env.TRUST_PROXY === '1',
    bodyLimit: 2 * 1024 * 1024,
    // The router's own refusals (a malformed percent-encoding in the path) go through the Chinese handler too.
    frameworkErrors: (error, req, reply) => void handleError(error as FastifyError, req, reply),
    ajv: {
      // Unknown fields are an error, not silently dropped; query strings and forms are coerced.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    // Fastify's own compilers, their output kept for the next app this process builds (the tests build hundreds).
    schemaController: { compilersFactory: sharedSchemaCompilers },
  }).withTypeProvider<TypeBoxTypeProvider>();
  closeConnectionsOnClose(app);

  // Every JSON body: nesting capped before it is parsed (src/lib/json.ts), then Fastify's own parser
  // (which refuses __proto__ and constructor keys).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonTooDeep(body as string))
      return done(new AppError('bad_request', '请求内容的 JSON 嵌套层数过多'), undefined);
    parseJson(req, body as string, done);
  });

  const database = opts.database ?? createDatabase(config.databaseUrl, { schema: config.databaseSchema });
  await migrateToLatest(database.db, database.schema);
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    config,
    clock: opts.clock ?? systemClock,
    log: app.log,
    modules: MODULES,
  };
  await preparePersonalData(ctx, MODULES);
  app.decorate('ctx', ctx);
  app.decorate(
    'jobDefinitions',
    MODULES.flatMap((m) => m.jobs ?? []),
  );
  app.decorate(
    'adminNav',
    MODULES.flatMap((m) => m.adminNav ?? []),
  );
  if (!opts.database) app.addHook('onClose', () => database.destroy());
  const pageCache = new PageCache(ctx.clock, config.pageCacheSeconds * 1000);
  const readCache = new ReadCache(ctx.db);
  const written = (tables: ReadonlySet<string>) => {
    pageCache.written(tables);
    readCache.written(tables);
  };
  // Writes through this app's database only: a process serving several sites (src/platform) keeps
  // the other sites' pages.
  const unsubscribe = onCommittedWrite((tables, source) => {
    if (source.engine === database.engine && source.schema === database.schema) written(tables);
  });
  app.addHook('onClose', async () => unsubscribe());
  // On PostgreSQL other processes may serve the same data: their writes drop these pages too (LISTEN/NOTIFY).
  if (database.engine === 'postgres' && pageCache.enabled) {
    const stopSharing = await shareWrites(config.databaseUrl, database.schema, written);
    app.addHook('onClose', stopSharing);
  }
  app.decorate('pageCache', pageCache);
  app.decorate('readCache', readCache);

  installSecurityHeaders(app, { https: config.secureCookies });
  // gzip level 1, nginx's default (gzip_comp_level): a dynamic page is compressed once per request, and
  // level 6 (zlib's default) cost an uncached item page about 5% of its CPU for a few % smaller output.
  await app.register(compress, { threshold: 1024, zlibOptions: { level: 1 } });
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: '_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
    // A token is valid only with the session it was made for (web/plugin.ts csrfBinding): a `_csrf`
    // cookie planted from a sibling subdomain, with the attacker's own token, does not pass.
    getUserInfo: csrfBinding,
    csrfOpts: { hmacKey: config.sessionSecret },
    getToken: (req) => {
      const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const field = (o: unknown) => (o && typeof o === 'object' && '_csrf' in o ? text(o._csrf) : undefined);
      return field(req.body) ?? text(req.headers['x-csrf-token']) ?? field(req.query);
    },
  });
  await app.register(formbody, { parser: parseFormBody, bodyLimit: 1024 * 1024 });
  await app.register(multipart, {
    limits: { fileSize: 20 * 1024 * 1024, files: 10, fields: 100, parts: 120 },
  });
  // Every write is rate-limited per address; routes with public forms set tighter
  // limits of their own (login, FOI, inquiry, consultation). Reads are limited only on 404s (errors.tsx).
  await app.register(rateLimit, {
    global: true,
    // A function, not allowList (that would be inherited by the per-route GET limits and skip them).
    max: (req) =>
      req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS'
        ? UNLIMITED
        : config.writeRateLimit,
    timeWindow: '1 minute',
    keyGenerator: rateKeys(),
    // Counters shared by every process on the database (src/platform/ratestore.ts), or this process's memory.
    ...(config.rateLimitStore === 'database' ? { store: databaseRateStore(ctx.db) } : {}),
  });
  await app.register(fastifyStatic, { root: staticRoot, prefix: '/static/', maxAge: '1h', index: false });
  registerVendorRoutes(app);
  await app.register(swagger, openApiOptions(config));
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  await app.register(webPlugin);
  installErrorHandlers(app, {
    unlimited404: isOwnCrawler(config.sessionSecret),
    movedTo: (url) => redirectForOldPath(ctx.db, url),
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  for (const m of MODULES) if (m.routes) await app.register(named(m.routes, m.name));

  await ensureJobs(ctx, app.jobDefinitions);
  if (config.seedDemo) await seedDemo(ctx, MODULES);
  return app;
}
