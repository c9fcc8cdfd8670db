/** 意见征集 on the portal: the list of open and closed consultations, and one consultation's page. */
import type { AppError } from '../../../errors.ts';
import { CsrfField, ErrorSummary, Field, Notice, TextArea } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { ADOPTION, PHASES } from '../model.ts';
import type { CommentInput, PublicComment, PublicConsultation } from '../service.ts';

function ConsultationTable({ list, caption }: { list: PublicConsultation[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      rows={list}
      columns={[
        {
          label: '标题',
          rowHeader: true,
          cell: (c) => (
            <>
              <a href={`/hdjl/yjzj/${c.id}`}>{c.title}</a>
              {c.isSample && <span class="meta">（演示数据）</span>}
            </>
          ),
        },
        { label: '征集单位', cell: (c) => c.orgName },
        {
          label: '征集期',
          cell: (c) => (
            <>
              {c.startDate} 至 {c.endDate}
            </>
          ),
        },
        { label: '已公开意见', class: 'num', cell: (c) => c.commentCount },
        {
          label: '采纳情况',
          cell: (c) => (c.feedbackPublishedAt ? '已发布' : c.phase === 'closed' ? '待发布' : '—'),
        },
      ]}
    />
  );
}

/** /hdjl/yjzj: consultations open now, then those closed. */
export function ConsultationList({ all }: { all: PublicConsultation[] }) {
  const open = all.filter((c) => c.phase === 'open');
  const closed = all.filter((c) => c.phase === 'closed');
  return (
    <>
      <h1>意见征集</h1>
      <p>区政府及各单位在作出涉及群众切身利益的决策前公开征求意见。欢迎您在征集期内提出意见建议。</p>
      <h2>正在征集</h2>
      {open.length ? (
        <ConsultationTable list={open} caption={`正在征集（${open.length}）`} />
      ) : (
        <p>当前没有正在征集的草案。</p>
      )}
      <h2>已结束</h2>
      {closed.length ? (
        <ConsultationTable list={closed} caption={`已结束（${closed.length}）`} />
      ) : (
        <p>暂无。</p>
      )}
    </>
  );
}

/** One consultation: the draft, its explanation, the published comments and feedback, and the comment form while open. */
export function ConsultationPage({
  page,
  c,
  form,
  error,
  sent,
}: {
  page: PageContext;
  c: PublicConsultation & { comments: PublicComment[]; totalReceived: number };
  form?: CommentInput;
  error?: AppError;
  sent?: boolean;
}) {
  const id = c.id;
  const e = error?.fields ?? {};
  return (
    <>
      <h1>{c.title}</h1>
      {c.isSample && <p class="sample-note">（演示数据）</p>}
      {c.phase !== 'open' && <ErrorSummary message={error?.userMessage} />}
      <dl>
        <dt>征集单位</dt>
        <dd>{c.orgName}</dd>
        <dt>征集期</dt>
        <dd>
          {c.startDate} 至 {c.endDate}（{PHASES[c.phase]}）
        </dd>
      </dl>
      <h2>起草说明</h2>
      <p class="pre-line">{c.explanation}</p>
      <h2>草案全文</h2>
      <div class="pre-line">{c.draftText}</div>
      {c.feedbackSummary && (
        <section aria-labelledby="fb-h">
          <h2 id="fb-h">意见采纳情况</h2>
          <p>
            共收到意见 {c.totalReceived} 条，公开 {c.commentCount} 条。
          </p>
          <p class="pre-line">{c.feedbackSummary}</p>
        </section>
      )}
      {c.finalDocTitle && c.finalDocUrl && (
        <p>
          正式文件：<a href={c.finalDocUrl}>{c.finalDocTitle}</a>
        </p>
      )}
      <h2>公众意见（{c.comments.length}）</h2>
      {c.comments.length === 0 && <p>暂无公开的意见。</p>}
      <ol>
        {c.comments.map((x) => (
          <li>
            <p class="pre-line">{x.body}</p>
            <p class="meta">
              {x.submittedDate}
              {x.adoption && (
                <>
                  ；{ADOPTION[x.adoption]}
                  {x.adoptionReason && `：${x.adoptionReason}`}
                </>
              )}
            </p>
          </li>
        ))}
      </ol>
      {c.phase === 'open' && (
        <section aria-labelledby="comment-h">
          <h2 id="comment-h">提出意见</h2>
          {sent && <Notice kind="success">意见已提交，审核后公开。感谢您的参与！</Notice>}
          <form method="post" action={`/hdjl/yjzj/${id}/comments`} novalidate>
            <CsrfField page={page} />
            <ErrorSummary message={error?.userMessage} fields={error?.fields} />
            <Field
              label="姓名或单位名称"
              name="authorName"
              value={form?.authorName}
              required
              maxLength={100}
              error={e.authorName}
              hint="不公开"
              autocomplete="name"
            />
            <Field
              label="联系方式"
              name="contact"
              value={form?.contact}
              maxLength={100}
              error={e.contact}
              hint="选填，不公开，便于就意见与您沟通"
            />
            <TextArea
              label="意见内容"
              name="body"
              value={form?.body}
              required
              maxLength={5000}
              error={e.body}
              hint="审核后公开；请勿填写身份证号码、手机号码等个人信息"
            />
            <div class="actions">
              <button type="submit">提交意见</button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}
