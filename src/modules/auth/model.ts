/** Pure rules for sign-in: lockout, session lifetime, token format, password policy. */
import { createHash, randomBytes } from 'node:crypto';
import type { PasswordPolicy } from '../../config.ts';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';

/** Failed sign-ins in a row before the account locks, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** A session ends after this much inactivity, and in any case after the absolute limit. */
export const SESSION_IDLE_MS = 2 * 3600 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 3600 * 1000;

export const newToken = (prefix = '') => prefix + randomBytes(32).toString('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 10,
  minClasses: 3,
  history: 5,
  maxAgeDays: 90,
};

/** The password policy (configurable, config.ts): length and character classes of lower, upper, digit, symbol. */
export function passwordProblem(
  password: string,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): string | null {
  if (password.length < policy.minLength) return `密码至少需要 ${policy.minLength} 个字符`;
  if (password.length > 128) return '密码不能超过 128 个字符';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses)
    return `密码需包含小写字母、大写字母、数字、符号中的至少${'一二三四'[policy.minClasses - 1]}类`;
  return null;
}

/**
 * The demo accounts' password, printed in the README and on start: known to everyone, so refused
 * (with its variations) for any password set through the platform. Only the demo seed uses it.
 */
export const DEMO_PASSWORD = 'Gongkai@2022';

let estimator: ZxcvbnFactory | undefined;

/**
 * OWASP ASVS 2.1.7: a password found in breach lists, or one guessed from them with the usual
 * variations (`P@ssw0rd1234` is "password", l33t and a number), is refused. The list is
 * @zxcvbn-ts/language-common's (the most common breached passwords and words); a score under 3 means
 * fewer than 10^10 guesses. `related` are words an attacker knows (username, name) and counts as guessable.
 */
export function guessablePasswordProblem(password: string, related: string[] = []): string | null {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
  });
  const { score } = estimator.check(password.slice(0, 128), [DEMO_PASSWORD, ...related.filter(Boolean)]);
  return score < 3
    ? '该密码过于常见或容易被猜到（出现在泄露密码库中，或由常见单词、键盘序列、年份简单变形而来），请换一个'
    : null;
}

export const passwordHint = (p: PasswordPolicy) =>
  `至少 ${p.minLength} 位，含大小写字母、数字、符号中的${'一二三四'[p.minClasses - 1]}类；不能与最近 ${p.history} 次用过的相同`;

/** Whether a password set at `changedAt` has expired (maxAgeDays 0 = never). */
export function passwordExpired(changedAt: string | null, now: Date, policy: PasswordPolicy): boolean {
  if (!policy.maxAgeDays || !changedAt) return false;
  return now.getTime() - new Date(changedAt).getTime() >= policy.maxAgeDays * 86_400_000;
}

/** Whether the last authentication is recent enough for a sensitive action. */
export const recentlyAuthenticated = (authAt: string | null | undefined, now: Date, minutes: number) =>
  !!authAt && now.getTime() - new Date(authAt).getTime() <= minutes * 60_000;

export const USERNAME_RE = /^[a-z][a-z0-9_.-]{2,31}$/;
