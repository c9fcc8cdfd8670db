import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  eventOfAudit,
  isPrivateAddress,
  MAX_ATTEMPTS,
  retryDelaySeconds,
  signatureHeader,
  urlProblem,
  verifySignature,
} from './model.ts';

describe('webhook rules', () => {
  it('waits twice as long after each failure, from a minute up to six hours', () => {
    assert.equal(retryDelaySeconds(1), 60);
    assert.equal(retryDelaySeconds(2), 120);
    assert.equal(retryDelaySeconds(MAX_ATTEMPTS - 1), 3840);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), (n) => {
        const d = retryDelaySeconds(n);
        return d >= 60 && d <= 21600 && retryDelaySeconds(n + 1) >= d;
      }),
    );
  });

  it('signs timestamp and body so that any change to either fails verification', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.string({ minLength: 1 }),
        (secret, body, extra) => {
          const h = signatureHeader(secret, body, new Date('2026-12-06T00:00:00Z'));
          return (
            verifySignature(secret, body, h) &&
            !verifySignature(secret, body + extra, h) &&
            !verifySignature(secret + extra, body, h) &&
            !verifySignature(secret, body, h.replace('t=1796515200', 't=1796515201'))
          );
        },
      ),
    );
    assert.equal(verifySignature('s', 'b', 'garbage'), false);
  });

  it('refuses non-http schemes and credentials in the URL, in Chinese', () => {
    assert.equal(urlProblem('https://hotline.example.cn/hook'), '');
    assert.match(urlProblem('ftp://x.cn/'), /只能使用 http 或 https/);
    assert.match(urlProblem('file:///etc/passwd'), /只能使用 http 或 https/);
    assert.match(urlProblem('not a url'), /地址格式不正确/);
    assert.match(urlProblem('https://u:p@x.cn/'), /用户名或密码/);
  });

  it('tells loopback, private, link-local and mapped addresses from public ones', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      assert.equal(isPrivateAddress(ip), true, ip);
    for (const ip of ['8.8.8.8', '172.32.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      assert.equal(isPrivateAddress(ip), false, ip);
  });

  it('turns FOI and publishing audit actions into events, and nothing else', () => {
    assert.equal(
      eventOfAudit('foi.application.create', 'foi_application')?.type,
      'foi.application.registered',
    );
    assert.equal(
      eventOfAudit('foi.event.correction_requested', 'foi_application')?.type,
      'foi.application.correction_requested',
    );
    assert.equal(eventOfAudit('foi.event.extension', 'foi_application')?.type, 'foi.application.extended');
    assert.equal(eventOfAudit('foi.event.transferred', 'foi_application')?.type, 'foi.application.updated');
    assert.equal(eventOfAudit('foi.event.note', 'foi_application'), null);
    assert.equal(eventOfAudit('content.item.release', 'content_item')?.type, 'content.item.published');
    assert.equal(eventOfAudit('content.item.withdraw', 'content_item')?.type, 'content.item.withdrawn');
    assert.equal(eventOfAudit('content.item.submit', 'content_item'), null);
    assert.equal(eventOfAudit('foi.personal_view', 'foi_application'), null);
  });
});
