import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, loginAs, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../context.ts';
import { createApiToken, resolveApiToken } from '../auth/service.ts';
import {
  clearItem,
  createItem,
  listColumns,
  publishItem,
  releaseDueItems,
  reviewItem,
  submitItem,
  withdrawItem,
  type ItemInput,
} from './service.ts';

describe('a new version of a published item (supersedes), per role (both engines)', () => {
  let t: TestApp;
  const A: Record<string, Actor> = {};
  let input: ItemInput;
  /** Submitted by the 信息员, reviewed, cleared and published (or scheduled) by the other roles. */
  const through = async (id: number, at?: string) => {
    await submitItem(t.ctx, A.editor, id);
    await reviewItem(t.ctx, A.reviewer, id);
    await clearItem(t.ctx, A.secrecy, id);
    return publishItem(t.ctx, A.reviewer, id, at ? { at } : {});
  };
  const publicStatus = async (id: number) => (await t.app.inject({ url: `/items/${id}` })).statusCode;

  before(async () => {
    t = await buildTestApp();
    for (const u of ['editor', 'reviewer', 'secrecy', 'gkb', 'sj_editor'])
      A[u] = (await resolveApiToken(
        t.ctx,
        await createApiToken(t.ctx, systemActor('test'), u, 'test'),
        null,
      ))!;
    const fgw = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
    const column = (await listColumns(t.ctx.db)).find((c) => c.slug === 'zwdt')!.id;
    input = {
      kind: 'article',
      title: '区发改委工作通报',
      body: '第一版正文。',
      orgId: fgw,
      source: 'original',
      formationDate: '2022-02-28',
      columnIds: [column],
    };
  });
  after(() => t.close());

  it('refuses to supersede an item that is not published, or with another org or a role outside the org', async () => {
    const draft = await createItem(t.ctx, A.editor, input);
    await assert.rejects(
      createItem(t.ctx, A.editor, input, { supersedes: draft.id }),
      /只能替代已发布的稿件，该稿件当前状态为“草稿”/,
    );
    const published = await through((await createItem(t.ctx, A.editor, input)).id);
    const other = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区商务局')
        .executeTakeFirstOrThrow()
    ).id;
    await assert.rejects(
      createItem(t.ctx, A.gkb, { ...input, orgId: other }, { supersedes: published.id }),
      /替代稿件须与原稿件的发布单位相同/,
    );
    await assert.rejects(createItem(t.ctx, A.reviewer, input, { supersedes: published.id }), /没有权限/);
    await assert.rejects(
      createItem(t.ctx, A.sj_editor, input, { supersedes: published.id }),
      /该事项属于其他单位/,
      'another department’s editor',
    );
    const count = await t.ctx.db
      .selectFrom('content_items')
      .select('id')
      .where('supersedes_id', 'is not', null)
      .execute();
    assert.equal(count.length, 0, 'nothing created');
  });

  it('keeps the published item public through review; publishing the new version withdraws it with a redirect', async () => {
    const v1 = await through((await createItem(t.ctx, A.editor, input)).id);
    const v2 = await createItem(t.ctx, A.editor, { ...input, body: '第二版正文。' }, { supersedes: v1.id });
    assert.equal(v2.supersedesId, v1.id);
    await submitItem(t.ctx, A.editor, v2.id);
    await reviewItem(t.ctx, A.reviewer, v2.id);
    assert.equal(await publicStatus(v1.id), 200);
    assert.equal(await publicStatus(v2.id), 404);
    const page = await t.app.inject({ url: `/api/v1/content/public/items/${v1.id}` });
    assert.match(page.json().body, /第一版正文/);
    const reviewerPage = await (await loginAs(t.app, 'secrecy')).get(`/admin/content/${v2.id}`);
    assert.match(
      reviewerPage.body,
      new RegExp(`本稿件是<a href="/admin/content/${v1.id}">已发布稿件</a>的新版本`),
    );
    await clearItem(t.ctx, A.secrecy, v2.id);
    await assert.rejects(publishItem(t.ctx, A.editor, v2.id), /没有权限/);
    await publishItem(t.ctx, A.reviewer, v2.id);
    const moved = await t.app.inject({ url: `/items/${v1.id}` });
    assert.equal(moved.statusCode, 301);
    assert.equal(moved.headers.location, `/items/${v2.id}`);
    assert.equal(await publicStatus(v2.id), 200);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('object_type', '=', 'content_item')
      .where('object_id', '=', String(v1.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(audit.action, 'content.item.withdraw');
    assert.match(audit.actor_name, /reviewer/);
  });

  it('replaces on scheduled release too; an item withdrawn in the meantime stays as it was', async () => {
    const v1 = await through((await createItem(t.ctx, A.editor, input)).id);
    const v2 = await createItem(t.ctx, A.editor, input, { supersedes: v1.id });
    const at = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    assert.equal((await through(v2.id, at)).status, 'scheduled');
    assert.equal(await publicStatus(v1.id), 200, 'public until the release');
    t.clock.advance(2 * 3_600_000);
    await releaseDueItems(t.ctx, new Date(Date.parse(at) + 1000));
    assert.equal((await t.app.inject({ url: `/items/${v1.id}` })).statusCode, 301);

    const w1 = await through((await createItem(t.ctx, A.editor, input)).id);
    const w2 = await createItem(t.ctx, A.editor, input, { supersedes: w1.id });
    await withdrawItem(t.ctx, A.reviewer, w1.id, { mode: 'notice', reason: '内容有误' });
    await through(w2.id);
    assert.equal(
      (await t.app.inject({ url: `/items/${w1.id}` })).statusCode,
      410,
      'its own withdrawal notice, not overwritten',
    );
  });
});
