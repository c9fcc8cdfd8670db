import { AppError, type ErrorCode } from '../errors.ts';

/**
 * Form bodies (application/x-www-form-urlencoded): repeated keys become arrays (checkbox groups),
 * and the parser never throws on odd input — validation says what is wrong.
 */
export function parseFormBody(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { ...out };
}

/** A form value as a single trimmed string ('' when absent). */
export function str(v: unknown): string {
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' ? v.trim() : '';
}

/** A form value as a list (checkbox groups). */
export function list(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** A positive integer form value, or null. */
export function int(v: unknown): number | null {
  const s = str(v);
  return /^\d{1,15}$/.test(s) ? Number(s) : null;
}

/**
 * A form POST: runs the use case (which answers with its redirect); when it refuses the input — an
 * AppError with one of `codes` — the form is rendered again with the error, for the person to fix in
 * place. Anything else propagates to the error handler.
 */
export async function formPost<R>(act: () => Promise<R>, rerender: (e: AppError) => Promise<R>, codes: readonly ErrorCode[] = ['bad_request']): Promise<R> {
  try {
    return await act();
  } catch (e) {
    if (e instanceof AppError && codes.includes(e.code)) return rerender(e);
    throw e;
  }
}
