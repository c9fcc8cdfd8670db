/** An item's back-office page: its content, the gate's findings, the workflow buttons, files and history. */
import { DataTable } from '../../../web/table.tsx';
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice, TextArea, UploadForm } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { ITEM_KINDS, STATUSES, WITHDRAWAL_MODES, VALIDITIES } from '../model.ts';
import type { Attachment, Column, Item } from '../model.ts';
import { bytes, Dl, RadioGroup, when } from './parts.tsx';
import { type Permits } from './gate-panel.tsx';
import { ApprovalView, type PublishedVersion } from './approval.tsx';
import { statusClass } from './admin-list.tsx';

const ACTION_LABELS: Record<string, string> = {
  'content.item.create': '新建',
  'content.item.update': '修改',
  'content.item.submit': '报送',
  'content.item.review': '审核通过',
  'content.item.reject': '退回',
  'content.item.clear': '保密审查通过',
  'content.item.publish': '发布',
  'content.item.schedule': '设置定时发布',
  'content.item.release': '定时发布生效',
  'content.item.withdraw': '撤稿',
  'content.item.mask': '一键脱敏',
  'content.item.gate_override': '检查放行',
  'content.item.restore': '恢复历史版本',
  'content.attachment.add': '上传附件',
  'content.attachment.remove': '删除附件',
  'content.item.import_docx': '从 Word 文件导入正文',
};

/** What a history line says beside its action: the comment, reason or note, a scheduled time, a file name. */
function historyNote(after: unknown): string {
  const a = (after ?? {}) as Record<string, unknown>;
  return [a.comment, a.reason, a.note, a.publishAt ? `定时 ${when(String(a.publishAt))}` : null, a.name]
    .filter(Boolean)
    .join('；');
}

export function ItemDetail(props: {
  page: PageContext;
  item: Item;
  orgName: string;
  columns: Column[];
  attachments: Attachment[];
  history: { at: string; actorName: string; action: string; after: unknown }[];
  permits: Permits;
  /** The last published version (for the diff), or null if never published. */
  published: PublishedVersion | null;
  /** The editor's reason for sending blocking findings on (报送 with a justification). */
  justification?: string | null;
  notice?: { kind: 'success' | 'warning'; text: string };
  error?: AppError;
}) {
  const { item, page, permits } = props;
  const colNames = props.columns.filter((c) => item.columnIds.includes(c.id)).map((c) => c.name);
  return (
    <>
      <h1>{item.title}</h1>
      {props.notice && <Notice kind={props.notice.kind}>{props.notice.text}</Notice>}
      <ErrorSummary message={props.error?.userMessage} fields={props.error?.fields} />
      {item.rejectComment && item.status === 'draft' && (
        <Notice kind="warning">退回意见：{item.rejectComment}</Notice>
      )}
      {item.supersedesId != null && item.status !== 'published' && item.status !== 'withdrawn' && (
        <Notice kind="info">
          本稿件是<a href={`/admin/content/${item.supersedesId}`}>已发布稿件</a>
          的新版本：发布前门户上仍显示原稿件；发布后原稿件撤回，其网址跳转到本稿件。
        </Notice>
      )}
      <Dl
        rows={[
          ['状态', <span class={statusClass(item.status)}>{STATUSES[item.status]}</span>],
          ['类型', ITEM_KINDS[item.kind]],
          ['发布单位', props.orgName],
          ['栏目', colNames.join('、') || '—'],
          ['来源', item.source === 'reposted' ? `转载（${item.origin}）` : '原创'],
          ['形成日期', item.formationDate ?? '—'],
          ...(item.docNumber ? ([['文号', item.docNumber]] as [string, string][]) : []),
          ...(item.policy
            ? ([
                ['索引号', item.policy.indexNumber || '—'],
                ['成文日期', item.policy.writtenDate ?? '—'],
                ['发布机构', item.policy.issuingAgency],
                ['主题分类', item.policy.subject || '—'],
                ['有效性', VALIDITIES[item.policy.validity]],
              ] as [string, string][])
            : []),
          ['版本', `第 ${item.revision} 版`],
          ...(item.publishAt ? ([['定时发布时间', when(item.publishAt)]] as [string, string][]) : []),
          ...(item.publishedAt
            ? ([
                ['发布时间', `${when(item.publishedAt)}${item.late ? '（超过 20 个工作日，超期发布）' : ''}`],
              ] as [string, string][])
            : []),
          ...(item.withdrawnAt
            ? ([
                [
                  '撤稿',
                  `${when(item.withdrawnAt)}，${WITHDRAWAL_MODES[item.withdrawalMode!]}，原因：${item.withdrawalReason}`,
                ],
              ] as [string, string][])
            : []),
        ]}
      />
      <p class="actions">
        {permits.edit && <a href={`/admin/content/${item.id}/edit`}>编辑</a>}
        <a href={`/admin/content/${item.id}/revisions`}>历史版本与对比</a>
        <a href={`/admin/content/${item.id}/preview`}>预览门户页面（电脑、长辈模式、手机）</a>
        {(item.status === 'published' || item.status === 'withdrawn') && (
          <a href={`/items/${item.id}`}>查看公开页面</a>
        )}
      </p>
      <ApprovalView
        page={page}
        item={item}
        attachments={props.attachments}
        published={props.published}
        permits={permits}
        justification={props.justification}
      />
      <section aria-labelledby="wf-h">
        <h2 id="wf-h">流程操作</h2>
        <div class="actions">
          {permits.submit && (
            <form method="post" action={`/admin/content/${item.id}/submit`} class="inline">
              <CsrfField page={page} />
              <button type="submit">报送审核</button>
            </form>
          )}
          {permits.review && (
            <form method="post" action={`/admin/content/${item.id}/review`} class="inline">
              <CsrfField page={page} />
              <button type="submit">审核通过</button>
            </form>
          )}
          {permits.clear && (
            <form method="post" action={`/admin/content/${item.id}/clear`} class="inline">
              <CsrfField page={page} />
              <button type="submit">保密审查通过</button>
            </form>
          )}
          <form method="post" action={`/admin/content/${item.id}/check`} class="inline">
            <CsrfField page={page} />
            <button type="submit" class="secondary">
              重新检查个人信息和错敏词
            </button>
          </form>
        </div>
        {permits.publish && (
          <p>
            {/* Publishing is a step of its own: the confirmation page shows the item once more. */}
            <a class="button" href={`/admin/content/${item.id}/publish`}>
              去发布（下一步确认）
            </a>
          </p>
        )}
        {permits.reject && (
          <form method="post" action={`/admin/content/${item.id}/reject`}>
            <CsrfField page={page} />
            <TextArea label="退回意见" name="comment" rows={2} required />
            <button type="submit" class="secondary">
              退回修改
            </button>
          </form>
        )}
        {permits.withdraw && (
          <form method="post" action={`/admin/content/${item.id}/withdraw`}>
            <CsrfField page={page} />
            <RadioGroup
              legend="撤稿方式"
              name="mode"
              value="notice"
              options={Object.entries(WITHDRAWAL_MODES).map(([value, label]) => ({ value, label }))}
            />
            <TextArea label="撤稿原因（公开显示）" name="reason" rows={2} required />
            <Field label="跳转地址（仅“删除页面并跳转”时使用，默认跳到所属栏目）" name="redirectTo" />
            <button type="submit" class="secondary">
              撤稿
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="att-h">
        <h2 id="att-h">附件管理</h2>
        {props.attachments.length === 0 ? (
          <p>没有附件。</p>
        ) : (
          <ul>
            {props.attachments.map((a) => (
              <li>
                <a href={`/files/content/${a.id}/${encodeURIComponent(a.name)}`}>{a.name}</a>{' '}
                <span class="meta">（{bytes(a.size)}）</span>
                {permits.edit && (
                  <form
                    method="post"
                    action={`/admin/content/${item.id}/attachments/${a.id}/delete`}
                    class="inline"
                  >
                    <CsrfField page={page} />
                    <button type="submit" class="link-button" aria-label={`删除附件 ${a.name}`}>
                      删除
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
        {permits.edit && item.status === 'draft' && (
          <UploadForm
            page={page}
            action={`/admin/content/${item.id}/import-docx`}
            name="docx"
            label="用 Word/WPS 文件（.docx）替换正文"
            hint="保留标题、列表和表格；文中的图片作为附件保存；宏和指向本地文件的链接会被去掉。不超过 20 MB；设有打开密码的文件请先取消密码"
            accept=".docx"
            submit="导入正文"
            secondary
          />
        )}
        {permits.edit && (
          <UploadForm
            page={page}
            action={`/admin/content/${item.id}/attachments`}
            label="上传附件"
            hint="PDF、Word（.docx）、Excel（.xlsx）不超过 20 MB，图片不超过 5 MB；文字内容会被检查是否含有个人信息"
            accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif"
            submit="上传"
            secondary
          />
        )}
      </section>
      <section aria-labelledby="hist-h">
        <h2 id="hist-h">办理记录</h2>
        <DataTable
          caption="谁在何时做了什么（来自审计日志）"
          rows={props.history}
          columns={[
            { label: '时间', date: true, cell: (h) => when(h.at) },
            { label: '操作人', cell: (h) => h.actorName },
            { label: '操作', cell: (h) => ACTION_LABELS[h.action] ?? h.action },
            { label: '说明', cell: (h) => historyNote(h.after) },
          ]}
        />
      </section>
    </>
  );
}
