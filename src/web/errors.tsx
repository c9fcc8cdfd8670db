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
import { publicActor } from '../context.ts';
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
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: '不支持的请求内容类型',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: '提交的内容过大' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: '请求长度无效' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: '上传文件需使用 multipart/form-data',
  },
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'payload_too_large', message: '上传的文件过大' },
  FST_FILES_LIMIT: { status: 413, code: 'payload_too_large', message: '上传的文件数量过多' },
  FST_PARTS_LIMIT: { status: 413, code: 'payload_too_large', message: '提交的内容项过多' },
  FST_CSRF_MISSING_SECRET: { status: 403, code: 'csrf', message: '页面已过期，请刷新页面后重新提交' },
  FST_CSRF_INVALID_TOKEN: {
    status: 403,
    code: 'csrf',
    message: '页面已过期或来源无效，请刷新页面后重新提交',
  },
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
    const msg = params.additionalProperty
      ? `不允许的字段“${params.additionalProperty}”`
      : (e.message ?? '格式不正确');
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

/**
 * The database or the disk cannot take the request right now: disk full, a read-only database file,
 * PostgreSQL restarting or unreachable. Nothing was saved (the transaction rolled back); a 503 says
 * so and to try again, rather than a 500 that suggests a bug.
 */
export function storageUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL)/.test(code)) return true;
  if (
    [
      'ENOSPC',
      'EROFS',
      'EDQUOT',
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENOTCONN',
    ].includes(code)
  )
    return true;
  // PostgreSQL SQLSTATE: 08 connection exception, 53 insufficient resources (disk full), 57P0x shutdown, 25006 read-only transaction.
  if (/^(08...|53...|57P0.|25006)$/.test(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed/i.test(
    message,
  );
}

const UNAVAILABLE: Mapped = {
  status: 503,
  code: 'service_unavailable',
  message:
    '系统暂时无法保存或读取数据（存储空间不足、数据库只读或正在重启），您刚才的操作没有生效。请稍后再试；如持续出现，请联系网站管理员。',
};

/**
 * PostgreSQL refused a value for its column type (number out of range, text that is not a number,
 * a NUL character): the input was bad, so a 400 — SQLite stores such values and never gets here.
 */
const BAD_VALUE_SQLSTATES = new Set(['22003', '22P02', '22021', '22P05', '22007', '22008']);

function mapError(error: FastifyError | AppError): Mapped {
  if (storageUnavailable(error)) return UNAVAILABLE;
  const sqlstate = (error as { code?: unknown }).code;
  if (typeof sqlstate === 'string' && BAD_VALUE_SQLSTATES.has(sqlstate))
    return {
      status: 400,
      code: 'bad_request',
      message: '提交的内容含有无法保存的值（数字超出范围、格式不符或含有空字符），请检查后重试',
    };
  if (error instanceof AppError)
    return { status: error.status, code: error.code, message: error.userMessage, fields: error.fields };
  if ((error as FastifyError).validation) return validationMessage(error as FastifyError);
  const known = FASTIFY_CODES[(error as FastifyError).code];
  if (known) return known;
  const status = (error as FastifyError).statusCode ?? 500;
  if (status === 429) return { status, code: 'too_many_requests', message: '操作过于频繁，请稍后再试' };
  if (status === 404) return { status, code: 'not_found', message: '您访问的页面不存在' };
  if (status >= 400 && status < 500)
    return { status, code: 'bad_request', message: '请求无法处理，请检查后重试' };
  return {
    status: 500,
    code: 'internal',
    message: '系统暂时无法处理您的请求，请稍后再试。如果问题持续，请联系网站管理员并告知错误编号。',
  };
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
  // A sensitive action needs a fresh password: to the re-authentication page, then back to where it
  // started (the page itself for a GET such as an export; the form's page, from Referer, for a POST).
  if (m.code === 'reauth_required') {
    const referer = (() => {
      try {
        const u = new URL(String(req.headers.referer ?? ''));
        return u.pathname + u.search;
      } catch {
        return undefined;
      }
    })();
    const back = safeBack(req.method === 'GET' ? req.url : referer, '/admin');
    return reply.redirect(`/admin/reauth?next=${encodeURIComponent(back)}`, req.method === 'GET' ? 302 : 303);
  }
  const render = req.url.startsWith('/admin') && req.actor?.kind === 'user' ? renderAdmin : renderPortal;
  const title =
    m.status === 404
      ? '页面不存在'
      : m.status === 403
        ? '无法访问'
        : m.status >= 500
          ? '系统繁忙'
          : '无法完成操作';
  return render(
    req,
    reply,
    { title, status: m.status },
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
      {m.status === 404 && render === renderPortal && (
        <form method="get" action="/search" role="search" class="home-search">
          <label for="nf-q">站内搜索</label>
          <input id="nf-q" name="q" type="search" maxLength={100} />
          <button type="submit">搜索</button>
        </form>
      )}
      <p>
        <a href="/">返回首页</a>
        {m.status === 404 && render === renderPortal && (
          <>
            {' · '}
            <a href="/sitemap">网站地图</a>
          </>
        )}
      </p>
    </section>,
  );
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An error page that needs nothing but this process (no database, no layout). */
function bareErrorPage(m: Mapped, reference?: string): string {
  const title = m.status >= 500 ? '系统繁忙' : '无法完成操作';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1><p>${escapeHtml(m.message)}</p>${reference ? `<p>错误编号：${escapeHtml(reference)}</p>` : ''}<p><a href="/">返回首页</a></p></main></body></html>`;
}

/**
 * The one error handler (`setErrorHandler`, and `frameworkErrors` for what the router refuses before
 * any hook runs: a malformed percent-encoding in the path). Never Fastify's English body, never the URL.
 */
export async function handleError(error: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) {
  req.actor ??= publicActor(req.ip);
  const mapped = mapError(error);
  let reference: string | undefined;
  if (mapped.status === 503) reply.header('retry-after', '30');
  if (mapped.status === 503 || BAD_VALUE_SQLSTATES.has(String((error as { code?: unknown }).code)))
    req.log.warn({ err: error }, 'database refused the request');
  if (mapped.status >= 500) {
    reference = randomUUID().slice(0, 8);
    req.log.error({ err: error, reference }, 'unhandled error');
  }
  try {
    return await sendError(req, reply, mapped, reference);
  } catch (renderErr) {
    // The page shell reads the database (site name, session); when that is what failed, a bare page.
    req.log.error({ err: renderErr }, 'error page failed to render');
    if (wantsJson(req))
      return reply
        .code(mapped.status)
        .type('application/json; charset=utf-8')
        .send({ error: { code: mapped.code, message: mapped.message, ...(reference ? { reference } : {}) } });
    return reply.code(mapped.status).type('text/html; charset=utf-8').send(bareErrorPage(mapped, reference));
  }
}

export function installErrorHandlers(
  app: FastifyInstance,
  opts: {
    unlimited404?: (req: FastifyRequest) => boolean;
    /** Where a path no route answers has moved (the old site's pages after an import): answered with 301. */
    movedTo?: (url: string) => Promise<string | null>;
  } = {},
) {
  app.setErrorHandler(handleError);

  // 404s are rate-limited: a scanner walking paths is slowed down, a citizen who mistyped is not, nor
  // the site's own link checker (`unlimited404`), which is looking for exactly these pages.
  const allowList = opts.unlimited404 ?? (() => false);
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 60, timeWindow: '1 minute', allowList }) },
    async (req, reply) => {
      if (opts.movedTo && (req.method === 'GET' || req.method === 'HEAD')) {
        const to = await opts.movedTo(req.url);
        if (to) return reply.redirect(to, 301);
      }
      return sendError(req, reply, {
        status: 404,
        code: 'not_found',
        message: '您访问的页面不存在或已删除，请从首页或站内搜索查找。',
      });
    },
  );
}
