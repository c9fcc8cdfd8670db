/**
 * Spreadsheets the platform produces (issue 16): the audit export streams any size in bounded memory
 * and leaves no `audit.export` record when it fails; every CSV and XLSX neutralises formula cells.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import type { Kysely, KyselyPlugin } from 'kysely';
import { bearer, buildTestApp, type TestApp } from './helpers.ts';
import { csvFile, neutraliseCell } from '../src/lib/spreadsheet.ts';
import { exportAudit } from '../src/modules/audit/service.ts';
import { systemActor } from '../src/context.ts';
import type { DB } from '../src/db/types.ts';

const HOSTILE_CELLS = [
  '=1+1',
  '+SUM(A1)',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1)',
  '\t=1',
  '\r=1',
  '=HYPERLINK("http://evil.example","点我")',
];

describe('neutraliseCell', () => {
  it('makes every cell a spreadsheet would run as a formula into text, and leaves numbers and ordinary text', () => {
    for (const c of HOSTILE_CELLS) assert.equal(neutraliseCell(c), `'${c}`);
    for (const c of ['-12.5', '+3', '-40%', '1e5', '项目', 'a=b', '', 42]) assert.equal(neutraliseCell(c), c);
  });

  it('never leaves a formula start, and only ever adds one quote (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom(...HOSTILE_CELLS).chain((h) => fc.string().map((s) => h + s)),
        ),
        (s) => {
          const out = neutraliseCell(s) as string;
          assert.ok(out === s || out === `'${s}`, "out === s || out === `'${s}`");
          if (/^[=+\-@\t\r]/.test(out)) assert.match(out, /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/);
        },
      ),
    );
  });

  it('csvFile: a BOM, quoted fields, and neutralised cells', () => {
    const text = csvFile([
      ['a', 'b'],
      ['=1+1', '含,逗号'],
    ]).toString('utf8');
    assert.equal(text, '\ufeffa,b\r\n\'=1+1,"含,逗号"\r\n');
  });
});

describe('exports on a large archive', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  const N = 40_000;
  before(async () => {
    t = await buildTestApp();
    headers = await bearer(t, 'auditor');
    // An office with a few years of records (more than SQLite's bound-variable limit).
    const base = {
      at: '2021-01-01T00:00:00.000Z',
      actor_id: null,
      actor_name: 'import',
      action: 'test.bulk',
      object_type: 'thing',
      before_json: null,
      ip: null,
      algo: 'sha256',
      prev_hash: '0'.repeat(64),
      hash: '0'.repeat(64),
    };
    for (let i = 0; i < N; i += 500) {
      const rows = Array.from({ length: Math.min(500, N - i) }, (_, k) => ({
        ...base,
        object_id: String(i + k),
        after_json: k === 7 ? JSON.stringify('=HYPERLINK("http://evil.example")') : null,
      }));
      await t.ctx.db.insertInto('audit_log').values(rows).execute();
    }
  });
  after(() => t?.close());

  const exportsRecorded = async () =>
    (await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'audit.export').execute())
      .length;

  it('exports every record as CSV and as XLSX, once audited each', async () => {
    const total = (
      await t.ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
    const before = await exportsRecorded();
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/audit/export.csv', headers });
    assert.equal(csv.statusCode, 200, csv.body.slice(0, 300));
    assert.match(String(csv.headers['cache-control']), /no-store/);
    const lines = csv.body.split('\r\n').filter(Boolean);
    assert.equal(lines.length, Number(total) + 1, 'header + every record');
    assert.ok(!lines.some((l) => /(^|,)"?=/.test(l)), 'no cell starts with =');
    assert.equal(await exportsRecorded(), before + 1);

    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/export.xlsx?action=test.bulk',
      headers,
    });
    assert.equal(xlsx.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    assert.equal(ws.rowCount, N + 1);
    assert.equal(ws.getRow(2).getCell(4).value, 'test.bulk');
    const strings: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && strings.push(c.value)));
    assert.ok(
      strings.some((s) => s.startsWith('\'"=HYPERLINK') || s.startsWith('"=HYPERLINK')),
      "strings.some((s) => s.startsWith('\\'\"=HYPERLINK') || s.startsWith('\"=HYPERLINK'))",
    );
    assert.ok(!strings.some((s) => s.startsWith('=')), "!strings.some((s) => s.startsWith('='))");
    assert.equal(await exportsRecorded(), before + 2);
  });

  it('leaves no audit.export record when the export fails or is abandoned half way', async () => {
    const before = await exportsRecorded();
    // The database fails on the third page (as a dropped connection or a full disk would).
    let selects = 0;
    const failing: KyselyPlugin = {
      transformQuery(args) {
        if (args.node.kind === 'SelectQueryNode' && ++selects === 4)
          throw Object.assign(new Error('connection lost'), { code: 'ECONNRESET' });
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const ctx = { ...t.ctx, db: t.ctx.db.withPlugin(failing) as Kysely<DB> };
    for (const format of ['csv', 'xlsx'] as const) {
      selects = 0;
      const stream = exportAudit(ctx, systemActor('test'), {}, format, { batch: 1000 });
      await assert.rejects(async () => {
        for await (const _ of stream);
      });
    }
    // A reader that stops after the first chunk.
    const abandoned = exportAudit(t.ctx, systemActor('test'), {}, 'csv', { batch: 1000 });
    for await (const _ of abandoned) break;
    assert.equal(await exportsRecorded(), before);
  });

  it('the data-table CSV and XLSX of a published item neutralise formula cells', async () => {
    const item = await t.ctx.db
      .selectFrom('content_items')
      .select('id')
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('content_items')
      .set({
        data_table: JSON.stringify({ columns: ['项目', '标准'], rows: HOSTILE_CELLS.map((c) => [c, '-5']) }),
      })
      .where('id', '=', item.id)
      .execute();
    const csv = await t.app.inject(`/items/${item.id}/table.csv`);
    assert.equal(csv.statusCode, 200);
    const cells = csv.body
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.replace(/^"/, '').split(/"?,/)[0]);
    for (const c of cells) assert.equal(c[0], "'", c);
    assert.match(csv.body, /,-5\r\n/, 'a negative number stays a number');
    const xlsx = await t.app.inject(`/items/${item.id}/table.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const first = wb.worksheets[0].getColumn(1).values.slice(2) as string[];
    // (XML stores a CR as a line feed.)
    assert.deepEqual(
      first,
      HOSTILE_CELLS.map((c) => `'${c}`.replace('\r', '\n')),
    );
  });
});
