/** Query codes and the case's day: small helpers the use cases share. */
import { createHash, createHmac } from 'node:crypto';
import type { AppContext } from '../../../context.ts';
import { shanghaiDate } from '../../../lib/time.ts';

// Query codes: 12 characters from 31 unambiguous ones (≈ 59 bits), never stored in clear.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ2345679';
export function codeFromBytes(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < 12; i++) out += CODE_ALPHABET[bytes[i] % CODE_ALPHABET.length];
  return out;
}
export const hashCode = (code: string) => createHash('sha256').update(`foi-query:${code}`).digest('hex');
/** The query code of a public submission is derived from its form token, so a resubmission shows the same code. */
export const codeForToken = (ctx: AppContext, token: string) =>
  codeFromBytes(createHmac('sha256', ctx.config.sessionSecret).update(`foi-query:${token}`).digest());

export const today = (ctx: AppContext) => shanghaiDate(ctx.clock.now());
