/** Pure rules for sign-in: lockout, session lifetime, token format, password policy. */
import { createHash, randomBytes } from 'node:crypto';

/** Failed sign-ins in a row before the account locks, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
/** A session ends after this much inactivity, and in any case after the absolute limit. */
export const SESSION_IDLE_MS = 2 * 3600 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 3600 * 1000;

export const newToken = (prefix = '') => prefix + randomBytes(32).toString('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Minimal password policy: 10+ characters with at least three of lower, upper, digit, symbol. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return '密码至少需要 10 个字符';
  if (password.length > 128) return '密码不能超过 128 个字符';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码需包含小写字母、大写字母、数字、符号中的至少三类';
  return null;
}

export const USERNAME_RE = /^[a-z][a-z0-9_.-]{2,31}$/;
