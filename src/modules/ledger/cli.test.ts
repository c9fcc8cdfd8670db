import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { runCli } from '../../cli.ts';
import { SEED_PLAN_PATH } from './module.tsx';

describe('gongkai ledger CLI', () => {
  let t: TestApp;
  let out: string;
  const saved = { ...process.env };
  before(async () => {
    t = await buildTestApp();
    process.env.DATABASE_URL = t.db.url;
    if (t.db.schema) process.env.DATABASE_SCHEMA = t.db.schema;
    process.env.DATA_DIR = t.db.dataDir;
    process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-1234';
    out = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  });
  after(async () => {
    process.env = saved;
    rmSync(out, { recursive: true, force: true });
    await t?.close();
  });

  async function run(args: string[]): Promise<{ code: number; text: string }> {
    const lines: string[] = [];
    const log = console.log;
    const err = console.error;
    console.log = (...a: unknown[]) => lines.push(a.join(' '));
    console.error = (...a: unknown[]) => lines.push(a.join(' '));
    try {
      const code = await runCli(args);
      return { code, text: lines.join('\n') };
    } finally {
      console.log = log;
      console.error = err;
      process.exitCode = undefined;
    }
  }

  it('imports the seed text and prints the plan, the 23 tasks and unresolved names', async () => {
    const r = await run(['ledger', 'import', SEED_PLAN_PATH]);
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /工作要点：2022年红谷滩区政务公开工作要点/);
    assert.match(r.text, /洪府办发〔2022〕66号/);
    assert.match(r.text, /任务：23 项/);
    assert.match(r.text, /13\. 推进基层政务公开标准化规范化建设 \| 限期完成 2022-10-10 \| 责任单位 1 个：沙井街办/);
    assert.match(r.text, /未识别的责任单位：无/);
  });

  it('exports a plan to XLSX and imports that file back', async () => {
    const file = join(out, 'ledger.xlsx');
    const e = await run(['ledger', 'export', '--plan', '1', '--out', file]);
    assert.equal(e.code, 0, e.text);
    assert.ok(existsSync(file));
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
