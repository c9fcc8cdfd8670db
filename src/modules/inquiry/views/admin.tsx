/** 政策咨询 in the back office: the list and time limit, registering a question, one inquiry, the home panel. */
import type { AppError } from '../../../errors.ts';
import { beijingTime, CsrfField, ErrorSummary, Notice } from '../../../web/components.tsx';
import { CrudForm, type CrudField } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import type { Org } from '../../org/model.ts';
import { AGE_LEVELS, ASKER_KINDS, INQUIRY_CHANNELS, INQUIRY_STATUS, type AgeLevel } from '../model.ts';
import type { AgedInquiry, Inquiry, InquiryDetail, InquiryInput } from '../service.ts';
import { AskForm, orgOptions } from './ask-form.tsx';

/** /admin/inquiries: filters, the answer time limit (openness office) and the list. */
export function InquiryList(p: {
  page: PageContext;
  list: Inquiry[];
  names: Map<number, string>;
  status?: string;
  days: number;
  canRoute: boolean;
  error?: AppError;
}) {
  const { page, list, names, status, days, error } = p;
  return (
    <>
      <h1>政策咨询</h1>
      <p class="actions">
        <a class="button" href="/admin/inquiries/new">
          登记窗口或电话咨询
        </a>
        <a href="/admin/inquiries">全部</a>
        {Object.entries(INQUIRY_STATUS).map(([k, label]) => (
          <a href={`/admin/inquiries?status=${k}`} aria-current={status === k ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </p>
      <p class="meta">答复时限：收到后 {days} 个工作日（收到当日不计，按国务院节假日安排计算工作日）。</p>
      {p.canRoute && (
        <CrudForm
          page={page}
          form={{ action: '/admin/inquiries/settings', values: { answerWorkdays: days }, error }}
          fields={[
            {
              kind: 'number',
              name: 'answerWorkdays',
              label: '答复时限（工作日）',
              hint: '只影响之后收到的咨询',
            },
          ]}
          submit="保存时限"
          secondary
        />
      )}
      <DataTable
        caption={<>咨询（共 {list.length} 件）</>}
        rows={list}
        columns={[
          { label: '编号', cell: (q) => q.number },
          {
            label: '标题',
            rowHeader: true,
            cell: (q) => (
              <>
                <a href={`/admin/inquiries/${q.id}`}>{q.title}</a>
                {q.isSample && <span class="meta">（演示数据）</span>}
              </>
            ),
          },
          { label: '办理单位', cell: (q) => names.get(q.orgId) },
          { label: '渠道', cell: (q) => INQUIRY_CHANNELS[q.channel] },
          { label: '收到', date: true, cell: (q) => q.receivedDate },
          { label: '期限', date: true, cell: (q) => q.dueDate },
          {
            label: '状态',
            cell: (q) => (
              <>
                {INQUIRY_STATUS[q.status]}
                {q.faqPublishedAt && '（已公开为常见问题）'}
              </>
            ),
          },
        ]}
      />
    </>
  );
}

/** Staff register a question taken at a window or by phone. */
export function NewInquiryPage(p: {
  page: PageContext;
  orgs: Org[];
  zones: { id: number; name: string }[];
  input?: Partial<InquiryInput>;
  error?: AppError;
}) {
  const { page, orgs, zones, input, error } = p;
  return (
    <>
      <h1>登记窗口或电话咨询</h1>
      <p class="meta">不能当场解答、需要单位答复的咨询在此登记，登记后请把查询编号和查询码告知咨询人。</p>
      <AskForm
        page={page}
        orgs={orgs}
        input={input}
        error={error}
        action="/admin/inquiries/new"
        staff={{ zones }}
      />
    </>
  );
}

/** The registration receipt: number and one-time code for the asker. */
export function RegisteredPage({ inquiry, code }: { inquiry: Inquiry; code: string }) {
  return (
    <>
      <h1>咨询已登记</h1>
      <Notice kind="success">
        查询编号 <strong>{inquiry.number}</strong>，查询码 <strong>{code}</strong>
        （只显示这一次，请告知咨询人），答复期限 {inquiry.dueDate}。
      </Notice>
      <p>
        <a href={`/admin/inquiries/${inquiry.id}`}>查看咨询</a>
      </p>
    </>
  );
}

/** 公开为常见问题: the question and answer as published, and the policy documents they link. */
const faqFields: CrudField[] = [
  { kind: 'textarea', name: 'question', label: '公开的问题', required: true, maxLength: 2000, rows: 4 },
  { kind: 'textarea', name: 'faqAnswer', label: '公开的答复', required: true, maxLength: 10000 },
  { kind: 'textarea', name: 'links', label: '相关政策文件', rows: 3, hint: '每行一个，格式：文件标题|网址' },
];

/** The FAQ use case's messages by the form's names: its answer, and the first of its links'. */
function faqErrors(e: Record<string, string>): Record<string, string> {
  const links = Object.entries(e).find(([k]) => k.startsWith('links'))?.[1];
  return {
    ...(e.question && { question: e.question }),
    ...(e.answer && { faqAnswer: e.answer }),
    ...(links && { links }),
  };
}

/** One inquiry: details, answer or invalid, routing, FAQ publication, the event log. */
export function InquiryPage(p: {
  page: PageContext;
  q: InquiryDetail;
  id: number;
  names: Map<number, string>;
  orgs: Org[];
  saved: boolean;
  canAnswer: boolean;
  canRoute: boolean;
  canPublish: boolean;
  error?: AppError;
  form?: Record<string, string>;
  revealed?: string;
}) {
  const { page, q, id, names, orgs, saved, error, form, revealed } = p;
  const e = error?.fields ?? {};
  return (
    <>
      <h1>
        {q.number}：{q.title}
      </h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <dl>
        <dt>状态</dt>
        <dd>{INQUIRY_STATUS[q.status]}</dd>
        <dt>办理单位</dt>
        <dd>{names.get(q.orgId)}</dd>
        <dt>咨询人</dt>
        <dd>
          {q.askerName}（{ASKER_KINDS[q.askerKind]}），{revealed ?? q.contact}
        </dd>
        {revealed === undefined && q.contact && p.canAnswer && (
          <dd>
            <form method="post" action={`/admin/inquiries/${id}/personal`} class="inline">
              <CsrfField page={page} />
              <button type="submit">查看完整联系方式（将记入审计日志）</button>
            </form>
          </dd>
        )}
        <dt>渠道</dt>
        <dd>{INQUIRY_CHANNELS[q.channel]}</dd>
        <dt>收到日期 / 答复期限</dt>
        <dd>
          {q.receivedDate} / {q.dueDate}
        </dd>
      </dl>
      <h2>咨询内容</h2>
      <p class="pre-line">{q.question}</p>
      {q.answer && (
        <>
          <h2>答复</h2>
          <p class="pre-line">{q.answer}</p>
          <p class="meta">
            {q.answeredBy} {beijingTime(q.answeredAt)}
          </p>
        </>
      )}
      {q.invalidReason && <p>无效留言理由：{q.invalidReason}</p>}
      {q.status === 'pending' && p.canAnswer && (
        <section aria-labelledby="answer-h">
          <h2 id="answer-h">答复</h2>
          <CrudForm
            page={page}
            form={{ action: `/admin/inquiries/${id}/answer`, values: form, errors: e }}
            fields={[
              { kind: 'textarea', name: 'answer', label: '答复内容', required: true, maxLength: 10000 },
            ]}
            submit="提交答复"
          />
          <CrudForm
            page={page}
            form={{ action: `/admin/inquiries/${id}/invalid`, values: form, errors: e }}
            fields={[
              {
                name: 'reason',
                label: '无效留言理由',
                maxLength: 500,
                hint: '如：重复提交、与政策咨询无关的广告',
              },
            ]}
            submit="认定为无效留言"
            secondary
          />
        </section>
      )}
      {q.status === 'pending' && p.canRoute && (
        <section aria-labelledby="route-h">
          <h2 id="route-h">转办</h2>
          <CrudForm
            page={page}
            form={{ action: `/admin/inquiries/${id}/route`, errors: e }}
            fields={[
              { kind: 'select', name: 'orgId', label: '转至单位', options: orgOptions(orgs, '请选择') },
              { name: 'routeReason', label: '转办说明', maxLength: 500 },
            ]}
            submit="转办"
            secondary
          />
        </section>
      )}
      {q.status === 'answered' && p.canPublish && (
        <section aria-labelledby="faq-h">
          <h2 id="faq-h">{q.faqPublishedAt ? '常见问题（已公开）' : '公开为常见问题'}</h2>
          <p class="meta">
            公开前请删除姓名、电话、身份证号码等个人信息；含身份证号码或手机号码时系统会拒绝公开（完整的个人信息审查将接入发布模块）。
          </p>
          <CrudForm
            page={page}
            form={{
              action: `/admin/inquiries/${id}/faq`,
              values: {
                question: form?.question ?? q.faqQuestion ?? q.question,
                faqAnswer: form?.faqAnswer ?? q.faqAnswer ?? q.answer,
                links: form?.links ?? q.faqLinks.map((l) => `${l.title}|${l.url}`).join('\n'),
              },
              errors: faqErrors(e),
            }}
            fields={faqFields}
            submit={q.faqPublishedAt ? '更新常见问题' : '公开'}
          />
          {q.faqPublishedAt && (
            <form method="post" action={`/admin/inquiries/${id}/faq/withdraw`}>
              <CsrfField page={page} />
              <button type="submit" class="secondary">
                撤回
              </button>
            </form>
          )}
        </section>
      )}
      <DataTable
        caption="办理记录"
        rows={q.events}
        columns={[
          { label: '时间', date: true, cell: (ev) => beijingTime(ev.at) },
          { label: '操作人', cell: (ev) => ev.actorName },
          { label: '操作', cell: (ev) => ev.action },
          { label: '说明', cell: (ev) => ev.detail },
        ]}
      />
    </>
  );
}

const ageClass = (l: AgeLevel) =>
  l === 'veto' || l === 'alarm' || l === 'overdue'
    ? 'status-bad'
    : l === 'warning' || l === 'due_today'
      ? 'status-warn'
      : '';

/** The back-office home panel: unanswered inquiries by age. */
export function InquiryPanel({ aged }: { aged: AgedInquiry[] }) {
  const counts = new Map<AgeLevel, number>();
  for (const a of aged) counts.set(a.level, (counts.get(a.level) ?? 0) + 1);
  const cls = ageClass;
  return (
    <section class="card" aria-labelledby="inquiry-panel">
      <h2 id="inquiry-panel">政策咨询：未答复 {aged.length} 件</h2>
      {aged.length > 0 && (
        <ul>
          {(Object.keys(AGE_LEVELS) as AgeLevel[])
            .filter((l) => counts.get(l))
            .map((l) => (
              <li class={cls(l)}>
                {AGE_LEVELS[l]}：{counts.get(l)} 件
              </li>
            ))}
        </ul>
      )}
      <ul class="link-list">
        {aged.slice(0, 5).map((a) => (
          <li>
            <a href={`/admin/inquiries/${a.inquiry.id}`}>
              {a.inquiry.number} {a.inquiry.title}
            </a>
            <span class={cls(a.level)}>
              {a.ageDays} 天，{a.levelLabel}
            </span>
          </li>
        ))}
      </ul>
      <p class="meta">有效留言超过 3 个月未答复属网站单项否决项（国办秘函〔2019〕19号）。</p>
      <p>
        <a href="/admin/inquiries?status=pending">查看待答复咨询</a>
      </p>
    </section>
  );
}
