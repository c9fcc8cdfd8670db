/** The working-day calendar in the back office (/admin/calendar). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../errors.ts';
import { shanghaiDate } from '../../../lib/time.ts';
import { formPost, int, str } from '../../../web/forms.ts';
import { seeOther } from '../../../web/render.ts';
import { renderAdmin } from '../../../web/respond.tsx';
import { FormBody, FormField } from '../../../web/schemas.ts';
import { can, requirePermission } from '../../auth/permissions.ts';
import { isWeekend, splitDates } from '../model.ts';
import {
  calendarHistory,
  computeWorkingDays,
  getCalendarYear,
  MAX_YEAR,
  MIN_YEAR,
  saveCalendarNotice,
} from '../service.ts';
import { CalendarPage, type Computed, type FormValues } from '../views/calendar.tsx';
import { YearParams } from './api.ts';

// Page queries stay text: the page answers a bad year or n itself (no 400).
const PageQuery = Type.Object({
  year: Type.Optional(Type.String()),
  saved: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
  n: Type.Optional(Type.String()),
});

const NoticeForm = FormBody({ daysOff: FormField, workingWeekends: FormField, source: FormField });

/** GET /admin/calendar, POST /admin/calendar/:year. */
export const calendarAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const ctx = app.ctx;

  const renderPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    year: number,
    opts: {
      values?: FormValues;
      error?: AppError;
      saved?: boolean;
      warnings?: string[];
      /** The calculator's fields, when asked. */
      query?: { from?: string; n?: string };
    } = {},
  ) => {
    const view = await getCalendarYear(ctx, year);
    const history = await calendarHistory(ctx, req.actor);
    const q = opts.query ?? {};
    const from = str(q.from);
    const n = int(q.n);
    let computed: Computed = null;
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
        <CalendarPage
          page={page}
          year={year}
          view={view}
          history={history}
          weekdayOff={weekdayOff}
          from={from}
          nText={q.n === undefined ? undefined : str(q.n)}
          computed={computed}
          manage={manage}
          values={values}
          error={opts.error}
          saved={opts.saved}
          warnings={opts.warnings}
        />
      ),
    );
  };

  app.get('/admin/calendar', { schema: { querystring: PageQuery, hide: true } }, async (req, reply) => {
    requirePermission(req.actor, 'dashboard.read');
    const q = req.query;
    const asked = int(q.year);
    const year =
      asked !== null && asked >= MIN_YEAR && asked <= MAX_YEAR
        ? asked
        : +shanghaiDate(ctx.clock.now()).slice(0, 4);
    return renderPage(req, reply, year, { saved: q.saved === '1', query: q });
  });

  app.post(
    '/admin/calendar/:year',
    { schema: { params: YearParams, body: NoticeForm, hide: true } },
    async (req, reply) => {
      const year = req.params.year;
      const b = req.body;
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
    },
  );
};
