/**
 * Nothing acknowledged is lost: the real server (a child process) takes online FOI applications,
 * is killed with SIGKILL the instant the last receipt arrives, and after a restart every receipt
 * number is in the database. Runs on the engine TEST_DATABASE_URL names (SQLite by default).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { copySeedTemplate, type TestDb } from '../helpers.ts';
import { residentIdCheckChar } from '../../src/lib/identifiers.ts';
import { freePort, serverEnv, startServer, waitUp } from './server.ts';

const N = 24;

/** One citizen: GET the form (cookie + tokens), POST it, return the receipt number. */
async function apply(base: string, i: number, orgId: string): Promise<string> {
  const page = await fetch(`${base}/ysqgk/apply`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const html = await page.text();
  const formToken = /name="formToken" value="([^"]+)"/.exec(html)![1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const first = `360112198001${10 + (i % 18)}${String(i).padStart(3, '0')}`;
  const body = new URLSearchParams({
    _csrf: csrf,
    formToken,
    applicantType: 'natural',
    applicantName: `申请人${i}`,
    idNumber: first + residentIdCheckChar(first),
    phone: '13807911234',
    orgId,
    description: `第 ${i} 份崩溃测试申请`,
  });
  const res = await fetch(`${base}/ysqgk/apply`, {
    method: 'POST',
    body,
    headers: {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': `10.0.0.${i}`,
    },
    redirect: 'manual',
  });
  const text = await res.text();
  const m = /id="receipt-number">([^<]+)</.exec(text);
  if (res.status !== 200 || !m) throw new Error(`submission ${i}: status ${res.status}`);
  return m[1];
}

describe('kill -9 right after receipts are issued', () => {
  let child: ChildProcess | undefined;
  let db: TestDb | undefined;
  // The demo, as the server would seed it on its first start: a copy of the day's template (helpers.ts),
  // made outside the test's time limit (seeding it takes a while on a crowded machine).
  let copy: TestDb | undefined;
  before(async () => {
    copy = (await copySeedTemplate('now')).db;
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await (db ?? copy)?.drop();
  });

  it('finds every receipt number after a restart', { timeout: 150_000 }, async () => {
    db = copy!;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = startServer(serverEnv(db, port));
    await waitUp(base, child);
    const form = await (await fetch(`${base}/ysqgk/apply`)).text();
    const orgId = /<option value="(\d+)"[^>]*>红谷滩区财政局</.exec(form)![1];

    const numbers = await Promise.all(Array.from({ length: N }, (_, i) => apply(base, i + 1, orgId)));
    child.kill('SIGKILL'); // the instant the last receipt arrived
    await new Promise((r) => child!.once('exit', r));
    assert.equal(new Set(numbers).size, N, 'distinct numbers');

    child = startServer(serverEnv(db, port));
    await waitUp(base, child);
    const database = db.open();
    try {
      const rows = await database.db
        .selectFrom('foi_applications')
        .select('number')
        .where('number', 'in', numbers)
        .execute();
      const found = new Set(rows.map((r) => r.number));
      assert.deepEqual(
        numbers.filter((n) => !found.has(n)),
        [],
        'every acknowledged application survived',
      );
    } finally {
      await database.destroy();
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
  });
});
