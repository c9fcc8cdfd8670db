/** The staff account list of the back office (/admin/users). */
import { CsrfField, Notice } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { ROLES } from '../permissions.ts';
import type { User } from '../service.ts';

/** Every account with its org, roles, state and second factor; managers may turn the factor off. */
export function UserList({
  page,
  users,
  orgName,
  canManage,
  now,
  saved,
}: {
  page: PageContext;
  users: User[];
  orgName: Map<number, string>;
  canManage: boolean;
  /** ISO instant: an account locked until later than this shows as locked. */
  now: string;
  saved: boolean;
}) {
  return (
    <>
      <h1>用户管理</h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <p class="actions">
        <a class="button" href="/admin/users/new">
          新建用户
        </a>
      </p>
      <DataTable
        caption={<>用户（共 {users.length} 个）</>}
        rows={users}
        columns={[
          { label: '用户名', cell: (u) => u.username },
          { label: '姓名', cell: (u) => u.displayName },
          { label: '机关', cell: (u) => orgName.get(u.orgId) },
          { label: '角色', cell: (u) => u.roles.map((r) => ROLES[r]).join('、') },
          {
            label: '状态',
            cell: (u) => (!u.active ? '停用' : u.lockedUntil && u.lockedUntil > now ? '锁定中' : '正常'),
          },
          {
            label: '动态验证码',
            cell: (u) => (
              <>
                {u.totp ? '已启用' : '未启用'}
                {u.totp && canManage && (
                  <form method="post" action={`/admin/users/${u.id}/totp/disable`} class="inline">
                    <CsrfField page={page} />
                    <button type="submit" aria-label={`停用 ${u.username} 的动态验证码`}>
                      停用
                    </button>
                  </form>
                )}
              </>
            ),
          },
          {
            label: '操作',
            cell: (u) => (
              <a href={`/admin/users/${u.id}`} aria-label={`编辑 ${u.username}`}>
                编辑
              </a>
            ),
          },
        ]}
      />
    </>
  );
}
