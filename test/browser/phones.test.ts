import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import {
  axe,
  describeViolations,
  loginInBrowser,
  setElderMode,
  startBrowserEnv,
  type BrowserEnv,
} from './harness.ts';

/** Phones the issue was tried on: width × the height of the first screen. */
const PHONES = [
  { width: 320, height: 640 },
  { width: 375, height: 667 },
];

interface Layout {
  sideways: number;
  h1Bottom: number | null;
  firstTop: number | null;
  stacked: boolean | null;
  height: number;
}

/** What the first screen shows: sideways scroll, the h1's bottom, the first result's top, whether table rows stack. */
async function layout(page: Page, first: string): Promise<Layout> {
  return page.evaluate((sel) => {
    const h1 = document.querySelector('main h1');
    const firstEl = sel ? document.querySelector(sel) : null;
    const row = document.querySelector('table.data-table tbody tr:not(.data-table-group)');
    let stacked: boolean | null = null;
    if (row && row.children.length > 1) {
      const a = row.children[0]!.getBoundingClientRect();
      const b = row.children[1]!.getBoundingClientRect();
      stacked = b.top >= a.bottom - 1 && Math.abs(b.left - a.left) < 2;
    }
    return {
      sideways: document.scrollingElement!.scrollWidth - window.innerWidth,
      h1Bottom: h1 ? h1.getBoundingClientRect().bottom + window.scrollY : null,
      firstTop: firstEl ? firstEl.getBoundingClientRect().top + window.scrollY : null,
      stacked,
      height: window.innerHeight,
    };
  }, first);
}

describe('pages on phones (320 and 375 px, normal and elder mode)', () => {
  let env: BrowserEnv;
  let caseId: number;
  before(async () => {
    env = await startBrowserEnv();
    caseId = (
      await env.app.ctx.db
        .selectFrom('foi_applications')
        .select('id')
        .where('status', 'in', ['consultation', 'correction_pending', 'fee_pending', 'processing'])
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => env?.close());

  // [path, selector of the first result or row (or '' for none), whether the page has a data table]
  const portal: [string, string, boolean][] = [
    ['/gfxwj', 'table.data-table tbody tr', true],
    ['/columns/zwdt', 'main .link-list li', false],
    [`/search?q=${encodeURIComponent('营商环境')}`, '.search-hit', false],
    ['/ysqgk', '', false],
    ['/hdjl/xmt', 'table.data-table tbody tr', true],
  ];
  const office = (): [string, string, boolean][] => [
    ['/admin/foi', 'table.data-table tbody tr', true],
    [`/admin/foi/${caseId}`, '', false],
  ];

  for (const phone of PHONES) {
    for (const elder of [false, true]) {
      const mode = `${phone.width} px, ${elder ? 'elder' : 'normal'} mode`;

      it(`keeps the portal's list pages on one screen width with heading and first result in view (${mode})`, async () => {
        const context = await env.browser.newContext({ viewport: phone, bypassCSP: true });
        const page = await context.newPage();
        await setElderMode(page, env.base, elder);
        for (const [path, first, table] of portal) {
          await page.goto(`${env.base}${path}`);
          const l = await layout(page, first);
          assert.ok(l.sideways <= 0, `${path}: no sideways scroll (${l.sideways}px too wide)`);
          assert.ok(
            l.h1Bottom !== null && l.h1Bottom <= l.height,
            `${path}: the h1 ends at ${l.h1Bottom}px, inside the first ${l.height}px`,
          );
          if (first)
            assert.ok(
              l.firstTop !== null && l.firstTop + 24 <= l.height,
              `${path}: the first result starts at ${l.firstTop}px, inside the first screen`,
            );
          if (table) assert.equal(l.stacked, true, `${path}: a row's cells are stacked`);
          const v = await axe(page);
          assert.equal(v.length, 0, `${path}: ${describeViolations(v)}`);
        }
        // The header's 菜单 leads to the whole navigation without script.
        assert.ok(await page.isVisible('a.menu-link'), 'the 菜单 link shows on a phone');
        assert.ok(!(await page.isVisible('.site-nav')), 'the wrapped navigation does not');
        await Promise.all([page.waitForNavigation(), page.click('a.menu-link')]);
        assert.ok(await page.isVisible('main a[href="/gfxwj"]'), 'the menu page lists the sections');
        // Search filters fold behind one control and open from it.
        await page.goto(`${env.base}/search?q=${encodeURIComponent('营商环境')}`);
        assert.ok(!(await page.isVisible('#f-column')), 'filters are folded');
        await page.click('.search-more > summary');
        assert.ok(await page.isVisible('#f-column'), 'filters open from 筛选');
        await context.close();
      });

      it(`lets a handler list cases, open one and record an event on a phone (${mode})`, async () => {
        const context = await env.browser.newContext({ viewport: phone, bypassCSP: true });
        const page = await context.newPage();
        await loginInBrowser(page, env.base, 'gkb');
        await setElderMode(page, env.base, elder);
        for (const [path, first, table] of office()) {
          await page.goto(`${env.base}${path}`);
          const l = await layout(page, first);
          assert.ok(l.sideways <= 0, `${path}: no sideways scroll (${l.sideways}px too wide)`);
          assert.ok(
            l.h1Bottom !== null && l.h1Bottom <= l.height,
            `${path}: the h1 ends at ${l.h1Bottom}px, inside the first ${l.height}px`,
          );
          if (first)
            assert.ok(
              l.firstTop !== null && l.firstTop + 24 <= l.height,
              `${path}: the first row starts at ${l.firstTop}px, inside the first screen`,
            );
          if (table) assert.equal(l.stacked, true, `${path}: a row's cells are stacked`);
          const v = await axe(page);
          assert.equal(v.length, 0, `${path}: ${describeViolations(v)}`);
        }
        // The record-event form opens and fits.
        await page.click('details.foi-event > summary');
        const form = page.locator('details.foi-event[open] form').first();
        assert.ok(await form.isVisible(), 'the event form opens');
        const box = (await form.boundingBox())!;
        assert.ok(
          box.x >= 0 && box.x + box.width <= phone.width + 1,
          `the form fits the screen (${box.x}+${box.width})`,
        );
        const sideways = await page.evaluate(
          () => document.scrollingElement!.scrollWidth - window.innerWidth,
        );
        assert.ok(sideways <= 0, `the open form needs no sideways scroll (${sideways}px)`);
        // The back-office menu is below the page, reached from 菜单.
        assert.ok(await page.isVisible('.admin-header a.menu-link'), 'the 菜单 link shows');
        const nav = await page.evaluate(
          () =>
            (document.querySelector('#admin-menu') as HTMLElement).getBoundingClientRect().top >
            (document.querySelector('main h1') as HTMLElement).getBoundingClientRect().top,
        );
        assert.ok(nav, 'the side menu comes after the page heading');
        await context.close();
      });
    }
  }
});
