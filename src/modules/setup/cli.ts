/**
 * The operator's commands: `gongkai setup` (scripted first setup) and `setup link`, `gongkai user
 * create|list|disable|reset-password|set-role`, `gongkai org import|export`, `gongkai site show|set`.
 * Each write goes through the same use case as the web, audited as 系统：命令行.
 */
import { randomInt } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemActor, type AppContext } from '../../context.ts';
import { AppError, badRequest } from '../../errors.ts';
import { passwordProblem } from '../auth/model.ts';
import { ROLE_KEYS, ROLES, type Role } from '../auth/permissions.ts';
import { createUser, listUsers, updateUser, type User } from '../auth/service.ts';
import { findOrgByName, selectAllOrgs } from '../org/service.ts';
import { checkOrgTable, importOrgTree, orgWorkbook, readOrgWorkbook } from '../org/xlsx.ts';
import { getSiteInfo, saveSiteInfo } from '../portal/service.ts';
import { SITE_FIELDS, type SiteField } from '../portal/model.ts';
import type { CliContext } from '../registry.ts';
import { issueSetupLink, runSetup, SETUP_LINK_HOURS } from './service.ts';

const cli = systemActor('命令行');

async function withCtx(
  open: () => Promise<CliContext>,
  work: (ctx: AppContext) => Promise<void>,
): Promise<void> {
  const { ctx, close } = await open();
  try {
    await work(ctx);
  } finally {
    await close();
  }
}

/** A temporary password that meets any sensible policy: 16 characters of four classes. */
export function temporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=!'];
  const chars = Array.from({ length: 16 }, (_, i) => {
    const set = sets[i % 4];
    return set[randomInt(set.length)];
  });
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

function parseRoles(text: string): Role[] {
  const roles = text
    .split(/[,，、]/)
    .map((r) => r.trim())
    .filter(Boolean);
  const bad = roles.filter(
    (r) => !ROLE_KEYS.includes(r as Role) && !Object.values(ROLES).includes(r as never),
  );
  if (!roles.length || bad.length)
    throw badRequest(
      `角色无效：${bad.join('、') || '（空）'}；可用角色：${ROLE_KEYS.map((k) => `${k}（${ROLES[k]}）`).join('、')}`,
    );
  return roles.map((r) =>
    ROLE_KEYS.includes(r as Role) ? (r as Role) : ROLE_KEYS.find((k) => ROLES[k] === r)!,
  );
}

async function userByName(ctx: AppContext, username: string): Promise<User> {
  const u = (await listUsers(ctx, cli)).find((x) => x.username === username);
  if (!u) throw new AppError('not_found', `用户“${username}”不存在`);
  return u;
}

const inputOf = (u: User) => ({
  username: u.username,
  displayName: u.displayName,
  orgId: u.orgId,
  email: u.email,
  roles: u.roles,
  active: u.active,
});

export function setupCli(program: Command, open: () => Promise<CliContext>): void {
  program
    .command('setup')
    .description(
      `初始设置（不加载演示数据的新实例只能设置一次）：网站信息、“三员”账号、机关树，并创建空的政府信息公开栏目；--link 只生成新的一次性设置链接（${SETUP_LINK_HOURS} 小时内有效，旧链接随即失效）`,
    )
    .option('--link', '只生成新的网页设置链接')
    .option('--name <name>', SITE_FIELDS.name)
    .option('--sponsor <text>', SITE_FIELDS.sponsor)
    .option('--site-code <code>', SITE_FIELDS.siteCode)
    .option('--icp <text>', SITE_FIELDS.icp)
    .option('--psb <text>', SITE_FIELDS.psb)
    .option('--contact <text>', SITE_FIELDS.contact)
    .option('--level <level>', `${SITE_FIELDS.level}：province / city / county / township`)
    .option('--parent-government <name>', SITE_FIELDS.parentGovernment)
    .option('--number-prefix <letters>', `${SITE_FIELDS.numberPrefix}（2 至 8 个字母，默认 YSQ）`)
    .option('--orgs <file.xlsx>', '机关表（gongkai org export 或设置页面提供的模板）')
    .option('--admin-org <name>', '三员账号和信息公开栏目所属机关（默认本级人民政府）')
    .option('--sysadmin <username>', '系统管理员用户名；密码取自环境变量 GONGKAI_SYSADMIN_PASSWORD')
    .option('--secadmin <username>', '安全管理员用户名；密码取自 GONGKAI_SECADMIN_PASSWORD')
    .option('--auditor <username>', '审计管理员用户名；密码取自 GONGKAI_AUDITOR_PASSWORD')
    .action(async (o: Record<string, string | undefined>) => {
      if (o.link) {
        return withCtx(open, async (ctx) => {
          const link = await issueSetupLink(ctx);
          console.log(`初始设置链接（${SETUP_LINK_HOURS} 小时内有效，只能使用一次）：\n${link.url}`);
        });
      }
      if (!o.orgs) throw badRequest('请用 --orgs 指定机关表（.xlsx）');
      const data = await readFile(o.orgs);
      await withCtx(open, async (ctx) => {
        const account = (role: Role, username: string | undefined, env: string) => ({
          role,
          username: username ?? '',
          displayName: ROLES[role],
          password: process.env[env] ?? '',
        });
        const report = await runSetup(
          ctx,
          {
            site: {
              name: o.name,
              sponsor: o.sponsor,
              siteCode: o.siteCode,
              icp: o.icp,
              psb: o.psb,
              contact: o.contact,
              level: o.level,
              parentGovernment: o.parentGovernment,
              numberPrefix: o.numberPrefix?.toUpperCase(),
            },
            accounts: [
              account('sysadmin', o.sysadmin, 'GONGKAI_SYSADMIN_PASSWORD'),
              account('security_admin', o.secadmin, 'GONGKAI_SECADMIN_PASSWORD'),
              account('audit_admin', o.auditor, 'GONGKAI_AUDITOR_PASSWORD'),
            ],
            orgRows: await readOrgWorkbook(data),
            adminOrg: o.adminOrg,
          },
          { via: 'cli' },
        );
        console.log(
          `初始设置已完成：网站“${report.site.name}”，${report.orgs} 个机关，${report.columns} 个政府信息公开栏目（内容为空）`,
        );
        for (const a of report.accounts) console.log(`  ${a.role}：${a.username}`);
        console.log('工作日历：');
        for (const line of report.calendar) console.log(`  ${line}`);
      });
    });
  const user = program
    .command('user')
    .description('用户账号（与后台“用户管理”相同的规则，操作记入审计日志）');
  user
    .command('create')
    .description('创建账号；不给 --password 时生成临时密码并显示一次')
    .requiredOption('--user <username>', '用户名')
    .requiredOption('--name <displayName>', '姓名')
    .requiredOption('--org <name>', '所属机关（全称、简称或其他称谓）')
    .requiredOption('--role <roles>', `角色，逗号分隔：${ROLE_KEYS.join(', ')}`)
    .option('--email <email>', '电子邮箱')
    .option('--password <password>', '初始密码（须符合密码规则）')
    .action(
      (o: { user: string; name: string; org: string; role: string; email?: string; password?: string }) =>
        withCtx(open, async (ctx) => {
          const org = findOrgByName(await selectAllOrgs(ctx.db), o.org);
          if (!org) throw badRequest(`机关“${o.org}”不存在`);
          const password = o.password ?? temporaryPassword();
          const u = await createUser(ctx, cli, {
            username: o.user,
            displayName: o.name,
            orgId: org.id,
            email: o.email ?? null,
            roles: parseRoles(o.role),
            password,
          });
          console.log(`已创建账号 ${u.username}（${u.roles.map((r) => ROLES[r]).join('、')}，${org.name}）`);
          if (!o.password) console.log(`临时密码（只显示这一次）：${password}`);
        }),
    );
  user
    .command('list')
    .description('列出全部账号')
    .action(() =>
      withCtx(open, async (ctx) => {
        const orgs = await selectAllOrgs(ctx.db);
        const users = await listUsers(ctx, cli);
        for (const u of users)
          console.log(
            [
              u.username,
              u.displayName,
              orgs.find((x) => x.id === u.orgId)?.name ?? '',
              u.roles.map((r) => ROLES[r]).join('、'),
              u.active ? '启用' : '停用',
            ].join('\t'),
          );
        console.log(`共 ${users.length} 个账号`);
      }),
    );
  user
    .command('disable')
    .description('停用账号（其已登录的会话随即失效）')
    .requiredOption('--user <username>', '用户名')
    .action((o: { user: string }) =>
      withCtx(open, async (ctx) => {
        const u = await userByName(ctx, o.user);
        await updateUser(ctx, cli, u.id, { ...inputOf(u), active: false });
        console.log(`已停用账号 ${u.username}`);
      }),
    );
  user
    .command('reset-password')
    .description('重置密码并解除锁定；不给 --password 时生成临时密码并显示一次，登录后须修改')
    .requiredOption('--user <username>', '用户名')
    .option('--password <password>', '新密码（须符合密码规则）')
    .action((o: { user: string; password?: string }) =>
      withCtx(open, async (ctx) => {
        const u = await userByName(ctx, o.user);
        const password = o.password ?? temporaryPassword();
        const problem = passwordProblem(password, ctx.config.passwordPolicy);
        if (problem) throw badRequest(`密码不符合规则：${problem}`);
        await updateUser(ctx, cli, u.id, { ...inputOf(u), password });
        console.log(
          `已重置 ${u.username} 的密码${o.password ? '' : `，临时密码（只显示这一次）：${password}`}`,
        );
      }),
    );
  user
    .command('set-role')
    .description('设置账号的角色（替换原有角色；三员不得兼任）')
    .requiredOption('--user <username>', '用户名')
    .requiredOption('--role <roles>', `角色，逗号分隔：${ROLE_KEYS.join(', ')}`)
    .action((o: { user: string; role: string }) =>
      withCtx(open, async (ctx) => {
        const u = await userByName(ctx, o.user);
        const after = await updateUser(ctx, cli, u.id, { ...inputOf(u), roles: parseRoles(o.role) });
        console.log(`${u.username} 的角色：${after.roles.map((r) => ROLES[r]).join('、')}`);
      }),
    );

  const org = program.command('org').description('机关树（与初始设置相同的 Excel 机关表）');
  org
    .command('import <file>')
    .description('从机关表导入：全称已存在的机关更新，其余新建；任何一行有错时不导入任何机关')
    .action((file: string) =>
      withCtx(open, async (ctx) => {
        const rows = await checkOrgTable(ctx, await readOrgWorkbook(await readFile(file)));
        const r = await importOrgTree(ctx, cli, rows);
        console.log(`已导入机关表：新建 ${r.created} 个，更新 ${r.updated} 个`);
      }),
    );
  org
    .command('export <file>')
    .description('把机关树导出为机关表（.xlsx）')
    .action((file: string) =>
      withCtx(open, async (ctx) => {
        const orgs = await selectAllOrgs(ctx.db);
        await writeFile(file, await orgWorkbook(orgs));
        console.log(`已导出 ${orgs.length} 个机关到 ${file}`);
      }),
    );

  const site = program.command('site').description('网站信息（名称、主办单位、备案号等，显示在每个页面）');
  site
    .command('show')
    .description('显示网站信息')
    .action(() =>
      withCtx(open, async (ctx) => {
        const s = await getSiteInfo(ctx.db);
        for (const [k, label] of Object.entries(SITE_FIELDS))
          console.log(
            `${label}（${k}）：${(s as unknown as Record<string, string | undefined>)[k] || '（未设置）'}`,
          );
      }),
    );
  site
    .command('set <assignments...>')
    .description(
      `设置网站信息，如 gongkai site set name=某县人民政府 icp=…；可设置：${Object.keys(SITE_FIELDS).join(', ')}`,
    )
    .action((assignments: string[]) =>
      withCtx(open, async (ctx) => {
        const change: Record<string, string> = {};
        for (const a of assignments) {
          const i = a.indexOf('=');
          const key = i > 0 ? a.slice(0, i) : '';
          if (!(key in SITE_FIELDS))
            throw badRequest(`“${a}”无法识别：应为 字段=值，字段为 ${Object.keys(SITE_FIELDS).join(', ')}`);
          change[key as SiteField] = a.slice(i + 1);
        }
        const s = await saveSiteInfo(ctx, cli, { ...change, sample: false });
        console.log(
          `已更新网站信息：${Object.keys(change)
            .map((k) => `${SITE_FIELDS[k as SiteField]}=${(s as unknown as Record<string, string>)[k]}`)
            .join('，')}`,
        );
      }),
    );
}
