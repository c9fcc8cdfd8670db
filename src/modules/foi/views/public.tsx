/** Public pages of 依申请公开: the online form, the receipt, the tracking page. Work without JavaScript. */
import { DataTable } from '../../../web/table.tsx';
import type { AppError } from '../../../errors.ts';
import { chineseDate } from '../../../lib/time.ts';
import { CsrfField, ErrorSummary, Field, FileField, Select, TextArea } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import { DELIVERY_METHODS, PREFERRED_FORMS, STATUSES } from '../model.ts';
import { OUTCOMES, type OutcomeCode } from '../outcomes.ts';
import type { trackApplication } from '../service/track.ts';
import type { ClockSpan } from '../clock.ts';
import { ApplicantFieldset } from './applicant-form.tsx';

export type ApplyValues = Partial<Record<string, string>>;

const opts = (o: Record<string, string>, empty?: string) => [
  ...(empty ? [{ value: '', label: empty }] : []),
  ...Object.entries(o).map(([value, label]) => ({ value, label })),
];

export function ApplyForm({
  page,
  orgs,
  values,
  formToken,
  error,
}: {
  page: PageContext;
  orgs: Org[];
  values: ApplyValues;
  formToken: string;
  error?: AppError;
}) {
  const f = error?.fields ?? {};
  return (
    <form method="post" action="/ysqgk/apply" novalidate>
      <CsrfField page={page} />
      <input type="hidden" name="formToken" value={formToken} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <ApplicantFieldset values={values} fields={f} />
      <fieldset>
        <legend>所需政府信息</legend>
        <Select
          label="受理机关"
          name="orgId"
          value={values.orgId}
          options={[{ value: '', label: '请选择' }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
          required
          error={f.orgId}
        />
        <TextArea
          label="所需信息的内容描述"
          name="description"
          value={values.description}
          required
          error={f.description}
          hint="请写明信息的名称、文号或者便于查询的其他特征性描述"
          maxLength={2000}
        />
        <Field
          label="文号（如知道）"
          name="docNumber"
          value={values.docNumber}
          error={f.docNumber}
          hint="如：洪府办发〔2022〕66号"
          maxLength={100}
        />
        <Field
          label="文件标题（如知道）"
          name="docTitle"
          value={values.docTitle}
          error={f.docTitle}
          maxLength={200}
        />
        <Select
          label="信息的载体形式"
          name="preferredForm"
          value={values.preferredForm}
          options={opts(PREFERRED_FORMS, '不指定')}
          error={f.preferredForm}
        />
        <Select
          label="获取信息的方式"
          name="delivery"
          value={values.delivery}
          options={opts(DELIVERY_METHODS, '不指定')}
          error={f.delivery}
        />
      </fieldset>
      <p>
        提交后，本机关确认收到之日为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条），答复期限自次日起计算
        20 个工作日。
      </p>
      <div class="actions">
        <button type="submit" name="step" value="check">
          下一步：核对信息
        </button>
      </div>
    </form>
  );
}

export function ReceiptView({
  number,
  queryCode,
  orgName,
  submittedOn,
  repeated,
  emailed = false,
}: {
  number: string;
  queryCode: string;
  orgName: string;
  submittedOn: string;
  repeated: boolean;
  /** A copy went to the applicant's e-mail. */
  emailed?: boolean;
}) {
  return (
    <>
      <h1>申请已提交</h1>
      <div class="notice notice-success" role="status">
        {repeated ? '您已提交过这份申请，以下是原申请的回执。' : '您的政府信息公开申请已提交并保存。'}
      </div>
      <dl class="foi-receipt">
        <dt>申请编号</dt>
        <dd id="receipt-number">{number}</dd>
        <dt>查询码</dt>
        <dd>
          <strong class="foi-code" id="receipt-code">
            {queryCode}
          </strong>
        </dd>
        <dt>受理机关</dt>
        <dd>{orgName}</dd>
        <dt>提交日期</dt>
        <dd>{chineseDate(submittedOn)}</dd>
      </dl>
      <p class="foi-keep">
        <strong>请抄下、打印或收藏本页：查询码只显示这一次</strong>
        ，本站不保存查询码原文，遗失后无法找回。凭申请编号和查询码可以查询办理进度、在线补正、下载答复书。
        {emailed ? '回执已发送到您填写的电子邮箱。' : ''}
      </p>
      <p>网上提交的申请，以本机关确认收到之日为收到申请之日；确认后您可以查询答复期限。</p>
      <p class="actions no-print">
        <a
          class="button"
          id="track-link"
          href={`/ysqgk/track?number=${encodeURIComponent(number)}#code=${queryCode}`}
        >
          查询办理进度
        </a>{' '}
        <button type="button" class="secondary" data-print hidden>
          打印回执
        </button>
      </p>
      <p class="hint no-print">“查询办理进度”链接可以收藏，查询码只保存在链接的“#”之后，不会发送到服务器。</p>
    </>
  );
}

export function TrackForm({ page, number, error }: { page: PageContext; number?: string; error?: string }) {
  return (
    <form method="post" action="/ysqgk/track" novalidate data-track>
      <CsrfField page={page} />
      <ErrorSummary message={error} />
      <Field
        label="申请编号"
        name="number"
        value={number}
        required
        hint="如：2026-YSQ-00001（见受理回执）"
        maxLength={30}
      />
      <Field
        label="查询码"
        name="code"
        required
        hint="提交申请时回执上的 12 位查询码"
        maxLength={20}
        autocomplete="off"
      />
      <div class="actions">
        <button type="submit">查询</button>
      </div>
    </form>
  );
}

/** What the tracking page shows (service.ts trackApplication). */
export type TrackView = Awaited<ReturnType<typeof trackApplication>>;

/** The periods counted and not counted towards the due date, with their legal basis. */
export function SpansTable({ spans, caption }: { spans: ClockSpan[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      rows={spans}
      columns={[
        { label: '类别', cell: (s) => (s.kind === 'counted' ? '计入' : '不计入') },
        { label: '起（不含）', cell: (s) => s.from, date: true },
        { label: '止', cell: (s) => s.to, date: true },
        { label: '工作日', cell: (s) => s.workingDays, class: 'num' },
        { label: '依据', cell: (s) => s.reason },
      ]}
    />
  );
}

/** The outcome as the applicant reads it: the report row without its numbering (e.g. 不予公开：属于四类过程性信息). */
export const outcomeInWords = (code: OutcomeCode) =>
  OUTCOMES[code].row
    .replace(/^（[一二三四五六]）/, '')
    .replace(/（区分处理的.*）$/, '')
    .replace(/\s\d\./, '：');

/** Hidden number + query code, so each follow-up form (补正, downloads) proves the same as the search did. */
function Proof({ number, code }: { number: string; code: string }) {
  return (
    <>
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="code" value={code} />
    </>
  );
}

export function TrackResult({
  v,
  code,
  page,
  error,
}: {
  v: TrackView;
  code: string;
  page: PageContext;
  error?: AppError;
}) {
  const c = v.correction;
  return (
    <>
      {!c && <ErrorSummary message={error?.userMessage} fields={error?.fields} />}
      <h2>申请 {v.number}</h2>
      <dl class="foi-receipt">
        <dt>办理状态</dt>
        <dd>{STATUSES[v.status]}</dd>
        <dt>受理机关</dt>
        <dd>{v.orgName}</dd>
        <dt>提交日期</dt>
        <dd>{chineseDate(v.submittedOn)}</dd>
        <dt>收到申请之日</dt>
        <dd>{v.receivedOn ? chineseDate(v.receivedOn) : '尚待确认（确认之日即为收到申请之日）'}</dd>
        {v.closedOn ? (
          <>
            <dt>办结日期</dt>
            <dd>{chineseDate(v.closedOn)}</dd>
          </>
        ) : (
          <>
            <dt>答复期限</dt>
            <dd>
              {v.dueDate
                ? `${chineseDate(v.dueDate)}${v.provisional ? '（预估）' : ''}`
                : v.receivedOn
                  ? '暂停计算'
                  : '确认收到后计算'}
            </dd>
          </>
        )}
      </dl>
      {c && (
        <section aria-labelledby="correction" class="foi-correction">
          <h3 id="correction">需要您补正申请</h3>
          <p>
            {v.orgName}于{chineseDate(c.requestedOn)}发出补正申请通知书：您的申请内容不明确，{c.reason}。
          </p>
          <p>
            请说明所需政府信息的名称、文号或者便于查询的其他特征性描述（条例第三十条）。补正期限为{' '}
            {c.periodDays} 个工作日，
            <strong>请于 {c.deadline ? chineseDate(c.deadline) : '补正期限届满'} 前</strong>
            补正；逾期未补正的，视为放弃申请。答复期限自收到补正之日起重新计算。
          </p>
          <ErrorSummary message={error?.userMessage} fields={error?.fields} />
          {c.lapsed ? (
            <p class="notice notice-error">补正期限已届满，不能再在网上补正。</p>
          ) : (
            <form
              method="post"
              action={`/ysqgk/track/correction?_csrf=${encodeURIComponent(page.csrfToken)}`}
              enctype="multipart/form-data"
              novalidate
            >
              <Proof number={v.number} code={code} />
              <TextArea
                label="补正内容"
                name="text"
                rows={5}
                maxLength={2000}
                hint="写明所需信息的名称、文号、年份等"
                error={error?.fields?.text}
              />
              <FileField
                label="补正材料（可选）"
                name="files"
                multiple
                hint={`PDF、JPEG、PNG、TIFF、Word、Excel 或 OFD，每个不超过 20 MB，最多 5 个`}
                error={error?.fields?.file ?? error?.fields?.files}
              />
              <div class="actions">
                <button type="submit">提交补正</button>
              </div>
            </form>
          )}
        </section>
      )}
      {v.outcome && v.remedy && (
        <section aria-labelledby="outcome">
          <h3 id="outcome">办理结果</h3>
          <p>
            <strong>{outcomeInWords(v.outcome)}</strong>（{chineseDate(v.closedOn!)}
            办结）。详细理由和获取信息的方式见答复书。
          </p>
          <p>
            如对答复不服，可以自收到答复书之日起六十日内向<strong>{v.remedy.reviewBody}</strong>
            申请行政复议，或者自收到答复书之日起六个月内依法向人民法院提起行政诉讼。
            按答复书落款日期计算，申请行政复议最迟为 {chineseDate(v.remedy.reviewBy)}，提起行政诉讼最迟为{' '}
            {chineseDate(v.remedy.litigationBy)}（以实际收到答复书的日期为准）。
          </p>
        </section>
      )}
      {v.explanation.length > 0 && (
        <section aria-labelledby="how">
          <h3 id="how">答复期限是如何计算的</h3>
          <ol>
            {v.explanation.map((l) => (
              <li>{l}</li>
            ))}
          </ol>
          {v.spans.length > 0 && <SpansTable spans={v.spans} caption="计入和不计入的期间" />}
        </section>
      )}
      {v.released.length > 0 && (
        <section aria-labelledby="released">
          <h3 id="released">提供给您的政府信息</h3>
          <ul class="foi-letters">
            {v.released.map((f) => (
              <li>
                <span>
                  {f.filename}（{Math.ceil(f.size / 1024)} KB，{chineseDate(f.releasedOn)}提供）
                </span>
                <form method="post" action="/ysqgk/track/file" class="inline-form">
                  <CsrfField page={page} />
                  <Proof number={v.number} code={code} />
                  <input type="hidden" name="id" value={String(f.id)} />
                  <button type="submit" class="secondary">
                    下载<span class="visually-hidden">（{f.filename}）</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="letters">
        <h3 id="letters">已发出的文书</h3>
        {v.letters.length ? (
          <ul class="foi-letters">
            {v.letters.map((l) => (
              <li>
                <span>
                  {chineseDate(l.issuedOn)} {l.title}
                  {l.docNumber ? `（${l.docNumber}）` : ''}
                </span>
                <form method="post" action="/ysqgk/track/letter" class="inline-form">
                  <CsrfField page={page} />
                  <Proof number={v.number} code={code} />
                  <input type="hidden" name="ref" value={l.ref} />
                  <button type="submit" name="format" value="docx" class="secondary">
                    下载 Word<span class="visually-hidden">（{l.title}）</span>
                  </button>{' '}
                  <button type="submit" name="format" value="html" class="secondary">
                    打印版<span class="visually-hidden">（{l.title}）</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : (
          <p>暂无。</p>
        )}
      </section>
    </>
  );
}
