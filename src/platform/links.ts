/**
 * One person on several sites (issue 27): each site keeps its own accounts (a site's users, roles
 * and audit trail stay its own), and the platform links the accounts one person holds
 * (`site_links`: person → site → username). Signed in on one site, the person may switch to another
 * of their sites: the first site issues a one-time token (`site_handoffs`, only its hash kept) bound
 * to the person, the target site and the account there, valid for HANDOFF_SECONDS; the target site
 * takes it once, after the person confirms on its own page, and opens a session for that account.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, badRequest } from '../errors.ts';
import type { Platform, Site } from './registry.ts';
import {
  claimHandoff,
  deleteLink,
  findOpenHandoff,
  insertHandoff,
  linksOfPerson,
  linkStands,
  personOfAccount,
  upsertLink,
} from './store.ts';

/** How long a switch token is valid: long enough for one redirect and a click on the confirm page. */
export const HANDOFF_SECONDS = 120;

const PERSON = /^[\p{L}\p{N}_.@-]{1,64}$/u;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The refusal of any token that is unknown, used, expired, for another site or for an unlinked account. */
export const HANDOFF_REFUSED =
  '该切换链接无效、已使用或已过期（有效期两分钟），请回到原站点的“我的站点”重新选择';

/** Links `username` on site `code` to `person` (one account per person and site; an account belongs to one person). */
export async function linkAccount(
  platform: Platform,
  input: { person: string; code: string; username: string },
): Promise<void> {
  const person = input.person.trim();
  if (!PERSON.test(person))
    throw badRequest('人员标识无效：1–64 位字母、数字或 _ . @ -', { person: '人员标识无效' });
  await platform.getSite(input.code);
  const taken = await personOfAccount(platform.db, input.code, input.username, person);
  if (taken !== undefined) throw new AppError('conflict', `该账号已关联到其他人员（${taken}）`);
  await upsertLink(platform.db, { person, code: input.code, username: input.username });
}

/** Removes the link of `username` on site `code`; returns whether there was one. */
export async function unlinkAccount(platform: Platform, code: string, username: string): Promise<boolean> {
  return deleteLink(platform.db, code, username);
}

/** The other enabled sites where the person holding `username` on `site` has an account. */
export async function linkedSites(
  platform: Platform,
  site: Site,
  username: string,
): Promise<{ site: Site; username: string }[]> {
  const me = await personOfAccount(platform.db, site.code, username);
  if (me === undefined) return [];
  const links = await linksOfPerson(platform.db, me, site.code);
  const sites = await platform.listSites();
  return links.flatMap((l) => {
    const s = sites.find((x) => x.code === l.code && x.state === 'enabled');
    return s ? [{ site: s, username: l.username }] : [];
  });
}

/** Issues a one-time token for the person signed in on `from` as `username` to enter site `toCode`. */
export async function issueHandoff(
  platform: Platform,
  from: Site,
  username: string,
  toCode: string,
  now: Date,
): Promise<{ token: string; site: Site }> {
  const target = (await linkedSites(platform, from, username)).find((l) => l.site.code === toCode);
  if (!target) throw new AppError('forbidden', '您在该站点没有关联的账号');
  const me = await personOfAccount(platform.db, from.code, username);
  if (me === undefined) throw new AppError('forbidden', '您在该站点没有关联的账号');
  const token = randomBytes(32).toString('base64url');
  // Tokens long over are cleared now and then (a few rows per switch).
  await insertHandoff(
    platform.db,
    {
      token_hash: hashOf(token),
      person: me,
      from_code: from.code,
      to_code: target.site.code,
      username: target.username,
      expires_at: new Date(now.getTime() + HANDOFF_SECONDS * 1000).toISOString(),
      used_at: null,
    },
    new Date(now.getTime() - 86_400_000).toISOString(),
  );
  return { token, site: target.site };
}

/** Where a valid, unused token for site `to` leads (for the confirm page), or null; does not use it. */
export async function peekHandoff(
  platform: Platform,
  to: Site,
  token: string,
  now: Date,
): Promise<{ username: string; from: Site } | null> {
  const row = await findOpenHandoff(platform.db, hashOf(token), to.code, now.toISOString());
  if (!row) return null;
  return { username: row.username, from: await platform.getSite(row.from_code) };
}

/**
 * Uses a token on site `to`: of two requests with one token exactly one gets the account (a
 * compare-and-set on `used_at`); the link must still stand. Throws the one refusal otherwise.
 */
export async function takeHandoff(
  platform: Platform,
  to: Site,
  token: string,
  now: Date,
): Promise<{ username: string; from: string }> {
  const row = await claimHandoff(platform.db, hashOf(token), to.code, now.toISOString());
  if (!row) throw new AppError('unauthenticated', HANDOFF_REFUSED);
  const still = await linkStands(platform.db, { person: row.person, code: to.code, username: row.username });
  if (!still) throw new AppError('unauthenticated', HANDOFF_REFUSED);
  return { username: row.username, from: row.from_code };
}
