/**
 * The platform's site registry (集约化, issue 27): which sites one deployment serves, under which
 * host names, which site is above which (the city above its districts), and whether each is
 * enabled. It lives in its own PostgreSQL schema (`PLATFORM_SCHEMA`, default `platform`); each site's
 * data lives in a schema of its own (`<platform schema>_<code>`), migrated like a single-site
 * database, so every module's queries stay as they are and no row of one site can be read through
 * another site's connection (its search_path names only its own schema).
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { badRequest, AppError } from '../errors.ts';
import { deleteSite, ensureRegistry, insertSite, selectSites, updateSiteState } from './store.ts';
import type { PlatformTables } from './tables.ts';

export interface Site {
  code: string;
  name: string;
  schema: string;
  parentCode: string | null;
  state: 'enabled' | 'disabled';
  hosts: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface NewSite {
  code: string;
  name: string;
  hosts: string[];
  parentCode?: string | null;
}

/** A site code: 2–20 lower-case letters and digits, starting with a letter (it names the site's schema). */
export const SITE_CODE = /^[a-z][a-z0-9]{1,19}$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The host name of a Host header: lower case, without the port and a trailing dot; '' when malformed. */
export function hostOf(header: string | undefined): string {
  const raw = (header ?? '').trim().toLowerCase();
  const host = raw.startsWith('[') ? raw.slice(0, raw.indexOf(']') + 1) : raw.replace(/:\d*$/, '');
  const bare = host.replace(/\.$/, '');
  return HOST.test(bare) || /^\[[0-9a-f:.]+\]$/.test(bare) ? bare : '';
}

export class Platform {
  readonly db: Kysely<PlatformTables>;

  private constructor(
    readonly url: string,
    readonly schema: string,
    private readonly pool: pg.Pool,
  ) {
    this.db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) }).withSchema(schema);
  }

  /** Opens the registry on `url`, creating its schema and tables on first use. */
  static async open(url: string, schema: string): Promise<Platform> {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw badRequest('多站点平台（PLATFORM=1）只能使用 PostgreSQL：请把 DATABASE_URL 设为 postgres://…');
    const pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000 });
    pool.on('error', () => {});
    const p = new Platform(url, schema, pool);
    await p.ensure();
    return p;
  }

  private async ensure(): Promise<void> {
    await ensureRegistry(this.db, this.schema);
  }

  /** Every site with its host names, in code order. */
  async listSites(): Promise<Site[]> {
    const { sites, hosts } = await selectSites(this.db);
    return sites.map((s) => ({
      code: s.code,
      name: s.name,
      schema: s.schema_name,
      parentCode: s.parent_code,
      state: s.state,
      hosts: hosts.filter((h) => h.code === s.code).map((h) => h.host),
      createdAt: s.created_at,
      disabledAt: s.disabled_at,
    }));
  }

  async getSite(code: string): Promise<Site> {
    const site = (await this.listSites()).find((s) => s.code === code);
    if (!site) throw new AppError('not_found', `站点“${code}”不存在`);
    return site;
  }

  /** Registers a site and creates its (empty) schema; the caller migrates it (sites.ts createSite). */
  async addSite(input: NewSite, now: Date): Promise<Site> {
    const code = input.code.trim();
    if (!SITE_CODE.test(code))
      throw badRequest(`站点代码“${input.code}”无效：应为 2–20 位小写字母或数字，以字母开头`, {
        code: '站点代码无效',
      });
    const name = input.name.trim();
    if (!name || name.length > 60)
      throw badRequest('请填写站点名称（至多 60 个字）', { name: '请填写站点名称' });
    const hosts = [...new Set(input.hosts.map((h) => h.trim().toLowerCase()).filter(Boolean))];
    if (!hosts.length) throw badRequest('请至少指定一个域名', { hosts: '请指定域名' });
    const bad = hosts.filter((h) => hostOf(h) !== h);
    if (bad.length) throw badRequest(`域名无效：${bad.join('、')}`, { hosts: '域名无效' });
    const sites = await this.listSites();
    if (sites.some((s) => s.code === code)) throw new AppError('conflict', `站点代码“${code}”已被使用`);
    const taken = hosts.filter((h) => sites.some((s) => s.hosts.includes(h)));
    if (taken.length) throw new AppError('conflict', `域名已属于其他站点：${taken.join('、')}`);
    const parent = input.parentCode ? sites.find((s) => s.code === input.parentCode) : undefined;
    if (input.parentCode && !parent)
      throw badRequest(`上级站点“${input.parentCode}”不存在`, { parent: '上级站点不存在' });
    const schema = `${this.schema}_${code}`;
    await this.db.transaction().execute((trx) =>
      insertSite(
        trx,
        {
          code,
          name,
          schema_name: schema,
          parent_code: parent?.code ?? null,
          state: 'enabled',
          created_at: now.toISOString(),
          disabled_at: null,
        },
        hosts,
      ),
    );
    return this.getSite(code);
  }

  /** Disables (or enables again) a site: its pages answer “已停用”, its data stays as it was. */
  async setState(code: string, state: 'enabled' | 'disabled', now: Date): Promise<Site> {
    await this.getSite(code);
    await updateSiteState(this.db, code, state, state === 'disabled' ? now.toISOString() : null);
    return this.getSite(code);
  }

  /** The sites directly and indirectly below `code` (a city's districts), in code order. */
  async sitesBelow(code: string): Promise<Site[]> {
    const all = await this.listSites();
    const out: Site[] = [];
    const walk = (parent: string) => {
      for (const s of all.filter((x) => x.parentCode === parent)) {
        out.push(s);
        walk(s.code);
      }
    };
    walk(code);
    return out;
  }

  /** Removes a site from the registry and drops its schema (a site whose creation failed). */
  async removeSite(site: Site): Promise<void> {
    await this.db.transaction().execute((trx) => deleteSite(trx, site.code, site.schema));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
