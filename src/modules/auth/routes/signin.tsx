/** Signing in and out: /login, its TOTP step, /logout (portal pages, rate-limited). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../../errors.ts';
import { Notice } from '../../../web/components.tsx';
import { SESSION_COOKIE } from '../../../web/plugin.ts';
import { safeBack, seeOther } from '../../../web/render.ts';
import { renderPortal } from '../../../web/respond.tsx';
import { SESSION_ABSOLUTE_MS } from '../model.ts';
import { completeTotpLogin, login, logout } from '../service.ts';
import { LoginForm, TotpForm } from '../views/forms.tsx';

const LoginQuery = Type.Object({
  next: Type.Optional(Type.String()),
  expired: Type.Optional(Type.String()),
});

const NextQuery = Type.Object({ next: Type.Optional(Type.String()) });

const CodeBody = Type.Object({
  code: Type.String({ maxLength: 12 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

const LoginBody = Type.Object({
  username: Type.String({ maxLength: 64 }),
  password: Type.String({ maxLength: 128 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});

/** /login, /login/totp and /logout. */
export const signinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/login', { schema: { querystring: LoginQuery, hide: true } }, async (req, reply) => {
    const q = req.query;
    if (req.actor.kind === 'user') return reply.redirect(safeBack(q.next, '/admin'));
    return renderPortal(req, reply, { title: '工作人员登录' }, (page) => (
      <>
        <h1>工作人员登录</h1>
        {q.expired && <Notice kind="warning">登录已过期，请重新登录。</Notice>}
        <LoginForm page={page} next={safeBack(q.next, '/admin')} />
      </>
    ));
  });

  app.post(
    '/login',
    { schema: { body: LoginBody, hide: true }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const body = req.body;
      const next = safeBack(body.next, '/admin');
      try {
        const { token, mfaRequired } = await login(ctx, body.username, body.password, req.ip);
        reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.config.secureCookies,
          path: '/',
          maxAge: SESSION_ABSOLUTE_MS / 1000,
        });
        return seeOther(reply, mfaRequired ? `/login/totp?next=${encodeURIComponent(next)}` : next);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return renderPortal(req, reply, { title: '工作人员登录', status: e.status }, (page) => (
          <>
            <h1>工作人员登录</h1>
            <LoginForm page={page} next={next} error={e.userMessage} username={body.username} />
          </>
        ));
      }
    },
  );

  // Second step of signing in with a TOTP factor.
  app.get('/login/totp', { schema: { querystring: NextQuery, hide: true } }, async (req, reply) => {
    const next = safeBack(req.query.next, '/admin');
    return renderPortal(req, reply, { title: '动态验证码' }, (page) => (
      <>
        <h1>输入动态验证码</h1>
        <TotpForm page={page} action="/login/totp" next={next} />
      </>
    ));
  });
  app.post(
    '/login/totp',
    { schema: { body: CodeBody, hide: true }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const body = req.body;
      const next = safeBack(body.next, '/admin');
      try {
        await completeTotpLogin(ctx, req.cookies[SESSION_COOKIE] ?? '', body.code, req.ip);
        return seeOther(reply, next);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        if (e.code === 'unauthenticated') return seeOther(reply, `/login?next=${encodeURIComponent(next)}`);
        return renderPortal(req, reply, { title: '动态验证码', status: e.status }, (page) => (
          <>
            <h1>输入动态验证码</h1>
            <TotpForm page={page} action="/login/totp" next={next} error={e.userMessage} />
          </>
        ));
      }
    },
  );

  app.post('/logout', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return seeOther(reply, '/login');
  });
};
