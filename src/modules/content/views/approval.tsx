/** What a reviewer compares: the version to publish against the published one, the publish confirmation, revisions. */
import { DataTable } from '../../../web/table.tsx';
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice, Select } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { bodyText } from '../model.ts';
import type { Attachment, Item, Revision } from '../model.ts';
import { Diff, when } from './parts.tsx';
import { ItemContent } from './public.tsx';
import { GatePanel, type Permits } from './gate-panel.tsx';

/** The last published version of an item, as text for the diff. */
export interface PublishedVersion {
  /** What it was: 第 N 版 (published …), or the published item this one replaces. */
  label: string;
  text: string;
}

/** Title and body as plain text, the form revisions are compared in. */
export const versionText = (title: string, body: string) => title + '\n\n' + bodyText(body);

/**
 * What the 审核, 保密审查 and 发布 screens show before the buttons: the item as it will appear on the
 * portal, the changes since the last published version, and the check's findings.
 */
export function ApprovalView({
  page,
  item,
  attachments,
  published,
  permits,
  justification,
}: {
  page: PageContext;
  item: Item;
  attachments: Attachment[];
  published: PublishedVersion | null;
  permits: Permits;
  justification?: string | null;
}) {
  const current = versionText(item.title, item.body);
  return (
    <>
      <section aria-labelledby="preview-h" class="item-preview">
        <h2 id="preview-h">稿件内容（发布后在门户上的样子）</h2>
        <div class="item-page preview-frame">
          <p class="preview-title">{item.title}</p>
          {item.docNumber && <p class="meta">发文字号：{item.docNumber}</p>}
          <ItemContent item={item} attachments={attachments} level={3} idPrefix="pv-" />
        </div>
      </section>
      <section aria-labelledby="changes-h">
        <h2 id="changes-h">与上次发布版本的对比</h2>
        {!published ? (
          <p>本稿件尚未发布过，以上为全部内容。</p>
        ) : published.text === current ? (
          <p>与{published.label}相同，没有改动。</p>
        ) : (
          <>
            <p class="meta">
              对比：{published.label} → 当前第 {item.revision} 版。删除的文字带删除线，新增的文字带下划线。
            </p>
            <Diff a={published.text} b={current} />
          </>
        )}
      </section>
      <GatePanel
        page={page}
        item={item}
        gate={item.gate}
        canMask={permits.mask}
        canOverride={permits.override}
        canSubmit={permits.submit}
        justification={justification}
      />
    </>
  );
}

/** 发布 as a step of its own: the item once more, then 确认发布 (works without JavaScript). */
export function PublishConfirmPage(props: {
  page: PageContext;
  item: Item;
  attachments: Attachment[];
  published: PublishedVersion | null;
  permits: Permits;
  justification?: string | null;
  at?: string;
  error?: AppError;
}) {
  const { item, page } = props;
  return (
    <>
      <h1>确认发布：{item.title}</h1>
      <ErrorSummary message={props.error?.userMessage} fields={props.error?.fields} />
      <p>请核对下面的内容、改动和检查结果。发布后，门户上立即（或在定时发布时间）公开本稿件。</p>
      <ApprovalView
        page={page}
        item={item}
        attachments={props.attachments}
        published={props.published}
        permits={{ ...props.permits, submit: false }}
        justification={props.justification}
      />
      <form method="post" action={`/admin/content/${item.id}/publish`}>
        <CsrfField page={page} />
        <input type="hidden" name="confirm" value="1" />
        <Field
          label="定时发布时间（北京时间，留空则立即发布）"
          name="at"
          type="datetime-local"
          value={props.at}
          error={props.error?.fields.at}
        />
        <div class="actions">
          <button type="submit">确认发布</button>
          <a href={`/admin/content/${item.id}`}>返回稿件，不发布</a>
        </div>
      </form>
    </>
  );
}

export function RevisionsPage({
  page,
  item,
  revisions,
  from,
  to,
  canRestore,
  canReveal = false,
  revealed,
}: {
  page: PageContext;
  item: Item;
  revisions: Revision[];
  from?: Revision;
  to?: Revision;
  canRestore: boolean;
  canReveal?: boolean;
  revealed?: { number: number; title: string; body: string };
}) {
  const text = (r: Revision) => versionText(String(r.snapshot.title ?? ''), String(r.snapshot.body ?? ''));
  return (
    <>
      <h1>历史版本：{item.title}</h1>
      <form method="get" action={`/admin/content/${item.id}/revisions`}>
        <Select
          label="对比：旧版本"
          name="from"
          value={from?.number ?? ''}
          options={revisions.map((r) => ({
            value: r.number,
            label: `第 ${r.number} 版（${when(r.createdAt)}，${r.note}）`,
          }))}
        />
        <Select
          label="对比：新版本"
          name="to"
          value={to?.number ?? ''}
          options={revisions.map((r) => ({
            value: r.number,
            label: `第 ${r.number} 版（${when(r.createdAt)}，${r.note}）`,
          }))}
        />
        <button type="submit" class="secondary">
          对比
        </button>
      </form>
      {revisions.some((r) => r.sealed) && (
        <Notice kind="info">
          标有“个人信息已遮盖”的版本：一键脱敏后，其中的个人信息在历史版本和对比中也已遮盖，原文用个人信息密钥加密保存，只能由审核人重新验证身份后查看（记入审计日志）。
        </Notice>
      )}
      {revealed && (
        <section aria-labelledby="revealed-h">
          <h2 id="revealed-h">第 {revealed.number} 版原文（含个人信息，本次查看已记入审计日志）</h2>
          <div class="diff">{versionText(revealed.title, revealed.body)}</div>
        </section>
      )}
      {from && to && (
        <section aria-labelledby="diff-h">
          <h2 id="diff-h">
            第 {from.number} 版 → 第 {to.number} 版
          </h2>
          <p class="meta">删除的文字带删除线，新增的文字带下划线。</p>
          <Diff a={text(from)} b={text(to)} />
        </section>
      )}
      <DataTable
        caption={`全部版本（共 ${revisions.length} 个）`}
        rows={revisions}
        columns={[
          { label: '版本', rowHeader: true, cell: (r) => `第 ${r.number} 版` },
          { label: '时间', date: true, cell: (r) => when(r.createdAt) },
          { label: '操作人', cell: (r) => r.actorName },
          {
            label: '说明',
            cell: (r) => (
              <>
                {r.note}
                {r.sealed && '（个人信息已遮盖，原文加密保存）'}
              </>
            ),
          },
          {
            label: '操作',
            cell: (r) => (
              <>
                {canReveal && r.sealed && (
                  <form
                    method="post"
                    action={`/admin/content/${item.id}/revisions/${r.number}/reveal`}
                    class="inline"
                  >
                    <CsrfField page={page} />
                    <button
                      type="submit"
                      class="link-button"
                      aria-label={`查看第 ${r.number} 版原文（需重新验证身份，记入审计）`}
                    >
                      查看原文
                    </button>
                  </form>
                )}
                {canRestore && r.number !== item.revision && (
                  <form
                    method="post"
                    action={`/admin/content/${item.id}/revisions/${r.number}/restore`}
                    class="inline"
                  >
                    <CsrfField page={page} />
                    <button type="submit" class="link-button" aria-label={`恢复第 ${r.number} 版`}>
                      恢复此版本
                    </button>
                  </form>
                )}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
