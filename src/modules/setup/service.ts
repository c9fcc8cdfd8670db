/**
 * First start without the demo: an instance with no account is set up once — through a one-time
 * link the server prints on start (web), or `gongkai setup` (scripted). Setup names the site, creates
 * the 三员 accounts, the org tree and the empty standard 信息公开目录 columns, in one transaction
 * that also marks the instance set up: a second run, or the slower of two at once, is refused.
 */
import type { Kysely } from 'kysely';
import { systemActor, type Actor, type AppContext } from '../../context.ts';
import { claimSetting, deleteSetting, getSetting, putSetting } from '../../db/settings.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import type { SiteInfo } from '../../web/page.ts';
import { newToken, passwordProblem, sha256, USERNAME_RE } from '../auth/model.ts';
import { ROLES, THREE_ADMIN_ROLES, type Role } from '../auth/permissions.ts';
import { anyUser, createUser } from '../auth/service.ts';
import { loadCalendar } from '../calendar/service.ts';
import { createStandardColumns } from '../content/standard.ts';
import { ownGovernment } from '../org/model.ts';
import { selectAllOrgs } from '../org/service.ts';
import { checkOrgTable, importOrgTree, type OrgColumn } from '../org/xlsx.ts';
import { saveSiteInfo } from '../portal/service.ts';
import { siteProblems } from '../portal/model.ts';
import { transact } from '../../db/index.ts';

/** How long a printed setup link works. */
export const SETUP_LINK_HOURS = 24;
const LINK_KEY = 'setup.link';
const DONE_KEY = 'setup.done';

/** Whether this instance still waits for its setup: never set up, and no account at all. */
export async function setupNeeded(db: Kysely<DB>): Promise<boolean> {
  if ((await getSetting(db, DONE_KEY)) !== undefined) return false;
  return !(await anyUser(db));
}

/** Makes a new one-time setup link (the previous one stops working); returns its token and expiry. */
export async function issueSetupLink(
  ctx: AppContext,
): Promise<{ token: string; url: string; expiresAt: string }> {
  if (!(await setupNeeded(ctx.db)))
    throw new AppError('invalid_state', '本站已完成初始设置，不再需要设置链接。请用系统管理员账号登录后台');
  const token = newToken('setup_');
  const expiresAt = new Date(ctx.clock.now().getTime() + SETUP_LINK_HOURS * 3600_000).toISOString();
  const value = JSON.stringify({ hash: sha256(token), expiresAt });
  await putSetting(ctx.db, LINK_KEY, value);
  return { token, url: `${ctx.config.publicUrl}/setup?token=${token}`, expiresAt };
}

export type LinkState = 'ok' | 'done' | 'expired' | 'invalid';

/** What a link is worth now: usable, the instance already set up, expired, or not a link we issued. */
export async function setupLinkState(ctx: AppContext, token: string): Promise<LinkState> {
  if (!(await setupNeeded(ctx.db))) return 'done';
  const row = await getSetting(ctx.db, LINK_KEY);
  if (row === undefined || !token) return 'invalid';
  const link = JSON.parse(row) as { hash: string; expiresAt: string };
  if (link.hash !== sha256(token)) return 'invalid';
  return ctx.clock.now().toISOString() >= link.expiresAt ? 'expired' : 'ok';
}

/** What each refused link state tells the person holding it, in Chinese. */
export const LINK_MESSAGES: Record<
  Exclude<LinkState, 'ok'>,
  { title: string; text: string; status: number }
> = {
  done: {
    title: '本站已完成初始设置',
    text: '初始设置只能进行一次，这个链接已经失效。请用设置时创建的系统管理员账号登录后台；忘记密码时，请安全管理员重置，或在服务器上运行 npx gongkai user reset-password --user 用户名。',
    status: 410,
  },
  expired: {
    title: '设置链接已过期',
    text: `设置链接的有效期为 ${SETUP_LINK_HOURS} 小时。请在服务器上运行 npx gongkai setup --link（或重新启动服务），使用控制台打印的新链接。`,
    status: 410,
  },
  invalid: {
    title: '设置链接无效',
    text: '链接不完整或不是本站最新生成的。请复制服务启动时控制台打印的完整链接；也可在服务器上运行 npx gongkai setup --link 生成新链接（旧链接随即失效）。',
    status: 403,
  },
};

/** One of the 三员 accounts setup creates. */
export interface AdminAccountInput {
  role: Role;
  username: string;
  displayName: string;
  password: string;
}

export interface SetupInput {
  site: Partial<SiteInfo>;
  accounts: AdminAccountInput[];
  /** The org table (XLSX rows or typed-in lines), as org/xlsx.ts reads it. */
  orgRows: { row: number; cells: Partial<Record<OrgColumn, string>> }[];
  /** The org the 三员 belong to and that owns the 信息公开 columns (full name); default: the site's own government. */
  adminOrg?: string;
}

export interface SetupReport {
  site: SiteInfo;
  orgs: number;
  accounts: { username: string; role: string }[];
  columns: number;
  /** The working calendar's state for this year and the next, one line each. */
  calendar: string[];
}

/** Field problems of the site and the accounts, before anything is written. */
function inputProblems(ctx: AppContext, input: SetupInput): Record<string, string> {
  const fields: Record<string, string> = siteProblems(input.site);
  const seen = new Set<string>();
  for (const role of THREE_ADMIN_ROLES) {
    const a = input.accounts.find((x) => x.role === role);
    const label = ROLES[role];
    if (!a || !a.username) {
      fields[`${role}.username`] = `请填写${label}的用户名`;
      continue;
    }
    if (!USERNAME_RE.test(a.username))
      fields[`${role}.username`] = `${label}：用户名须以小写字母开头，3–32 位小写字母、数字或 _ . -`;
    else if (seen.has(a.username)) fields[`${role}.username`] = `${label}：三员须是三个不同的账号`;
    seen.add(a.username);
    if (!a.displayName?.trim()) fields[`${role}.displayName`] = `请填写${label}的姓名`;
    const p = a.password ? passwordProblem(a.password, ctx.config.passwordPolicy) : '请设置密码';
    if (p) fields[`${role}.password`] = `${label}：${p}`;
  }
  return fields;
}

/**
 * Sets the instance up: checks everything first (site, 三员 passwords under the policy, the org
 * table with row and column named), then writes it all in one transaction whose first write claims
 * the instance — of two runs at once exactly one wins, the other is refused and writes nothing.
 * `token` is the web link's (checked inside the transaction too); the CLI, run on the server, passes none.
 */
export async function runSetup(
  ctx: AppContext,
  input: SetupInput,
  opts: { token?: string; via: 'web' | 'cli'; ip?: string | null } = { via: 'cli' },
): Promise<SetupReport> {
  const refuse = async () => {
    const state =
      opts.token !== undefined
        ? await setupLinkState(ctx, opts.token)
        : (await setupNeeded(ctx.db))
          ? 'ok'
          : 'done';
    if (state !== 'ok')
      throw new AppError('invalid_state', `${LINK_MESSAGES[state].title}：${LINK_MESSAGES[state].text}`);
  };
  await refuse();
  const fields = inputProblems(ctx, input);
  if (Object.keys(fields).length)
    throw badRequest('初始设置信息有误，请检查后重新提交；尚未保存任何内容', fields);
  const orgRows = await checkOrgTable(ctx, input.orgRows);
  const actor: Actor = systemActor(
    `初始设置（${opts.via === 'web' ? `网页${opts.ip ? `，来自 ${opts.ip}` : ''}` : '命令行'}）`,
  );
  return transact(ctx.db, async (trx) => {
    const tctx: AppContext = { ...ctx, db: trx };
    const claimed = await claimSetting(
      trx,
      DONE_KEY,
      JSON.stringify({ at: ctx.clock.now().toISOString(), via: opts.via }),
    );
    if (!claimed)
      throw new AppError('invalid_state', `${LINK_MESSAGES.done.title}：${LINK_MESSAGES.done.text}`);
    if (await anyUser(trx))
      throw new AppError('invalid_state', `${LINK_MESSAGES.done.title}：${LINK_MESSAGES.done.text}`);
    if (opts.token !== undefined) {
      const link = await getSetting(trx, LINK_KEY);
      const parsed = link !== undefined ? (JSON.parse(link) as { hash: string; expiresAt: string }) : null;
      if (!parsed || parsed.hash !== sha256(opts.token) || ctx.clock.now().toISOString() >= parsed.expiresAt)
        throw new AppError('invalid_state', `${LINK_MESSAGES.expired.title}：${LINK_MESSAGES.expired.text}`);
      await deleteSetting(trx, LINK_KEY);
    }
    const site = await saveSiteInfo(tctx, actor, { ...input.site, sample: false });
    await importOrgTree(tctx, actor, orgRows);
    const orgs = await selectAllOrgs(trx);
    const home = input.adminOrg?.trim()
      ? orgs.find((o) => o.name === input.adminOrg!.trim() || o.shortName === input.adminOrg!.trim())
      : ownGovernment(orgs);
    if (!home)
      throw badRequest(`机关表中没有“${input.adminOrg}”`, { adminOrg: '请填写机关表中的一个机关全称' });
    const accounts: SetupReport['accounts'] = [];
    for (const role of THREE_ADMIN_ROLES) {
      const a = input.accounts.find((x) => x.role === role)!;
      await createUser(tctx, actor, {
        username: a.username,
        displayName: a.displayName.trim(),
        orgId: home.id,
        roles: [role],
        password: a.password,
      });
      accounts.push({ username: a.username, role: ROLES[role] });
    }
    const columns = await createStandardColumns(tctx, actor, home.id, site.name);
    return {
      site,
      orgs: orgs.length,
      accounts,
      columns: columns.length,
      calendar: await calendarState(tctx),
    };
  });
}

/** The working calendar for this year and the next: official data built in, entered, or estimated. */
export async function calendarState(ctx: AppContext): Promise<string[]> {
  const year = Number(shanghaiDate(ctx.clock.now()).slice(0, 4));
  const cal = await loadCalendar(ctx.db);
  return [year, year + 1].map((y) => {
    const { source } = cal.noticeFor(y);
    if (source === 'official') return `${y} 年：已内置国务院办公厅放假通知，答复期限按工作日准确计算`;
    if (source === 'admin') return `${y} 年：已录入放假通知`;
    return `${y} 年：尚无国务院放假通知，期限暂按法定节假日预估；通知公布后请在“工作日历”中录入（或 npx gongkai calendar import）`;
  });
}
