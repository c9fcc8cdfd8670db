/** Forms of the auth module's pages: sign-in, the TOTP code, a staff account. */
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Select } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { treeOrder, type Org } from '../../org/model.ts';
import { ROLE_KEYS, ROLES } from '../permissions.ts';
import type { UserInput } from '../service.ts';

/** The sign-in form (username and password). */
export function LoginForm({
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

/** The form asking for the TOTP code (sign-in's second step). */
export function TotpForm({
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

/** The form creating or editing a staff account. */
export function UserForm({
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
