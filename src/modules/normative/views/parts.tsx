/** Page parts shared by the portal library and the back office. */
import type { ComponentChildren } from 'preact';
import { beijingTime, Notice } from '../../../web/components.tsx';
import { DataTable } from '../../../web/table.tsx';
import { KEY_POINTS, KEY_POINT_KEYS, STATUSES, type Status } from '../model.ts';
import type { DocumentDetail, NormativeDocumentView, OrgRef } from '../service.ts';

const STATUS_CLASS: Record<Status, string> = {
  pending: 'status-warn',
  in_force: 'status-ok',
  amended: 'status-warn',
  repealed: 'status-bad',
  expired: 'status-bad',
};

export function StatusBadge({ status }: { status: Status }) {
  return <span class={`gfx-status ${STATUS_CLASS[status]}`}>{STATUSES[status]}</span>;
}

export function SampleMark({ sample }: { sample: boolean }) {
  return sample ? <span class="gfx-sample">（演示数据）</span> : null;
}

export const orgNames = (orgs: OrgRef[]) => orgs.map((o) => o.name).join('、');

/** The list of documents; `href` builds each title's link. */
export function DocumentTable({
  items,
  caption,
  href,
  dateLabel,
}: {
  items: NormativeDocumentView[];
  caption: ComponentChildren;
  href: (id: number) => string;
  dateLabel: string;
}) {
  return (
    <DataTable
      class="gfx-table"
      caption={caption}
      rows={items}
      columns={[
        { label: '文号', cell: (d) => d.docNumber, class: 'gfx-nowrap' },
        {
          label: '标题',
          cell: (d) => (
            <>
              <a href={href(d.id)}>{d.title}</a>
              <SampleMark sample={d.isSample} />
              {!d.inLibrary && <span class="meta">（未入库）</span>}
            </>
          ),
        },
        { label: '制发机关', cell: (d) => d.orgs.map((o) => o.shortName).join('、') },
        { label: '发布日期', cell: (d) => d.publishedOn ?? '—', date: true },
        { label: dateLabel, cell: (d) => <StatusBadge status={d.status} /> },
      ]}
    />
  );
}

/** The portal banner on an amended, repealed or expired document, pointing to what replaced it. */
export function StatusBanner({ doc, href }: { doc: DocumentDetail; href: (id: number) => string }) {
  if (!doc.banner) return null;
  return (
    <div
      class={`notice notice-warning gfx-banner gfx-banner-${doc.banner.status}`}
      role="note"
      aria-label="文件效力提示"
    >
      <p>
        <strong>{STATUSES[doc.banner.status]}：</strong>
        {doc.banner.text}
      </p>
      {doc.banner.links.length > 0 && (
        <ul>
          {doc.banner.links.map((l) => (
            <li>
              {l.label === '被修改' ? '修改文件' : l.label === '被废止' ? '废止文件' : '替代文件'}：
              <a href={href(l.id)}>{`${l.title}（${l.docNumber}）`}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DocumentFacts({ doc, fileHref }: { doc: DocumentDetail; fileHref: string }) {
  return (
    <dl class="gfx-facts">
      <div>
        <dt>文号</dt>
        <dd>{doc.docNumber}</dd>
      </div>
      <div>
        <dt>索引号</dt>
        <dd>{doc.indexNumber}</dd>
      </div>
      <div>
        <dt>制发机关</dt>
        <dd>{orgNames(doc.orgs)}</dd>
      </div>
      <div>
        <dt>主题分类</dt>
        <dd>{doc.subject}</dd>
      </div>
      <div>
        <dt>成文日期</dt>
        <dd>{doc.writtenOn}</dd>
      </div>
      <div>
        <dt>发布日期</dt>
        <dd>{doc.publishedOn ?? '—'}</dd>
      </div>
      <div>
        <dt>施行日期</dt>
        <dd>{doc.effectiveOn}</dd>
      </div>
      <div>
        <dt>有效期</dt>
        <dd>
          {doc.endsOn
            ? `${doc.validityYears ?? ''}${doc.validityYears ? ' 年，' : ''}至 ${doc.endsOn}`
            : '不设有效期'}
        </dd>
      </div>
      {doc.registrationNumber && (
        <div>
          <dt>登记号</dt>
          <dd>{doc.registrationNumber}</dd>
        </div>
      )}
      <div>
        <dt>效力状态</dt>
        <dd>
          <StatusBadge status={doc.status} />（{doc.statusDate}）
        </dd>
      </div>
      {doc.file && (
        <div>
          <dt>原件</dt>
          <dd>
            <a href={fileHref}>{`下载原件：${doc.file.name}`}</a>（
            {Math.max(1, Math.round(doc.file.size / 1024))} KB）
          </dd>
        </div>
      )}
    </dl>
  );
}

export function Relations({ doc, href }: { doc: DocumentDetail; href: (id: number) => string }) {
  if (doc.relations.length === 0) return <p>暂无关联文件。</p>;
  return (
    <ul class="link-list">
      {doc.relations.map((r) => (
        <li>
          <span>
            {r.outgoing ? `本文件${r.label}` : `本文件${r.label}于`}：
            <a href={href(r.otherId)}>{`${r.otherTitle}（${r.otherDocNumber}）`}</a>
            {r.articles && <span class="meta">（{r.articles}）</span>}
          </span>
          {r.effectiveOn && <span class="meta">{r.effectiveOn} 起</span>}
        </li>
      ))}
    </ul>
  );
}

export function Interpretations({ doc }: { doc: DocumentDetail }) {
  if (doc.interpretations.length === 0) return <p>暂无政策解读。</p>;
  return (
    <ul class="gfx-interps">
      {doc.interpretations.map((i) => (
        <li>
          <p>
            {i.url ? <a href={i.url}>{i.title}</a> : <strong>{i.title}</strong>}
            <SampleMark sample={i.isSample} />
          </p>
          <p class="meta">
            {i.formLabel} · {i.publishedOn} 发布
            {i.late ? ' · 晚于文件发布（非同步解读）' : ' · 与文件同步发布'}
          </p>
          {i.briefing && (
            <p class="meta">
              吹风会：{i.briefing.date} · 主题：{i.briefing.topic} · 发布人：{i.briefing.speakers}
              {i.briefing.link && (
                <>
                  {' · '}
                  <a href={i.briefing.link}>视频或文字实录</a>
                </>
              )}
            </p>
          )}
          <p class="meta">
            解读要点：
            {KEY_POINT_KEYS.map((k) => `${i.keyPoints.includes(k) ? '✓' : '✗'}${KEY_POINTS[k]}`).join('　')}
            （覆盖 {i.keyPoints.length}/7）
          </p>
        </li>
      ))}
    </ul>
  );
}

export function History({ doc, href }: { doc: DocumentDetail; href: (id: number) => string }) {
  return (
    <DataTable
      caption="效力变化历史（每次变化单独记录，不覆盖）"
      rows={doc.history}
      columns={[
        { label: '生效日期', cell: (h) => h.effectiveOn, date: true },
        { label: '变化', cell: (h) => h.label },
        {
          label: '依据文件',
          cell: (h) =>
            h.byDocNumber ? (
              h.byDocumentId ? (
                <a href={href(h.byDocumentId)}>{h.byDocNumber}</a>
              ) : (
                h.byDocNumber
              )
            ) : (
              '—'
            ),
        },
        {
          label: '说明',
          cell: (h) =>
            [
              h.endsOn ? `有效期至 ${h.endsOn}` : '',
              h.articles ? `修改条款：${h.articles}` : '',
              h.note ?? '',
            ]
              .filter(Boolean)
              .join('；') || '—',
        },
        { label: '记录时间', cell: (h) => beijingTime(h.recordedAt), date: true },
      ]}
    />
  );
}

export function BodyText({ text }: { text: string }) {
  if (!text.trim()) return <p>暂无全文，请下载原件。</p>;
  return (
    <div class="gfx-body">
      {text.split(/\n+/).map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

/** Back office: where the document stands on its way through publishing (service/workflow.ts). */
export function Publication({ doc }: { doc: NormativeDocumentView }) {
  const kind = doc.isNormative ? null : (
    <p>其他涉及群众或企业权益的政策文件（不是行政规范性文件）：不入文件库，发布后计入政策解读率。</p>
  );
  let text: string | null = null;
  if (doc.withdrawnAt)
    text = `发布稿件已于 ${beijingTime(doc.withdrawnAt)} 撤回：文件不在公开文件库和解读率中，效力历史保留。如需重新公开，请重新报送。`;
  else if (!doc.publishedOn && doc.itemId)
    text = `待发布：发布稿件经报送、审核、保密审查并发布后，文件${doc.isNormative ? '进入文件库' : '计入解读率'}。`;
  if (!kind && !text) return null;
  return (
    <Notice kind="warning">
      {kind}
      {text && <p>{text}</p>}
    </Notice>
  );
}
