/**
 * The switch between one person's sites, on the target site (`/auth/handoff`): the person confirms
 * first (a link alone signs nobody in, so a token sent to someone else cannot sign them into the
 * sender's account unawares, and a link preview cannot use it), then the token opens a session.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalidState } from '../../errors.ts';
import { SESSION_ABSOLUTE_MS } from '../../modules/auth/model.ts';
import { startLinkedSession } from '../../modules/auth/service.ts';
import { str } from '../../web/forms.ts';
import { SESSION_COOKIE } from '../../web/plugin.ts';
import { seeOther } from '../../web/render.ts';
import { renderPortal } from '../../web/respond.tsx';
import { FormBody, FormField } from '../../web/schemas.ts';
import { peekHandoff, takeHandoff } from '../links.ts';
import { HandoffConfirmPage, HandoffRefused } from '../views/sites.tsx';
import type { PlatformAccess } from './access.ts';

const TokenQuery = Type.Object({ token: FormField });
const TokenForm = FormBody({ token: FormField });

export const platformPortalRoutes: FastifyPluginAsyncTypebox<{ access: PlatformAccess }> = async (
  app,
  { access },
) => {
  const ctx = app.ctx;
  const { isPlatform } = access;

  app.get('/auth/handoff', { schema: { querystring: TokenQuery } }, async (req, reply) => {
    const token = str(req.query.token);
    const found =
      isPlatform && token
        ? await (async () => {
            const { platform, site } = await access.here();
            const h = await peekHandoff(platform, site, token, ctx.clock.now());
            return h && { ...h, site };
          })()
        : null;
    const title = '切换站点';
    if (!found) return renderPortal(req, reply, { title, status: 400 }, <HandoffRefused title={title} />);
    return renderPortal(req, reply, { title }, (page) => (
      <HandoffConfirmPage page={page} title={title} token={token} found={found} />
    ));
  });

  app.post('/auth/handoff', { schema: { body: TokenForm } }, async (req, reply) => {
    if (!isPlatform) throw invalidState('本部署只有一个站点');
    const token = str(req.body?.token);
    const { platform, site } = await access.here();
    const h = await takeHandoff(platform, site, token, ctx.clock.now());
    const s = await startLinkedSession(ctx, h.username, req.ip, h.from);
    reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies,
      path: '/',
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });
    return seeOther(reply, s.mfaRequired ? '/login/totp?next=%2Fadmin' : '/admin');
  });
};
