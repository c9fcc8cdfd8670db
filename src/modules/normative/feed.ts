/** The library's Atom feed of changes (/gfxwj/feed.xml). */
import type { recentChanges } from './service.ts';

function feedEscape(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** The feed's XML: one entry per history row of a library document, newest first. */
export function changesFeed(
  changes: Awaited<ReturnType<typeof recentChanges>>,
  site: { name: string },
  base: string,
  updated: string,
): string {
  const entries = changes
    .map(
      (c) => `  <entry>
    <id>${feedEscape(`${base}/gfxwj/${c.documentId}#change-${c.id}`)}</id>
    <title>${feedEscape(`${c.label}：${c.title}（${c.docNumber}）${c.isSample ? '（演示数据）' : ''}`)}</title>
    <link href="${feedEscape(`${base}/gfxwj/${c.documentId}`)}"/>
    <updated>${c.recordedAt}</updated>
    <summary>${feedEscape(`${c.effectiveOn} 起${c.label}${c.byDocNumber ? `，依据 ${c.byDocNumber}` : ''}${c.articles ? `，修改条款：${c.articles}` : ''}`)}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${feedEscape(`${base}/gfxwj/feed.xml`)}</id>
  <title>${feedEscape(`${site.name}行政规范性文件库变化`)}</title>
  <link rel="self" href="${feedEscape(`${base}/gfxwj/feed.xml`)}"/>
  <link href="${feedEscape(`${base}/gfxwj`)}"/>
  <updated>${updated}</updated>
  <author><name>${feedEscape(site.name)}</name></author>
${entries}
</feed>
`;
}
