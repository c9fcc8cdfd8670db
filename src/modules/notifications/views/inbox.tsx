/** The staff inbox page (站内提醒). */
import { beijingTime, CsrfField } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { listInbox } from '../service.ts';

/** The signed-in user's notifications, each with its read / open button. */
export function InboxPage({
  page,
  items,
}: {
  page: PageContext;
  items: Awaited<ReturnType<typeof listInbox>>;
}) {
  return (
    <>
      <h1>站内提醒</h1>
      {items.length === 0 && <p>暂无提醒。</p>}
      <ul class="link-list">
        {items.map((n) => (
          <li>
            <div>
              <strong>{n.read ? n.title : `【未读】${n.title}`}</strong>
              <p>{n.body}</p>
              <p class="meta">{beijingTime(n.createdAt)}</p>
            </div>
            <form method="post" action={`/admin/inbox/${n.id}/read`}>
              <CsrfField page={page} />
              <input type="hidden" name="next" value={n.link ?? '/admin/inbox'} />
              <button type="submit" class="secondary">
                {n.link ? '查看' : '标为已读'}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}
