/** Working-day calendar: JSON API, back office (/admin/calendar) and the module's CLI. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { systemActor } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { beijingTime, CsrfField, ErrorSummary, Field, Notice, TextArea } from '../../web/components.tsx';
import { shanghaiDate } from '../../lib/time.ts';
import { formPost, int, str } from '../../web/forms.ts';
import { seeOther } from '../../web/render.ts';
import type { PageContext } from '../../web/page.ts';
import { renderAdmin } from '../../web/respond.tsx';
import { errors, StrictObject } from '../../web/schemas.ts';
import { can, requirePermission } from '../auth/permissions.ts';
import type { CliContext } from '../registry.ts';
import type { Actor, AppContext } from '../../context.ts';
import { isWeekend, splitDates, weekdayName } from './model.ts';
import {
  calendarHistory,
  computeWorkingDays,
  getCalendarYear,
  importCalendarFile,
  loadCalendar,
  MAX_YEAR,
  MIN_YEAR,
  saveCalendarNotice,
  type CalendarYearView,
  type NoticeInput,
} from './service.ts';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

const YearSchema = Type.Object({
  year: Type.Integer(),
  source: Type.String({
    description:
      'official（内置国务院通知数据）/ admin（管理员录入的通知）/ statutory（尚无通知，按法定节假日预估）',
  }),
  sourceText: Type.String({ description: '通知名称和文号，或预估说明' }),
  provisional: Type.Boolean({ description: '该年尚无国务院通知，工作日为预估' }),
  daysOff: Type.Array(Type.String(), { description: '放假日期（含落在周末的）' }),
  workingWeekends: Type.Array(Type.String(), { description: '调休上班的周六、周日' }),
  enteredBy: Type.Union([Type.String(), Type.Null()]),
  enteredAt: Type.Union([Type.String(), Type.Null()]),
});

const YearParams = StrictObject({
  year: Type.Integer({ minimum: MIN_YEAR, maximum: MAX_YEAR, description: '年份' }),
});

const NoticeBody = StrictObject({
  daysOff: Type.Array(Type.String({ maxLength: 10 }), { maxItems: 366, description: '放假日期 YYYY-MM-DD' }),
  workingWeekends: Type.Array(Type.String({ maxLength: 10 }), {
    maxItems: 104,
    description: '调休上班的周六、周日 YYYY-MM-DD',
  }),
  source: Type.String({ maxLength: 200, description: '通知名称和文号' }),
});

const WorkingDaysQuery = StrictObject({
  from: DateString,
  n: Type.Integer({ minimum: 0, maximum: 1000, description: '工作日数' }),
});

const WorkingDaysSchema = Type.Object({
  from: Type.String(),
  n: Type.Integer(),
  date: Type.String({ description: '起算日之后的第 n 个工作日' }),
  provisional: Type.Boolean(),
  explanation: Type.Array(Type.String()),
});

const SOURCE_LABEL = {
  official: '内置的国务院放假通知数据',
  admin: '管理员录入的放假通知',
  statutory: '尚无通知，按法定节假日预估',
} as const;

const yearOf = (view: CalendarYearView) => (view.provisional ? `${view.year} 年（预估）` : `${view.year} 年`);

function DayTable({
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
    <div class="table-wrap">
      <table>
        <caption>
          {caption}（共 {dates.length} 天）
        </caption>
        <thead>
          <tr>
            <th scope="col">日期</th>
            <th scope="col">星期</th>
            <th scope="col">说明</th>
          </tr>
        </thead>
        <tbody>
          {dates.map((d) => (
            <tr>
              <td>{d}</td>
              <td>{weekdayName(d)}</td>
              <td>{names[d] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface FormValues {
  daysOff: string;
  workingWeekends: string;
  source: string;
}

function NoticeForm({
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
  return (
    <form method="post" action={`/admin/calendar/${year}`} novalidate>
      <CsrfField page={page} />
      <ErrorSummary message={error?.userMessage} fields={error?.fields} />
      <TextArea
        label={`${year} 年放假日期`}
        name="daysOff"
        value={values.daysOff}
        rows={8}
        error={error?.fields.daysOff}
        hint="按国务院办公厅通知填写全部放假日期（含周末），格式 YYYY-MM-DD，每行一个或用逗号分隔"
      />
      <TextArea
        label={`${year} 年调休上班日期`}
        name="workingWeekends"
        value={values.workingWeekends}
        rows={4}
        error={error?.fields.workingWeekends}
        hint="需要上班的星期六、星期日，格式同上"
      />
      <Field
        label="通知名称和文号"
        name="source"
        value={values.source}
        required
        error={error?.fields.source}
        maxLength={200}
        hint="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）"
      />
      <div class="actions">
        <button type="submit">保存并重新计算期限</button>
      </div>
    </form>
  );
}

export const calendarRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.ctx;

  app.get(
    '/api/v1/calendar/working-days',
    {
      schema: {
        operationId: 'calendar.workingDays.compute',
        tags: ['工作日历'],
        summary: '计算起算日之后的第 n 个工作日（起算日不计入），附计算说明',
        querystring: WorkingDaysQuery,
        response: { 200: WorkingDaysSchema, ...errors(400) },
      },
    },
    async (req) => {
      const q = req.query as { from: string; n: number };
      return computeWorkingDays(ctx, q.from, q.n);
    },
  );
  app.get(
    '/api/v1/calendar/:year',
    {
      schema: {
        operationId: 'calendar.years.get',
        tags: ['工作日历'],
        summary: '某年的放假日期、调休上班日期和数据来源',
        params: YearParams,
        response: { 200: YearSchema, ...errors(400) },
      },
    },
    async (req) => getCalendarYear(ctx, (req.params as { year: number }).year),
  );
  app.put(
    '/api/v1/calendar/:year',
    {
      schema: {
        operationId: 'calendar.years.update',
        tags: ['工作日历'],
        summary:
          '录入某年的国务院放假通知（替换该年全部数据，原数据保留为历史；随后重新计算所有未办结申请的期限）',
        params: YearParams,
        body: NoticeBody,
        response: {
          200: Type.Object({ calendar: YearSchema, warnings: Type.Array(Type.String()) }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (req) => {
      const year = (req.params as { year: number }).year;
      const body = req.body as Omit<NoticeInput, 'year'>;
      const { warnings } = await saveCalendarNotice(ctx, req.actor, { year, ...body });
      return { calendar: await getCalendarYear(ctx, year), warnings };
    },
  );

  const renderPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    year: number,
    opts: { values?: FormValues; error?: AppError; saved?: boolean; warnings?: string[] } = {},
  ) => {
    const view = await getCalendarYear(ctx, year);
    const history = await calendarHistory(ctx, req.actor);
    const q = req.query as Record<string, unknown>;
    const from = str(q.from);
    const n = int(q.n);
    let computed:
      | { ok: true; text: string[]; date: string; provisional: boolean }
      | { ok: false; message: string }
      | null = null;
    if (from || q.n !== undefined) {
      try {
        const r = await computeWorkingDays(ctx, from, n ?? -1);
        computed = { ok: true, text: r.explanation, date: r.date, provisional: r.provisional };
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        computed = { ok: false, message: e.userMessage };
      }
    }
    const manage = can(req.actor, 'calendar.manage');
    const values = opts.values ?? {
      daysOff: view.daysOff.join('\n'),
      workingWeekends: view.workingWeekends.join('\n'),
      source: view.source === 'statutory' ? '' : view.sourceText,
    };
    const weekdayOff = view.daysOff.filter((d) => !isWeekend(d));
    return renderAdmin(
      req,
      reply,
      {
        title: `工作日历：${year} 年`,
        status: opts.error ? opts.error.status : 200,
        crumbs: [{ href: '/admin/calendar', label: '工作日历' }],
      },
      (page) => (
        <>
          <h1>工作日历：{yearOf(view)}</h1>
          {opts.saved && (
            <Notice kind="success">
              已保存 {year} 年放假安排；所有未办结申请的答复期限已按新日历重新计算。
            </Notice>
          )}
          {(opts.warnings ?? []).map((w) => (
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
            <Field label="工作日数" name="n" type="number" value={q.n === undefined ? 20 : str(q.n)} />
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
              <NoticeForm page={page} year={year} values={values} error={opts.error} />
            </>
          )}

          <h2>录入历史</h2>
          {history.length === 0 ? (
            <p>尚无管理员录入的放假通知，全部使用内置数据。</p>
          ) : (
            <div class="table-wrap">
              <table>
                <caption>放假通知录入历史（最新在前）</caption>
                <thead>
                  <tr>
                    <th scope="col">年份</th>
                    <th scope="col">通知</th>
                    <th scope="col">放假 / 调休上班</th>
                    <th scope="col">录入人</th>
                    <th scope="col">录入时间</th>
                    <th scope="col">状态</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((h) => (
                    <tr>
                      <td>
                        <a href={`/admin/calendar?year=${h.year}`}>{h.year}</a>
                      </td>
                      <td>
                        {h.source}
                        {h.isSample && <span class="meta">（演示数据）</span>}
                      </td>
                      <td>
                        {h.daysOff.length} 天 / {h.workingWeekends.length} 天
                      </td>
                      <td>{h.enteredBy}</td>
                      <td>{beijingTime(h.enteredAt)}</td>
                      <td>{h.supersededAt ? `已于 ${beijingTime(h.supersededAt)} 被替换` : '现行'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ),
    );
  };

  app.get('/admin/calendar', async (req, reply) => {
    requirePermission(req.actor, 'dashboard.read');
    const q = req.query as Record<string, unknown>;
    const asked = int(q.year);
    const year =
      asked !== null && asked >= MIN_YEAR && asked <= MAX_YEAR
        ? asked
        : +shanghaiDate(ctx.clock.now()).slice(0, 4);
    return renderPage(req, reply, year, { saved: q.saved === '1' });
  });

  app.post('/admin/calendar/:year', { schema: { params: YearParams, hide: true } }, async (req, reply) => {
    const year = (req.params as { year: number }).year;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const values: FormValues = {
      daysOff: str(b.daysOff),
      workingWeekends: str(b.workingWeekends),
      source: str(b.source),
    };
    return formPost(
      async () => {
        const { warnings } = await saveCalendarNotice(ctx, req.actor, {
          year,
          daysOff: splitDates(values.daysOff),
          workingWeekends: splitDates(values.workingWeekends),
          source: values.source,
        });
        if (warnings.length) return renderPage(req, reply, year, { saved: true, warnings });
        return seeOther(reply, `/admin/calendar?year=${year}&saved=1`);
      },
      (error) => renderPage(req, reply, year, { values, error }),
    );
  });
};

/**
 * Back-office home panel for those who enter notices: a reminder when this year or (from October,
 * when the State Council usually publishes it) next year has no notice yet.
 */
export async function calendarDashboard(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'calendar.manage')) return null;
  const today = shanghaiDate(ctx.clock.now());
  const year = +today.slice(0, 4);
  const cal = await loadCalendar(ctx.db);
  const missing = [year, ...(+today.slice(5, 7) >= 10 ? [year + 1] : [])].filter(
    (y) => !cal.hasOfficialData(y),
  );
  if (missing.length === 0) return null;
  return (
    <section class="card" aria-labelledby="calendar-panel">
      <h2 id="calendar-panel">放假通知待录入</h2>
      <p>
        {missing.join('、')}{' '}
        年尚无国务院放假通知数据，涉及的答复期限按法定节假日预估。通知公布后请及时录入，系统会重新计算所有未办结申请的期限。
      </p>
      <p>
        <a href={`/admin/calendar?year=${missing[missing.length - 1]}`}>
          录入 {missing[missing.length - 1]} 年放假通知
        </a>
      </p>
    </section>
  );
}

/** `gongkai calendar import FILE.json` and `gongkai calendar show YEAR`. */
export function calendarCli(program: Command, open: () => Promise<CliContext>): void {
  const cmd = program.command('calendar').description('工作日历（国务院放假通知）');
  cmd
    .command('import')
    .description(
      '导入放假通知：JSON 文件，内容为 {year, daysOff:[], workingWeekends:[], source} 或其数组；任何一处有误则不导入',
    )
    .argument('<file>', 'JSON 文件')
    .action(async (file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        console.error(`无法读取文件 ${file}：${(e as Error).message}`);
        process.exitCode = 2;
        return;
      }
      const { ctx, close } = await open();
      try {
        const { saved, warnings } = await importCalendarFile(ctx, systemActor('cli'), text);
        for (const n of saved)
          console.log(
            `已导入 ${n.year} 年：放假 ${n.daysOff.length} 天，调休上班 ${n.workingWeekends.length} 天（${n.source}）`,
          );
        for (const w of warnings) console.error(`警告：${w}`);
      } finally {
        await close();
      }
    });
  cmd
    .command('show')
    .description('显示某年的放假日期、调休上班日期和数据来源')
    .argument('<year>', '年份')
    .action(async (yearText: string) => {
      const { ctx, close } = await open();
      try {
        const v = await getCalendarYear(ctx, Number(yearText));
        console.log(`${v.year} 年工作日历${v.provisional ? '（预估）' : ''}`);
        console.log(
          `来源：${SOURCE_LABEL[v.source]}：${v.sourceText}${v.enteredBy ? `（${v.enteredBy} ${v.enteredAt} 录入）` : ''}`,
        );
        console.log(`放假（${v.daysOff.length} 天）：`);
        for (const d of v.daysOff) console.log(`  ${d} ${weekdayName(d)} ${v.names[d] ?? ''}`.trimEnd());
        console.log(`调休上班（${v.workingWeekends.length} 天）：`);
        for (const d of v.workingWeekends)
          console.log(`  ${d} ${weekdayName(d)} ${v.names[d] ?? ''}`.trimEnd());
      } finally {
        await close();
      }
    });
}
