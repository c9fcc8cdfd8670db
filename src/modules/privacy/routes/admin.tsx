/** The privacy module in the back office: the check page and the 错敏词 list. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AppError } from '../../../errors.ts';
import { Notice } from '../../../web/components.tsx';
import { formPost, list, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { CrudForm, crudFormRoutes } from '../../../web/crud.tsx';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField } from '../../../web/schemas.ts';
import { requirePermission } from '../../auth/permissions.ts';
import type { ExpressionKind, ExpressionSeverity } from '../expressions.ts';
import {
  createExpressionRule,
  getExpressionRule,
  listExpressionRules,
  scanText,
  updateExpressionRule,
  type ExpressionRuleInput,
  type ScanResult,
} from '../service.ts';
import { RuleForm, RulesTable, ScanResults } from '../views/privacy.tsx';
import { scanRateLimit } from './limits.ts';

const SavedQuery = Type.Object({ saved: Type.Optional(Type.String()) });
const ScanForm = FormBody({ text: FormField });
const RuleFormBody = FormBody({
  term: FormField,
  suggestion: FormField,
  severity: FormField,
  kind: FormField,
  note: FormField,
  exceptions: FormField,
  active: FormField,
});

/** The rule form's fields as a use-case input (text kept; the use case says what is wrong). */
function ruleInput(b: Static<typeof RuleFormBody>): ExpressionRuleInput {
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

/** /admin/privacy/scan and /admin/privacy/expressions. */
export const privacyAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

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
        <CrudForm
          page={page}
          form={{ action: '/admin/privacy/scan', values: { text }, error }}
          fields={[{ kind: 'textarea', name: 'text', label: '要检查的文字', rows: 10, required: true }]}
          submit="检查"
        />
        {result && <ScanResults text={text} result={result} />}
      </>
    ));

  app.get('/admin/privacy/scan', async (req, reply) => {
    requirePermission(req.actor, 'privacy.scan');
    return scanPage(req, reply);
  });
  app.post(
    '/admin/privacy/scan',
    { schema: { body: ScanForm, hide: true }, config: { rateLimit: scanRateLimit } },
    async (req, reply) => {
      // Kept exactly as pasted (not trimmed): positions in the findings count from its first character.
      const text = typeof req.body.text === 'string' ? req.body.text : '';
      return formPost(
        async () => scanPage(req, reply, text, await scanText(ctx, req.actor, text)),
        (e) => scanPage(req, reply, text.slice(0, 1000), undefined, e),
        ['bad_request', 'payload_too_large'],
      );
    },
  );

  app.get(
    '/admin/privacy/expressions',
    { schema: { querystring: SavedQuery, hide: true } },
    async (req, reply) => {
      const rules = await listExpressionRules(ctx, req.actor);
      const saved = req.query.saved;
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
    },
  );

  crudFormRoutes(app, {
    newPath: '/admin/privacy/expressions/new',
    editPath: '/admin/privacy/expressions/:id',
    body: RuleFormBody,
    read: ruleInput,
    crumbs: [{ href: '/admin/privacy/expressions', label: '错敏词管理' }],
    titles: { new: '新增错敏词', edit: '编辑错敏词' },
    guard: (req) => requirePermission(req.actor, 'privacy.rules.manage'),
    load: async (req, id) => {
      const rule = await getExpressionRule(ctx, req.actor, id);
      return { title: `编辑：${rule.term}`, values: rule };
    },
    create: async (req, reply, input) => {
      await createExpressionRule(ctx, req.actor, input);
      return seeOther(reply, '/admin/privacy/expressions?saved=1');
    },
    update: async (req, reply, id, input) => {
      await updateExpressionRule(ctx, req.actor, id, input);
      return seeOther(reply, '/admin/privacy/expressions?saved=1');
    },
    page: async (_req, form) => (page) => <RuleForm page={page} form={form} />,
  });
};
