import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, runCliOn, type TestApp } from '../../../test/helpers.ts';
import { SEED_PLAN_PATH } from './seed.ts';

describe('gongkai ledger CLI', () => {
  let t: TestApp;
  let out: string;
  before(async () => {
    t = await buildTestApp();
    out = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  });
  after(async () => {
    rmSync(out, { recursive: true, force: true });
    await t?.close();
  });

  const run = (args: string[]) => runCliOn(t.db, args);

  it('imports the seed text and prints the plan, the 23 tasks and unresolved names', async () => {
    const r = await run(['ledger', 'import', SEED_PLAN_PATH]);
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /工作要点：2022年红谷滩区政务公开工作要点/);
    assert.match(r.text, /洪府办发〔2022〕66号/);
    assert.match(r.text, /任务：23 项/);
    assert.match(
      r.text,
      /13\. 推进基层政务公开标准化规范化建设 \| 限期完成 2022-10-10 \| 责任单位 1 个：沙井街办/,
    );
    assert.match(r.text, /未识别的责任单位：无/);
  });

  it('exports a plan to XLSX and imports that file back', async () => {
    const file = join(out, 'ledger.xlsx');
    const e = await run(['ledger', 'export', '--plan', '1', '--out', file]);
    assert.equal(e.code, 0, e.text);
    assert.ok(existsSync(file), 'existsSync(file)');
    const i = await run(['ledger', 'import', file]);
    assert.equal(i.code, 0, i.text);
    assert.match(i.text, /任务：23 项/);
  });

  it('reports a bad file in Chinese with a non-zero exit code', async () => {
    const r = await run(['ledger', 'import', join(import.meta.dirname, 'model.ts')]);
    assert.equal(r.code, 2);
    assert.match(r.text, /错误：工作要点无法导入|错误：/);
  });
});
