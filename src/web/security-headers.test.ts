import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { installSecurityHeaders } from './security-headers.ts';
import { buildTestApp } from '../../test/helpers.ts';

describe('security headers', () => {
  it('sends HSTS only when the site is served over HTTPS, and the same CSP either way', async () => {
    const headersOf = async (https: boolean) => {
      const app = Fastify();
      installSecurityHeaders(app, { https });
      app.get('/', async () => 'ok');
      const res = await app.inject('/');
      await app.close();
      return res.headers;
    };
    const [plain, secure] = [await headersOf(false), await headersOf(true)];
    assert.equal(plain['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    assert.match(String(secure['strict-transport-security']), /max-age=\d+/);
    assert.equal(plain['content-security-policy'], secure['content-security-policy']);
  });

  it('sends them on a page served from the rendered-page cache too', async () => {
    const t = await buildTestApp();
    try {
      const first = await t.app.inject('/');
      const cached = await t.app.inject({ url: '/', headers: { 'if-none-match': 'x' } });
      assert.equal(first.statusCode, 200);
      assert.equal(cached.statusCode, 200);
      for (const name of [
        'content-security-policy',
        'x-frame-options',
        'x-content-type-options',
        'referrer-policy',
      ]) {
        assert.equal(cached.headers[name], first.headers[name], name);
        assert.ok(cached.headers[name], `${name} present`);
      }
    } finally {
      await t.close();
    }
  });
});
