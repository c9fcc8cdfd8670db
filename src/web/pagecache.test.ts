import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { ELDER_COOKIE } from './plugin.ts';
import { acceptedEncoding } from './pagecache.ts';
import { onCommittedWrite, sqlitePath } from '../db/index.ts';
import { buildTestApp, ENGINE, loginAs, type TestApp } from '../../test/helpers.ts';

describe('acceptedEncoding', () => {
  it('chooses by q-value, br on a tie, nothing when both are refused or absent', () => {
    assert.equal(acceptedEncoding(undefined), null);
    assert.equal(acceptedEncoding(''), null);
    assert.equal(acceptedEncoding('gzip, deflate, br'), 'br');
    assert.equal(acceptedEncoding('gzip'), 'gzip');
    assert.equal(acceptedEncoding('x-gzip'), 'gzip');
    assert.equal(acceptedEncoding('br;q=0.5, gzip;q=0.8'), 'gzip');
    assert.equal(acceptedEncoding('br;q=0, gzip;q=0'), null);
    assert.equal(acceptedEncoding('*'), 'br');
    assert.equal(acceptedEncoding('*;q=0.3, br;q=0'), 'gzip');
    assert.equal(acceptedEncoding('identity'), null);
  });

  it('never picks an encoding the client refused or did not name (property)', () => {
    const q = fc.constantFrom('', ';q=0', ';q=0.0', ';q=0.5', ';q=1', ';q=bad');
    const coding = fc.record({
      name: fc.constantFrom('br', 'gzip', 'deflate', 'identity', 'x-gzip', 'BR', 'Gzip'),
      q,
    });
    fc.assert(
      fc.property(fc.array(coding, { maxLength: 5 }), (codings) => {
        const header = codings.map((c) => `${c.name}${c.q}`).join(', ');
        const chosen = acceptedEncoding(header);
        if (chosen === null) return;
        const named = codings.filter(
          (c) => (c.name.toLowerCase() === 'x-gzip' ? 'gzip' : c.name.toLowerCase()) === chosen,
        );
        const last = named.at(-1);
        assert.ok(last, `${chosen} was not offered in ${header}`);
        assert.ok(!/^;q=(0(\.0)?|bad)$/.test(last.q), `${chosen} was refused in ${header}`);
      }),
    );
  });
});

describe('rendered-page cache', () => {
  let t: TestApp;
  let itemId: number;
  let title: string;
  before(async () => {
    t = await buildTestApp();
    const item = await t.ctx.db
      .selectFrom('content_items')
      .select(['id', 'title'])
      .where('status', '=', 'published')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    [itemId, title] = [item.id, item.title];
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}, cookies: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers, cookies });
  const page = () => get(`/items/${itemId}`);
  const retitle = (to: string) =>
    t.ctx.db.updateTable('content_items').set({ title: to }).where('id', '=', itemId).execute();

  it('serves an anonymous page again without rendering it, the same bytes and validators, compressed as asked', async () => {
    await retitle(title); // start from a cleared cache
    const first = await page();
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-page-cache'], undefined);
    const again = await page();
    assert.equal(again.headers['x-page-cache'], 'hit');
    assert.equal(again.body, first.body);
    assert.equal(again.headers.etag, first.headers.etag);
    assert.equal(again.headers['last-modified'], first.headers['last-modified']);
    assert.equal(again.headers['cache-control'], 'no-cache');
    const gz = await get(`/items/${itemId}`, { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), first.body);
    const br = await get(`/items/${itemId}`, { 'accept-encoding': 'gzip, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), first.body);
    assert.match(String(br.headers.vary), /accept-encoding/i);
    const notModified = await get(`/items/${itemId}`, { 'if-none-match': String(first.headers.etag) });
    assert.equal(notModified.statusCode, 304);
    assert.equal(notModified.body, '');
  });

  it('keeps elder mode apart from the normal page', async () => {
    const plain = await page();
    const elder = await get(`/items/${itemId}`, {}, { [ELDER_COOKIE]: '1' });
    assert.notEqual(elder.body, plain.body);
    assert.equal((await get(`/items/${itemId}`, {}, { [ELDER_COOKIE]: '1' })).body, elder.body);
    assert.equal((await page()).body, plain.body);
  });

  it('drops every page as soon as a write in this process commits, through any database handle', async () => {
    await page();
    await retitle('页面缓存测试：标题已改');
    const changed = await page();
    assert.equal(changed.headers['x-page-cache'], undefined);
    assert.match(changed.body, /页面缓存测试：标题已改/);
    const other = t.db.open(); // a second handle in the same process, as an in-process CLI run has
    try {
      await other.db
        .updateTable('content_items')
        .set({ title: '页面缓存测试：另一连接' })
        .where('id', '=', itemId)
        .execute();
    } finally {
      await other.destroy();
    }
    assert.match((await page()).body, /页面缓存测试：另一连接/);
  });

  it('a rolled-back transaction and writes to sign-in tables keep the pages', async () => {
    await page();
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('content_items').set({ title: '不会提交' }).where('id', '=', itemId).execute();
        throw new Error('rollback');
      }),
    );
    assert.equal((await page()).headers['x-page-cache'], 'hit');
    await loginAs(t.app, 'admin'); // writes a session
    assert.equal((await page()).headers['x-page-cache'], 'hit');
  });

  it('a write from another process shows once PAGE_CACHE_SECONDS have passed on the clock', async () => {
    await retitle('页面缓存测试：本进程');
    await page();
    const external = '页面缓存测试：其他进程';
    if (ENGINE === 'postgres') {
      const client = new pg.Client({ connectionString: t.db.url });
      await client.connect();
      try {
        await client.query(`update ${t.db.schema}.content_items set title = $1 where id = $2`, [
          external,
          itemId,
        ]);
      } finally {
        await client.end();
      }
    } else {
      const raw = new SQLite(sqlitePath(t.db.url));
      raw.prepare('update content_items set title = ? where id = ?').run(external, itemId);
      raw.close();
    }
    assert.doesNotMatch(
      (await page()).body,
      new RegExp(external),
      'still the stored page within the time limit',
    );
    t.clock.advance(t.ctx.config.pageCacheSeconds * 1000);
    assert.match((await page()).body, new RegExp(external));
  });

  it('never serves or keeps pages for signed-in staff, API tokens or pages with a form', async () => {
    await page();
    const staff = await loginAs(t.app, 'admin');
    const seen = await staff.get(`/items/${itemId}`);
    assert.equal(seen.headers['x-page-cache'], undefined);
    assert.equal(seen.headers['cache-control'], 'private, no-store');
    const withToken = await get(`/items/${itemId}`, { authorization: 'Bearer nonsense' });
    assert.equal(withToken.headers['x-page-cache'], undefined);
    await get('/login');
    assert.equal(
      (await get('/login')).headers['x-page-cache'],
      undefined,
      'a page with a CSRF token is never stored',
    );
  });

  it('reports committed writes with their tables, after the commit, never on rollback nor for statements that changed no row', async () => {
    const seen: string[][] = [];
    const stop = onCommittedWrite((tables) => seen.push([...tables]));
    try {
      await t.ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('content_items').set({ title: title }).where('id', '=', itemId).execute();
        await trx
          .updateTable('orgs')
          .set({ name: sql`name` })
          .where('id', '=', -1)
          .execute();
        assert.deepEqual(seen, [], 'nothing reported before the commit');
      });
      assert.deepEqual(seen, [['content_items']], 'the update of no org is not a write');
      await t.ctx.db.selectFrom('content_items').select('id').execute();
      assert.equal(seen.length, 1, 'reads are not writes');
    } finally {
      stop();
    }
  });
});
