/** Schema pieces shared by API routes (TypeBox: one schema validates, serialises and documents). */
import { Type, type TProperties } from 'typebox';

/** An object schema that refuses unknown fields. */
export const StrictObject = <T extends TProperties>(props: T, options: Record<string, unknown> = {}) =>
  Type.Object(props, { additionalProperties: false, ...options });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: '稳定的错误代码，如 validation、not_found、forbidden' }),
      message: Type.String({ description: '给人看的中文说明' }),
      fields: Type.Optional(Type.Record(Type.String(), Type.String(), { description: '字段级错误' })),
      reference: Type.Optional(Type.String({ description: '5xx 错误的日志编号' })),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** Largest id a PostgreSQL `integer` column holds; a bigger one is a 400 from validation, not a database error. */
export const MAX_ID = 2_147_483_647;

export const IdParams = StrictObject({
  id: Type.Integer({ minimum: 1, maximum: MAX_ID, description: '记录编号' }),
});

/** Standard error responses for a route, for the OpenAPI document. */
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorResponse]));

export const PageQuery = {
  page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100000, default: 1, description: '页码，从 1 开始' }),
  ),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20, description: '每页条数' })),
};

/**
 * onSend hook for a path kept after its successor took over (docs/API-CHANGELOG.md: marked one minor
 * version before it goes): every answer says so in `Deprecation` and names the successor in `Link`.
 */
export const deprecatedPath =
  (successor: string) =>
  async (_req: unknown, reply: { header(name: string, value: string): unknown }, payload: unknown) => {
    reply.header('deprecation', 'true');
    reply.header('link', `<${successor}>; rel="successor-version"`);
    return payload;
  };

/** A 200 whose body is a file (CSV, XLSX, an image), for the document; the route sends a Buffer, which is never serialised. */
export const fileResponse = (description: string, ...mimes: string[]) => ({
  description,
  content: Object.fromEntries(mimes.map((m) => [m, { schema: { type: 'string', format: 'binary' } }])),
});

/** The query of a route that takes none: an unknown parameter is a 400, as everywhere else. */
export const NoQuery = StrictObject({});

/**
 * One field of an HTML form post (application/x-www-form-urlencoded): a value, or several when the
 * key repeats (a checkbox group). Forms keep their fields as text; the use case reads them with
 * `str`, `list` and `int` (web/forms.ts) and answers a bad value with a field message on the form
 * again, which a schema refusal could not.
 */
export const FormField = Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())]));

/**
 * The body schema of an HTML form post: its fields by name (`FormField`), so the handler reads
 * `req.body.name` with no cast. Other keys (the CSRF token, buttons) are let through.
 */
export const FormBody = <T extends TProperties>(props: T) =>
  Type.Object(props, { additionalProperties: true });

/** The query of a back-office page that says "saved" after a form post redirected to it (`?saved=1`); other parameters pass. */
export const SavedQuery = Type.Object({ saved: Type.Optional(Type.String()) });
