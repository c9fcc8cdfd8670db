/**
 * The setup pages: `/setup?token=…` (the link printed on first start) shows one form — site
 * identity, the 三员 accounts, the org tree typed in or uploaded as the XLSX template — that works
 * without JavaScript; `/setup/orgs-template.xlsx` is the template. An expired, reused or unknown
 * link gets a page saying what to do.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../errors.ts';
import { checkUpload, sendDownload } from '../../lib/uploads.ts';
import { ErrorSummary, Field, FileField, Notice, Select, TextArea } from '../../web/components.tsx';
import { formPost, readMultipart, UPLOAD_REFUSALS } from '../../web/forms.ts';
import type { PageContext } from '../../web/page.ts';
import { renderPortal } from '../../web/respond.tsx';
import { passwordHint } from '../auth/model.ts';
import { ROLES, THREE_ADMIN_ROLES } from '../auth/permissions.ts';
import { ORG_COLUMNS, KIND_WORDS, orgLinesToRows, readOrgWorkbook, templateWorkbook } from '../org/xlsx.ts';
import { SITE_FIELDS, SITE_LEVELS } from '../portal/site.ts';
import { LINK_MESSAGES, runSetup, setupLinkState, type SetupInput, type SetupReport } from './service.ts';

const MAX_ORG_FILE = 2 * 1024 * 1024;
const crumbs = [
  { href: '/', label: '首页' },
  { href: '/setup', label: '初始设置' },
];

const TokenQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 200 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

/** The form's fields → the setup input (the org table from the file when one is given, else the lines). */
async function setupInputOf(fields: Record<string, string>, file: Buffer | undefined): Promise<SetupInput> {
  const f = (k: string) => (fields[k] ?? '').trim();
  return {
    site: {
      name: f('name'),
      sponsor: f('sponsor'),
      siteCode: f('siteCode'),
      icp: f('icp'),
      psb: f('psb'),
      contact: f('contact'),
      level: f('level') || undefined,
      parentGovernment: f('parentGovernment'),
      numberPrefix: f('numberPrefix').toUpperCase() || undefined,
    },
    accounts: THREE_ADMIN_ROLES.map((role) => ({
      role,
      username: f(`${role}.username`),
      displayName: f(`${role}.displayName`),
      password: fields[`${role}.password`] ?? '',
    })),
    orgRows: file ? await readOrgWorkbook(file) : orgLinesToRows(fields.orgLines ?? ''),
    adminOrg: f('adminOrg') || undefined,
  };
}

function SetupForm({
  page,
  token,
  values,
  error,
  policyHint,
}: {
  page: PageContext;
  token: string;
  values: Record<string, string>;
  error?: AppError;
  policyHint: string;
}) {
  const e = error?.fields ?? {};
  const v = (k: string) => values[k] ?? '';
  const action = `/setup?token=${encodeURIComponent(token)}&_csrf=${encodeURIComponent(page.csrfToken)}`;
  return (
    <>
      <h1>初始设置</h1>
      <p>
        欢迎使用政务公开平台。请填写本单位网站的基本信息，创建“三员”账号，并导入机关树。提交后系统会创建标准的政府信息公开目录栏目（内容为空）。初始设置只能进行一次。
      </p>
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <fieldset>
          <legend>网站信息</legend>
          <Field
            label={SITE_FIELDS.name}
            name="name"
            value={v('name')}
            required
            maxLength={50}
            error={e.name}
            hint="显示在每个页面的顶部，如“某县人民政府”"
          />
          <Field
            label={SITE_FIELDS.sponsor}
            name="sponsor"
            value={v('sponsor')}
            required
            maxLength={100}
            error={e.sponsor}
            hint="如“某县人民政府办公室”"
          />
          <Field
            label={SITE_FIELDS.siteCode}
            name="siteCode"
            value={v('siteCode')}
            maxLength={10}
            error={e.siteCode}
            hint="10 位数字，见政府网站管理系统"
          />
          <Field label={SITE_FIELDS.icp} name="icp" value={v('icp')} maxLength={100} error={e.icp} />
          <Field label={SITE_FIELDS.psb} name="psb" value={v('psb')} maxLength={100} error={e.psb} />
          <Field
            label={SITE_FIELDS.contact}
            name="contact"
            value={v('contact')}
            maxLength={100}
            error={e.contact}
            hint="网站页脚显示的联系电话或电子邮箱"
          />
          <Select
            label={SITE_FIELDS.level}
            name="level"
            value={v('level')}
            error={e.level}
            options={[
              { value: '', label: '请选择' },
              ...Object.entries(SITE_LEVELS).map(([value, label]) => ({ value, label })),
            ]}
          />
          <Field
            label={SITE_FIELDS.parentGovernment}
            name="parentGovernment"
            value={v('parentGovernment')}
            maxLength={100}
            error={e.parentGovernment}
            hint="如“某市人民政府”；本级人民政府的行政复议机关"
          />
          <Field
            label={SITE_FIELDS.numberPrefix}
            name="numberPrefix"
            value={v('numberPrefix')}
            maxLength={8}
            error={e.numberPrefix}
            hint="2 至 8 个英文字母，用在申请编号中，如 YSQ（2026-YSQ-00001）；不填则为 YSQ"
          />
        </fieldset>
        <fieldset>
          <legend>“三员”账号</legend>
          <p class="hint">
            系统管理员、安全管理员、审计管理员须由三个不同的账号担任。密码要求：{policyHint}。
          </p>
          {THREE_ADMIN_ROLES.map((role) => (
            <fieldset>
              <legend>{ROLES[role]}</legend>
              <Field
                label="用户名"
                name={`${role}.username`}
                value={v(`${role}.username`)}
                required
                maxLength={32}
                error={e[`${role}.username`]}
                autocomplete="off"
              />
              <Field
                label="姓名"
                name={`${role}.displayName`}
                value={v(`${role}.displayName`)}
                required
                maxLength={50}
                error={e[`${role}.displayName`]}
              />
              <Field
                label="密码"
                name={`${role}.password`}
                type="password"
                required
                maxLength={200}
                error={e[`${role}.password`]}
                autocomplete="new-password"
              />
            </fieldset>
          ))}
        </fieldset>
        <fieldset>
          <legend>机关树</legend>
          <p>
            上传机关表（<a href="/setup/orgs-template.xlsx">下载 Excel 模板</a>
            ），或在下面逐行填写。列依次为：{ORG_COLUMNS.map(([, h]) => h).join('｜')}。类型为：
            {Object.values(KIND_WORDS)
              .map((w) => w[0])
              .join('、')}
            。
          </p>
          <FileField
            label="机关表（.xlsx）"
            name="orgFile"
            accept=".xlsx"
            error={e.file}
            hint="上传文件时以文件为准，下面填写的内容不再使用"
          />
          <TextArea
            label="逐行填写机关"
            name="orgLines"
            value={v('orgLines')}
            rows={8}
            maxLength={100000}
            error={e.orgs}
            hint="每行一个机关，用“｜”分隔各列，不需要的列可留空，如：某县人民政府｜县政府｜｜人民政府｜"
          />
          <Field
            label="三员账号和信息公开栏目所属机关"
            name="adminOrg"
            value={v('adminOrg')}
            maxLength={100}
            error={e.adminOrg}
            hint="填写表中机关的全称；留空时为本级人民政府"
          />
        </fieldset>
        <div class="actions">
          <button type="submit">完成初始设置</button>
        </div>
      </form>
    </>
  );
}

function SetupDone({ report }: { report: SetupReport }) {
  return (
    <>
      <h1>初始设置已完成</h1>
      <Notice kind="success">
        网站“{report.site.name}”已建立：{report.orgs} 个机关，{report.columns}{' '}
        个政府信息公开栏目（内容为空）。
      </Notice>
      <h2>已创建的账号</h2>
      <ul>
        {report.accounts.map((a) => (
          <li>
            {a.role}：{a.username}
          </li>
        ))}
      </ul>
      <p>请由安全管理员登录后，为各单位创建信息员、审核人、承办人等账号。</p>
      <h2>工作日历</h2>
      <ul>
        {report.calendar.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
      <p>
        <a href="/login">登录后台</a>
      </p>
    </>
  );
}

export const setupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;
  const refused = (req: FastifyRequest, reply: FastifyReply, state: keyof typeof LINK_MESSAGES) => {
    const m = LINK_MESSAGES[state];
    return renderPortal(
      req,
      reply,
      { title: m.title, crumbs, status: m.status },
      <>
        <h1>{m.title}</h1>
        <p>{m.text}</p>
      </>,
    );
  };
  const form = (
    req: FastifyRequest,
    reply: FastifyReply,
    token: string,
    values: Record<string, string> = {},
    error?: AppError,
  ) =>
    renderPortal(req, reply, { title: '初始设置', crumbs, status: error?.status ?? 200 }, (page) => (
      <SetupForm
        page={page}
        token={token}
        values={values}
        error={error}
        policyHint={passwordHint(ctx.config.passwordPolicy)}
      />
    ));

  app.get('/setup', { schema: { hide: true, querystring: TokenQuery } }, async (req, reply) => {
    const token = req.query.token ?? '';
    const state = await setupLinkState(ctx, token);
    return state === 'ok' ? form(req, reply, token) : refused(req, reply, state);
  });

  app.post('/setup', { schema: { hide: true, querystring: TokenQuery } }, async (req, reply) => {
    const token = req.query.token ?? '';
    const state = await setupLinkState(ctx, token);
    if (state !== 'ok') return refused(req, reply, state);
    const fields: Record<string, string> = {};
    return formPost(
      async () => {
        const { files } = await readMultipart(
          req,
          { maxBytes: MAX_ORG_FILE, maxFiles: 1, maxFields: 60 },
          fields,
        );
        const file = files.find((x) => x.field === 'orgFile');
        if (file)
          await checkUpload(
            { filename: file.name, data: file.data },
            { kinds: ['xlsx'], maxBytes: MAX_ORG_FILE },
          );
        const report = await runSetup(ctx, await setupInputOf(fields, file?.data), {
          token,
          via: 'web',
          ip: req.ip,
        });
        return renderPortal(req, reply, { title: '初始设置已完成', crumbs }, <SetupDone report={report} />);
      },
      async (e) => {
        // Lost the race, or the link expired meanwhile: the refusal page, not the form again.
        const now = await setupLinkState(ctx, token);
        if (now !== 'ok') return refused(req, reply, now);
        const {
          orgLines,
          name,
          sponsor,
          siteCode,
          icp,
          psb,
          contact,
          level,
          parentGovernment,
          numberPrefix,
          adminOrg,
        } = fields;
        const keep: Record<string, string> = {
          orgLines,
          name,
          sponsor,
          siteCode,
          icp,
          psb,
          contact,
          level,
          parentGovernment,
          numberPrefix,
          adminOrg,
        };
        for (const role of THREE_ADMIN_ROLES)
          for (const k of ['username', 'displayName']) keep[`${role}.${k}`] = fields[`${role}.${k}`];
        return form(req, reply, token, keep, e);
      },
      [...UPLOAD_REFUSALS, 'invalid_state'],
    );
  });

  app.get('/setup/orgs-template.xlsx', { schema: { hide: true } }, async (_req, reply) =>
    sendDownload(reply, {
      name: '机关表模板.xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await templateWorkbook(),
    }),
  );
};
