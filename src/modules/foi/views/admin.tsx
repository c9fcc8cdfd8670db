/** Back-office pages of 依申请公开: dashboard list, registration, confirmation queue, the case page. */
import { ApplicantFieldset } from './applicant-form.tsx';
import { idTypeLabel } from '../applicant.ts';
import type { ComponentChildren } from 'preact';
import type { AppError } from '../../../errors.ts';
import {
  beijingTime,
  CsrfField,
  describedBy,
  ErrorSummary,
  Field,
  FieldFrame,
  Select,
  TextArea,
  UploadForm,
} from '../../../web/components.tsx';
import { mask } from '../../../lib/datakeys.ts';
import { DataTable, DateText } from '../../../web/table.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import { DELIVERY_METHODS, PREFERRED_FORMS, REVIEW_KINDS, STATUSES } from '../model.ts';
import { APPLICANT_TYPES, CHANNELS, OUTCOMES, REVIEW_RESULTS } from '../outcomes.ts';
import type { ApplicationDetail, ListedApplication } from '../service.ts';
import { SpansTable, type ApplyValues } from './public.tsx';
import type { DeskView } from '../desk.ts';
import { DoneNotice, duplicateOptions, EarlierApplications, NextStepPanel } from './desk.tsx';

/** The results a proceeding can end with (尚未审结 is having none). */
const FINAL_RESULTS = {
  upheld: REVIEW_RESULTS.upheld,
  corrected: REVIEW_RESULTS.corrected,
  other: REVIEW_RESULTS.other,
};

const opts = (o: Record<string, string>, empty?: string) => [
  ...(empty ? [{ value: '', label: empty }] : []),
  ...Object.entries(o).map(([value, label]) => ({ value, label })),
];

export function DaysLeft({
  a,
}: {
  a: Pick<ListedApplication, 'workingDaysLeft' | 'overdue' | 'provisional' | 'status'>;
}) {
  if (a.status === 'closed') return <span>已办结</span>;
  if (a.workingDaysLeft == null) return <span>—</span>;
  if (a.overdue) return <span class="status-bad">已超期 {Math.abs(a.workingDaysLeft)} 个工作日</span>;
  return (
    <span class={a.workingDaysLeft <= 3 ? 'status-warn' : undefined}>
      剩 {a.workingDaysLeft} 个工作日{a.provisional ? '（预估）' : ''}
    </span>
  );
}

export function CaseTable({
  items,
  orgNames,
  caption,
}: {
  items: ListedApplication[];
  orgNames: Map<number, string>;
  caption: string;
}) {
  return (
    <DataTable
      caption={caption}
      rows={items}
      columns={[
        {
          label: '申请编号',
          rowHeader: true,
          cell: (a) => (
            <>
              <a href={`/admin/foi/${a.id}`}>{a.number}</a>
              {a.isSample && <span class="meta">（演示）</span>}
            </>
          ),
        },
        { label: '申请人', cell: (a) => a.applicantName },
        { label: '承办机关', cell: (a) => orgNames.get(a.orgId) ?? a.orgId },
        { label: '收到日期', cell: (a) => a.receivedOn ?? '待确认', date: true },
        {
          label: '状态',
          cell: (a) => `${STATUSES[a.status]}${a.outcome ? `：${OUTCOMES[a.outcome].row}` : ''}`,
        },
        {
          label: '答复期限',
          cell: (a) => (
            <>
              <DateText>{a.dueDate ?? '—'}</DateText>
              {a.provisional && a.dueDate ? '（预估）' : ''}
            </>
          ),
        },
        { label: '剩余', cell: (a) => <DaysLeft a={a} /> },
      ]}
    />
  );
}

export function FilterForm({ orgs, q }: { orgs: Org[]; q: Record<string, string | undefined> }) {
  return (
    // On phones the filters fold behind one control, so the case list comes first.
    <details class="fold-narrow">
      <summary>筛选案件（承办机关、状态、是否超期、年度）</summary>
      <form method="get" action="/admin/foi" class="foi-filter">
        <Select
          label="承办机关"
          name="org"
          value={q.org}
          options={[{ value: '', label: '全部' }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <Select
          label="状态"
          name="status"
          value={q.status}
          options={[{ value: '', label: '全部' }, { value: 'open', label: '未办结' }, ...opts(STATUSES)]}
        />
        <Select
          label="是否超期"
          name="overdue"
          value={q.overdue}
          options={[
            { value: '', label: '全部' },
            { value: '1', label: '仅超期' },
          ]}
        />
        <Field label="年度" name="year" type="number" value={q.year} />
        <div class="actions">
          <button type="submit">筛选</button>
        </div>
      </form>
    </details>
  );
}

export function RegisterForm({
  page,
  orgs,
  values,
  error,
}: {
  page: PageContext;
  orgs: Org[];
  values: ApplyValues;
  error?: AppError;
}) {
  const f = error?.fields ?? {};
  return (
    <form method="post" action="/admin/foi/new" novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <fieldset>
        <legend>收到方式（条例第三十一条）</legend>
        <Select
          label="收到方式"
          name="channel"
          value={values.channel}
          options={opts(CHANNELS, '请选择')}
          required
          error={f.channel}
          hint="互联网、传真申请进入待确认队列，以双方确认之日为收到申请之日"
        />
        <Field
          label="收到日期"
          name="receivedOn"
          type="date"
          value={values.receivedOn}
          error={f.receivedOn}
          hint="当面提交：提交之日；邮寄：签收之日；平常信函：与申请人确认之日（即到达之日）"
        />
      </fieldset>
      <ApplicantFieldset values={values} fields={f} legend="申请人" autocomplete={false} />
      <fieldset>
        <legend>申请内容</legend>
        <Select
          label="承办机关"
          name="orgId"
          value={values.orgId}
          options={[{ value: '', label: '请选择' }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
          required
          error={f.orgId}
        />
        <TextArea
          label="所需信息描述"
          name="description"
          value={values.description}
          required
          error={f.description}
          maxLength={2000}
        />
        <Field label="文号" name="docNumber" value={values.docNumber} error={f.docNumber} maxLength={100} />
        <Field label="文件标题" name="docTitle" value={values.docTitle} error={f.docTitle} maxLength={200} />
        <Select
          label="载体形式"
          name="preferredForm"
          value={values.preferredForm}
          options={opts(PREFERRED_FORMS, '不指定')}
          error={f.preferredForm}
        />
        <Select
          label="获取方式"
          name="delivery"
          value={values.delivery}
          options={opts(DELIVERY_METHODS, '不指定')}
          error={f.delivery}
        />
      </fieldset>
      <div class="actions">
        <button type="submit">登记</button>
      </div>
    </form>
  );
}

/** A labelled input whose id is unique on a page with many forms. */
function In({
  form,
  name,
  label,
  type = 'text',
  value,
  hint,
  required,
}: {
  form: string;
  name: string;
  label: string;
  type?: string;
  value?: string | number;
  hint?: string;
  required?: boolean;
}) {
  const id = `${form}-${name}`;
  return (
    <FieldFrame id={id} label={label} required={required} hint={hint}>
      <input
        id={id}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        aria-describedby={describedBy(id, hint)}
      />
    </FieldFrame>
  );
}

function Sel({
  form,
  name,
  label,
  options,
  value,
}: {
  form: string;
  name: string;
  label: string;
  options: { value: string | number; label: string }[];
  value?: string;
}) {
  const id = `${form}-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name}>
        {options.map((o) => (
          <option value={o.value} selected={String(o.value) === (value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function EventForm({
  page,
  id,
  type,
  title,
  children,
}: {
  page: PageContext;
  id: number;
  type: string;
  title: string;
  children?: ComponentChildren;
}) {
  return (
    <details class="foi-event">
      <summary>{title}</summary>
      <form method="post" action={`/admin/foi/${id}/events`}>
        <CsrfField page={page} />
        <input type="hidden" name="type" value={type} />
        <In form={type} name="on" label="日期" type="date" hint="留空为今天" />
        {children}
        <div class="actions">
          <button type="submit">保存：{title}</button>
        </div>
      </form>
    </details>
  );
}

export function CaseView({
  page,
  d,
  orgs,
  handlers,
  canManage,
  canHandle,
  error,
  revealed,
  desk,
}: {
  page: PageContext;
  d: ApplicationDetail;
  /** The desk parts (next step first, earlier applications, what the last action did). */
  desk?: DeskView;
  orgs: Org[];
  handlers: { id: number; name: string }[];
  canManage: boolean;
  canHandle: boolean;
  error?: AppError;
  /** Unmasked personal data, after the audited "查看完整信息" action. */
  revealed?: { idNumber: string; phone: string; address: string };
}) {
  const a = d.application;
  const c = d.clock;
  const st = a.status;
  const open = st !== 'closed' && st !== 'awaiting_confirmation';
  const evs = d.events.map((e) => e.event);
  const has = (t: string) => evs.some((e) => e.type === t);
  const consultationOpen =
    st === 'consultation' ||
    evs.filter((e) => e.type === 'consultation_started').length >
      evs.filter((e) => e.type === 'consultation_ended').length;
  const orgOptions = orgs.map((o) => ({ value: o.id, label: o.name }));
  return (
    <>
      <h1>申请 {a.number}</h1>
      {desk?.done && <DoneNotice label={desk.done.label} line={desk.done.line} />}
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      {desk && <NextStepPanel step={desk.next} />}
      {a.isSample && <p class="sample-note">演示数据：本申请为虚构的示例。</p>}
      <dl class="foi-receipt">
        <dt>状态</dt>
        <dd>
          {STATUSES[st]}
          {a.outcome ? `：${OUTCOMES[a.outcome].row}` : ''}
        </dd>
        <dt>承办机关</dt>
        <dd>{d.orgName}</dd>
        <dt>承办人</dt>
        <dd>{d.handlerName ?? '未指定'}</dd>
        <dt>收到方式</dt>
        <dd>{CHANNELS[a.channel]}</dd>
        <dt>提交时间</dt>
        <dd>{beijingTime(a.submittedAt)}</dd>
        <dt>收到申请之日</dt>
        <dd>{a.receivedOn ?? '待确认'}</dd>
        <dt>答复期限</dt>
        <dd>
          {a.dueDate ?? (a.closedOn ? `已于 ${a.closedOn} 办结` : '—')}
          {a.provisional && a.dueDate ? '（预估）' : ''}{' '}
          {d.left && (
            <DaysLeft
              a={{
                workingDaysLeft: d.left.workingDaysLeft,
                overdue: d.left.overdue,
                provisional: a.provisional,
                status: st,
              }}
            />
          )}
        </dd>
      </dl>
      <section aria-labelledby="applicant">
        <h2 id="applicant">申请人与申请内容</h2>
        <dl class="foi-receipt">
          <dt>申请人</dt>
          <dd>
            {a.applicantName}（{APPLICANT_TYPES[a.applicantType]}）
          </dd>
          {a.applicantType !== 'natural' && (
            <>
              <dt>法定代表人 / 联系人</dt>
              <dd>
                {a.legalRepresentative || '—'} / {a.contactPerson || '—'}
              </dd>
            </>
          )}
          <dt>{a.idType ? idTypeLabel(a.idType) : '证件号码'}</dt>
          <dd>{(revealed ? revealed.idNumber : mask(a.idNumber, 'id')) || '—'}</dd>
          <dt>联系电话</dt>
          <dd>{revealed ? revealed.phone : mask(a.phone, 'phone')}</dd>
          <dt>地址 / 邮箱</dt>
          <dd>
            {(revealed ? revealed.address : mask(a.address, 'address')) || '—'} / {a.email || '—'}
          </dd>
          {!revealed && (canManage || (page.user && a.handlerId === page.user.id)) && (
            <dd>
              <form method="post" action={`/admin/foi/${a.id}/personal`} class="inline">
                <CsrfField page={page} />
                <button type="submit">查看完整信息（将记入审计日志）</button>
              </form>
            </dd>
          )}
          <dt>所需信息</dt>
          <dd>{a.description}</dd>
          <dt>文号 / 标题</dt>
          <dd>
            {a.docNumber || '—'} / {a.docTitle || '—'}
          </dd>
          <dt>载体 / 获取方式</dt>
          <dd>
            {PREFERRED_FORMS[a.preferredForm as keyof typeof PREFERRED_FORMS] ?? '不指定'} /{' '}
            {DELIVERY_METHODS[a.delivery as keyof typeof DELIVERY_METHODS] ?? '不指定'}
          </dd>
        </dl>
      </section>
      {c && (
        <section aria-labelledby="clock">
          <h2 id="clock">答复期限的计算</h2>
          <ol>
            {c.explanation.map((l) => (
              <li>{l}</li>
            ))}
          </ol>
          <SpansTable spans={c.spans} caption="计入和不计入的期间" />
          <p>
            补正通知最迟发出日：{c.correctionNoticeDue}
            {c.correctionDeadline && `；补正期限：${c.correctionDeadline}`}
            {c.consultationDeadline && `；征求意见期限：${c.consultationDeadline}`}
            {c.feePaymentDeadline && `；缴费期限：${c.feePaymentDeadline}`}
          </p>
        </section>
      )}
      {desk && <EarlierApplications items={desk.earlier} repeats={desk.repeats} />}
      {st === 'awaiting_confirmation' && canHandle && (
        <section aria-labelledby="confirm">
          <h2 id="confirm">确认收到</h2>
          <form method="post" action={`/admin/foi/${a.id}/confirm`}>
            <CsrfField page={page} />
            <In
              form="confirm"
              name="on"
              label="确认日期（即收到申请之日）"
              type="date"
              hint="留空为今天；条例第三十一条：以双方确认之日为收到申请之日"
            />
            <div class="actions">
              <button type="submit">确认收到</button>
            </div>
          </form>
        </section>
      )}
      {open && canHandle && (
        <section aria-labelledby="handle">
          <h2 id="handle">办理</h2>
          {canManage && (
            <>
              <EventForm page={page} id={a.id} type="assigned" title="分办 / 指定承办人">
                <Sel
                  form="assigned"
                  name="orgId"
                  label="承办机关"
                  options={orgOptions}
                  value={String(a.orgId)}
                />
                <Sel
                  form="assigned"
                  name="handlerId"
                  label="承办人（须为该机关的承办人）"
                  options={[
                    { value: '', label: '不指定' },
                    ...handlers.map((h) => ({ value: h.id, label: h.name })),
                  ]}
                />
              </EventForm>
              <EventForm page={page} id={a.id} type="transferred" title="转办其他机关">
                <Sel form="transferred" name="orgId" label="转至机关" options={orgOptions} />
                <In form="transferred" name="reason" label="转办理由" required />
              </EventForm>
            </>
          )}
          {!has('correction_requested') && (
            <EventForm page={page} id={a.id} type="correction_requested" title="发出补正通知">
              <In
                form="correction_requested"
                name="periodDays"
                label="补正期限（工作日）"
                type="number"
                value={15}
              />
              <In form="correction_requested" name="reason" label="需要补正的内容" />
            </EventForm>
          )}
          {st === 'correction_pending' && (
            <EventForm page={page} id={a.id} type="correction_received" title="收到补正材料" />
          )}
          {canManage && !has('extension') && st !== 'correction_pending' && (
            <EventForm page={page} id={a.id} type="extension" title="延长答复期限">
              <In form="extension" name="approvedBy" label="批准人（政府信息公开工作机构负责人）" required />
              <In form="extension" name="reason" label="延长理由" required />
            </EventForm>
          )}
          {!consultationOpen ? (
            <EventForm page={page} id={a.id} type="consultation_started" title="征求第三方或其他机关意见">
              <Sel
                form="consultation_started"
                name="party"
                label="征求对象"
                options={[
                  { value: 'third_party', label: '第三方' },
                  { value: 'agency', label: '其他机关' },
                ]}
              />
              <In form="consultation_started" name="partyName" label="对象名称" />
            </EventForm>
          ) : (
            <EventForm page={page} id={a.id} type="consultation_ended" title="征求意见结束">
              <Sel
                form="consultation_ended"
                name="deemed"
                label="结束方式"
                options={[
                  { value: '', label: '收到答复' },
                  { value: '1', label: '逾期未答复（15 个工作日）' },
                ]}
              />
            </EventForm>
          )}
          {!has('fee_notice') && (
            <EventForm page={page} id={a.id} type="fee_notice" title="发出收费通知">
              <Sel
                form="fee_notice"
                name="method"
                label="收费方式"
                options={[
                  { value: 'count', label: '按件（同一申请人本自然月累计件数）' },
                  { value: 'volume', label: '按量（页数）' },
                ]}
              />
              <In form="fee_notice" name="pages" label="页数（按量时填写）" type="number" />
            </EventForm>
          )}
          {st === 'fee_pending' && <EventForm page={page} id={a.id} type="fee_paid" title="申请人已缴费" />}
          {!has('excessive_date_set') && (
            <EventForm
              page={page}
              id={a.id}
              type="excessive_date_set"
              title="确定合理答复期限（条例第三十五条）"
            >
              <In form="excessive_date_set" name="dueDate" label="合理答复期限" type="date" required />
              <In form="excessive_date_set" name="reason" label="理由" required />
            </EventForm>
          )}
          <EventForm page={page} id={a.id} type="closed" title="办结（选择一项办理结果）">
            <Sel
              form="closed"
              name="outcome"
              label="办理结果"
              options={[
                { value: '', label: '请选择' },
                ...Object.entries(OUTCOMES).map(([value, o]) => ({ value, label: o.row })),
              ]}
            />
            <Sel
              form="closed"
              name="onTheSpot"
              label="是否当场答复"
              options={[
                { value: '', label: '否' },
                { value: '1', label: '是（当日答复）' },
              ]}
            />
            <Sel
              form="closed"
              name="earlierId"
              label="前次申请（办理结果为“重复申请”时必选）"
              options={[{ value: '', label: '不适用' }, ...duplicateOptions(desk?.earlier ?? [])]}
            />
            <In form="closed" name="reason" label="理由（写入答复书）" />
          </EventForm>
        </section>
      )}
      {canHandle && (
        <details class="foi-event">
          <summary>添加备注</summary>
          <form method="post" action={`/admin/foi/${a.id}/events`}>
            <CsrfField page={page} />
            <input type="hidden" name="type" value="note" />
            <In form="note" name="text" label="备注" required />
            <div class="actions">
              <button type="submit">保存备注</button>
            </div>
          </form>
        </details>
      )}
      <section aria-labelledby="letters">
        <h2 id="letters">文书</h2>
        {d.letters.length ? (
          <ul>
            {d.letters.map((l) => (
              <li>
                {l.title}
                {l.docNumber ? `（${l.docNumber}）` : ''}，{l.issuedOn}：
                <a href={`/admin/foi/${a.id}/letters/${l.ref}.docx`}>下载 Word（{l.title}）</a>{' '}
                <a href={`/admin/foi/${a.id}/letters/${l.ref}.html`}>打印版（{l.title}）</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>暂无文书。</p>
        )}
      </section>
      <section aria-labelledby="attachments">
        <h2 id="attachments">附件与提供给申请人的信息</h2>
        {d.attachments.length ? (
          <ul>
            {d.attachments.map((f) => (
              <li>
                <a href={`/admin/foi/attachments/${f.id}`}>{f.filename}</a>（{Math.ceil(f.size / 1024)} KB，
                {f.uploadedBy}，{beijingTime(f.createdAt)}）
                {f.releasedAt && <strong>　已提供给申请人（{beijingTime(f.releasedAt)}）</strong>}
                {canHandle && (
                  <form method="post" action={`/admin/foi/attachments/${f.id}/release`} class="inline-form">
                    <CsrfField page={page} />
                    <input type="hidden" name="released" value={f.releasedAt ? '0' : '1'} />
                    <button type="submit" class="secondary">
                      {f.releasedAt ? '撤回提供' : '提供给申请人'}
                      <span class="visually-hidden">（{f.filename}）</span>
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p>暂无附件。</p>
        )}
        {canHandle && (
          <UploadForm
            page={page}
            action={`/admin/foi/${a.id}/attachments`}
            label="上传扫描件、文档或提供给申请人的政府信息"
            hint="PDF、JPEG、PNG、TIFF、Word、Excel 或 OFD，不超过 20 MB"
            submit="上传"
          >
            <label class="checkbox">
              <input type="checkbox" name="released" value="1" />{' '}
              这是提供给申请人的政府信息（申请人凭申请编号和查询码在办理进度页面下载）
            </label>
          </UploadForm>
        )}
      </section>
      <section aria-labelledby="reviews">
        <h2 id="reviews">行政复议与行政诉讼</h2>
        {d.reviews.length > 0 && (
          <div class="table-wrap">
            <table>
              <caption>复议诉讼记录（最新结果）</caption>
              <thead>
                <tr>
                  <th scope="col">类型</th>
                  <th scope="col">立案日期</th>
                  <th scope="col">结果</th>
                  <th scope="col">结果日期</th>
                  <th scope="col">备注</th>
                </tr>
              </thead>
              <tbody>
                {d.reviews.map((r) => (
                  <tr>
                    <td>{REVIEW_KINDS[r.kind as keyof typeof REVIEW_KINDS] ?? r.kind}</td>
                    <td>{r.filedOn}</td>
                    <td>{REVIEW_RESULTS[r.result]}</td>
                    <td>{r.resultOn ?? '—'}</td>
                    <td>{r.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {d.reviews
          .filter((r) => r.results.length > 0)
          .map((r) => (
            <div class="table-wrap">
              <table id={`review-${r.id}-results`}>
                <caption>
                  结果记录：{REVIEW_KINDS[r.kind as keyof typeof REVIEW_KINDS] ?? r.kind}（{r.filedOn}{' '}
                  立案）。后来的结果（再审、二审等）另行登记，不覆盖此前的结果；年度报告按当年 12 月 31
                  日及以前的最新结果统计。
                </caption>
                <thead>
                  <tr>
                    <th scope="col">结果日期</th>
                    <th scope="col">结果</th>
                    <th scope="col">备注</th>
                    <th scope="col">登记</th>
                  </tr>
                </thead>
                <tbody>
                  {r.results.map((x) => (
                    <tr>
                      <td>{x.resultOn}</td>
                      <td>{REVIEW_RESULTS[x.result]}</td>
                      <td>{x.note}</td>
                      <td>
                        {x.actorName} {beijingTime(x.recordedAt)}
                        {x.correctedAt && <>（{beijingTime(x.correctedAt)} 更正）</>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        {canHandle && (
          <>
            <details class="foi-event">
              <summary>登记复议或诉讼</summary>
              <form method="post" action={`/admin/foi/${a.id}/reviews`}>
                <CsrfField page={page} />
                <Sel form="review" name="kind" label="类型" options={opts(REVIEW_KINDS)} />
                <In form="review" name="filedOn" label="立案（申请）日期" type="date" required />
                <Sel
                  form="review"
                  name="result"
                  label="结果"
                  options={opts(REVIEW_RESULTS)}
                  value="pending"
                />
                <In form="review" name="resultOn" label="结果日期（已审结时填写）" type="date" />
                <In form="review" name="note" label="备注" />
                <div class="actions">
                  <button type="submit">登记</button>
                </div>
              </form>
            </details>
            {d.reviews.map((r) => (
              <>
                <details class="foi-event">
                  <summary>
                    新增结果：{REVIEW_KINDS[r.kind as keyof typeof REVIEW_KINDS]}（{r.filedOn}）
                  </summary>
                  <form method="post" action={`/admin/foi/reviews/${r.id}/results`}>
                    <CsrfField page={page} />
                    <p class="hint">再审、二审等后来的结果另行登记，此前的结果保留。</p>
                    <Sel form={`rv${r.id}`} name="result" label="结果" options={opts(FINAL_RESULTS)} />
                    <In form={`rv${r.id}`} name="resultOn" label="结果日期" type="date" required />
                    <In form={`rv${r.id}`} name="note" label="备注" />
                    <div class="actions">
                      <button type="submit">登记结果</button>
                    </div>
                  </form>
                </details>
                {r.results.map((x) => (
                  <details class="foi-event">
                    <summary>
                      更正录入有误的结果：{REVIEW_RESULTS[x.result]}（{x.resultOn}）
                    </summary>
                    <form method="post" action={`/admin/foi/reviews/${r.id}/results/${x.id}`}>
                      <CsrfField page={page} />
                      <Sel
                        form={`rr${x.id}`}
                        name="result"
                        label="结果"
                        options={opts(FINAL_RESULTS)}
                        value={x.result}
                      />
                      <In
                        form={`rr${x.id}`}
                        name="resultOn"
                        label="结果日期"
                        type="date"
                        value={x.resultOn}
                        required
                      />
                      <In form={`rr${x.id}`} name="note" label="备注" value={x.note} />
                      <div class="actions">
                        <button type="submit">保存更正</button>
                      </div>
                    </form>
                  </details>
                ))}
              </>
            ))}
          </>
        )}
      </section>
      <section aria-labelledby="history">
        <h2 id="history">办理记录</h2>
        <ol>
          {d.history.map((h) => (
            <li>
              {beijingTime(h.at)} {h.actorName}：{h.text}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
