/**
 * Platform mode (`PLATFORM=1`): one HTTP server for every site of the deployment. Each request's
 * Host names its site (registry.ts); that site's own Fastify app — built by `buildApp` over the
 * site's schema, lazily on its first request, then kept — answers it through `app.routing`. An
 * unknown host gets a plain Chinese 404 page that names no site; a disabled site a plain 403 page
 * (its data kept). The registry is read again at most every few seconds, so a site created,
 * disabled or re-enabled from the CLI takes effect on every node without a restart.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { systemClock, type Clock } from '../lib/time.ts';
import { startJobRunner } from '../modules/jobs/service.ts';
import { hostOf, Platform, type Site } from './registry.ts';
import { openSiteDatabase, siteConfig } from './sites.ts';

/** How long a read of the registry is trusted (a site disabled elsewhere stops being served within this). */
export const REGISTRY_TTL_MS = 3000;

const plainPage = (title: string, text: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`;

export const UNKNOWN_HOST_PAGE = plainPage('未找到网站', '您访问的网址没有对应的网站。请核对网址后再试。');
export const DISABLED_SITE_PAGE = plainPage(
  '网站已停用',
  '该网站已暂停服务。如需查询信息，请联系网站主办单位。',
);

interface SiteApp {
  app: FastifyInstance;
  stopJobs: () => Promise<void>;
  close: () => Promise<void>;
}

export interface PlatformServerOptions {
  config: Config;
  logger?: boolean | Record<string, unknown>;
  clock?: Clock;
}

/** The sites' apps of this process and the request dispatcher over them. */
export class SiteDispatcher {
  private sites: Site[] = [];
  private readAt = 0;
  private reading?: Promise<void>;
  private readonly apps = new Map<string, Promise<SiteApp>>();

  constructor(
    readonly platform: Platform,
    private readonly opts: PlatformServerOptions,
  ) {}

  private async refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.readAt < REGISTRY_TTL_MS) return;
    this.reading ??= this.platform
      .listSites()
      .then((sites) => {
        this.sites = sites;
        this.readAt = Date.now();
      })
      .finally(() => (this.reading = undefined));
    await this.reading;
  }

  /** The site a host name belongs to, if any. */
  async siteFor(host: string): Promise<Site | undefined> {
    await this.refresh();
    return host ? this.sites.find((s) => s.hosts.includes(host)) : undefined;
  }

  /** The site's app, built on first use (with its job runner when JOBS is on). */
  appFor(site: Site): Promise<SiteApp> {
    let entry = this.apps.get(site.code);
    if (!entry) {
      entry = this.build(site);
      this.apps.set(site.code, entry);
      entry.catch(() => this.apps.delete(site.code));
    }
    return entry;
  }

  private async build(site: Site): Promise<SiteApp> {
    const config = siteConfig(this.opts.config, site);
    const database = openSiteDatabase(config, site);
    const app = await buildApp({ config, database, logger: this.opts.logger, clock: this.opts.clock });
    await app.ready();
    const stopJobs = config.jobsEnabled
      ? startJobRunner(app.ctx, app.jobDefinitions, config.jobsTickSeconds * 1000)
      : async () => {};
    return {
      app,
      stopJobs,
      close: async () => {
        await stopJobs();
        await app.close();
        await database.destroy();
      },
    };
  }

  /** Starts the apps (and job runners) of every enabled site, so scheduled jobs run on sites nobody visits. */
  async startAll(): Promise<void> {
    await this.refresh(true);
    for (const s of this.sites.filter((x) => x.state === 'enabled')) await this.appFor(s);
  }

  /** The Node request handler. */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.dispatch(req, res).catch((e) => {
      this.opts.config.logLevel !== 'silent' && console.error(e);
      if (!res.headersSent) {
        res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
        res.end(plainPage('暂时无法访问', '网站暂时无法访问，请稍后再试。'));
      } else res.destroy();
    });
  };

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The node's own liveness, whatever the host (load balancers probe by address).
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"status":"ok"}');
    }
    const site = await this.siteFor(hostOf(req.headers.host));
    const send = (status: number, page: string) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : page);
    };
    if (!site) return send(404, UNKNOWN_HOST_PAGE);
    if (site.state !== 'enabled') return send(403, DISABLED_SITE_PAGE);
    const { app } = await this.appFor(site);
    app.routing(req, res);
  }

  async close(): Promise<void> {
    const apps = [...this.apps.values()];
    this.apps.clear();
    for (const a of apps) await (await a.catch(() => undefined))?.close();
  }
}

/** Opens the registry and the dispatcher (not listening yet). */
export async function platformDispatcher(opts: PlatformServerOptions): Promise<SiteDispatcher> {
  const platform = await Platform.open(opts.config.databaseUrl, opts.config.platformSchema);
  return new SiteDispatcher(platform, { clock: systemClock, ...opts });
}

/** main.ts in platform mode: listen, start every enabled site, stop on SIGINT/SIGTERM. */
export async function runPlatform(opts: PlatformServerOptions): Promise<Server> {
  const dispatcher = await platformDispatcher(opts);
  if (opts.config.jobsEnabled) await dispatcher.startAll();
  const server = createServer(dispatcher.handle);
  await new Promise<void>((resolve) =>
    server.listen({ port: opts.config.port, host: opts.config.host, ipv6Only: false }, resolve),
  );
  const sites = await dispatcher.platform.listSites();
  console.log(
    `\n政务公开集约化平台已启动：端口 ${opts.config.port}，${sites.filter((s) => s.state === 'enabled').length} 个站点（${sites.map((s) => `${s.name} ${s.hosts.join(' ')}`).join('；') || '尚无站点，请用 npx gongkai site create 创建'}）\n`,
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      server.close();
      await dispatcher.close();
      await dispatcher.platform.close();
      process.exit(0);
    });
  }
  return server;
}
