/**
 * `kill -9` while items are being published: the server (a child process) gets a burst of publish
 * requests and is killed the instant half of them are acknowledged. After a restart every
 * acknowledged item is published, and every item is either wholly published (status, publication
 * time, search entry, audit record) or wholly not — never half. Engine from TEST_DATABASE_URL.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { copySeedTemplate, type TestDb } from '../helpers.ts';
import { cliToken, freePort, serverEnv, startServer, stop, waitUp } from './server.ts';

const N = 16;

describe('kill -9 during publishing', () => {
  let child: ChildProcess | undefined;
  let db: TestDb | undefined;
  // The demo, as the server would seed it on its first start: a copy of the day's template (helpers.ts),
  // made outside the test's time limit (seeding it takes a while on a crowded machine).
  let copy: TestDb | undefined;
  before(async () => {
    copy = (await copySeedTemplate('now')).db;
  });
  after(async () => {
    await stop(child, 'SIGKILL');
    await (db ?? copy)?.drop();
  });

  it(
    'leaves no half-published item and loses no acknowledged publication',
    { timeout: 170_000 },
    async () => {
      db = copy!;
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = serverEnv(db, port);
      child = startServer(env);
      await waitUp(base, child);
      const [editor, reviewer, secrecy] = await Promise.all(
        ['editor', 'reviewer', 'secrecy'].map((u) => cliToken(env, u)),
      );
      const api = async (headers: Record<string, string>, method: string, path: string, body?: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: res.status, body: await res.json().catch(() => null) };
      };
      const columns = (await api(editor, 'GET', '/api/v1/content/columns')).body as {
        id: number;
        slug: string;
      }[];
      const zwdt = columns.find((c) => c.slug === 'zwdt')!.id;
      const ids: number[] = [];
      for (let i = 0; i < N; i++) {
        const created = await api(editor, 'POST', '/api/v1/content/items', {
          kind: 'article',
          title: `崩溃测试稿件第${i + 1}篇`,
          body: '正文。',
          source: 'original',
          formationDate: '2022-02-25',
          columnIds: [zwdt],
        });
        assert.equal(created.status, 201, JSON.stringify(created.body));
        const id = created.body.id as number;
        for (const [h, step] of [
          [editor, 'submit'],
          [reviewer, 'review'],
          [secrecy, 'confidentiality-review'],
        ] as const) {
          const r = await api(h, 'POST', `/api/v1/content/items/${id}/${step}`);
          assert.equal(r.status, 200, `${step}: ${JSON.stringify(r.body)}`);
        }
        ids.push(id);
      }

      // Fire every publication at once; SIGKILL the moment half are acknowledged.
      const acknowledged: number[] = [];
      let killed = false;
      await Promise.allSettled(
        ids.map(async (id) => {
          const r = await api(reviewer, 'POST', `/api/v1/content/items/${id}/publish`, {});
          if (r.status === 200) acknowledged.push(id);
          if (acknowledged.length >= N / 2 && !killed) {
            killed = true;
            child!.kill('SIGKILL');
          }
        }),
      );
      await stop(child, 'SIGKILL');
      assert.ok(acknowledged.length >= N / 2, `${acknowledged.length} acknowledged before the kill`);

      child = startServer(env);
      await waitUp(base, child);
      const database = db.open();
      try {
        const rows = await database.db
          .selectFrom('content_items')
          .select(['id', 'status', 'published_at'])
          .where('id', 'in', ids)
          .execute();
        const indexed = new Set(
          (
            await database.db
              .selectFrom('search_documents')
              .select('ref_id')
              .where('kind', '=', 'item')
              .where('ref_id', 'in', ids)
              .execute()
          ).map((r) => r.ref_id),
        );
        const audited = new Set(
          (
            await database.db
              .selectFrom('audit_log')
              .select('object_id')
              .where('action', '=', 'content.item.publish')
              .where('object_id', 'in', ids.map(String))
              .execute()
          ).map((r) => Number(r.object_id)),
        );
        for (const id of acknowledged)
          assert.equal(
            rows.find((r) => r.id === id)?.status,
            'published',
            `acknowledged item ${id} is published`,
          );
        for (const r of rows) {
          const whole =
            r.status === 'published' && r.published_at !== null && indexed.has(r.id) && audited.has(r.id);
          const none =
            r.status === 'cleared' && r.published_at === null && !indexed.has(r.id) && !audited.has(r.id);
          assert.ok(
            whole || none,
            `item ${r.id}: status ${r.status}, published_at ${r.published_at}, indexed ${indexed.has(r.id)}, audited ${audited.has(r.id)}`,
          );
        }
        // The public page agrees with the database after the restart.
        for (const r of rows.slice(0, 4)) {
          const page = await fetch(`${base}/items/${r.id}`);
          assert.equal(page.status, r.status === 'published' ? 200 : 404, `page of item ${r.id}`);
        }
      } finally {
        await database.destroy();
        await stop(child);
      }
    },
  );
});
