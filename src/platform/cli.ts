/**
 * `gongkai site create|list|disable|enable|backup|restore`: the platform's sites (PLATFORM=1, on
 * PostgreSQL), beside the existing `site show|set` of one site's identity. Every other command works
 * on one site of the platform when `SITE=<code>` is set (cli.ts).
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { badRequest } from '../errors.ts';
import { systemClock } from '../lib/time.ts';
import { systemActor } from '../context.ts';
import { listUsers } from '../modules/auth/service.ts';
import { MODULES } from '../modules/index.ts';
import { Platform, type Site } from './registry.ts';
import { linkAccount, unlinkAccount } from './links.ts';
import { cityRollup, SiteContexts } from './rollup.ts';
import { createSite, siteConfig } from './sites.ts';

const run = promisify(execFile);

async function withPlatform<T>(work: (platform: Platform, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const platform = await Platform.open(config.databaseUrl, config.platformSchema);
  try {
    return await work(platform, config);
  } finally {
    await platform.close();
  }
}

const STATES = { enabled: '启用', disabled: '已停用' } as const;
const line = (s: Site) =>
  [s.code, s.name, s.hosts.join(' '), s.parentCode ?? '—', STATES[s.state], s.schema].join('\t');

/** The configuration of one platform site (its schema, data folder, address), for `SITE=<code> gongkai …` (cli.ts). */
export async function siteCliConfig(config: Config, code: string): Promise<Config> {
  const platform = await Platform.open(config.databaseUrl, config.platformSchema);
  try {
    return siteConfig(config, await platform.getSite(code));
  } finally {
    await platform.close();
  }
}

/** Adds the platform's subcommands to the existing `site` command group. */
export function platformCli(program: Command): void {
  const site = program.commands.find((c) => c.name() === 'site') ?? program.command('site');
  site
    .command('create')
    .description(
      '集约化平台（PLATFORM=1，PostgreSQL）：新建站点——登记域名、建立并迁移站点的数据库模式，输出该站点的一次性初始设置链接',
    )
    .requiredOption('--code <code>', '站点代码（2–20 位小写字母或数字，如 hgt）')
    .requiredOption('--name <name>', '站点名称（如 红谷滩区人民政府）')
    .requiredOption('--host <hosts...>', '域名，可多个（如 hgt.example.gov.cn）')
    .option('--parent <code>', '上级站点代码（如市级站点），其公开办可看各下级站点的汇总')
    .option('--demo', '载入演示数据（不生成设置链接）')
    .action((o: { code: string; name: string; host: string[]; parent?: string; demo?: boolean }) =>
      withPlatform(async (platform, config) => {
        const r = await createSite(
          platform,
          config,
          { code: o.code, name: o.name, hosts: o.host, parentCode: o.parent },
          { clock: systemClock, demo: o.demo },
        );
        console.log(
          `已创建站点 ${r.site.code}（${r.site.name}），域名 ${r.site.hosts.join('、')}，数据库模式 ${r.site.schema}`,
        );
        if (r.setupLink) console.log(`初始设置链接（只能使用一次）：\n${r.setupLink}`);
        if (r.seeded) console.log(`已载入演示数据：${r.seeded.join('、')}`);
      }),
    );
  site
    .command('list')
    .description('列出平台上的全部站点：代码、名称、域名、上级、状态、数据库模式')
    .action(() =>
      withPlatform(async (platform) => {
        const sites = await platform.listSites();
        for (const s of sites) console.log(line(s));
        console.log(`共 ${sites.length} 个站点`);
      }),
    );
  for (const [command, state, verb] of [
    ['disable', 'disabled', '停用站点：其域名只显示“网站已停用”，数据全部保留'],
    ['enable', 'enabled', '重新启用已停用的站点'],
  ] as const) {
    site
      .command(`${command} <code>`)
      .description(verb)
      .action((code: string) =>
        withPlatform(async (platform) => {
          const s = await platform.setState(code, state, new Date());
          console.log(`站点 ${s.code}（${s.name}）${state === 'disabled' ? '已停用，数据已保留' : '已启用'}`);
        }),
      );
  }
  site
    .command('link')
    .description('把一个人在某站点的账号关联到人员标识：同一人员的各站点账号可在“我的站点”中互相切换')
    .requiredOption('--person <id>', '人员标识（如工号或手机号，平台内唯一）')
    .requiredOption('--site <code>', '站点代码')
    .requiredOption('--user <username>', '该站点上的用户名')
    .action((o: { person: string; site: string; user: string }) =>
      withPlatform(async (platform, config) => {
        // The account must exist on that site (read through the site's own context).
        const contexts = new SiteContexts(platform, config, systemClock, MODULES);
        try {
          const ctx = await contexts.get(await platform.getSite(o.site));
          const users = await listUsers(ctx, systemActor('cli'));
          if (!users.some((u) => u.username === o.user))
            throw badRequest(`站点 ${o.site} 没有用户“${o.user}”`, { user: '用户不存在' });
        } finally {
          await contexts.close();
        }
        await linkAccount(platform, { person: o.person, code: o.site, username: o.user });
        console.log(`已关联：人员 ${o.person} 在站点 ${o.site} 的账号 ${o.user}`);
      }),
    );
  site
    .command('unlink')
    .description('取消某站点账号与人员的关联')
    .requiredOption('--site <code>', '站点代码')
    .requiredOption('--user <username>', '该站点上的用户名')
    .action((o: { site: string; user: string }) =>
      withPlatform(async (platform) => {
        const had = await unlinkAccount(platform, o.site, o.user);
        console.log(had ? `已取消关联：站点 ${o.site} 的账号 ${o.user}` : '该账号没有关联');
      }),
    );
  site
    .command('rollup')
    .description(
      '全市汇总：上级站点（默认唯一的顶级站点）和各下级站点的依申请公开、解读率、自查、台账和年度报告表三，逐站列出并合计',
    )
    .requiredOption('--year <year>', '年度', (v) => Number(v))
    .option('--site <code>', '上级站点代码（平台有多个顶级站点时必填）')
    .option('--json', '输出 JSON（与 GET /api/v1/city/rollup 相同）')
    .action((o: { year: number; site?: string; json?: boolean }) =>
      withPlatform(async (platform, config) => {
        const tops = (await platform.listSites()).filter((s) => !s.parentCode);
        const code = o.site ?? (tops.length === 1 ? tops[0].code : undefined);
        if (!code) throw badRequest('平台上有多个顶级站点，请用 --site 指定上级站点');
        const contexts = new SiteContexts(platform, config, systemClock, MODULES);
        try {
          const r = await cityRollup(contexts, code, o.year);
          if (o.json) return console.log(JSON.stringify(r, null, 2));
          console.log(`${r.city.name} ${r.year} 年全市汇总（本站点和 ${r.sites.length - 1} 个下级站点）`);
          console.log(
            ['站点', '新收申请', '本年办结', '超期', '解读率', '台账完成/总数', '逾期任务'].join('\t'),
          );
          for (const [name, f] of [...r.sites.map((s) => [s.name, s] as const), ['合计', r.total] as const])
            console.log(
              [
                name,
                f.foi.received,
                f.foi.closed,
                f.foi.overdue,
                f.interpretation.rate == null ? '—' : `${(f.interpretation.rate * 100).toFixed(1)}%`,
                `${f.ledger.done}/${f.ledger.total}`,
                f.ledger.overdue,
              ].join('\t'),
            );
        } finally {
          await contexts.close();
        }
      }),
    );
  site
    .command('backup')
    .description('用 pg_dump 备份一个站点（--site）或整个平台（站点登记和全部站点）到一个文件')
    .option('--site <code>', '只备份这个站点')
    .option('--out <dir>', '备份存放目录（默认 BACKUP_DIR）')
    .action((o: { site?: string; out?: string }) =>
      withPlatform(async (platform, config) => {
        const sites = o.site ? [await platform.getSite(o.site)] : await platform.listSites();
        const schemas = [...(o.site ? [] : [platform.schema]), ...sites.map((s) => s.schema)];
        const dir = resolve(o.out ?? config.backupDir);
        mkdirSync(dir, { recursive: true });
        const file = join(
          dir,
          `gongkai-${o.site ?? 'platform'}-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`,
        );
        await run('pg_dump', [
          '--format=custom',
          `--file=${file}`,
          ...schemas.map((s) => `--schema=${s}`),
          config.databaseUrl,
        ]);
        console.log(`备份完成：${file}（${schemas.length} 个数据库模式：${schemas.join('、')}）`);
      }),
    );
  site
    .command('restore <file>')
    .description('从 site backup 的文件恢复（覆盖其中各数据库模式的现有内容；请先停止服务或停用该站点）')
    .action((file: string) =>
      withPlatform(async (_platform, config) => {
        if (!file.endsWith('.dump')) throw badRequest('请指定 gongkai site backup 生成的 .dump 文件');
        await run('pg_restore', [
          '--clean',
          '--if-exists',
          '--single-transaction',
          '--no-owner',
          `--dbname=${config.databaseUrl}`,
          file,
        ]);
        console.log(`恢复完成：${file}`);
      }),
    );
}
