/** The signed-in member of staff's own pages: re-entering the password, their account. */
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice } from '../../../web/components.tsx';
import { CrudForm, type CrudField } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';

/** Asks for the password again (and the code when enrolled) before a sensitive action. */
export function ReauthPage({
  page,
  next,
  reauthMinutes,
  askCode,
  error,
}: {
  page: PageContext;
  next: string;
  reauthMinutes: number;
  /** A signed-in user: the code field is shown (filled in when a factor is enrolled). */
  askCode: boolean;
  error?: AppError;
}) {
  return (
    <>
      <h1>重新验证身份</h1>
      <p>
        您要进行的操作（调整角色、越过审查提示、导出或查看个人信息等）需要再次确认身份。验证后 {reauthMinutes}{' '}
        分钟内无需重复验证。
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
        {askCode && (
          <Field label="动态验证码（已启用时填写）" name="code" autocomplete="one-time-code" maxLength={6} />
        )}
        <div class="actions">
          <button type="submit">验证并继续</button>
        </div>
      </form>
    </>
  );
}

/** The password change's fields: the current one, then the new one with the policy as hint. */
const passwordFields = (hint: string): CrudField[] => [
  {
    kind: 'password',
    name: 'current',
    label: '当前密码',
    required: true,
    autocomplete: 'current-password',
    maxLength: 128,
  },
  {
    kind: 'password',
    name: 'password',
    label: '新密码',
    required: true,
    autocomplete: 'new-password',
    maxLength: 128,
    hint,
  },
];

/** The code confirming a TOTP enrolment. */
const codeFields: CrudField[] = [
  { name: 'code', label: '动态验证码', required: true, autocomplete: 'one-time-code', maxLength: 6 },
];

/** The account page: change the password, enrol the TOTP second factor. */
export function AccountPage({
  page,
  me,
  passwordExpired,
  passwordHint,
  error: e,
  enrol,
  saved,
}: {
  page: PageContext;
  me: { totp: boolean; totpPending: boolean };
  passwordExpired: boolean;
  passwordHint: string;
  error?: AppError;
  /** A new secret just made, shown this once. */
  enrol?: { secret: string; uri: string };
  saved?: string;
}) {
  return (
    <>
      <h1>我的账号</h1>
      {passwordExpired && <Notice kind="warning">您的密码已过期（或由管理员重设），请先设置新密码。</Notice>}
      {saved && <Notice kind="success">{saved}</Notice>}
      <h2>修改密码</h2>
      <CrudForm
        page={page}
        form={{
          action: '/admin/account/password',
          error: e?.fields.current || e?.fields.password ? e : undefined,
        }}
        fields={passwordFields(passwordHint)}
        submit="修改密码"
      />
      <h2>动态验证码（第二因素，可选）</h2>
      {me.totp ? (
        <p>已启用。如手机丢失，请联系安全管理员停用后重新绑定。</p>
      ) : enrol || me.totpPending ? (
        <>
          {enrol && (
            <>
              <p>
                在手机身份验证器应用中手动添加以下密钥（或用支持 otpauth
                链接的应用打开链接），然后输入应用显示的 6 位验证码确认。
              </p>
              <dl>
                <dt>密钥</dt>
                <dd>
                  <code>{enrol.secret}</code>
                </dd>
                <dt>链接</dt>
                <dd>
                  <code>{enrol.uri}</code>
                </dd>
              </dl>
            </>
          )}
          <CrudForm
            page={page}
            form={{ action: '/admin/account/totp/confirm', error: e?.fields.code ? e : undefined }}
            fields={codeFields}
            submit="确认启用"
          />
        </>
      ) : null}
      {!me.totp && (
        <form method="post" action="/admin/account/totp" novalidate>
          <CsrfField page={page} />
          <button type="submit">{me.totpPending ? '重新生成密钥' : '绑定动态验证码'}</button>
        </form>
      )}
    </>
  );
}
