/** 预览: an item as its portal page in three widths. */
import { STATUSES } from '../model.ts';
import type { Item } from '../model.ts';

/** The preview's widths: the portal page as a laptop, in elder mode, and on a phone. */
export const PREVIEW_VIEWS = {
  desktop: { label: '电脑（1280 像素）', width: 1280, elder: false },
  elder: { label: '长辈模式（1280 像素）', width: 1280, elder: true },
  phone: { label: '手机（375 像素）', width: 375, elder: false },
} as const;
export type PreviewView = keyof typeof PREVIEW_VIEWS;

/**
 * 预览: the item as its portal page, in a frame of the chosen width. The switcher is plain links, so
 * it works without JavaScript; each frame's page can also be opened on its own.
 */
export function PreviewPage({ item, view }: { item: Item; view: PreviewView }) {
  const v = PREVIEW_VIEWS[view];
  const src = `/admin/content/${item.id}/preview/frame${v.elder ? '?elder=1' : ''}`;
  return (
    <>
      <h1>预览：{item.title}</h1>
      <p>
        下面是本稿件发布后在门户上的样子（第 {item.revision} 版，{STATUSES[item.status]}
        ）。预览页面不公开，链接只有登录的工作人员能打开。
      </p>
      <nav class="tabs" aria-label="预览宽度">
        <ul>
          {(Object.keys(PREVIEW_VIEWS) as PreviewView[]).map((k) => (
            <li>
              <a
                href={`/admin/content/${item.id}/preview${k === 'desktop' ? '' : `?view=${k}`}`}
                aria-current={k === view ? 'page' : undefined}
              >
                {PREVIEW_VIEWS[k].label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="actions">
        <a href={src}>在新页面中打开此预览</a>
        <a href={`/admin/content/${item.id}`}>返回稿件</a>
      </p>
      <div
        class={`preview-viewport preview-${view}`}
        role="region"
        aria-label={`预览框（${v.label}，可左右滚动）`}
        tabindex={0}
      >
        <iframe
          src={src}
          title={`门户页面预览：${v.label}`}
          width={v.width}
          height={view === 'phone' ? 720 : 800}
          loading="lazy"
        />
      </div>
    </>
  );
}
