/**
 * Stateless app nodes (issue 27): THREE real server processes on one PostgreSQL schema, as behind a
 * load balancer. A sign-in made on node 1 is valid on node 2 (sessions in the database); a page
 * cached on node 3 (PAGE_CACHE_SECONDS=3600, so only a notification can explain a fresh page) shows
 * a change made elsewhere at once (LISTEN/NOTIFY, src/platform/notify.ts), and so does a page on
 * node 2 changed through node 1's API; a file stored through node 1 is read back byte for byte
 * through nodes 2 and 3 (src/db/files.ts keeps it in the database: the platform's file-check route,
 * as no module's uploads go through src/db/files.ts yet on main); the sign-in limit
 * (20 a minute per address) counts requests on all three nodes together (src/platform/ratestore.ts).
 * PostgreSQL only: that is the set-up where several app processes share a database.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { keepCookies } from '../cookies.ts';
import { appProcessArgs, copySeedTemplate, ENGINE, type TestDb } from '../helpers.ts';
import { randomBytes } from 'node:crypto';
import { cliToken, freePort, serverEnv, startServer, stop, waitUp } from './server.ts';

const skipReason =
  ENGINE !== 'postgres'
    ? '多个应用进程共用一个数据库只在 PostgreSQL 上部署；SQLite 上跳过（设置 TEST_DATABASE_URL 为 PostgreSQL 运行）'
    : '';

describe('three app processes on one database (PostgreSQL)', () => {
  const children: ChildProcess[] = [];
  let db: TestDb | undefined;
  after(async () => {
    for (const c of children) await stop(c, 'SIGKILL');
    await db?.drop();
  });

  it(
    'shares sessions, page-cache drops and rate-limit counts across the nodes',
    { timeout: 900_000 },
    async (t) => {
      if (skipReason) return t.skip(skipReason);
      // The demo district already seeded (a copy of the day's template): the nodes share it, none seeds.
      db = (await copySeedTemplate('now')).db;
      const extra = { PAGE_CACHE_SECONDS: '3600', SEED_DEMO: '0' };
      const bases: string[] = [];
      for (let n = 0; n < 3; n++) {
        const port = await freePort();
        const child = startServer(serverEnv(db, port, extra));
        children.push(child);
        bases.push(`http://127.0.0.1:${port}`);
        await waitUp(bases.at(-1)!, child);
      }
      const [n1, n2, n3] = bases;

      // Sign in on node 1, use the session on node 2.
      const jar = new Map<string, string>();
      const loginPage = await fetch(`${n1}/login`);
      let cookie = keepCookies(jar, loginPage.headers.getSetCookie());
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())?.[1];
      assert.ok(csrf, 'the login form carries a CSRF token');
      const login = await fetch(`${n1}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          _csrf: csrf,
          username: 'admin',
          password: 'Gongkai@2022',
          next: '/admin',
        }).toString(),
      });
      assert.equal(login.status, 303, 'signed in on node 1');
      cookie = keepCookies(jar, login.headers.getSetCookie());
      const onNode2 = await fetch(`${n2}/admin`, { headers: { cookie }, redirect: 'manual' });
      assert.equal(onNode2.status, 200, 'the session made on node 1 opens the back office on node 2');

      // A file stored through node 1 is the same bytes through nodes 2 and 3 (no shared disk needed).
      const admin = await cliToken(serverEnv(db, 0), 'admin');
      const bytes = randomBytes(200_000);
      const stored = await fetch(`${n1}/admin/platform/file-check`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ data: bytes.toString('base64') }),
      });
      assert.equal(stored.status, 200, 'stored through node 1');
      const { hash, engine } = (await stored.json()) as { hash: string; engine: string };
      assert.equal(engine, 'postgres');
      for (const base of [n2, n3]) {
        const r = await fetch(`${base}/admin/platform/file-check/${hash}`, { headers: admin });
        assert.equal(r.status, 200, `read through ${base}`);
        assert.ok(Buffer.from(await r.arrayBuffer()).equals(bytes), `the same bytes through ${base}`);
      }

      // A page cached on node 2, changed through node 1's API: fresh on node 2 at once.
      const gkb = await cliToken(serverEnv(db, 0), 'gkb');
      const columns = (await (await fetch(`${n1}/api/v1/content/columns`, { headers: gkb })).json()) as {
        id: number;
        parentId: number | null;
        name: string;
        slug: string;
        kind: string;
        orgId: number | null;
      }[];
      const column = columns.find((c) => c.kind === 'list') ?? columns[0];
      const columnPage = async () => (await fetch(`${n2}/columns/${column.slug}`)).text();
      assert.ok((await columnPage()).includes(column.name), 'node 2 shows the column');
      await columnPage(); // now from node 2's page cache
      const renamed = `${column.name}（节点一改名）`;
      const put = await fetch(`${n1}/api/v1/content/columns/${column.id}`, {
        method: 'PUT',
        headers: { ...gkb, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: renamed,
          slug: column.slug,
          kind: column.kind,
          parentId: column.parentId,
          orgId: column.orgId,
        }),
      });
      assert.equal(put.status, 200, `renamed through node 1: ${put.status}`);
      const until = Date.now() + 3000;
      let shown = false;
      while (!shown && Date.now() < until) {
        shown = (await columnPage()).includes(renamed);
        if (!shown) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(shown, 'node 2 serves the new name at once (its cache would keep the old page an hour)');

      // A page cached on node 3, changed by another process: fresh on node 3 at once.
      const home = async () => (await fetch(`${n3}/`)).text();
      await home();
      assert.ok(!(await home()).includes('节点测试区人民政府'), 'node 3 has the home page cached');
      const env = serverEnv(db, 0);
      const code = await new Promise<number | null>((resolve) =>
        spawn(process.execPath, appProcessArgs('cli', 'site', 'set', 'name=节点测试区人民政府'), {
          env,
          stdio: 'ignore',
        }).on('exit', resolve),
      );
      assert.equal(code, 0, 'the site renamed by the command line');
      const deadline = Date.now() + 3000;
      let fresh = false;
      while (!fresh && Date.now() < deadline) {
        fresh = (await home()).includes('节点测试区人民政府');
        if (!fresh) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(fresh, 'node 3 serves the new name within 3 s (its cache would keep the old page an hour)');

      // The sign-in limit (20 a minute per address) counts on all nodes together.
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const r = await fetch(`${bases[i % 3]}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'username=x&password=y',
        });
        statuses.push(r.status);
        await r.arrayBuffer();
      }
      assert.ok(
        statuses.slice(0, 19).every((s) => s !== 429),
        `the first requests pass the limit: ${statuses.join(',')}`,
      );
      assert.equal(
        statuses[20],
        429,
        `the 21st sign-in attempt in the minute is refused, though each node saw only 7: ${statuses.join(',')}`,
      );
    },
  );
});
