/** Sign-in and sign-out, the current user, and user management (API and back office). */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice, Select } from '../../web/components.tsx';
import { formPost, int, list, str } from '../../web/forms.ts';
import type { PageContext } from '../../web/page.ts';
import { SESSION_COOKIE } from '../../web/plugin.ts';
import { safeBack, seeOther } from '../../web/render.ts';
import { renderAdmin, renderPortal } from '../../web/respond.tsx';
import { errors, IdParams, StrictObject } from '../../web/schemas.ts';
import { treeOrder, type Org } from '../org/model.ts';
import { listOrgs } from '../org/service.ts';
import { can, ROLE_KEYS, ROLES, type Role } from './permissions.ts';
import {
  changeOwnPassword,
  completeTotpLogin,
  confirmTotp,
  createUser,
  disableTotp,
  getUser,
  listUsers,
  login,
  logout,
  ownAccount,
  reauthenticate,
  startTotpEnrolment,
  updateUser,
  type User,
  type UserInput,
} from './service.ts';
import { passwordHint, SESSION_ABSOLUTE_MS } from './model.ts';

const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String({ description: '姓名' }),
  orgId: Type.Integer({ description: '所属机关' }),
  email: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()], { description: '锁定到（登录失败过多）' }),
  roles: Type.Array(Type.String(), { description: '角色' }),
  totp: Type.Boolean({ description: '已启用动态验证码（第二因素）' }),
});

const UserBody = StrictObject({
  username: Type.String({ minLength: 3, maxLength: 32 }),
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  orgId: Type.Integer({ minimum: 1 }),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  roles: Type.Array(Type.Union(ROLE_KEYS.map((r) => Type.Literal(r))), { maxItems: ROLE_KEYS.length }),
  active: Type.Optional(Type.Boolean()),
  password: Type.Optional(Type.String({ maxLength: 128 })),
});

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

function LoginForm({
  page,
  next,
  error,
  username,
}: {
  page: PageContext;
  next: string;
  error?: string;
  username?: string;
}) {
  return (
    <form method="post" action="/login" class="login-form" novalidate>
      <CsrfField page={page} />
      <input type="hidden" name="next" value={next} />
      <ErrorSummary message={error} />
      <Field
        label="用户名"
        name="username"
        value={username}
        required
        autocomplete="username"
        maxLength={64}
      />
      <Field
        label="密码"
        name="password"
        type="password"
        required
        autocomplete="current-password"
        maxLength={128}
      />
      <div class="actions">
        <button type="submit">登录</button>
      </div>
    </form>
  );
}

function TotpForm({
  page,
  action,
  next,
  error,
}: {
  page: PageContext;
  action: string;
  next: string;
  error?: string;
}) {
  return (
    <form method="post" action={action} class="login-form" novalidate>
      <CsrfField page={page} />
      <input type="hidden" name="next" value={next} />
      <ErrorSummary message={error} />
      <Field
        label="动态验证码"
        name="code"
        required
        autocomplete="one-time-code"
        maxLength={6}
        hint="手机身份验证器应用中显示的 6 位数字"
      />
      <div class="actions">
        <button type="submit">验证</button>
      </div>
    </form>
  );
}

function UserForm({
  page,
  orgs,
  user,
  action,
  error,
  isNew,
  hint,
}: {
  page: PageContext;
  orgs: Org[];
  user?: Partial<UserInput>;
  action: string;
  error?: AppError;
  isNew: boolean;
  hint: string;
}) {
  const roles = new Set(user?.roles ?? []);
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <Field
        label="用户名"
        name="username"
        value={user?.username}
        required
        error={error?.fields.username}
        autocomplete="off"
        maxLength={32}
      />
      <Field
        label="姓名"
        name="displayName"
        value={user?.displayName}
        required
        error={error?.fields.displayName}
        maxLength={50}
      />
      <Select
        label="所属机关"
        name="orgId"
        value={user?.orgId}
        error={error?.fields.orgId}
        options={treeOrder(orgs).map(({ org, depth }) => ({
          value: org.id,
          label: `${'　'.repeat(depth)}${org.name}`,
        }))}
      />
      <Field
        label="电子邮箱"
        name="email"
        type="email"
        value={user?.email}
        error={error?.fields.email}
        hint="用于接收提醒邮件（可不填）"
      />
      <fieldset>
        <legend>角色</legend>
        {error?.fields.roles && <p class="error">{error.fields.roles}</p>}
        {ROLE_KEYS.map((r) => (
          <label class="checkbox">
            <input type="checkbox" name="roles" value={r} checked={roles.has(r)} /> {ROLES[r]}
          </label>
        ))}
      </fieldset>
      <Field
        label={isNew ? '初始密码' : '新密码'}
        name="password"
        type="password"
        required={isNew}
        error={error?.fields.password}
        hint={isNew ? hint : '不修改请留空；重设的密码在用户首次登录后须修改'}
        autocomplete="new-password"
      />
      <label class="checkbox">
        <input type="checkbox" name="active" value="1" checked={user?.active !== false} /> 账号启用
      </label>
      <div class="actions">
        <button type="submit">保存</button>
        <a href="/admin/users">取消</a>
      </div>
    </form>
  );
}

function userFormInput(body: unknown): UserInput {
  const b = (body ?? {}) as Record<string, unknown>;
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

export const authRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  app.get('/login', async (req, reply) => {
    const q = req.query as Record<string, string>;
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
      const body = req.body as { username: string; password: string; next?: string };
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
  app.get('/login/totp', async (req, reply) => {
    const next = safeBack((req.query as Record<string, string>).next, '/admin');
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
      const body = req.body as { code: string; next?: string };
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

  // Re-authentication before a sensitive action; returns to the page the action started from.
  const reauthPage = (req: FastifyRequest, reply: FastifyReply, next: string, error?: AppError) =>
    renderAdmin(req, reply, { title: '重新验证身份', status: error?.status ?? 200 }, (page) => (
      <>
        <h1>重新验证身份</h1>
        <p>
          您要进行的操作（调整角色、越过审查提示、导出或查看个人信息等）需要再次确认身份。验证后{' '}
          {ctx.config.reauthMinutes} 分钟内无需重复验证。
        </p>
        <form method="post" action="/admin/reauth" class="login-form" novalidate>
          <CsrfField page={page} />
          <input type="hidden" name="next" value={next} />
          <ErrorSummary message={error?.userMessage} />
          <Field
            label="密码"
            name="password"
            type="password"
            required
            autocomplete="current-password"
            maxLength={128}
            error={error?.fields.password}
          />
          {req.actor.kind === 'user' && page.user && (
            <Field
              label="动态验证码（已启用时填写）"
              name="code"
              autocomplete="one-time-code"
              maxLength={6}
            />
          )}
          <div class="actions">
            <button type="submit">验证并继续</button>
          </div>
        </form>
      </>
    ));
  app.get('/admin/reauth', async (req, reply) =>
    reauthPage(req, reply, safeBack((req.query as Record<string, string>).next, '/admin')),
  );
  app.post(
    '/admin/reauth',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      const next = safeBack(str(b.next), '/admin');
      return formPost(
        async () => {
          await reauthenticate(
            ctx,
            req.actor,
            req.cookies[SESSION_COOKIE] ?? '',
            typeof b.password === 'string' ? b.password : '',
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
    if (req.actor.kind !== 'user') throw new AppError('unauthenticated', '请先登录');
    const me = await ownAccount(ctx, req.actor);
    const e = opts.error;
    return renderAdmin(req, reply, { title: '我的账号', status: e?.status ?? 200 }, (page) => (
      <>
        <h1>我的账号</h1>
        {req.actor.kind === 'user' && req.actor.passwordExpired && (
          <Notice kind="warning">您的密码已过期（或由管理员重设），请先设置新密码。</Notice>
        )}
        {opts.saved && <Notice kind="success">{opts.saved}</Notice>}
        <h2>修改密码</h2>
        <form method="post" action="/admin/account/password" novalidate>
          <CsrfField page={page} />
          <ErrorSummary message={e?.fields.current || e?.fields.password ? e.userMessage : undefined} />
          <Field
            label="当前密码"
            name="current"
            type="password"
            required
            autocomplete="current-password"
            maxLength={128}
            error={e?.fields.current}
          />
          <Field
            label="新密码"
            name="password"
            type="password"
            required
            autocomplete="new-password"
            maxLength={128}
            error={e?.fields.password}
            hint={passwordHint(ctx.config.passwordPolicy)}
          />
          <div class="actions">
            <button type="submit">修改密码</button>
          </div>
        </form>
        <h2>动态验证码（第二因素，可选）</h2>
        {me.totp ? (
          <p>已启用。如手机丢失，请联系安全管理员停用后重新绑定。</p>
        ) : opts.enrol || me.totpPending ? (
          <>
            {opts.enrol && (
              <>
                <p>
                  在手机身份验证器应用中手动添加以下密钥（或用支持 otpauth
                  链接的应用打开链接），然后输入应用显示的 6 位验证码确认。
                </p>
                <dl>
                  <dt>密钥</dt>
                  <dd>
                    <code>{opts.enrol.secret}</code>
                  </dd>
                  <dt>链接</dt>
                  <dd>
                    <code>{opts.enrol.uri}</code>
                  </dd>
                </dl>
              </>
            )}
            <form method="post" action="/admin/account/totp/confirm" novalidate>
              <CsrfField page={page} />
              <ErrorSummary message={e?.fields.code ? e.userMessage : undefined} />
              <Field
                label="动态验证码"
                name="code"
                required
                autocomplete="one-time-code"
                maxLength={6}
                error={e?.fields.code}
              />
              <div class="actions">
                <button type="submit">确认启用</button>
              </div>
            </form>
          </>
        ) : null}
        {!me.totp && (
          <form method="post" action="/admin/account/totp" novalidate>
            <CsrfField page={page} />
            <button type="submit">{me.totpPending ? '重新生成密钥' : '绑定动态验证码'}</button>
          </form>
        )}
      </>
    ));
  };
  app.get('/admin/account', async (req, reply) =>
    accountPage(req, reply, { saved: (req.query as Record<string, string>).saved ? '已保存。' : undefined }),
  );
  app.post(
    '/admin/account/password',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, unknown>;
      return formPost(
        async () => {
          await changeOwnPassword(
            ctx,
            req.actor,
            typeof b.current === 'string' ? b.current : '',
            typeof b.password === 'string' ? b.password : '',
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
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (req, reply) =>
      formPost(
        async () => {
          await confirmTotp(ctx, req.actor, str((req.body as Record<string, unknown>)?.code));
          return seeOther(reply, '/admin/account?saved=1');
        },
        (error) => accountPage(req, reply, { error }),
      ),
  );
  app.post(
    '/admin/users/:id/totp/disable',
    { schema: { params: IdParams, hide: true } },
    async (req, reply) => {
      const id = (req.params as { id: number }).id;
      await disableTotp(ctx, req.actor, id);
      return seeOther(reply, '/admin/users?saved=1');
    },
  );

  app.post('/logout', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return seeOther(reply, '/login');
  });

  app.get(
    '/api/v1/me',
    {
      schema: {
        operationId: 'auth.me.get',
        tags: ['账号'],
        summary: '当前登录用户',
        response: { 200: UserSchema, ...errors(401) },
      },
    },
    async (req) => {
      if (req.actor.kind !== 'user')
        throw new AppError('unauthenticated', req.sessionExpired ? '登录已过期，请重新登录' : '请先登录');
      const a = req.actor;
      const u = await ownAccount(ctx, a);
      return {
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        orgId: a.orgId,
        email: u.email,
        active: true,
        lockedUntil: null,
        roles: a.roles,
        totp: u.totp,
      };
    },
  );
  app.get(
    '/api/v1/users',
    {
      schema: {
        operationId: 'auth.users.list',
        tags: ['账号'],
        summary: '用户列表',
        response: { 200: Type.Array(UserSchema), ...errors(401, 403) },
      },
    },
    (req) => listUsers(ctx, req.actor),
  );
  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        operationId: 'auth.users.get',
        tags: ['账号'],
        summary: '用户详情',
        params: IdParams,
        response: { 200: UserSchema, ...errors(401, 403, 404) },
      },
    },
    (req) => getUser(ctx, req.actor, (req.params as { id: number }).id),
  );
  app.post(
    '/api/v1/users',
    {
      schema: {
        operationId: 'auth.users.create',
        tags: ['账号'],
        summary: '新建用户',
        body: UserBody,
        response: { 201: UserSchema, ...errors(400, 401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(ctx, req.actor, req.body as UserInput)),
  );
  app.put(
    '/api/v1/users/:id',
    {
      schema: {
        operationId: 'auth.users.update',
        tags: ['账号'],
        summary: '修改用户（角色、机关、启用、密码）',
        params: IdParams,
        body: UserBody,
        response: { 200: UserSchema, ...errors(400, 401, 403, 404) },
      },
    },
    (req) => updateUser(ctx, req.actor, (req.params as { id: number }).id, req.body as UserInput),
  );

  app.get('/admin/users', async (req, reply) => {
    const [users, orgs] = await Promise.all([listUsers(ctx, req.actor), listOrgs(ctx, req.actor)]);
    const orgName = new Map(orgs.map((o) => [o.id, o.shortName]));
    const saved = (req.query as Record<string, string>).saved;
    const canManage = can(req.actor, 'user.manage');
    return renderAdmin(req, reply, { title: '用户管理' }, (page) => (
      <>
        <h1>用户管理</h1>
        {saved && <Notice kind="success">已保存。</Notice>}
        <p class="actions">
          <a class="button" href="/admin/users/new">
            新建用户
          </a>
        </p>
        <div class="table-wrap">
          <table>
            <caption>用户（共 {users.length} 个）</caption>
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">姓名</th>
                <th scope="col">机关</th>
                <th scope="col">角色</th>
                <th scope="col">状态</th>
                <th scope="col">动态验证码</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u: User) => (
                <tr>
                  <td>{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>{orgName.get(u.orgId)}</td>
                  <td>{u.roles.map((r) => ROLES[r]).join('、')}</td>
                  <td>
                    {!u.active
                      ? '停用'
                      : u.lockedUntil && u.lockedUntil > ctx.clock.now().toISOString()
                        ? '锁定中'
                        : '正常'}
                  </td>
                  <td>
                    {u.totp ? '已启用' : '未启用'}
                    {u.totp && canManage && (
                      <form method="post" action={`/admin/users/${u.id}/totp/disable`} class="inline">
                        <CsrfField page={page} />
                        <button type="submit" aria-label={`停用 ${u.username} 的动态验证码`}>
                          停用
                        </button>
                      </form>
                    )}
                  </td>
                  <td>
                    <a href={`/admin/users/${u.id}`} aria-label={`编辑 ${u.username}`}>
                      编辑
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </>
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
  app.post('/admin/users/new', async (req, reply) => {
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
    const user = await getUser(ctx, req.actor, (req.params as { id: number }).id);
    return renderForm(req, reply, `编辑用户：${user.username}`, `/admin/users/${user.id}`, false, user);
  });
  app.post('/admin/users/:id', { schema: { params: IdParams, hide: true } }, async (req, reply) => {
    const id = (req.params as { id: number }).id;
    const input = userFormInput(req.body);
    return formPost(
      async () => {
        await updateUser(ctx, req.actor, id, input);
        return seeOther(reply, '/admin/users?saved=1');
      },
      (e) => renderForm(req, reply, '编辑用户', `/admin/users/${id}`, false, input, e),
    );
  });
};
