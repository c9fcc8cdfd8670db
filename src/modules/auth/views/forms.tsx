/** Forms of the auth module's pages: sign-in, the TOTP code, a staff account. */
import { CsrfField, ErrorSummary, Field } from '../../../web/components.tsx';
import { CrudForm, type CrudField, type FormState } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { orgOptions, type Org } from '../../org/model.ts';
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

/** The form creating or editing a staff account; `hint` is the password policy, for a new account's password. */
export function UserForm({
  page,
  form,
  orgs,
  hint,
}: {
  page: PageContext;
  form: FormState<UserInput>;
  orgs: Org[];
  hint: string;
}) {
  const fields: CrudField[] = [
    { name: 'username', label: '用户名', required: true, autocomplete: 'off', maxLength: 32 },
    { name: 'displayName', label: '姓名', required: true, maxLength: 50 },
    { kind: 'select', name: 'orgId', label: '所属机关', options: orgOptions(orgs) },
    { kind: 'email', name: 'email', label: '电子邮箱', hint: '用于接收提醒邮件（可不填）' },
    {
      kind: 'checkboxes',
      name: 'roles',
      label: '角色',
      options: ROLE_KEYS.map((r) => ({ value: r, label: ROLES[r] })),
    },
    {
      kind: 'password',
      name: 'password',
      label: form.isNew ? '初始密码' : '新密码',
      required: form.isNew,
      hint: form.isNew ? hint : '不修改请留空；重设的密码在用户首次登录后须修改',
      autocomplete: 'new-password',
    },
    { kind: 'checkbox', name: 'active', label: '账号启用', default: true },
  ];
  return <CrudForm page={page} form={form} fields={fields} cancel="/admin/users" />;
}
