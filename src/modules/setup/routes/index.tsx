/**
 * The setup pages: `/setup?token=…` (the link printed on first start) shows one form — site
 * identity, the 三员 accounts, the org tree typed in or uploaded as the XLSX template — that works
 * without JavaScript; `/setup/orgs-template.xlsx` is the template. An expired, reused or unknown
 * link gets a page saying what to do.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../../errors.ts';
import { checkUpload, sendDownload } from '../../../lib/uploads.ts';
import { formPost, readMultipart, UPLOAD_REFUSALS } from '../../../web/forms.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { passwordHint } from '../../auth/model.ts';
import { THREE_ADMIN_ROLES } from '../../auth/permissions.ts';
import { orgLinesToRows, readOrgWorkbook, templateWorkbook } from '../../org/xlsx.ts';
import { LINK_MESSAGES, runSetup, setupLinkState, type SetupInput } from '../service.ts';
import { SetupDone, SetupForm } from '../views/setup.tsx';

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
