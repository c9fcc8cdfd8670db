import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { systemActor } from '../../context.ts';
import { bearer, buildTestApp, runCliOn, type TestApp } from '../../../test/helpers.ts';
import { bare, importApplications, outcomeOf, readRows } from './export.ts';
import { OUTCOME_CODES, OUTCOMES } from './outcomes.ts';

const HEAD = '申请编号,承办机关,申请人类型,收到方式,收到日期,办结日期,办理结果,申请人';
const csvRows = (rows: string[]) => readRows('x.csv', Buffer.from([HEAD, ...rows].join('\n')));

describe('outcomeOf (the register wording of an outcome)', () => {
  it('reads every code, its full label and the wording after its numbering', () => {
    for (const code of OUTCOME_CODES) {
      assert.equal(outcomeOf(code), code, code);
      assert.equal(outcomeOf(OUTCOMES[code].row), code, OUTCOMES[code].row);
      const short = OUTCOMES[code].row.replace(/^（[一二三四五六七]）/, '').replace(/^[^ ]+ \d\./, '');
      assert.equal(outcomeOf(short), code, short);
    }
  });
  it('reads the common short wordings of the closures a live case reaches through steps', () => {
    assert.equal(outcomeOf('补正后仍不明确'), 'unavailable.unclear');
    assert.equal(outcomeOf('逾期不补正'), 'other.no_correction');
    assert.equal(outcomeOf('逾期未缴费'), 'other.unpaid_fee');
    assert.equal(outcomeOf('申请人撤回'), 'other.other');
  });
  it('never guesses between two outcomes: a part of a label that several labels share is not read', () => {
    const labels = OUTCOME_CODES.map((c) => OUTCOMES[c].row);
    const part = fc
      .tuple(fc.constantFrom(...labels), fc.nat(), fc.integer({ min: 4, max: 12 }))
      .map(([l, at, len]) => l.slice(at % l.length, (at % l.length) + len));
    fc.assert(
      fc.property(part, (s) => {
        const code = outcomeOf(s);
        const sharing = labels.filter((l) => l.includes(s));
        if (sharing.length > 1 && code != null) {
          const exact =
            OUTCOMES[code].row === s ||
            OUTCOMES[code].row.endsWith(s) ||
            OUTCOMES[code].row.endsWith(`.${s}`);
          assert.ok(exact, `“${s}” fits ${sharing.length} labels but was read as ${code}`);
        }
        const sharingBare = labels.filter((l) => bare(l).includes(bare(s)));
        if (sharingBare.length === 1 && bare(s).length >= 4)
          assert.equal(code, OUTCOME_CODES[labels.indexOf(sharingBare[0])], s);
      }),
    );
    assert.equal(outcomeOf('不予公开'), null, 'a family name alone fits eight outcomes');
  });
});

describe('importing a register of past cases (rules.md §2)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ start: '2026-03-02T10:00:00+08:00' });
  });
  after(() => t.close());
  const count = async () => (await t.ctx.db.selectFrom('foi_applications').select('id').execute()).length;

  it('takes every one of the 21 outcome codes on closed rows, with the office’s own numbers kept exactly', async () => {
    const rows = OUTCOME_CODES.map(
      (code, i) =>
        `红发改依申〔2024〕${i + 1}号,区发改委,自然人,当面提交,2024-03-0${1 + (i % 8)},2024-04-1${i % 10},${OUTCOMES[code].row},申请人${i}`,
    );
    assert.deepEqual(await importApplications(t.ctx, systemActor('test'), await csvRows(rows)), {
      imported: 21,
    });
    const got = await t.ctx.db
      .selectFrom('foi_applications')
      .select(['number', 'outcome', 'status', 'seq'])
      .where('number', 'like', '红发改依申〔2024〕%')
      .execute();
    assert.equal(got.length, 21);
    for (const [i, code] of OUTCOME_CODES.entries()) {
      const row = got.find((g) => g.number === `红发改依申〔2024〕${i + 1}号`);
      assert.ok(row, `number ${i + 1} kept as written`);
      assert.deepEqual([row.outcome, row.status, row.seq], [code, 'closed', 0]);
    }
  });

  it('shows an imported case closed as 逾期不补正 on its page, though no correction was recorded here', async () => {
    const { id } = await t.ctx.db
      .selectFrom('foi_applications')
      .select('id')
      .where('outcome', '=', 'other.no_correction')
      .where('number', 'like', '红发改依申%')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/foi/applications/${id}`,
      headers: await bearer(t, 'gkb'),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().outcome, 'other.no_correction');
  });

  it('keeps the per-year sequence of its own numbers for the system’s numbering', async () => {
    await importApplications(
      t.ctx,
      systemActor('test'),
      await csvRows(['2019-HGT-00077,区财政局,自然人,传真,2019-05-06,2019-05-20,予以公开,甲']),
    );
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .select(['year', 'seq'])
      .where('number', '=', '2019-HGT-00077')
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.year, row.seq], [2019, 77]);
  });

  it('refuses the whole file with every bad row named by number, and writes nothing', async () => {
    const before = await count();
    const bad = await csvRows([
      'A-1,区发改委,自然人,当面提交,2024-05-06,2024-05-20,逾期未缴费,甲',
      'A-1,区发改委,自然人,当面提交,2024-05-07,2024-05-21,予以公开,乙',
      '红发改依申〔2024〕1号,区发改委,自然人,当面提交,2024-05-08,2024-05-22,予以公开,丙',
      'A-3,区发改委,自然人,当面提交,2024-05-09,2024-05-01,予以公开,丁',
      'A-4,区发改委,自然人,当面提交,2024-05-09,2024-05-20,不予公开,戊',
    ]);
    await assert.rejects(
      importApplications(t.ctx, systemActor('test'), bad),
      (e: { userMessage: string; fields: Record<string, string> }) => {
        const msgs = Object.values(e.fields).join('\n');
        assert.match(e.userMessage, /未导入任何数据/);
        assert.match(msgs, /第 3 行：申请编号“A-1”在文件中重复/);
        assert.match(msgs, /第 4 行：申请编号“红发改依申〔2024〕1号”在本机关已存在/);
        assert.match(msgs, /第 5 行：办结日期早于收到日期/);
        assert.match(msgs, /第 6 行：办理结果“不予公开”无法识别/);
        assert.doesNotMatch(msgs, /第 2 行/, 'the first A-1 row is good');
        return true;
      },
    );
    assert.equal(await count(), before);
  });

  it('names the rows from the CLI too, with exit code 1', async () => {
    const file = join(t.db.dataDir, 'register.csv');
    writeFileSync(file, [HEAD, 'B-1,区发改委,自然人,当面提交,2024-05-06,,逾期不补正,甲'].join('\n'));
    const run = await runCliOn(t.db, ['foi', 'import', file]);
    assert.equal(run.code, 1, run.text);
    assert.match(run.text, /第 2 行：有办理结果时须填写办结日期/);
  });
});
