/** 意见征集 in the back office: the list, the draft form, one consultation with its comments, the home panel. */
import type { AppError } from '../../../errors.ts';
import { addDays } from '../../../lib/time.ts';
import { beijingTime, CsrfField, ErrorSummary, Field, Notice } from '../../../web/components.tsx';
import {
  CHOOSE,
  CrudForm,
  optionsOf,
  type CrudField,
  type FieldValue,
  type FormState,
} from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { orgOptions, type Org } from '../../org/model.ts';
import {
  ADOPTION,
  COMMENT_STATUS,
  DEFAULT_PERIOD_DAYS,
  PHASES,
  periodEnd,
  type Consultation,
  type Phase,
} from '../model.ts';
import type { Comment, ConsultationInput } from '../service.ts';

type Listed = Consultation & { phase: Phase };

/** /admin/consultations: the consultations in the actor's orgs. */
export function ConsultationAdminList(p: {
  list: Listed[];
  orgNames: Map<number, string>;
  canManage: boolean;
}) {
  return (
    <>
      <h1>意见征集</h1>
      {p.canManage && (
        <p class="actions">
          <a class="button" href="/admin/consultations/new">
            新建意见征集
          </a>
        </p>
      )}
      <DataTable
        caption={<>意见征集（共 {p.list.length} 件）</>}
        rows={p.list}
        columns={[
          {
            label: '标题',
            rowHeader: true,
            cell: (c) => <a href={`/admin/consultations/${c.id}`}>{c.title}</a>,
          },
          { label: '单位', cell: (c) => p.orgNames.get(c.orgId) },
          {
            label: '征集期',
            cell: (c) => (
              <>
                {c.startDate} 至 {c.endDate}
              </>
            ),
          },
          { label: '状态', cell: (c) => PHASES[c.phase] },
          { label: '采纳情况', cell: (c) => (c.feedbackPublishedAt ? '已发布' : '—') },
        ]}
      />
    </>
  );
}

/** The draft form (new or edit); a new draft starts tomorrow. */
export function ConsultationForm(p: {
  page: PageContext;
  form: FormState<ConsultationInput>;
  orgs: Org[];
  today: string;
}) {
  const { page, form, orgs, today } = p;
  const start = addDays(today, 1);
  const fields: CrudField[] = [
    {
      kind: 'select',
      name: 'orgId',
      label: '征集单位',
      required: true,
      options: [CHOOSE, ...orgOptions(orgs)],
    },
    { name: 'title', label: '草案标题', required: true, maxLength: 200 },
    { kind: 'textarea', name: 'explanation', label: '起草说明', required: true, rows: 6 },
    { kind: 'textarea', name: 'draftText', label: '草案全文', required: true, rows: 14 },
    { kind: 'date', name: 'startDate', label: '开始日期', required: true, default: start },
    {
      kind: 'date',
      name: 'endDate',
      label: '截止日期',
      hint: `不填则为开始日期起 ${DEFAULT_PERIOD_DAYS} 天（如 ${periodEnd(start)}）`,
    },
  ];
  return <CrudForm page={page} form={form} fields={fields} submit="保存草稿" cancel="/admin/consultations" />;
}

/** 发布意见采纳情况: the summary, then the adoption of each published comment and its reason. */
const feedbackFields = (approved: Comment[]): CrudField[] => [
  {
    kind: 'textarea',
    name: 'summary',
    label: '采纳情况说明',
    required: true,
    hint: '收到意见的数量、总体采纳情况，未采纳的理由',
    rows: 6,
  },
  ...approved.map((x): CrudField => ({
    kind: 'fieldset',
    legend: `意见 ${x.id}：${x.body.length > 40 ? `${x.body.slice(0, 40)}…` : x.body}`,
    fields: [
      {
        kind: 'select',
        name: `adoption.${x.id}`,
        label: '采纳情况',
        options: [{ value: '', label: '（不逐条说明）' }, ...optionsOf(ADOPTION)],
      },
      { name: `reason.${x.id}`, label: '理由', maxLength: 2000 },
    ],
  })),
];

/** The feedback as stored: the summary and each comment's adoption. */
const feedbackValues = (c: Consultation, approved: Comment[]): Record<string, FieldValue> => ({
  summary: c.feedbackSummary,
  ...Object.fromEntries(
    approved.flatMap((x) => [
      [`adoption.${x.id}`, x.adoption ?? ''],
      [`reason.${x.id}`, x.adoptionReason],
    ]),
  ),
});

/** 正式文件: the final document the consultation led to. */
const finalDocumentFields: CrudField[] = [
  { name: 'title', label: '文件标题', maxLength: 200 },
  { name: 'url', label: '文件网址', maxLength: 500, hint: '本站路径（如 /gfxwj/12）或 http(s) 网址' },
];

/** One consultation for its managers: publish, moderate comments, reveal a contact, publish feedback. */
export function ConsultationAdminPage(p: {
  page: PageContext;
  c: Consultation & { phase: Phase; comments: Comment[] };
  saved: boolean;
  canManage: boolean;
  canModerate: boolean;
  error?: AppError;
  revealed?: { commentId: number; contact: string };
}) {
  const { page, c, saved, error, revealed } = p;
  const approved = c.comments.filter((x) => x.status === 'approved');
  const errors = error?.fields ?? {};
  return (
    <>
      <h1>{c.title}</h1>
      {saved && <Notice kind="success">已保存。</Notice>}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <p>
        {PHASES[c.phase]}；征集期 {c.startDate} 至 {c.endDate}；收到意见 {c.comments.length} 条
        {c.publishedAt && (
          <>
            ；<a href={`/hdjl/yjzj/${c.id}`}>查看公开页面</a>
          </>
        )}
      </p>
      {c.phase === 'draft' && p.canManage && (
        <div class="actions">
          <a href={`/admin/consultations/${c.id}/edit`}>修改草稿</a>
          <form method="post" action={`/admin/consultations/${c.id}/publish`} class="inline">
            <CsrfField page={page} />
            <button type="submit">发布征集</button>
          </form>
        </div>
      )}
      <h2>意见</h2>
      {c.comments.map((x) => (
        <article class="card">
          <p class="pre-line">{x.body}</p>
          <p class="meta">
            {x.authorName}
            {x.contact && `（${revealed?.commentId === x.id ? revealed.contact : x.contact}）`}，
            {beijingTime(x.submittedAt)}，{COMMENT_STATUS[x.status]}
            {x.rejectReason && `：${x.rejectReason}`}
          </p>
          {x.contact && revealed?.commentId !== x.id && (p.canManage || p.canModerate) && (
            <form
              method="post"
              action={`/admin/consultations/${c.id}/comments/${x.id}/personal`}
              class="inline"
            >
              <CsrfField page={page} />
              <button type="submit" class="secondary">
                查看完整联系方式（将记入审计日志）
              </button>
            </form>
          )}
          {x.status === 'pending' && p.canModerate && (
            <form method="post" action={`/admin/consultations/${c.id}/comments/${x.id}`} novalidate>
              <CsrfField page={page} />
              <Field label={`不予公开的理由（意见 ${x.id}）`} name="reason" maxLength={500} />
              <div class="actions">
                <button type="submit" name="decision" value="approve">
                  公开
                </button>
                <button type="submit" name="decision" value="reject" class="secondary">
                  不予公开
                </button>
              </div>
            </form>
          )}
        </article>
      ))}
      {c.phase === 'closed' && p.canManage && (
        <section aria-labelledby="fb-h">
          <h2 id="fb-h">{c.feedbackPublishedAt ? '意见采纳情况（已发布，可更新）' : '发布意见采纳情况'}</h2>
          <CrudForm
            page={page}
            form={{
              action: `/admin/consultations/${c.id}/feedback`,
              values: feedbackValues(c, approved),
              errors,
            }}
            fields={feedbackFields(approved)}
            submit="发布采纳情况"
          />
          <h2>正式文件</h2>
          <CrudForm
            page={page}
            form={{
              action: `/admin/consultations/${c.id}/final-document`,
              values: { title: c.finalDocTitle, url: c.finalDocUrl },
              errors,
            }}
            fields={finalDocumentFields}
            submit="关联正式文件"
            secondary
          />
        </section>
      )}
    </>
  );
}

/** The back-office home panel. */
export function ConsultationPanel(p: { pending: number; awaiting: Listed[]; open: Listed[] }) {
  const { pending, awaiting, open } = p;
  return (
    <section class="card" aria-labelledby="consultation-panel">
      <h2 id="consultation-panel">意见征集</h2>
      <p>
        正在征集 {open.length} 件；待审核意见 <span class={pending ? 'status-warn' : ''}>{pending}</span>{' '}
        条；待发布采纳情况 <span class={awaiting.length ? 'status-warn' : ''}>{awaiting.length}</span> 件。
      </p>
      <ul class="link-list">
        {awaiting.slice(0, 5).map((c) => (
          <li>
            <a href={`/admin/consultations/${c.id}`}>{c.title}</a>
            <span class="status-warn">征集已于 {c.endDate} 结束，待发布采纳情况</span>
          </li>
        ))}
      </ul>
      <p>
        <a href="/admin/consultations">查看意见征集</a>
      </p>
    </section>
  );
}
