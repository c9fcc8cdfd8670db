/** The signed-in member of staff's own account: re-authentication, password, TOTP enrolment. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../errors.ts';
import { formPost, str } from '../../../web/forms.ts';
import { SESSION_COOKIE } from '../../../web/plugin.ts';
import { safeBack, seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, SavedQuery } from '../../../web/schemas.ts';
import { passwordHint } from '../model.ts';
import {
  changeOwnPassword,
  confirmTotp,
  ownAccount,
  reauthenticate,
  startTotpEnrolment,
} from '../service.ts';
import { AccountPage, ReauthPage } from '../views/account.tsx';

const NextQuery = Type.Object({ next: Type.Optional(Type.String()) });
const ReauthForm = FormBody({ next: FormField, password: FormField, code: FormField });
const PasswordForm = FormBody({ current: FormField, password: FormField });
const CodeForm = FormBody({ code: FormField });

/** A password field as typed: kept exactly (spaces count), '' when absent or repeated. */
const secret = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');

/** /admin/reauth and /admin/account. */
export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  // Re-authentication before a sensitive action; returns to the page the action started from.
  const reauthPage = (req: FastifyRequest, reply: FastifyReply, next: string, error?: AppError) =>
    renderAdmin(req, reply, { title: '重新验证身份', status: error?.status ?? 200 }, (page) => (
      <ReauthPage
        page={page}
        next={next}
        reauthMinutes={ctx.config.reauthMinutes}
        askCode={req.actor.kind === 'user' && !!page.user}
        error={error}
      />
    ));
  app.get('/admin/reauth', { schema: { querystring: NextQuery, hide: true } }, async (req, reply) =>
    reauthPage(req, reply, safeBack(req.query.next, '/admin')),
  );
  app.post(
    '/admin/reauth',
    { schema: { body: ReauthForm, hide: true }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const b = req.body;
      const next = safeBack(str(b.next), '/admin');
      return formPost(
        async () => {
          await reauthenticate(
            ctx,
            req.actor,
            req.cookies[SESSION_COOKIE] ?? '',
            secret(b.password),
            str(b.code),
          );
          return seeOther(reply, next);
        },
        (e) => reauthPage(req, reply, next, e),
      );
    },
  );

  // My account: change password (also when expired), enrol a TOTP second factor.
  const accountPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { error?: AppError; enrol?: { secret: string; uri: string }; saved?: string } = {},
  ) => {
    const actor = req.actor;
    if (actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
    const me = await ownAccount(ctx, actor);
    return renderAdmin(req, reply, { title: '我的账号', status: opts.error?.status ?? 200 }, (page) => (
      <AccountPage
        page={page}
        me={me}
        passwordExpired={!!actor.passwordExpired}
        passwordHint={passwordHint(ctx.config.passwordPolicy)}
        error={opts.error}
        enrol={opts.enrol}
        saved={opts.saved}
      />
    ));
  };
  app.get('/admin/account', { schema: { querystring: SavedQuery, hide: true } }, async (req, reply) =>
    accountPage(req, reply, { saved: req.query.saved ? '已保存。' : undefined }),
  );
  app.post(
    '/admin/account/password',
    {
      schema: { body: PasswordForm, hide: true },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req, reply) => {
      const b = req.body;
      return formPost(
        async () => {
          await changeOwnPassword(
            ctx,
            req.actor,
            secret(b.current),
            secret(b.password),
            req.cookies[SESSION_COOKIE],
          );
          return seeOther(reply, '/admin/account?saved=1');
        },
        (error) => accountPage(req, reply, { error }),
      );
    },
  );
  app.post('/admin/account/totp', async (req, reply) =>
    accountPage(req, reply, { enrol: await startTotpEnrolment(ctx, req.actor) }),
  );
  app.post(
    '/admin/account/totp/confirm',
    { schema: { body: CodeForm, hide: true }, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) =>
      formPost(
        async () => {
          await confirmTotp(ctx, req.actor, str(req.body.code));
          return seeOther(reply, '/admin/account?saved=1');
        },
        (error) => accountPage(req, reply, { error }),
      ),
  );
};
