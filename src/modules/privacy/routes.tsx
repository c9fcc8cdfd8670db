/**
 * The gate over HTTP: `POST /api/v1/privacy/scan` for staff, the back-office check page
 * (/admin/privacy/scan), and the 错敏词 list (/admin/privacy/expressions, openness office and
 * system administrators).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice, Select, TextArea } from '../../web/components.tsx';
import { formPost, list, str } from '../../web/forms.ts';
import type { PageContext } from '../../web/page.ts';
import { seeOther } from '../../web/render.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, IdParams, StrictObject } from '../../web/schemas.ts';
import { requirePermission } from '../auth/permissions.ts';
import {
  EXPRESSION_KIND_LABELS,
  SEVERITY_LABELS,
  type ExpressionKind,
  type ExpressionSeverity,
} from './expressions.ts';
import { maskAll } from './scanner.ts';
import {
  createExpressionRule,
  getExpressionRule,
  KINDS,
  listExpressionRules,
  MAX_SCAN_CHARS,
  scanText,
  SEVERITIES,
  updateExpressionRule,
  type ExpressionRuleInput,
  type ScanResult,
} from './service.ts';
import type { StoredExpressionRule } from './store.ts';

const ScanBody = StrictObject({
  text: Type.String({ description: `要检查的文字（最多 ${MAX_SCAN_CHARS} 字）` }),
});

const PersonalFinding = Type.Object({
  kind: Type.String({
    description: 'resident_id / mobile / bank_card / passport / email / address / name_with_pi',
  }),
  label: Type.String({ description: '类别的中文名称，如 身份证号码' }),
  start: Type.Integer({ description: '起始位置（UTF-16 下标）' }),
  end: Type.Integer({ description: '结束位置（不含）' }),
  text: Type.String({ description: '原文' }),
  masked: Type.String({ description: '遮盖后的写法' }),
});

const ExpressionFindingSchema = Type.Object({
  start: Type.Integer(),
  end: Type.Integer(),
  term: Type.String({ description: '发现的表述' }),
  suggestion: Type.String({ description: '修改建议' }),
  severity: Type.String({ description: 'serious（阻止发布）/ warning（提示）' }),
  kind: Type.String({ description: 'outdated / wrong / sensitive' }),
});

const ScanResponse = Type.Object({
  personal: Type.Array(PersonalFinding, { description: '个人信息' }),
  expressions: Type.Array(ExpressionFindingSchema, { description: '错敏词' }),
  blocking: Type.Boolean({ description: '是否存在阻止发布的问题' }),
});

/** Each member of staff may scan 60 texts a minute (a scan of 500 000 characters takes ~1 s). */
const scanRateLimit = {
  max: 60,
  timeWindow: '1 minute',
  keyGenerator: (req: FastifyRequest) =>
    req.actor?.kind === 'user' ? `privacy-scan:u${req.actor.id}` : `privacy-scan:${req.ip}`,
};

function ruleInput(body: unknown): ExpressionRuleInput {
  const b = (body ?? {}) as Record<string, unknown>;
  return {
    term: str(b.term),
    suggestion: str(b.suggestion),
    severity: str(b.severity) as ExpressionSeverity,
    kind: str(b.kind) as ExpressionKind,
    note: str(b.note),
    exceptions: str(b.exceptions)
      .split(/[\n、,，;；]/)
      .map((s) => s.trim())
      .filter(Boolean),
    active: list(b.active).includes('1'),
  };
}

function RuleForm({
  page,
  rule,
  action,
  error,
}: {
  page: PageContext;
  rule?: Partial<ExpressionRuleInput>;
  action: string;
  error?: AppError;
}) {
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <Field
        label="词语"
        name="term"
        value={rule?.term}
        required
        maxLength={50}
        error={error?.fields.term}
        hint="按原样匹配，如“国家工商总局”"
      />
      <Field
        label="修改建议"
        name="suggestion"
        value={rule?.suggestion}
        required
        maxLength={200}
        error={error?.fields.suggestion}
      />
      <Select
        label="类别"
        name="kind"
        value={rule?.kind ?? 'outdated'}
        options={KINDS.map((k) => ({ value: k, label: EXPRESSION_KIND_LABELS[k] }))}
        error={error?.fields.kind}
      />
      <Select
        label="严重程度"
        name="severity"
        value={rule?.severity ?? 'warning'}
        options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
        error={error?.fields.severity}
        hint="“严重”的表述会阻止发布；“提示”只显示修改建议"
      />
      <TextArea
        label="说明"
        name="note"
        value={rule?.note}
        rows={2}
        maxLength={500}
        error={error?.fields.note}
        hint="依据，如机构改革方案、文件名称"
      />
      <TextArea
        label="例外"
        name="exceptions"
        value={(rule?.exceptions ?? []).join('\n')}
        rows={3}
        error={error?.fields.exceptions}
        hint="包含该词语但用法正确的较长说法，每行一个，如词语“十九大”的例外“党的十九大”"
      />
      <div class="field">
        <input type="checkbox" id="f-active" name="active" value="1" checked={rule?.active !== false} />
        <label for="f-active">启用</label>
      </div>
      <div class="actions">
        <button type="submit">保存</button>
        <a href="/admin/privacy/expressions">取消</a>
      </div>
    </form>
  );
}

function RulesTable({ rules }: { rules: StoredExpressionRule[] }) {
  return (
    <div class="table-wrap">
      <table>
        <caption>
          错敏词列表（共 {rules.length} 条，启用 {rules.filter((r) => r.active).length} 条）
        </caption>
        <thead>
          <tr>
            <th scope="col">词语</th>
            <th scope="col">修改建议</th>
            <th scope="col">类别</th>
            <th scope="col">严重程度</th>
            <th scope="col">状态</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr>
              <td>{r.term}</td>
              <td>{r.suggestion}</td>
              <td>{EXPRESSION_KIND_LABELS[r.kind] ?? r.kind}</td>
              <td>{r.severity === 'serious' ? '严重' : '提示'}</td>
              <td>{r.active ? '启用' : '停用'}</td>
              <td>
                <a href={`/admin/privacy/expressions/${r.id}`} aria-label={`编辑 ${r.term}`}>
                  编辑
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScanResults({ text, result }: { text: string; result: ScanResult }) {
  return (
    <section aria-labelledby="scan-results">
      <h2 id="scan-results">检查结果</h2>
      {result.blocking ? (
        <Notice kind="warning">发现阻止发布的问题：请遮盖个人信息、修改严重表述后再提交。</Notice>
      ) : (
        <Notice kind="success">未发现阻止发布的问题。</Notice>
      )}
      <div class="table-wrap">
        <table>
          <caption>个人信息（{result.personal.length} 处）</caption>
          <thead>
            <tr>
              <th scope="col">类别</th>
              <th scope="col">位置</th>
              <th scope="col">遮盖后</th>
            </tr>
          </thead>
          <tbody>
            {result.personal.map((f) => (
              <tr>
                <td>{f.label}</td>
                <td>
                  第 {f.start + 1}–{f.end} 字
                </td>
                <td>{f.masked}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table>
          <caption>错敏词（{result.expressions.length} 处）</caption>
          <thead>
            <tr>
              <th scope="col">表述</th>
              <th scope="col">位置</th>
              <th scope="col">修改建议</th>
              <th scope="col">严重程度</th>
            </tr>
          </thead>
          <tbody>
            {result.expressions.map((f) => (
              <tr>
                <td>{f.term}</td>
                <td>
                  第 {f.start + 1}–{f.end} 字
                </td>
                <td>{f.suggestion}</td>
                <td>{f.severity === 'serious' ? '严重' : '提示'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.personal.length > 0 && (
        <>
          <h3>遮盖个人信息后的文字</h3>
          <div class="privacy-masked">
            {maskAll(text, result.personal)
              .split('\n')
              .map((line) => (
                <p>{line}</p>
              ))}
          </div>
        </>
      )}
    </section>
  );
}

export const privacyRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  app.post(
    '/api/v1/privacy/scan',
    {
      bodyLimit: 4 * 1024 * 1024,
      config: { rateLimit: scanRateLimit },
      schema: {
        operationId: 'privacy.text.scan',
        tags: ['个人信息与错敏词'],
        summary: '检查文字中的个人信息和错敏词',
        description: '返回每处发现的类别、位置和遮盖后的写法；blocking 为 true 表示发布前必须处理。',
        body: ScanBody,
        response: { 200: ScanResponse, ...errors(400, 401, 403, 413, 429) },
      },
    },
    async (req) => scanText(ctx, req.actor, (req.body as { text: string }).text),
  );

  // The check page: paste a text, see the findings and the masked text.
  const scanPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    text = '',
    result?: ScanResult,
    error?: AppError,
  ) =>
    renderAdmin(req, reply, { title: '个人信息与错敏词检查', status: error ? error.status : 200 }, (page) => (
      <>
        <h1>个人信息与错敏词检查</h1>
        <p>
          发布前检查文字中的身份证号码、手机号码、银行卡号、护照号码、个人邮箱、家庭住址和错敏词。检查内容不会被保存。
        </p>
        <form method="post" action="/admin/privacy/scan" novalidate>
          <CsrfField page={page} />
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          <TextArea
            label="要检查的文字"
            name="text"
            value={text}
            rows={10}
            required
            error={error?.fields.text}
          />
          <div class="actions">
            <button type="submit">检查</button>
          </div>
        </form>
        {result && <ScanResults text={text} result={result} />}
      </>
    ));

  app.get('/admin/privacy/scan', async (req, reply) => {
    requirePermission(req.actor, 'privacy.scan');
    return scanPage(req, reply);
  });
  app.post('/admin/privacy/scan', { config: { rateLimit: scanRateLimit } }, async (req, reply) => {
    const text =
      typeof (req.body as Record<string, unknown>)?.text === 'string'
        ? ((req.body as Record<string, string>).text as string)
        : '';
    return formPost(
      async () => scanPage(req, reply, text, await scanText(ctx, req.actor, text)),
      (e) => scanPage(req, reply, text.slice(0, 1000), undefined, e),
      ['bad_request', 'payload_too_large'],
    );
  });

  app.get('/admin/privacy/expressions', async (req, reply) => {
    const rules = await listExpressionRules(ctx, req.actor);
    const saved = (req.query as Record<string, string>).saved;
    return renderAdmin(
      req,
      reply,
      { title: '错敏词管理' },
      <>
        <h1>错敏词管理</h1>
        {saved && <Notice kind="success">已保存。</Notice>}
        <p>
          发布前的检查按此列表查找错误、过时和敏感表述。“严重”的表述阻止发布；写作“原…”（如“原国家工商总局”）的历史称谓不会被提示。
        </p>
        <p class="actions">
          <a class="button" href="/admin/privacy/expressions/new">
            新增错敏词
          </a>
        </p>
        <RulesTable rules={rules} />
      </>,
    );
  });

  const renderForm = (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    action: string,
    rule?: Partial<ExpressionRuleInput>,
    error?: AppError,
  ) =>
    renderAdmin(
      req,
      reply,
      {
        title,
        status: error ? error.status : 200,
        crumbs: [
          { href: '/admin/privacy/expressions', label: '错敏词管理' },
          { href: action, label: title },
        ],
      },
      (page) => (
        <>
          <h1>{title}</h1>
          <RuleForm page={page} rule={rule} action={action} error={error} />
        </>
      ),
    );

  app.get('/admin/privacy/expressions/new', async (req, reply) => {
    requirePermission(req.actor, 'privacy.rules.manage');
    return renderForm(req, reply, '新增错敏词', '/admin/privacy/expressions/new');
  });
  app.post('/admin/privacy/expressions/new', async (req, reply) => {
    const input = ruleInput(req.body);
    return formPost(
      async () => {
        await createExpressionRule(ctx, req.actor, input);
        return seeOther(reply, '/admin/privacy/expressions?saved=1');
      },
      (e) => renderForm(req, reply, '新增错敏词', '/admin/privacy/expressions/new', input, e),
    );
  });
  app.get(
    '/admin/privacy/expressions/:id',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const rule = await getExpressionRule(ctx, req.actor, (req.params as { id: number }).id);
      return renderForm(req, reply, `编辑：${rule.term}`, `/admin/privacy/expressions/${rule.id}`, rule);
    },
  );
  app.post(
    '/admin/privacy/expressions/:id',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      const input = ruleInput(req.body);
      return formPost(
        async () => {
          await updateExpressionRule(ctx, req.actor, id, input);
          return seeOther(reply, '/admin/privacy/expressions?saved=1');
        },
        (e) => renderForm(req, reply, '编辑错敏词', `/admin/privacy/expressions/${id}`, input, e),
      );
    },
  );
};
