/** Staff accounts in the back office (/admin/users): list, create, edit, turn a second factor off. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../../errors.ts';
import { formPost, int, list, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField, IdParams, SavedQuery } from '../../../web/schemas.ts';
import { listOrgs } from '../../org/service.ts';
import { passwordHint } from '../model.ts';
import { can, type Role } from '../permissions.ts';
import { createUser, disableTotp, getUser, listUsers, updateUser, type UserInput } from '../service.ts';
import { UserForm } from '../views/forms.tsx';
import { UserList } from '../views/users.tsx';

const UserFormBody = FormBody({
  username: FormField,
  displayName: FormField,
  orgId: FormField,
  email: FormField,
  roles: FormField,
  active: FormField,
  password: FormField,
});

/** The account form's fields as a use-case input (text kept; the use case says what is wrong). */
function userFormInput(b: {
  username?: string | string[];
  displayName?: string | string[];
  orgId?: string | string[];
  email?: string | string[];
  roles?: string | string[];
  active?: string | string[];
  password?: string | string[];
}): UserInput {
  return {
    username: str(b.username),
    displayName: str(b.displayName),
    orgId: int(b.orgId) ?? 0,
    email: str(b.email) || null,
    roles: list(b.roles) as Role[],
    active: list(b.active).includes('1'),
    password: str(b.password) || undefined,
  };
}

/** /admin/users and its forms. */
export const adminUserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  app.get('/admin/users', { schema: { querystring: SavedQuery, hide: true } }, async (req, reply) => {
    const [users, orgs] = await Promise.all([listUsers(ctx, req.actor), listOrgs(ctx, req.actor)]);
    const orgName = new Map(orgs.map((o) => [o.id, o.shortName]));
    return renderAdmin(req, reply, { title: '用户管理' }, (page) => (
      <UserList
        page={page}
        users={users}
        orgName={orgName}
        canManage={can(req.actor, 'user.manage')}
        now={ctx.clock.now().toISOString()}
        saved={!!req.query.saved}
      />
    ));
  });

  const renderForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    title: string,
    action: string,
    isNew: boolean,
    user?: Partial<UserInput>,
    error?: AppError,
  ) => {
    const orgs = await listOrgs(ctx, req.actor);
    return renderAdmin(
      req,
      reply,
      {
        title,
        status: error?.status ?? 200,
        crumbs: [
          { href: '/admin/users', label: '用户管理' },
          { href: action, label: title },
        ],
      },
      (page) => (
        <>
          <h1>{title}</h1>
          <UserForm
            page={page}
            orgs={orgs}
            user={user}
            action={action}
            error={error}
            isNew={isNew}
            hint={passwordHint(ctx.config.passwordPolicy)}
          />
        </>
      ),
    );
  };

  app.get('/admin/users/new', async (req, reply) => {
    await listUsers(ctx, req.actor); // permission check
    return renderForm(req, reply, '新建用户', '/admin/users/new', true);
  });
  app.post('/admin/users/new', { schema: { body: UserFormBody, hide: true } }, async (req, reply) => {
    const input = userFormInput(req.body);
    return formPost(
      async () => {
        await createUser(ctx, req.actor, input);
        return seeOther(reply, '/admin/users?saved=1');
      },
      (e) => renderForm(req, reply, '新建用户', '/admin/users/new', true, input, e),
    );
  });
  app.get('/admin/users/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const user = await getUser(ctx, req.actor, req.params.id);
    return renderForm(req, reply, `编辑用户：${user.username}`, `/admin/users/${user.id}`, false, user);
  });
  app.post(
    '/admin/users/:id',
    { schema: { params: IdParams, body: UserFormBody, hide: true } },
    async (req, reply) => {
      const id = req.params.id;
      const input = userFormInput(req.body);
      return formPost(
        async () => {
          await updateUser(ctx, req.actor, id, input);
          return seeOther(reply, '/admin/users?saved=1');
        },
        (e) => renderForm(req, reply, '编辑用户', `/admin/users/${id}`, false, input, e),
      );
    },
  );
  app.post(
    '/admin/users/:id/totp/disable',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      await disableTotp(ctx, req.actor, req.params.id);
      return seeOther(reply, '/admin/users?saved=1');
    },
  );
};
