/**
 * No page or document a person reads names our own files or the sections of our product notes
 * (issue 21: pages and reports showed 「(rules.md §5)」). The demo's portal and back-office pages
 * (the sitemap's and the back-office menu's, one link deep) and the generated Word and Excel files
 * are read as text and searched for such references.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { bearer, buildTestApp, loginAs, type Session, type TestApp } from './helpers.ts';
import { cellText } from '../src/lib/spreadsheet.ts';

/** What an internal reference looks like: our notes' names, a section sign, a source file name, an issue number. */
const INTERNAL =
  /rules\.md|architecture\.md|README\.md|ARCHITECTURE|docs\/modules|§|\b[\w-]+\.(?:tsx?|mjs)\b|\bissue\s*#?\d+|见\s*issue/i;

/** The text of an HTML page a person sees (and the titles and labels a screen reader reads). */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]*\b(?:title|aria-label|alt|placeholder)="([^"]*)"[^>]*>/gi, ' $1 ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ');
}

const hits = (text: string) =>
  [...text.matchAll(new RegExp(INTERNAL.source, 'gi'))].map((m) =>
    text.slice(Math.max(0, m.index - 30), m.index + 30),
  );

describe('no internal reference in pages and documents (both engines)', () => {
  let t: TestApp;
  let gkb: Record<string, string>;
  let session: Session;
  let district: number;

  before(async () => {
    t = await buildTestApp({ start: '2026-12-20T02:00:00Z' });
    gkb = await bearer(t, 'gkb');
    session = await loginAs(t.app, 'gkb');
    district = (
      await t.ctx.db.selectFrom('orgs').select('id').where('kind', '=', 'government').orderBy('id').execute()
    ).at(-1)!.id;
  });
  after(() => t.close());

  it('the pattern finds what the issue saw, and not ordinary text', () => {
    assert.ok(INTERNAL.test('未按规定公开（rules.md §5）'), 'rules.md §5');
    assert.ok(INTERNAL.test('见 report/model.ts'), 'a file name');
    for (const ok of [
      '红府办发〔2022〕40号',
      '第二十条第（一）项',
      'https://www.example.gov.cn/a.html',
      '条例第三十三条',
      '附件：实施方案.docx',
    ])
      assert.ok(!INTERNAL.test(ok), ok);
  });

  it('portal and back-office pages of the demo, one link deep from the sitemap and the back-office menu', async () => {
    const seen = new Set<string>();
    const found: string[] = [];
    const visit = async (url: string, admin: boolean) => {
      if (seen.has(url)) return null;
      seen.add(url);
      const res = admin ? await session.get(url) : await t.app.inject({ url });
      if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('text/html')) return null;
      for (const h of hits(visibleText(res.body))) found.push(`${url}: …${h}…`);
      return res.body;
    };
    const links = (html: string, prefix: RegExp) =>
      [...html.matchAll(/href="(\/[^"#]*)"/g)]
        .map((m) => m[1].replaceAll('&amp;', '&'))
        .filter(
          (u) => prefix.test(u) && !/\.(docx|xlsx|csv|pdf|zip|json)(\?|$)|format=|\/logout|\/api\//.test(u),
        );
    for (const [start, admin, prefix] of [
      ['/sitemap', false, /^\/(?!admin)/],
      ['/admin', true, /^\/admin/],
    ] as const) {
      const html = await visit(start, admin);
      assert.ok(html, `${start} opens`);
      for (const u of [...new Set(links(html, prefix))].slice(0, 120)) await visit(u, admin);
    }
    // The report page's three tabs and the inspection pages (issue 21 saw references there).
    for (const tab of ['', '&tab=edit', '&tab=import'])
      await visit(`/admin/reports/annual?org=${district}&year=2026&scope=own${tab}`, true);
    assert.ok(seen.size > 40, `checked ${seen.size} pages`);
    assert.deepEqual(found, [], found.join('\n'));
  });

  it('the generated Word and Excel files: annual report, ledger, catalogue, self-inspection report', async () => {
    const found: string[] = [];
    const get = async (url: string) => {
      const res = await t.app.inject({ url, headers: gkb });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
      return res.rawPayload;
    };
    const docx = async (name: string, data: Buffer) => {
      const { value } = await mammoth.extractRawText({ buffer: data });
      assert.ok(value.length > 100, `${name} has text`);
      for (const h of hits(value)) found.push(`${name}: …${h}…`);
    };
    const xlsx = async (name: string, data: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(data as unknown as ArrayBuffer);
      let text = '';
      wb.eachSheet((ws) => {
        text += ws.name + '\n';
        ws.eachRow((row) => row.eachCell((c) => (text += cellText(c.value) + '\n')));
      });
      assert.ok(text.length > 100, `${name} has text`);
      for (const h of hits(text)) found.push(`${name}: …${h}…`);
    };
    await docx('年度报告.docx', await get(`/api/v1/reports/annual?org=${district}&year=2022&format=docx`));
    await xlsx('年度报告.xlsx', await get(`/api/v1/reports/annual?org=${district}&year=2022&format=xlsx`));
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspection/runs',
      headers: gkb,
      payload: { org: district },
    });
    assert.equal(run.statusCode, 201, run.body.slice(0, 300));
    await docx('自查报告.docx', await get(`/api/v1/inspection/runs/${run.json().id}/report?format=docx`));
    await xlsx('自查报告.xlsx', await get(`/api/v1/inspection/runs/${run.json().id}/report?format=xlsx`));
    const plan = await t.ctx.db.selectFrom('work_plans').select('id').orderBy('id').executeTakeFirstOrThrow();
    await xlsx('任务台账.xlsx', (await session.get(`/admin/ledger/plans/${plan.id}/export.xlsx`)).rawPayload);
    const catalogues = (await t.app.inject({ url: '/api/v1/catalogues', headers: gkb })).json();
    if (Array.isArray(catalogues) && catalogues.length)
      await xlsx('标准目录.xlsx', await get(`/api/v1/catalogues/${catalogues[0].id}/export.xlsx`));
    assert.deepEqual(found, [], found.join('\n'));
  });
});
