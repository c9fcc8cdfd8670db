/**
 * Closing a listening server (as on SIGTERM): a request under way still gets its answer, and neither
 * its keep-alive connection nor one on which no request ever came (a browser's preconnect) holds the
 * close up.
 */
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { createTestDb, testConfig, type TestDb } from '../../test/helpers.ts';
import { buildApp } from '../app.ts';

describe('closing the server', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let port = 0;
  let started: () => void;
  const requestStarted = new Promise<void>((resolve) => (started = resolve));

  before(async () => {
    db = await createTestDb();
    app = await buildApp({ config: testConfig(db, { seedDemo: false }), logger: false });
    app.get('/slow-answer', async () => {
      started();
      await sleep(300);
      return '答复';
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  after(() => db.drop());

  it('lets a request under way finish, then closes its connection, and closes connections on which no request came', async () => {
    // A client that keeps its connections open as long as the server lets it.
    const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000, timeout: 120_000 });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/slow-answer', agent }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    const unused: Socket = connect(port, '127.0.0.1');
    const dropped = new Promise<void>((resolve) => unused.on('close', () => resolve()));
    unused.on('error', () => {});
    await new Promise<void>((resolve) => unused.once('connect', () => resolve()));
    await requestStarted;

    try {
      // Otherwise the close waits for both connections for as long as the client keeps them.
      const closed = await Promise.race([app.close().then(() => 'closed'), sleep(20_000, 'still open')]);
      assert.equal(closed, 'closed', 'the server closes while the client keeps its connections');
      await dropped;
      assert.deepEqual(await answer, { status: 200, body: '答复' }, 'the request under way got its answer');
    } finally {
      unused.destroy();
      agent.destroy();
    }
  });
});
