import { after, before, it } from 'node:test';
import { loginInBrowser, startBrowserEnv, type BrowserEnv } from '/work/wt/phones/test/browser/harness.ts';
let env: BrowserEnv;
before(async () => { env = await startBrowserEnv(); });
after(() => env?.close());
it('shots', async () => {
  const pages = (process.env.SHOT_PAGES ?? '/gfxwj').split(',');
  const widths = (process.env.SHOT_WIDTHS ?? '320').split(',').map(Number);
  for (const w of widths) for (const elder of [false, true]) {
    const ctx = await env.browser.newContext({ viewport: { width: w, height: w < 500 ? 640 : 900 } });
    const page = await ctx.newPage();
    if (process.env.SHOT_LOGIN) await loginInBrowser(page, env.base, process.env.SHOT_LOGIN);
    await page.goto(`${env.base}/elder?on=${elder ? 1 : 0}&back=/`);
    for (const p of pages) {
      let url = p;
      if (p.includes('CASE')) { const c = await env.app.ctx.db.selectFrom('foi_applications').select('id').where('status','in',['processing','consultation']).orderBy('id').executeTakeFirstOrThrow(); url = p.replace('CASE', String(c.id)); }
      await page.goto(`${env.base}${url}`);
      const name = `${p.replace(/[^a-z0-9]+/gi, '_')}_${w}_${elder ? 'elder' : 'normal'}`;
      await page.screenshot({ path: `/tmp/phshots/${name}.png`, fullPage: process.env.SHOT_FULL === '1' });
    }
    await ctx.close();
  }
});
