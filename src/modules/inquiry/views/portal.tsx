/** 政策咨询 on the portal: 互动交流's entry page, the question form, its receipt, tracking and the FAQ. */
import type { AppError } from '../../../errors.ts';
import { beijingTime, CsrfField, ErrorSummary, Field, Notice } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import { INQUIRY_STATUS } from '../model.ts';
import type { Faq, InquiryInput, TrackedInquiry } from '../service.ts';
import { AskForm } from './ask-form.tsx';

/** /hdjl: the portal menu's entry page for 互动交流. */
export function InteractionIndex() {
  return (
    <>
      <h1>互动交流</h1>
      <ul class="link-list">
        <li>
          <a href="/hdjl/zxzx">政策咨询</a>
          <span class="meta">向各单位咨询政策，凭查询码跟踪答复</span>
        </li>
        <li>
          <a href="/hdjl/zxzx/faq">常见问题</a>
          <span class="meta">已公开的咨询答复</span>
        </li>
        <li>
          <a href="/hdjl/yjzj">意见征集</a>
          <span class="meta">对决策草案和文件草案发表意见</span>
        </li>
        <li>
          <a href="/hdjl/xmt">政务新媒体</a>
          <span class="meta">核实政务新媒体账号是否真实</span>
        </li>
        <li>
          <a href="/zones">政务公开专区</a>
          <span class="meta">线下查阅信息、提交申请和咨询的地点</span>
        </li>
      </ul>
    </>
  );
}

/** /hdjl/zxzx: how asking works, and the form. */
export function AskPage({
  page,
  days,
  orgs,
  input,
  error,
}: {
  page: PageContext;
  days: number;
  orgs: Org[];
  input?: Partial<InquiryInput>;
  error?: AppError;
}) {
  return (
    <>
      <h1>政策咨询</h1>
      <p>
        您可以就政策的内容、适用条件和办理方式提出咨询。我们一般在收到后 {days}{' '}
        个工作日内答复。提交后您会得到查询编号和查询码，凭此<a href="/hdjl/zxzx/track">查询办理情况</a>
        。也可以先看看<a href="/hdjl/zxzx/faq">常见问题</a>。
      </p>
      <p class="meta">申请获取政府信息，请通过依申请公开渠道提交；投诉举报请拨打 12345 政务服务便民热线。</p>
      <AskForm page={page} orgs={orgs} input={input} error={error} action="/hdjl/zxzx" />
    </>
  );
}

/** The receipt after a question is sent: the number and the one-time code. */
export function SubmittedPage({
  inquiry,
  code,
}: {
  inquiry: { number: string; dueDate: string };
  code: string;
}) {
  return (
    <>
      <h1>咨询已提交</h1>
      <Notice kind="success">
        <p>
          查询编号：<strong>{inquiry.number}</strong>
        </p>
        <p>
          查询码：<strong>{code}</strong>
        </p>
        <p>答复期限：{inquiry.dueDate}</p>
      </Notice>
      <p>请记下查询编号和查询码（查询码只显示这一次），凭此查询答复。</p>
      <p>
        <a href="/hdjl/zxzx/track">查询办理情况</a>
      </p>
    </>
  );
}

/** /hdjl/zxzx/track: the number-and-code form, or what it found. */
export function TrackPage({
  page,
  form,
  error,
  result,
}: {
  page: PageContext;
  form?: { number: string; code: string };
  error?: AppError;
  result?: TrackedInquiry;
}) {
  return (
    <>
      <h1>查询咨询办理情况</h1>
      {result ? (
        <section aria-labelledby="result-h">
          <h2 id="result-h">
            {result.number}：{result.title}
          </h2>
          <dl>
            <dt>办理单位</dt>
            <dd>{result.orgName}</dd>
            <dt>收到日期</dt>
            <dd>{result.receivedDate}</dd>
            <dt>答复期限</dt>
            <dd>{result.dueDate}</dd>
            <dt>状态</dt>
            <dd>{INQUIRY_STATUS[result.status as keyof typeof INQUIRY_STATUS]}</dd>
          </dl>
          <h3>咨询内容</h3>
          <p class="pre-line">{result.question}</p>
          {result.answer && (
            <>
              <h3>答复（{beijingTime(result.answeredAt)}）</h3>
              <p class="pre-line">{result.answer}</p>
            </>
          )}
        </section>
      ) : (
        <form method="post" action="/hdjl/zxzx/track" novalidate>
          <CsrfField page={page} />
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          <Field
            label="查询编号"
            name="number"
            value={form?.number}
            required
            maxLength={20}
            hint="如 ZX2022-00001"
          />
          <Field label="查询码" name="code" value={form?.code} required maxLength={20} autocomplete="off" />
          <div class="actions">
            <button type="submit">查询</button>
          </div>
        </form>
      )}
    </>
  );
}

/** /hdjl/zxzx/faq: the published FAQ, searchable. */
export function FaqList({ q, faqs }: { q?: string; faqs: Faq[] }) {
  return (
    <>
      <h1>政策咨询常见问题</h1>
      <form method="get" action="/hdjl/zxzx/faq" role="search" aria-label="搜索常见问题">
        <Field label="关键词" name="q" type="search" value={q} maxLength={50} />
        <div class="actions">
          <button type="submit">搜索</button>
        </div>
      </form>
      <ul class="link-list">
        {faqs.map((f) => (
          <li>
            <a href={`/hdjl/zxzx/faq/${f.id}`}>
              {f.question.length > 60 ? `${f.question.slice(0, 60)}…` : f.question}
            </a>
            <span class="meta">
              {f.orgName} {beijingTime(f.publishedAt).slice(0, 10)}
              {f.isSample && '（演示数据）'}
            </span>
          </li>
        ))}
      </ul>
      {faqs.length === 0 && (
        <p>
          暂无相关问题。您可以<a href="/hdjl/zxzx">提出咨询</a>。
        </p>
      )}
    </>
  );
}

/** One FAQ entry. */
export function FaqPage({ f }: { f: Faq }) {
  return (
    <>
      <h1>常见问题</h1>
      {f.isSample && <p class="sample-note">（演示数据）</p>}
      <h2>问</h2>
      <p class="pre-line">{f.question}</p>
      <h2>答</h2>
      <p class="pre-line">{f.answer}</p>
      <p class="meta">
        答复单位：{f.orgName}；公开时间：{beijingTime(f.publishedAt)}
      </p>
      {f.links.length > 0 && (
        <>
          <h2>相关政策文件</h2>
          <ul>
            {f.links.map((l) => (
              <li>
                <a href={l.url}>{l.title}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
