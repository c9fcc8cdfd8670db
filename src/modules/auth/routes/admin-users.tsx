/** Staff accounts in the back office (/admin/users): list, create, edit, turn a second factor off. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { crudFormRoutes } from '../../../web/crud.tsx';
import { int, list, str } from '../../../web/forms.ts';
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
function userFormInput(b: Static<typeof UserFormBody>): UserInput {
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

  crudFormRoutes(app, {
    newPath: '/admin/users/new',
    editPath: '/admin/users/:id',
    body: UserFormBody,
    read: userFormInput,
    crumbs: [{ href: '/admin/users', label: '用户管理' }],
    titles: { new: '新建用户', edit: '编辑用户' },
    guard: (req) => listUsers(ctx, req.actor), // permission check
    load: async (req, id) => {
      const user = await getUser(ctx, req.actor, id);
      return { title: `编辑用户：${user.username}`, values: user };
    },
    create: async (req, reply, input) => {
      await createUser(ctx, req.actor, input);
      return seeOther(reply, '/admin/users?saved=1');
    },
    update: async (req, reply, id, input) => {
      await updateUser(ctx, req.actor, id, input);
      return seeOther(reply, '/admin/users?saved=1');
    },
    page: async (req, form) => {
      const orgs = await listOrgs(ctx, req.actor);
      const hint = passwordHint(ctx.config.passwordPolicy);
      return (page) => <UserForm page={page} form={form} orgs={orgs} hint={hint} />;
    },
  });
  app.post(
    '/admin/users/:id/totp/disable',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      await disableTotp(ctx, req.actor, req.params.id);
      return seeOther(reply, '/admin/users?saved=1');
    },
  );
};
