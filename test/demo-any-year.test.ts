/**
 * The demo alive in any year (#18 part 4): started on a date long after 2022, the seeded office
 * works — the 2022 plan kept with its 23 tasks plus this year's plan on track, FOI cases of the last
 * twelve months in realistic states, normative documents in force today, evidence that resolves,
 * past years' annual reports computed from the cases, and no case overdue by hundreds of days.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, shanghaiDate } from '../src/lib/time.ts';
import { buildTestApp, loginAs, type TestApp } from './helpers.ts';

for (const start of ['2029-09-14T02:00:00Z']) {
  describe(`the demo started on ${start.slice(0, 10)}`, () => {
    let t: TestApp;
    let today: string;
    before(async () => {
      t = await buildTestApp({ start });
      today = shanghaiDate(t.clock.now());
    });
    after(() => t.close());

    it("keeps the 2022 plan's 23 tasks and runs this year's plan with nothing overdue", async () => {
      const plans = await t.ctx.db.selectFrom('work_plans').select(['id', 'year']).orderBy('year').execute();
      assert.deepEqual(
        plans.map((p) => p.year),
        [2022, Number(today.slice(0, 4))],
      );
      const tasks = async (planId: number) =>
        (await t.ctx.db.selectFrom('ledger_tasks').select('id').where('plan_id', '=', planId).execute())
          .length;
      assert.equal(await tasks(plans[0].id), 23);
      assert.equal(await tasks(plans[1].id), 23);
      const gkb = await loginAs(t.app, 'gkb');
      const page = await gkb.get(`/admin/ledger?plan=${plans[1].id}`);
      assert.equal(page.statusCode, 200);
      const dashboard = await gkb.get('/admin');
      assert.equal(dashboard.statusCode, 200);
      assert.match(dashboard.body, /已逾期<\/span>\s*<span>0 项/);
    });

    it('spreads FOI cases over the last twelve months: some awaiting 补正, most closed in time, one late, none overdue by months', async () => {
      const cases = await t.ctx.db
        .selectFrom('foi_applications')
        .select(['received_on', 'status', 'closed_on'])
        .execute();
      const recent = cases.filter((c) => c.received_on! >= addDays(today, -366));
      assert.ok(recent.length >= 10, `recent: ${recent.length}`);
      assert.ok(recent.filter((c) => c.closed_on).length >= recent.length / 2, 'most are closed');
      assert.ok(
        recent.some((c) => !c.closed_on),
        'some are open',
      );
      // 20 working days are at most about 28 calendar days (40 with a long holiday): a case closed later was late.
      const late = recent.filter((c) => c.closed_on && c.closed_on > addDays(c.received_on!, 40));
      assert.ok(late.length >= 1 && late.length <= 2, `late: ${late.length}`);
      const stale = cases.filter((c) => !c.closed_on && c.received_on! < addDays(today, -60));
      assert.deepEqual(stale, [], 'no case left open for months');
      const events = await t.ctx.db.selectFrom('foi_events').select('type').execute();
      assert.ok(events.filter((e) => e.type === 'correction_requested').length >= 3, 'cases asked for 补正');
      const handler = await loginAs(t.app, 'gkb');
      const list = await handler.get('/admin/foi');
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, /已超期 \d{3,} 个工作日/);
    });

    it('has normative documents in force today, not a library where everything lapsed', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/normative-documents?inForceOn=${today}&pageSize=100`,
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const body = res.json() as { total: number };
      assert.ok(body.total >= 8, `in force today: ${body.total}`);
    });

    it('has evidence links that resolve', async () => {
      const urls = await t.ctx.db.selectFrom('ledger_evidence').select('url').distinct().execute();
      assert.ok(urls.length >= 1, 'evidence exists');
      for (const { url } of urls) {
        const res = await t.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200, url);
      }
    });

    it("computes last year's annual report from the seeded cases", async () => {
      const gkb = await loginAs(t.app, 'gkb');
      const district = await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '红谷滩区')
        .executeTakeFirstOrThrow();
      const year = Number(today.slice(0, 4)) - 1;
      const res = await gkb.get(`/api/v1/reports/annual?org=${district.id}&year=${year}&scope=rollup`);
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const r = res.json() as { table3: { received: { total: number } } };
      assert.ok(r.table3.received.total >= 2, JSON.stringify(r.table3.received));
    });
  });
}
