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
import { CrudForm, optionsOf, type CrudField, type FieldValue } from '../../../web/crud.tsx';
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

/** The fields of an entry as form controls (catalogue entries and templates alike); the time limit's hint says how it is read. */
function entryFields(timeLimit?: string): CrudField[] {
  const rule = timeLimit ? describeLimit(timeLimit) : null;
  return [
    { name: 'domain', label: '领域', required: true, maxLength: 40, hint: '如：社会救助' },
    { name: 'item1', label: '一级事项', required: true, maxLength: 100 },
    { name: 'item2', label: '二级事项', maxLength: 100 },
    {
      kind: 'textarea',
      name: 'content',
      label: '公开内容（要素）',
      required: true,
      rows: 3,
      maxLength: 2000,
    },
    { kind: 'textarea', name: 'basis', label: '公开依据', rows: 2, maxLength: 2000 },
    {
      name: 'timeLimit',
      label: '公开时限',
      required: true,
      maxLength: 200,
      hint: `如：信息形成或变更之日起20个工作日内；每年3月底前；每季度公布一次；实时；长期。${rule ? `当前识别为：${rule}` : ''}`,
    },
    { name: 'subject', label: '公开主体', required: true, maxLength: 200 },
    {
      kind: 'checkboxes',
      name: 'channels',
      label: '公开渠道和载体',
      required: true,
      options: CHANNELS.map((c) => ({ value: c, label: c })),
    },
    { name: 'otherChannels', label: '其他渠道（用“、”分隔）', maxLength: 200 },
    {
      kind: 'checkboxes',
      name: 'audience',
      label: '公开对象',
      required: true,
      options: optionsOf(AUDIENCES),
    },
    { kind: 'checkboxes', name: 'mode', label: '公开方式', required: true, options: optionsOf(MODES) },
    { kind: 'checkboxes', name: 'level', label: '公开层级', required: true, options: optionsOf(LEVELS) },
    {
      kind: 'fieldset',
      legend: '核对情况',
      fields: [
        { kind: 'checkbox', name: 'toCheck', label: `${TO_CHECK}（尚未与本省版本核对；核对后取消勾选）` },
      ],
    },
  ];
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

/**
 * A form editing an entry's fields (catalogue entries and templates): errors on top, fields, submit and
 * an optional cancel link; `lead` puts fields of its own before the entry's (a template's scope).
 */
export function EntryForm({
  page,
  action,
  e = {},
  error,
  submit,
  cancel,
  lead,
}: {
  page: PageContext;
  action: string;
  e?: Partial<EntryFields>;
  error?: { userMessage: string; fields: Record<string, string> };
  submit?: string;
  cancel?: string;
  lead?: { fields: CrudField[]; values: Record<string, FieldValue> };
}) {
  const { channels = [], toCheck, ...rest } = e;
  const values = {
    ...lead?.values,
    ...rest,
    channels,
    otherChannels: channels.filter((c) => !(CHANNELS as readonly string[]).includes(c)).join('、'),
    toCheck: !!toCheck,
  };
  return (
    <CrudForm
      page={page}
      form={{ action, values, error }}
      fields={[...(lead?.fields ?? []), ...entryFields(e.timeLimit)]}
      submit={submit}
      cancel={cancel}
    />
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
