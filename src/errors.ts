/**
 * Domain errors. Use cases throw AppError with a stable `code` and a `userMessage` in Chinese that a
 * citizen understands; the one error handler in web/errors.ts maps it to an HTTP status and renders
 * JSON or an HTML page. Business code never throws HTTP exceptions, so the CLI can use it too.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_state'
  | 'too_many_requests'
  | 'payload_too_large'
  | 'reauth_required';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  too_many_requests: 429,
  payload_too_large: 413,
  reauth_required: 403,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    /** Field-level messages, keyed by field name, for forms. */
    readonly fields: Record<string, string> = {},
  ) {
    super(userMessage);
    this.status = STATUS[code];
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError('bad_request', message, fields);
export const notFound = (what = '内容') => new AppError('not_found', `${what}不存在或已删除`);
export const forbidden = (message = '您没有权限进行此操作') => new AppError('forbidden', message);
export const invalidState = (message: string) => new AppError('invalid_state', message);
