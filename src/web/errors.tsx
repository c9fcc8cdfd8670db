/**
 * The one error handler: maps domain errors, validation failures, CSRF and rate-limit refusals to a
 * status and a Chinese message, as JSON under /api and as a page elsewhere. A 5xx never shows
 * internals: the page says what to do and gives a reference number that is in the log.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import localizeZh from 'ajv-i18n/localize/zh/index.js';

const localize = localizeZh as unknown as (errors: unknown[]) => void;
import { AppError } from '../errors.ts';
import { renderPortal, renderAdmin } from './respond.tsx';
import { safeBack } from './render.ts';

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; reference?: string };
}

interface Mapped {
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
}

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'bad_request', message: '请求内容不是有效的 JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'bad_request', message: '请求内容为空' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: '不支持的请求内容类型' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: '提交的内容过大' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: '请求长度无效' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'unsupported_media_type', message: '上传文件需使用 multipart/form-data' },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'payload_too_large', message: '上传的文件过大' },
  FST_FILES_LIMIT: { status: 413, code: 'payload_too_large', message: '上传的文件数量过多' },
  FST_PARTS_LIMIT: { status: 413, code: 'payload_too_large', message: '提交的内容项过多' },
  FST_CSRF_MISSING_SECRET: { status: 403, code: 'csrf', message: '页面已过期，请刷新页面后重新提交' },
  FST_CSRF_INVALID_TOKEN: { status: 403, code: 'csrf', message: '页面已过期或来源无效，请刷新页面后重新提交' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_request', message: '网址格式不正确' },
};

/** Readable Chinese for schema validation errors, naming the field. */
function validationMessage(error: FastifyError): Mapped {
  const errors = error.validation ?? [];
  localize(errors as any);
  const fields: Record<string, string> = {};
  for (const e of errors) {
    const params = e.params as Record<string, unknown>;
    const field =
      (params.missingProperty as string) ??
      (params.additionalProperty as string) ??
      (e.instancePath.replace(/^\//, '').replace(/\//g, '.') || error.validationContext || '请求');
    const msg = params.additionalProperty ? `不允许的字段“${params.additionalProperty}”` : (e.message ?? '格式不正确');
    fields[field] ??= msg;
  }
  const first = Object.entries(fields)[0];
  return {
    status: 400,
    code: 'validation',
    message: first ? `提交的内容有误：${first[0]} ${first[1]}` : '提交的内容有误',
    fields,
  };
}

function mapError(error: FastifyError | AppError): Mapped {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.userMessage, fields: error.fields };
  if ((error as FastifyError).validation) return validationMessage(error as FastifyError);
  const known = FASTIFY_CODES[(error as FastifyError).code];
  if (known) return known;
  const status = (error as FastifyError).statusCode ?? 500;
  if (status === 429) return { status, code: 'too_many_requests', message: '操作过于频繁，请稍后再试' };
  if (status === 404) return { status, code: 'not_found', message: '您访问的页面不存在' };
  if (status >= 400 && status < 500) return { status, code: 'bad_request', message: '请求无法处理，请检查后重试' };
  return { status: 500, code: 'internal', message: '系统暂时无法处理您的请求，请稍后再试。如果问题持续，请联系网站管理员并告知错误编号。' };
}

export function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/healthz';
}

export async function sendError(req: FastifyRequest, reply: FastifyReply, m: Mapped, reference?: string) {
  if (wantsJson(req)) {
    const body: ErrorBody = { error: { code: m.code, message: m.message } };
    if (m.fields && Object.keys(m.fields).length) body.error.fields = m.fields;
    if (reference) body.error.reference = reference;
    return reply.code(m.status).type('application/json; charset=utf-8').send(body);
  }
  // A signed-out (or timed-out) visitor to the back office goes to the login page and comes back.
  if (m.status === 401 && req.method === 'GET') {
    const next = encodeURIComponent(safeBack(req.url, '/admin'));
    return reply.redirect(`/login?next=${next}${req.sessionExpired ? '&expired=1' : ''}`, 302);
  }
  const render = req.url.startsWith('/admin') && req.actor?.kind === 'user' ? renderAdmin : renderPortal;
  const title = m.status === 404 ? '页面不存在' : m.status === 403 ? '无法访问' : m.status >= 500 ? '系统繁忙' : '无法完成操作';
  return render(req, reply, { title, status: m.status }, (
    <section class="error-page">
      <h1>{title}</h1>
      <p>{m.message}</p>
      {m.fields && Object.keys(m.fields).length > 0 && (
        <ul>
          {Object.entries(m.fields).map(([k, v]) => (
            <li>{v}</li>
          ))}
        </ul>
      )}
      {reference && <p class="meta">错误编号：{reference}</p>}
      <p>
        <a href="/">返回首页</a>
      </p>
    </section>
  ));
}

export function installErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler(async (error: FastifyError | AppError, req, reply) => {
    const mapped = mapError(error);
    let reference: string | undefined;
    if (mapped.status >= 500) {
      reference = randomUUID().slice(0, 8);
      req.log.error({ err: error, reference }, 'unhandled error');
    }
    try {
      return await sendError(req, reply, mapped, reference);
    } catch (renderErr) {
      req.log.error({ err: renderErr }, 'error page failed to render');
      return reply.code(mapped.status).type('text/plain; charset=utf-8').send(mapped.message);
    }
  });

  // 404s are rate-limited: a scanner walking paths is slowed down, a citizen who mistyped is not.
  app.setNotFoundHandler({ preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute' }) }, async (req, reply) =>
    sendError(req, reply, { status: 404, code: 'not_found', message: '您访问的页面不存在或已删除，请从首页或站内搜索查找。' }),
  );
}
