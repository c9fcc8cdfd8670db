/** The working-day calendar's JSON API: a year, the n-th working day, entering a notice. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, StrictObject } from '../../../web/schemas.ts';
import { computeWorkingDays, getCalendarYear, MAX_YEAR, MIN_YEAR, saveCalendarNotice } from '../service.ts';

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

/** The year in a calendar path. */
export const YearParams = StrictObject({
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

/** /api/v1/calendar/working-days and /api/v1/calendar/:year. */
export const calendarApiRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
      return computeWorkingDays(ctx, req.query.from, req.query.n);
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
    async (req) => getCalendarYear(ctx, req.params.year),
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
      const year = req.params.year;
      const { warnings } = await saveCalendarNotice(ctx, req.actor, { year, ...req.body });
      return { calendar: await getCalendarYear(ctx, year), warnings };
    },
  );
};
