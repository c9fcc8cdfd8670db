/** The working-day calendar's back-office page: a year's days, the calculator, the notice form, history. */
import type { AppError } from '../../../errors.ts';
import { beijingTime, Field, Notice } from '../../../web/components.tsx';
import { CrudForm, type CrudField } from '../../../web/crud.tsx';
import type { PageContext } from '../../../web/page.ts';
import { DataTable } from '../../../web/table.tsx';
import { weekdayName } from '../model.ts';
import type { CalendarYearView } from '../service.ts';
import type { StoredNotice } from '../store.ts';

/** What each source of a year's data is called. */
export const SOURCE_LABEL = {
  official: '内置的国务院放假通知数据',
  admin: '管理员录入的放假通知',
  statutory: '尚无通知，按法定节假日预估',
} as const;

const yearOf = (view: CalendarYearView) => (view.provisional ? `${view.year} 年（预估）` : `${view.year} 年`);

/** One list of dates (days off, working weekends) with weekday and holiday name. */
export function DayTable({
  caption,
  dates,
  names,
}: {
  caption: string;
  dates: string[];
  names: Record<string, string>;
}) {
  if (dates.length === 0) return <p>{caption}：无。</p>;
  return (
    <DataTable
      caption={
        <>
          {caption}（共 {dates.length} 天）
        </>
      }
      rows={dates}
      columns={[
        { label: '日期', date: true, cell: (d) => d },
        { label: '星期', cell: (d) => weekdayName(d) },
        { label: '说明', cell: (d) => names[d] ?? '' },
      ]}
    />
  );
}

/** The notice form's fields, as typed. */
export type FormValues = {
  daysOff: string;
  workingWeekends: string;
  source: string;
};

/** The form entering a year's notice. */
export function NoticeForm({
  page,
  year,
  values,
  error,
}: {
  page: PageContext;
  year: number;
  values: FormValues;
  error?: AppError;
}) {
  const fields: CrudField[] = [
    {
      kind: 'textarea',
      name: 'daysOff',
      label: `${year} 年放假日期`,
      rows: 8,
      hint: '按国务院办公厅通知填写全部放假日期（含周末），格式 YYYY-MM-DD，每行一个或用逗号分隔',
    },
    {
      kind: 'textarea',
      name: 'workingWeekends',
      label: `${year} 年调休上班日期`,
      rows: 4,
      hint: '需要上班的星期六、星期日，格式同上',
    },
    {
      name: 'source',
      label: '通知名称和文号',
      required: true,
      maxLength: 200,
      hint: '如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）',
    },
  ];
  return (
    <CrudForm
      page={page}
      form={{ action: `/admin/calendar/${year}`, values, error }}
      fields={fields}
      submit="保存并重新计算期限"
    />
  );
}

/** What the working-day calculator gave: the date with its explanation, or why it could not. */
export type Computed =
  { ok: true; text: string[]; date: string; provisional: boolean } | { ok: false; message: string } | null;

/** The page of one year. */
export function CalendarPage({
  page,
  year,
  view,
  history,
  weekdayOff,
  from,
  nText,
  computed,
  manage,
  values,
  error,
  saved,
  warnings,
}: {
  page: PageContext;
  year: number;
  view: CalendarYearView;
  history: StoredNotice[];
  /** The days off that fall on a weekday. */
  weekdayOff: string[];
  from: string;
  /** The calculator's n as typed (undefined: not asked). */
  nText?: string;
  computed: Computed;
  /** The actor may enter notices. */
  manage: boolean;
  values: FormValues;
  error?: AppError;
  saved?: boolean;
  warnings?: string[];
}) {
  return (
    <>
      <h1>工作日历：{yearOf(view)}</h1>
      {saved && (
        <Notice kind="success">已保存 {year} 年放假安排；所有未办结申请的答复期限已按新日历重新计算。</Notice>
      )}
      {(warnings ?? []).map((w) => (
        <Notice kind="warning">{w}</Notice>
      ))}
      <form method="get" action="/admin/calendar">
        <Field label="查看年份" name="year" type="number" value={year} />
        <div class="actions">
          <button type="submit">查看</button>
        </div>
      </form>
      <h2>数据来源</h2>
      <p>
        {SOURCE_LABEL[view.source]}：{view.sourceText}
        {view.enteredBy && (
          <>
            （{view.enteredBy} 于 {beijingTime(view.enteredAt)} 录入）
          </>
        )}
      </p>
      {view.provisional && (
        <Notice kind="warning">
          {year}{' '}
          年尚无国务院放假通知，按《全国年节及纪念日放假办法》的法定节假日预估（不含补假和调休）。涉及该年的答复期限均标为“预估”；通知公布后请在下方录入。
        </Notice>
      )}
      <p>
        工作日 = 星期一至星期五，减去放假日期，加上调休上班日期。本年工作日内放假 {weekdayOff.length}{' '}
        天，调休上班 {view.workingWeekends.length} 天。
      </p>
      <DayTable caption={`${year} 年放假日期`} dates={view.daysOff} names={view.names} />
      <DayTable caption={`${year} 年调休上班日期`} dates={view.workingWeekends} names={view.names} />

      <h2>计算工作日</h2>
      <form method="get" action="/admin/calendar">
        <input type="hidden" name="year" value={year} />
        <Field label="起算日期（不计入）" name="from" type="date" value={from} />
        <Field label="工作日数" name="n" type="number" value={nText ?? 20} />
        <div class="actions">
          <button type="submit">计算</button>
        </div>
      </form>
      {computed && !computed.ok && <Notice kind="warning">{computed.message}</Notice>}
      {computed && computed.ok && (
        <section aria-label="计算结果">
          <p>
            <strong>
              结果：{computed.date}
              {computed.provisional ? '（预估）' : ''}
            </strong>
          </p>
          <ul>
            {computed.text.map((l) => (
              <li>{l}</li>
            ))}
          </ul>
        </section>
      )}

      {manage && (
        <>
          <h2>录入 {year} 年放假通知</h2>
          <p>
            录入后将替换该年的全部放假安排（原数据保留在历史中），并重新计算所有未办结申请的答复期限，变化写入各申请的办理记录。
          </p>
          <NoticeForm page={page} year={year} values={values} error={error} />
        </>
      )}

      <h2>录入历史</h2>
      {history.length === 0 ? (
        <p>尚无管理员录入的放假通知，全部使用内置数据。</p>
      ) : (
        <DataTable
          caption="放假通知录入历史（最新在前）"
          rows={history}
          columns={[
            { label: '年份', cell: (h) => <a href={`/admin/calendar?year=${h.year}`}>{h.year}</a> },
            {
              label: '通知',
              cell: (h) => (
                <>
                  {h.source}
                  {h.isSample && <span class="meta">（演示数据）</span>}
                </>
              ),
            },
            {
              label: '放假 / 调休上班',
              cell: (h) => (
                <>
                  {h.daysOff.length} 天 / {h.workingWeekends.length} 天
                </>
              ),
            },
            { label: '录入人', cell: (h) => h.enteredBy },
            { label: '录入时间', date: true, cell: (h) => beijingTime(h.enteredAt) },
            {
              label: '状态',
              cell: (h) => (h.supersededAt ? `已于 ${beijingTime(h.supersededAt)} 被替换` : '现行'),
            },
          ]}
        />
      )}
    </>
  );
}
