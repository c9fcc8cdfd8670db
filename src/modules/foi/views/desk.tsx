/**
 * The handler's desk parts of the case page: the next legal step (shown first), the applicant's
 * earlier applications (repeat check), the confirm page every action passes through, and the
 * report of what an action did.
 */
import { CsrfField, Notice } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import type { ActionPreview } from '../desk.ts';
import { STATUSES } from '../model.ts';
import type { NextStep } from '../next-step.ts';
import { plainDate } from '../next-step.ts';
import { OUTCOMES } from '../outcomes.ts';
import type { EarlierApplication } from '../repeats.ts';

/** The next legal step and its date, in plain words: the first thing on the case page. */
export function NextStepPanel({ step }: { step: NextStep }) {
  const tone = step.overdue
    ? 'foi-next foi-next-overdue'
    : step.workingDaysLeft != null && step.workingDaysLeft <= 3
      ? 'foi-next foi-next-soon'
      : 'foi-next';
  return (
    <section class={tone} aria-labelledby="next-step">
      <h2 id="next-step">下一步</h2>
      <p class="foi-next-action">
        <strong>{step.action}</strong>
      </p>
      {step.details.length > 0 && (
        <ul>
          {step.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

const MATCHED = { id: '证件号码相同', phone: '联系电话相同' } as const;

/** The applicant's earlier applications, the similar ones first, with outcomes and letters. */
export function EarlierApplications({
  items,
  repeats,
}: {
  items: EarlierApplication[];
  repeats: { id: number; number: string; closedOn: string | null }[];
}) {
  return (
    <section aria-labelledby="earlier">
      <h2 id="earlier">申请人此前的申请（重复申请核查）</h2>
      <p class="hint">
        按证件号码（统一社会信用代码）或联系电话查找同一申请人此前提出的申请。相似程度：把申请内容分词后，看本次申请的词语有多少也出现在此前的申请中（不计“政府信息”“公开”“申请”等每件申请都有的词），一半及以上为“相似”。
      </p>
      {items.length === 0 ? (
        <p>未找到同一申请人此前的申请。</p>
      ) : (
        <ul class="foi-earlier">
          {items.map((e) => (
            <li>
              <p>
                <a href={`/admin/foi/${e.id}`}>{e.number}</a>
                {e.similarity.similar && <strong class="status-warn">（相似）</strong>}，{e.orgName}，
                {e.receivedOn ? `${e.receivedOn} 收到` : '待确认'}，{STATUSES[e.status]}
                {e.outcome ? `：${OUTCOMES[e.outcome].row}` : ''}
                {e.closedOn ? `（${e.closedOn}）` : ''}；{e.matchedBy.map((m) => MATCHED[m]).join('、')}
              </p>
              <p>所需信息：{e.description}</p>
              <p>{e.explanation}</p>
              {e.letters.length > 0 && (
                <p>
                  文书：
                  {e.letters.map((l) => (
                    <>
                      <a href={`/admin/foi/${e.id}/letters/${l.ref}.html`}>
                        {l.title}
                        {l.docNumber ? `（${l.docNumber}）` : ''}
                      </a>{' '}
                    </>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {repeats.length > 0 && (
        <p>
          以下申请以“重复申请”办结，前次申请为本申请：
          {repeats.map((r) => (
            <>
              <a href={`/admin/foi/${r.id}`}>{r.number}</a>
              {r.closedOn ? `（${r.closedOn} 办结）` : ''}{' '}
            </>
          ))}
        </p>
      )}
    </section>
  );
}

/** The earlier cases a rejected.duplicate closing may name, as select options. */
export const duplicateOptions = (items: EarlierApplication[]) =>
  items
    .filter((e) => e.canBeDuplicateOf)
    .map((e) => ({
      value: e.id,
      label: `${e.number}（${e.closedOn} 答复：${OUTCOMES[e.outcome!]?.row ?? ''}）`,
    }));

/**
 * The confirm page of an action: what it will record, the letter it issues, the due date before and
 * after; the same form again with confirm=1, and a way back that records nothing.
 */
export function ConfirmAction({
  page,
  caseId,
  caseNumber,
  action,
  fields,
  preview,
}: {
  page: PageContext;
  caseId: number;
  caseNumber: string;
  action: string;
  fields: Record<string, string>;
  preview: ActionPreview;
}) {
  return (
    <>
      <h1>请确认：{preview.label}</h1>
      <p>申请 {caseNumber}。以下内容尚未保存，确认后才会记录。</p>
      <dl class="foi-receipt">
        <dt>将记入办理记录</dt>
        <dd>{preview.line}</dd>
        {preview.letter && (
          <>
            <dt>将生成文书</dt>
            <dd>{preview.letter}（带文号，生成后按原样保存）</dd>
          </>
        )}
        <dt>答复期限</dt>
        <dd>
          {preview.dueBefore === preview.dueAfter
            ? preview.dueAfter
              ? `不变：${plainDate(preview.dueAfter)}`
              : '—'
            : preview.dueAfter
              ? `${preview.dueBefore ? plainDate(preview.dueBefore) : '（尚未起算）'} → ${plainDate(preview.dueAfter)}`
              : preview.event?.type === 'closed'
                ? '办结后不再计算'
                : '暂停计算'}
        </dd>
      </dl>
      {preview.irreversible && (
        <Notice kind="warning">
          {preview.event?.type === 'closed'
            ? '办结后不能撤销：答复书将按此生成并保存，申请人可以查询和下载。'
            : '确认后不能撤销：确认之日即为收到申请之日，答复期限从次日起算。'}
        </Notice>
      )}
      <form method="post" action={action} class="foi-confirm">
        <CsrfField page={page} />
        {Object.entries(fields).map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="confirm" value="1" />
        <div class="actions">
          <button type="submit">确认办理：{preview.label}</button>{' '}
          <a href={`/admin/foi/${caseId}`}>返回，不办理</a>
        </div>
      </form>
    </>
  );
}

/** What an action did, at the top of the case page it returns to. */
export function DoneNotice({ label, line }: { label: string; line: string | null }) {
  return (
    <Notice kind="success">
      <strong>已完成：{label}。</strong>
      {line && <>办理记录：{line}</>}
    </Notice>
  );
}
