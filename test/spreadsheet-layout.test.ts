/**
 * The XLSX files officials print and read (issue 21): the annual report, the ledger, the catalogue
 * and the self-inspection report get column widths, wrapped text, rows tall enough for their text
 * and frozen header rows, all through `layoutSheet` (lib/spreadsheet.ts). Read back with exceljs.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { bearer, buildTestApp, loginAs, type TestApp } from './helpers.ts';
import { cellText, layoutSheet, textWidth } from '../src/lib/spreadsheet.ts';

/** Lines a cell's text takes at a column width, as layoutSheet counts them. */
const linesAt = (text: string, width: number) =>
  text.split('\n').reduce((s, l) => s + Math.max(1, Math.ceil(textWidth(l) / width)), 0);

describe('layoutSheet', () => {
  it('counts Chinese characters two wide and others one', () => {
    assert.equal(textWidth('任务台账'), 8);
    assert.equal(textWidth('2026年'), 6);
    assert.equal(textWidth('（一）'), 6);
    assert.equal(textWidth(''), 0);
  });

  it('gives every column a width, wraps every cell, freezes and prints the header rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.addRow(['标题']);
    ws.mergeCells(1, 1, 1, 3);
    ws.addRow(['序号', '任务内容', '备注']);
    ws.addRow([1, '很长的任务内容'.repeat(30), 'x']);
    layoutSheet(ws, { widths: [6, 30], headerRows: 2 });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const b = back.getWorksheet('表')!;
    assert.equal(b.getColumn(1).width, 6);
    assert.equal(b.getColumn(2).width, 30);
    assert.ok((b.getColumn(3).width ?? 0) >= 6, 'a column left out is fitted, at least the minimum');
    assert.equal(b.getCell('B3').alignment?.wrapText, true);
    assert.deepEqual([b.views[0].state, (b.views[0] as { ySplit?: number }).ySplit], ['frozen', 2]);
    assert.equal(b.pageSetup.printTitlesRow, '1:2');
    const needed = linesAt('很长的任务内容'.repeat(30), 29) * 15;
    assert.ok(
      (b.getRow(3).height ?? 0) >= needed,
      `row 3 is ${b.getRow(3).height} pt, its text needs ${needed}`,
    );
  });

  it('makes every row tall enough for its longest cell at its column width (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.string({ unit: fc.constantFrom('字', 'a', ' ', '\n', '１'), maxLength: 200 }), {
            minLength: 1,
            maxLength: 4,
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(fc.integer({ min: 4, max: 60 }), { minLength: 4, maxLength: 4 }),
        (rows, widths) => {
          const ws = new ExcelJS.Workbook().addWorksheet('s');
          for (const r of rows) ws.addRow(r);
          layoutSheet(ws, { widths });
          ws.eachRow((row) =>
            row.eachCell((cell) => {
              const w = ws.getColumn(Number(cell.col)).width!;
              assert.equal(w, widths[Number(cell.col) - 1] === 9 ? 9.1 : widths[Number(cell.col) - 1]);
              assert.equal(cell.alignment.wrapText, true);
              const lines = linesAt(cellText(cell.value), w - 1);
              if (lines > 1)
                assert.ok(
                  (row.height ?? 0) >= lines * 15,
                  `row ${row.number}: ${row.height} < ${lines} lines`,
                );
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the exported spreadsheets are laid out (both engines)', () => {
  let t: TestApp;
  const files: Record<string, Buffer> = {};

  before(async () => {
    t = await buildTestApp({ start: '2026-12-20T02:00:00Z' });
    const gkb = await bearer(t, 'gkb');
    const session = await loginAs(t.app, 'gkb');
    const district = (
      await t.ctx.db.selectFrom('orgs').select('id').where('kind', '=', 'government').orderBy('id').execute()
    ).at(-1)!.id;
    files.report = (
      await t.app.inject({
        url: `/api/v1/reports/annual?org=${district}&year=2022&format=xlsx`,
        headers: gkb,
      })
    ).rawPayload;
    const plan = await t.ctx.db.selectFrom('work_plans').select('id').orderBy('id').executeTakeFirstOrThrow();
    files.ledger = (await session.get(`/admin/ledger/plans/${plan.id}/export.xlsx`)).rawPayload;
    const sj = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '沙井街办')
        .executeTakeFirstOrThrow()
    ).id;
    let catalogues = (await t.app.inject({ url: '/api/v1/catalogues', headers: gkb })).json();
    if (!Array.isArray(catalogues) || catalogues.length === 0) {
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/catalogues',
        headers: gkb,
        payload: { orgId: sj, year: 2026 },
      });
      assert.equal(made.statusCode, 201, made.body);
      catalogues = [made.json()];
    }
    files.catalogue = (
      await t.app.inject({ url: `/api/v1/catalogues/${catalogues[0].id}/export.xlsx`, headers: gkb })
    ).rawPayload;
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspection/runs',
      headers: gkb,
      payload: { org: district },
    });
    assert.equal(run.statusCode, 201, run.body.slice(0, 300));
    files.inspection = (
      await t.app.inject({ url: `/api/v1/inspection/runs/${run.json().id}/report?format=xlsx`, headers: gkb })
    ).rawPayload;
    // GONGKAI_XLSX_OUT=dir keeps the files, for rendering them with LibreOffice and looking at them.
    if (process.env.GONGKAI_XLSX_OUT) {
      mkdirSync(process.env.GONGKAI_XLSX_OUT, { recursive: true });
      for (const [k, v] of Object.entries(files))
        writeFileSync(join(process.env.GONGKAI_XLSX_OUT, `${k}.xlsx`), v);
    }
  });
  after(() => t.close());

  const open = async (name: string) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(files[name] as unknown as ArrayBuffer);
    return wb;
  };

  /** Every used column has a width, every text cell wraps, and no row is shorter than its wrapped text. */
  const assertLaidOut = (ws: ExcelJS.Worksheet) => {
    for (let c = 1; c <= ws.actualColumnCount; c++)
      assert.ok((ws.getColumn(c).width ?? 0) >= 4, `${ws.name} column ${c} has a width`);
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.isMerged && cell.master !== cell) return;
        const text = cellText(cell.value);
        if (!text) return;
        assert.equal(cell.alignment?.wrapText, true, `${ws.name}!${cell.address} wraps`);
        if (cell.isMerged) return;
        const lines = linesAt(text, (ws.getColumn(Number(cell.col)).width ?? 9) - 1);
        if (lines > 1)
          assert.ok(
            (row.height ?? 0) >= lines * 15 - 1,
            `${ws.name}!${cell.address}: row ${row.height} pt for ${lines} lines`,
          );
      }),
    );
  };
  const frozen = (ws: ExcelJS.Worksheet) =>
    ws.views[0]?.state === 'frozen' ? ((ws.views[0] as { ySplit?: number }).ySplit ?? 0) : 0;

  it('annual report: widths, wrap, 表三 and 表四 headers frozen and printed on every page', async () => {
    const wb = await open('report');
    for (const ws of wb.worksheets) assertLaidOut(ws);
    const t3 = wb.getWorksheet('三、依申请公开')!;
    assert.equal(frozen(t3), 4, 'caption and three header rows');
    assert.equal(t3.pageSetup.printTitlesRow, '1:4');
    assert.equal(t3.getColumn(3).width, 36);
    assert.equal(frozen(wb.getWorksheet('四、复议诉讼')!), 4);
  });

  it('ledger: title and header frozen, and no task text cut (rows as tall as their text)', async () => {
    const wb = await open('ledger');
    const ws = wb.getWorksheet('任务台账')!;
    assertLaidOut(ws);
    assert.equal(frozen(ws), 2);
    assert.equal(ws.pageSetup.printTitlesRow, '1:2');
    assert.equal(ws.getColumn(3).width, 50);
    const longest = ws
      .getRows(3, ws.rowCount - 2)!
      .reduce((a, r) => (cellText(r.getCell(3).value).length > cellText(a.getCell(3).value).length ? r : a));
    assert.ok(cellText(longest.getCell(3).value).length > 60, 'the demo ledger has long task text');
    assert.ok(
      (longest.height ?? 0) >= linesAt(cellText(longest.getCell(3).value), 49) * 15,
      'the longest task has room for all its lines',
    );
  });

  it('catalogue: the three title and header rows frozen, widths, wrap', async () => {
    const wb = await open('catalogue');
    for (const ws of wb.worksheets) {
      assertLaidOut(ws);
      assert.equal(frozen(ws), 3, ws.name);
      assert.equal(ws.getColumn(4).width, 40);
    }
  });

  it('inspection report: widths, wrap, header frozen on the list of problems', async () => {
    const wb = await open('inspection');
    for (const ws of wb.worksheets) assertLaidOut(ws);
    assert.equal(frozen(wb.getWorksheet('问题清单')!), 1);
    assert.equal(frozen(wb.getWorksheet('检查结果')!), 1);
    assert.equal(wb.getWorksheet('检查结果')!.getColumn(5).width, 60);
  });
});
