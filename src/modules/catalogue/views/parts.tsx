/** Page parts of the standard catalogue: entry fields, coverage tables, the public entry card. */
import type { ComponentChildren } from 'preact';
import { percent } from '../../content/model.ts';
import {
  entryName,
  TO_CHECK,
  AUDIENCES,
  CHANNELS,
  describeRule,
  ENTRY_STATES,
  LEVELS,
  MODES,
  parseTimeLimit,
  PERIOD_STATES,
  TIMELINESS,
  type CatalogueEntry,
  type EntryFields,
  type EntryState,
  type EntryStatus,
} from '../model.ts';
import type { DomainCoverage } from '../service.ts';
import { CHANGE_KINDS, type TemplateChange } from '../upgrade.ts';
import { CsrfField, ErrorSummary, Field, TextArea } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';

export { entryName };

const STATE_CLASS: Record<EntryState, string> = {
  fulfilled: 'status-ok',
  late: 'status-warn',
  missing: 'status-bad',
  pending: 'meta',
};

export function StateLabel({ state }: { state: EntryState }) {
  return <span class={STATE_CLASS[state]}>{ENTRY_STATES[state]}</span>;
}

/** A group of checkboxes with a legend and its error (fieldset, so screen readers hear the question). */
export function Checks({
  legend,
  name,
  options,
  checked,
  error,
  required,
}: {
  legend: string;
  name: string;
  options: [string, string][];
  checked: string[];
  error?: string;
  required?: boolean;
}) {
  return (
    <fieldset id={`f-${name}`} aria-describedby={error ? `f-${name}-err` : undefined}>
      <legend>
        {legend}
        {required && '（必填）'}
      </legend>
      {error && (
        <p class="error" id={`f-${name}-err`}>
          {error}
        </p>
      )}
      {options.map(([value, label]) => (
        <label class="checkbox">
          <input type="checkbox" name={name} value={value} checked={checked.includes(value)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

/** The fields of an entry as form controls (used for catalogue entries and templates alike). */
export function EntryFieldset({ e, errors }: { e?: Partial<EntryFields>; errors: Record<string, string> }) {
  const channels = e?.channels ?? [];
  const others = channels.filter((c) => !(CHANNELS as readonly string[]).includes(c));
  const rule = e?.timeLimit ? describeLimit(e.timeLimit) : null;
  return (
    <>
      <Field
        label="领域"
        name="domain"
        value={e?.domain}
        required
        maxLength={40}
        error={errors.domain}
        hint="如：社会救助"
      />
      <Field label="一级事项" name="item1" value={e?.item1} required maxLength={100} error={errors.item1} />
      <Field label="二级事项" name="item2" value={e?.item2} maxLength={100} error={errors.item2} />
      <TextArea
        label="公开内容（要素）"
        name="content"
        value={e?.content}
        required
        rows={3}
        maxLength={2000}
        error={errors.content}
      />
      <TextArea
        label="公开依据"
        name="basis"
        value={e?.basis}
        rows={2}
        maxLength={2000}
        error={errors.basis}
      />
      <Field
        label="公开时限"
        name="timeLimit"
        value={e?.timeLimit}
        required
        maxLength={200}
        error={errors.timeLimit}
        hint={`如：信息形成或变更之日起20个工作日内；每年3月底前；每季度公布一次；实时；长期。${rule ? `当前识别为：${rule}` : ''}`}
      />
      <Field
        label="公开主体"
        name="subject"
        value={e?.subject}
        required
        maxLength={200}
        error={errors.subject}
      />
      <Checks
        legend="公开渠道和载体"
        name="channels"
        required
        options={CHANNELS.map((c) => [c, c])}
        checked={channels}
        error={errors.channels}
      />
      <Field label="其他渠道（用“、”分隔）" name="otherChannels" value={others.join('、')} maxLength={200} />
      <Checks
        legend="公开对象"
        name="audience"
        required
        options={Object.entries(AUDIENCES)}
        checked={e?.audience ?? []}
        error={errors.audience}
      />
      <Checks
        legend="公开方式"
        name="mode"
        required
        options={Object.entries(MODES)}
        checked={e?.mode ?? []}
        error={errors.mode}
      />
      <Checks
        legend="公开层级"
        name="level"
        required
        options={Object.entries(LEVELS)}
        checked={e?.level ?? []}
        error={errors.level}
      />
      <fieldset>
        <legend>核对情况</legend>
        <label class="checkbox">
          <input type="checkbox" name="toCheck" value="1" checked={!!e?.toCheck} /> {TO_CHECK}
          （尚未与本省版本核对；核对后取消勾选）
        </label>
      </fieldset>
    </>
  );
}

/** 「待核对」 beside a row not confirmed by a government copy of the guideline. */
export function ToCheckMark({ e }: { e: Pick<EntryFields, 'toCheck'> }) {
  return e.toCheck ? (
    <>
      {' '}
      <strong class="status-warn">【{TO_CHECK}】</strong>
    </>
  ) : null;
}

/** The parsed rule in words, or why it could not be read. */
export function describeLimit(text: string): string {
  const r = parseTimeLimit(text);
  if (!r.ok) return `未能识别（${r.reason}），按原文保存，时效不作判断`;
  const notice = r.notice
    ? `；公示 ${r.notice.days} ${r.notice.unit === 'working' ? '个工作日' : '日'}（公示期不计入时限）`
    : '';
  return r.rules.map(describeRule).join('；') + notice;
}

/** 待核对 entries are counted apart from the confirmed ones (the rates are the confirmed entries'). */
export function DomainTable({ caption, rows }: { caption: string; rows: DomainCoverage[] }) {
  const checks = rows.some((d) => d.toCheck.entries > 0);
  return (
    <DataTable
      caption={caption}
      label={`${caption}（可左右滚动）`}
      rows={rows}
      columns={[
        { label: '领域', rowHeader: true, cell: (d) => d.domain },
        { label: '事项', cell: (d) => d.entries },
        { label: '应公开', cell: (d) => d.due },
        { label: '已公开', cell: (d) => d.fulfilled },
        { label: '其中逾期', cell: (d) => d.late },
        { label: '未公开', cell: (d) => d.missing },
        { label: '尚未到期', cell: (d) => d.pending },
        { label: '覆盖率', cell: (d) => percent(d.rate) },
        ...(checks
          ? [
              {
                label: '待核对事项（已公开/应公开）',
                cell: (d: DomainCoverage) =>
                  d.toCheck.entries
                    ? `${d.toCheck.entries} 项（${d.toCheck.fulfilled}/${d.toCheck.due}）`
                    : '—',
              },
            ]
          : []),
      ]}
    />
  );
}

/** Where an entry stands: state, timeliness, periods, last publication, what is due next. */
export function StatusDetails({ s }: { s: EntryStatus }) {
  return (
    <dl>
      <dt>完成情况</dt>
      <dd>
        <StateLabel state={s.state} />
      </dd>
      <dt>时效</dt>
      <dd>{TIMELINESS[s.timeliness]}</dd>
      <dt>最近公开</dt>
      <dd>{s.lastPublished ?? '本年度尚无'}</dd>
      <dt>下一步</dt>
      <dd>{s.dueText}</dd>
      {s.periods.length > 0 && (
        <>
          <dt>各期情况</dt>
          <dd>
            {s.periods
              .map(
                (p) =>
                  `${p.label.replace(/^\d+年/, '')}：${PERIOD_STATES[p.state]}${p.publishedOn ? `（${p.publishedOn}）` : `（${p.due} 前）`}`,
              )
              .join('；')}
          </dd>
        </>
      )}
    </dl>
  );
}

/** The publications that fulfil an entry: online items link to their page; offline postings name channel and date. */
export function PublicationList({ s, empty }: { s: EntryStatus; empty: ComponentChildren }) {
  if (!s.publications.length) return <p class="meta">{empty}</p>;
  return (
    <ul class="link-list">
      {s.publications.map((p) => (
        <li>
          {p.url ? <a href={p.url}>{p.title}</a> : p.title}
          <span class="meta">
            {' '}
            {p.source === 'offline' ? '线下张贴' : '网上发布'} {p.publishedOn}
            {p.onTime === false && `（逾期，应于 ${p.deadline} 前）`}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** One entry's fields as a definition list (portal and back office). */
export function EntryFacts({ e }: { e: CatalogueEntry }) {
  return (
    <dl>
      <dt>公开内容（要素）</dt>
      <dd>{e.content}</dd>
      {e.basis && (
        <>
          <dt>公开依据</dt>
          <dd>{e.basis}</dd>
        </>
      )}
      <dt>公开时限</dt>
      <dd>{e.timeLimit}</dd>
      <dt>公开主体</dt>
      <dd>{e.subject}</dd>
      <dt>公开渠道和载体</dt>
      <dd>{e.channels.join('、')}</dd>
      <dt>公开对象 / 方式 / 层级</dt>
      <dd>
        {e.audience.map((a) => AUDIENCES[a]).join('、')}；{e.mode.map((m) => MODES[m]).join('、')}公开；
        {e.level.map((l) => LEVELS[l]).join('、')}
      </dd>
    </dl>
  );
}

/** A form editing an entry's fields (catalogue entries and templates): errors on top, fields, submit and an optional cancel link. */
export function EntryForm({
  page,
  action,
  e,
  error,
  submit = '保存',
  cancel,
  children,
}: {
  page: PageContext;
  action: string;
  e?: Partial<EntryFields>;
  error?: { userMessage: string; fields: Record<string, string> };
  submit?: string;
  cancel?: string;
  /** Fields before the entry's own (e.g. a template's scope). */
  children?: ComponentChildren;
}) {
  return (
    <form method="post" action={action} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      {children}
      <EntryFieldset e={e} errors={error?.fields ?? {}} />
      <div class="actions">
        <button type="submit">{submit}</button>
        {cancel && <a href={cancel}>取消</a>}
      </div>
    </form>
  );
}

/** One change an upgrade made to the shipped templates, as the dashboard and the templates page list it. */
export function TemplateChangeLine({ c }: { c: TemplateChange }) {
  return (
    <li>
      {c.domain}：{CHANGE_KINDS[c.kind]}
      {c.item && `「${c.item}」`}
      {c.detail && <span class="meta">（{c.kind === 'source' ? `来源改为：${c.detail}` : c.detail}）</span>}
    </li>
  );
}
