// Webhooks against a receiver this test runs on 127.0.0.1 (never any outside address): signed events
// for FOI case changes and publications, a retry after a 500, the delivery log, refusals in Chinese.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, freePort, loginAs, type TestApp } from '../../../test/helpers.ts';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import { MAX_ATTEMPTS, SIGNATURE_HEADER, verifySignature } from './model.ts';
import { deliverDue } from './service.ts';

const ID_FIRST = '36011219800110001';
const ID_NUMBER = ID_FIRST + residentIdCheckChar(ID_FIRST);

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('webhooks', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let gkb: Record<string, string>;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  /** Status codes the receiver answers with, in order; then 200. */
  const answers: number[] = [];

  before(async () => {
    t = await buildTestApp({ config: { webhookAllowPrivate: true } });
    admin = await bearer(t, 'admin');
    gkb = await bearer(t, 'gkb');
    const port = await freePort();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answers.shift() ?? 200).end();
      });
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    url = `http://127.0.0.1:${port}/hook`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await t.close();
  });

  const subscribe = (body: Record<string, unknown>, headers = admin) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/subscribers',
      headers,
      payload: {
        name: '12345 热线',
        url,
        events: [
          'foi.application.registered',
          'foi.application.correction_requested',
          'foi.application.correction_received',
        ],
        active: true,
        ...body,
      },
    });
  const register = async () => {
    const org = await t.ctx.db
      .selectFrom('orgs')
      .select('id')
      .where('short_name', '=', '区发改委')
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/foi/applications',
      headers: gkb,
      payload: {
        channel: 'in_person',
        receivedOn: '2022-03-01',
        orgId: org.id,
        applicantType: 'natural',
        applicantName: '李四',
        idNumber: ID_NUMBER,
        phone: '13907911234',
        description: '某项目批复文件',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().application as { id: number; number: string };
  };

  it('lets only the 系统管理员 add a subscriber, refusing bad URLs and unknown events in Chinese, writing nothing', async () => {
    assert.equal((await subscribe({}, gkb)).statusCode, 403);
    for (const [over, field] of [
      [{ url: 'ftp://127.0.0.1/x' }, /只能使用 http 或 https/],
      [{ url: 'javascript:alert(1)' }, /只能使用 http 或 https/],
      [{ url: 'http://user:pw@127.0.0.1/' }, /用户名或密码/],
    ] as const) {
      const res = await subscribe(over);
      assert.equal(res.statusCode, 400, JSON.stringify(over));
      assert.match(res.json().error.fields.url, field);
    }
    const unknown = await subscribe({ events: ['foi.nothing'] });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /[\u4e00-\u9fff]/);
    assert.deepEqual(
      (await t.app.inject({ url: '/api/v1/webhooks/subscribers', headers: admin })).json(),
      [],
    );
  });

  it('refuses loopback and private targets unless WEBHOOK_ALLOW_PRIVATE is set', async () => {
    t.ctx.config.webhookAllowPrivate = false;
    try {
      for (const target of [
        'http://127.0.0.1:9/x',
        'http://10.0.0.8/x',
        'http://[::1]/x',
        'http://169.254.169.254/latest/meta-data',
      ]) {
        const res = await subscribe({ url: target });
        assert.equal(res.statusCode, 400, target);
        assert.match(res.json().error.fields.url, /本机或内网地址/);
      }
      const localhost = await subscribe({ url: 'http://localhost:9/x' });
      assert.equal(localhost.statusCode, 400);
      assert.match(localhost.json().error.fields.url, /本机或内网地址/);
    } finally {
      t.ctx.config.webhookAllowPrivate = true;
    }
  });

  let subscriberId: number;
  let secret: string;
  it('signs each event with the subscriber’s secret over timestamp and body, without personal information', async () => {
    const res = await subscribe({});
    assert.equal(res.statusCode, 201, res.body);
    ({ id: subscriberId, secret } = res.json());
    assert.match(secret, /^[0-9a-f]{64}$/);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('object_type', '=', 'webhook_subscriber')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['webhook.subscriber.create'],
    );
    assert.ok(!audit[0].after_json!.includes(secret), 'the audit record does not hold the secret');
    const sealed = await t.ctx.db
      .selectFrom('webhook_subscribers')
      .select('secret_sealed')
      .executeTakeFirstOrThrow();
    assert.ok(!sealed.secret_sealed.includes(secret), 'the secret is sealed at rest');

    const a = await register();
    assert.deepEqual(await deliverDue(t.ctx, t.clock.now()), { delivered: 1, retrying: 0, failed: 0 });
    assert.equal(received.length, 1);
    const got = received[0];
    assert.ok(verifySignature(secret, got.body, String(got.headers[SIGNATURE_HEADER])), 'signature verifies');
    assert.ok(
      !verifySignature('another-secret-0000', got.body, String(got.headers[SIGNATURE_HEADER])),
      'not under another secret',
    );
    const event = JSON.parse(got.body);
    assert.equal(event.type, 'foi.application.registered');
    assert.equal(got.headers['gongkai-event'], 'foi.application.registered');
    assert.equal(event.data.applicationId, a.id);
    assert.equal(event.data.number, a.number);
    assert.equal(event.data.dueDate, '2022-03-29');
    assert.ok(
      !['李四', ID_NUMBER, '13907911234', '批复'].some((x) => got.body.includes(x)),
      'no personal information or request text',
    );
    assert.deepEqual(
      await deliverDue(t.ctx, t.clock.now()),
      { delivered: 0, retrying: 0, failed: 0 },
      'sent once',
    );
  });

  it('retries after a 500 with backoff, and shows status, attempts and the last error in the delivery log', async () => {
    const a = await register();
    answers.push(500);
    assert.deepEqual(await deliverDue(t.ctx, t.clock.now()), { delivered: 0, retrying: 1, failed: 0 });
    let log = (
      await t.app.inject({ url: `/api/v1/webhooks/subscribers/${subscriberId}/deliveries`, headers: admin })
    ).json();
    assert.equal(log.items[0].status, 'pending');
    assert.equal(log.items[0].attempts, 1);
    assert.equal(log.items[0].lastStatusCode, 500);
    assert.match(log.items[0].lastError, /HTTP 500/);
    assert.deepEqual(
      await deliverDue(t.ctx, t.clock.now()),
      { delivered: 0, retrying: 0, failed: 0 },
      'not before the backoff',
    );
    t.clock.advance(61_000);
    assert.deepEqual(await deliverDue(t.ctx, t.clock.now()), { delivered: 1, retrying: 0, failed: 0 });
    const last = received.at(-1)!;
    assert.equal(JSON.parse(last.body).data.applicationId, a.id);
    assert.equal(received.at(-2)!.body, last.body, 'the same event body is sent again');
    log = (
      await t.app.inject({ url: `/api/v1/webhooks/subscribers/${subscriberId}/deliveries`, headers: admin })
    ).json();
    assert.equal(log.items[0].status, 'delivered');
    assert.equal(log.items[0].attempts, 2);

    const page = await (await loginAs(t.app, 'admin')).get(`/admin/webhooks/${subscriberId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /投递记录（共 2 条/);
    assert.match(page.body, /已送达/);
    assert.match(page.body, /对方返回 HTTP 500|foi\.application\.registered/);
  });

  it('reports a 补正 request and its receipt, queued in the transaction of the change', async () => {
    const a = await register();
    await deliverDue(t.ctx, t.clock.now());
    const handler = await bearer(t, 'handler');
    const ev = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/foi/applications/${a.id}/events`,
        headers: handler,
        payload: body,
      });
    assert.equal(
      (await ev({ type: 'correction_requested', on: '2022-03-01', periodDays: 10 })).statusCode,
      201,
    );
    assert.equal(
      (await ev({ type: 'correction_requested', on: '2022-03-01' })).statusCode,
      409,
      'a refused change queues nothing',
    );
    assert.equal((await ev({ type: 'note', on: '2022-03-01', text: '电话联系申请人' })).statusCode, 201);
    const before = received.length;
    await deliverDue(t.ctx, t.clock.now());
    const events = received.slice(before).map((r) => JSON.parse(r.body));
    assert.deepEqual(
      events.map((e) => e.type),
      ['foi.application.correction_requested'],
    );
    assert.equal(events[0].data.status, 'correction_pending');
    assert.deepEqual(events[0].data.event, { type: 'correction_requested', on: '2022-03-01' });
  });

  it('reports the receipt of the 补正 with the restarted due date', async () => {
    const a = await register();
    const handler = await bearer(t, 'handler');
    const ev = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/foi/applications/${a.id}/events`,
        headers: handler,
        payload: body,
      });
    assert.equal(
      (await ev({ type: 'correction_requested', on: '2022-03-01', periodDays: 10 })).statusCode,
      201,
    );
    t.clock.set('2022-03-10T02:00:00Z');
    assert.equal((await ev({ type: 'correction_received', on: '2022-03-08' })).statusCode, 201);
    const before = received.length;
    await deliverDue(t.ctx, t.clock.now());
    const events = received.slice(before).map((r) => JSON.parse(r.body));
    assert.deepEqual(
      events.map((e) => e.type),
      [
        'foi.application.registered',
        'foi.application.correction_requested',
        'foi.application.correction_received',
      ],
    );
    assert.equal(events[2].data.dueDate, '2022-04-06', '20th working day after 3-08 (清明, 调休)');
  });

  it('reports an item published and withdrawn to a subscriber of publications', async () => {
    const sub = await subscribe({
      name: '市级集约化平台',
      events: ['content.item.published', 'content.item.withdrawn'],
    });
    assert.equal(sub.statusCode, 201, sub.body);
    const h = async (user: string) => bearer(t, user);
    const call = async (user: string, path: string, payload?: object) =>
      t.app.inject({ method: 'POST', url: path, headers: await h(user), payload });
    const col = (
      (await t.app.inject({ url: '/api/v1/content/columns' })).json() as { id: number; slug: string }[]
    ).find((c) => c.slug === 'zwdt')!;
    const created = await call('editor', '/api/v1/content/items', {
      kind: 'article',
      title: '推送测试稿件',
      body: '正文。',
      source: 'original',
      formationDate: '2022-03-01',
      columnIds: [col.id],
    });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as number;
    for (const [user, step] of [
      ['editor', 'submit'],
      ['reviewer', 'review'],
      ['secrecy', 'confidentiality-review'],
    ])
      assert.equal((await call(user, `/api/v1/content/items/${id}/${step}`)).statusCode, 200, step);
    assert.equal(
      (await call('reviewer', `/api/v1/content/items/${id}/publish`, {})).json().status,
      'published',
    );
    assert.equal(
      (
        await call('reviewer', `/api/v1/content/items/${id}/withdraw`, { mode: 'notice', reason: '内容有误' })
      ).json().status,
      'withdrawn',
    );
    const before = received.length;
    await deliverDue(t.ctx, t.clock.now());
    const events = received.slice(before).map((r) => ({
      event: JSON.parse(r.body),
      signed: verifySignature(sub.json().secret, r.body, String(r.headers[SIGNATURE_HEADER])),
    }));
    assert.deepEqual(
      events.map((e) => [e.event.type, e.event.data.itemId, e.signed]),
      [
        ['content.item.published', id, true],
        ['content.item.withdrawn', id, true],
      ],
    );
    assert.equal(events[0].event.data.path, `/items/${id}`);
    assert.equal(events[0].event.data.title, '推送测试稿件');
  });

  it('gives up after the last attempt, and keeps the last error', async () => {
    const a = await register();
    for (let i = 0; i < MAX_ATTEMPTS; i++) answers.push(503);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDue(t.ctx, t.clock.now());
      t.clock.advance(7 * 3600_000);
    }
    const rows = await t.ctx.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('subscriber_id', '=', subscriberId)
      .where('body', 'like', `%"applicationId":${a.id},%`)
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, 'failed');
    assert.equal(rows[0].attempts, MAX_ATTEMPTS);
    assert.match(rows[0].last_error!, /HTTP 503/);
    assert.deepEqual(answers, []);
    assert.deepEqual(await deliverDue(t.ctx, t.clock.now()), { delivered: 0, retrying: 0, failed: 0 });
  });

  it('stops sending to a paused subscriber, audited', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/webhooks/subscribers/${subscriberId}`,
      headers: admin,
      payload: { name: '12345 热线', url, events: ['foi.application.registered'], active: false },
    });
    assert.equal(put.statusCode, 200, put.body);
    await register();
    assert.deepEqual(
      await deliverDue(t.ctx, t.clock.now()),
      { delivered: 0, retrying: 0, failed: 0 },
      'a paused subscriber gets no events',
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'webhook_subscriber')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['webhook.subscriber.create', 'webhook.subscriber.create', 'webhook.subscriber.update'],
    );
  });
});
