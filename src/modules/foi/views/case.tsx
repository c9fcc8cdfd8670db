/** Back-office pages of 依申请公开: the case page. */
import { idTypeLabel } from '../applicant.ts';
import type { AppError } from '../../../errors.ts';
import { beijingTime, CsrfField, ErrorSummary, UploadForm } from '../../../web/components.tsx';
import { mask } from '../../../lib/datakeys.ts';
import type { PageContext } from '../../../web/page.ts';
import type { Org } from '../../org/model.ts';
import { DELIVERY_METHODS, PREFERRED_FORMS, STATUSES } from '../model.ts';
import { APPLICANT_TYPES, CHANNELS, OUTCOMES } from '../outcomes.ts';
import type { ApplicationDetail } from '../service/read.ts';
import { SpansTable } from './public.tsx';
import type { DeskView } from '../desk.ts';
import { DoneNotice, EarlierApplications, NextStepPanel } from './desk.tsx';
import { In } from './form-parts.tsx';
import { HandleSection } from './case-handle.tsx';
import { ReviewsSection } from './case-reviews.tsx';
import { DaysLeft } from './case-list.tsx';

/** The case page: status, applicant, clock, desk, the actions, letters, files, reviews, history. */
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
        <HandleSection page={page} d={d} orgs={orgs} handlers={handlers} canManage={canManage} desk={desk} />
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
      <ReviewsSection page={page} d={d} canHandle={canHandle} />
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
