/** The pages of one person's sites: 我的站点 (the switch) and the confirm page on the other site. */
import { CsrfField, Notice } from '../../web/components.tsx';
import type { PageContext } from '../../web/page.ts';
import { HANDOFF_REFUSED } from '../links.ts';
import type { Site } from '../registry.ts';

/** A page that only says why it has nothing to show (a single site, or a refused switch). */
export function NoticePage({ title, text, kind }: { title: string; text: string; kind?: 'warning' }) {
  return (
    <>
      <h1>{title}</h1>
      <Notice kind={kind}>{text}</Notice>
    </>
  );
}

/** 我的站点 outside a platform. */
export const SINGLE_SITE_NOTE =
  '本部署只有一个站点。在集约化平台（PLATFORM=1）上，您在其他站点的账号关联后会列在这里。';

/** 我的站点: the other sites of the signed-in person, each with its switch button. */
export function MySitesPage({
  page,
  title,
  site,
  username,
  links,
}: {
  page: PageContext;
  title: string;
  site: Site;
  username: string;
  links: { site: Site; username: string }[];
}) {
  return (
    <>
      <h1>{title}</h1>
      <p>
        您正在 {site.name} 以 {username} 登录。
      </p>
      {links.length === 0 ? (
        <Notice>您在其他站点没有关联的账号。如需关联，请联系平台管理员（gongkai site link）。</Notice>
      ) : (
        <ul class="plain-list">
          {links.map((l) => (
            <li>
              <form method="post" action="/admin/sites/switch">
                <CsrfField page={page} />
                <input type="hidden" name="code" value={l.site.code} />
                {l.site.name}（账号 {l.username}） <button type="submit">进入该站点</button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The refusal of a switch link (unknown, used, expired). */
export const HandoffRefused = ({ title }: { title: string }) => (
  <NoticePage title={title} text={HANDOFF_REFUSED} kind="warning" />
);

/** The confirm page on the target site: a link alone signs nobody in. */
export function HandoffConfirmPage({
  page,
  title,
  token,
  found,
}: {
  page: PageContext;
  title: string;
  token: string;
  found: { username: string; from: Site; site: Site };
}) {
  return (
    <>
      <h1>{title}</h1>
      <p>
        从 {found.from.name} 切换到 {found.site.name}，以账号 {found.username} 登录。
      </p>
      <form method="post" action="/auth/handoff">
        <CsrfField page={page} />
        <input type="hidden" name="token" value={token} />
        <button type="submit">确认登录</button>
      </form>
    </>
  );
}
