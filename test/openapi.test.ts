// The OpenAPI document integrators generate clients from (issue #25): every /api/v1 operation has a
// stable, unique operationId, a tag and a 4xx answered with the one ErrorResponse; no two paths can
// match the same URL; version and servers come from package.json and PUBLIC_URL. The list of
// operationIds is committed (test/openapi-operations.txt), so a rename is a visible change.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, type TestApp } from './helpers.ts';

interface Operation {
  operationId?: string;
  tags?: string[];
  deprecated?: boolean;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Document {
  info: { version: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const OPERATION_ID = /^[a-z]+\.[a-z][A-Za-z0-9]*\.[a-z][A-Za-z0-9]*$/;
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const snapshot = readFileSync(new URL('./openapi-operations.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'));

/**
 * Two templated paths are ambiguous when both match one URL and neither is the more concrete (OpenAPI:
 * a literal segment wins over a parameter): each has a parameter where the other has a literal.
 */
function ambiguous(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  if (a === b || x.length !== y.length) return false;
  const param = (s: string) => s.startsWith('{');
  if (!x.every((s, i) => s === y[i] || param(s) || param(y[i]))) return false;
  return x.some((s, i) => param(s) && !param(y[i])) && y.some((s, i) => param(s) && !param(x[i]));
}

describe('OpenAPI document of /api/v1', () => {
  let t: TestApp;
  let doc: Document;
  const operations: { method: string; path: string; op: Operation }[] = [];
  before(async () => {
    t = await buildTestApp({ config: { publicUrl: 'https://gk.test.invalid' } });
    const res = await t.app.inject('/api/docs/json');
    assert.equal(res.statusCode, 200);
    doc = res.json() as Document;
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) operations.push({ method, path, op });
  });
  after(() => t.close());

  it('takes its version from package.json and its server from PUBLIC_URL', () => {
    assert.equal(doc.info.version, pkg.version);
    assert.deepEqual(
      doc.servers?.map((s) => s.url),
      ['https://gk.test.invalid'],
    );
  });

  it('gives every operation a unique module.resource.verb operationId and a tag', () => {
    assert.ok(operations.length > 100, `only ${operations.length} operations`);
    const seen = new Map<string, string>();
    for (const { method, path, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.match(op.operationId ?? '', OPERATION_ID, `${where}: operationId ${op.operationId}`);
      assert.ok(
        !seen.has(op.operationId!),
        `${where} and ${seen.get(op.operationId!)} share ${op.operationId}`,
      );
      seen.set(op.operationId!, where);
      assert.ok((op.tags ?? []).length === 1, `${where}: one tag, got ${JSON.stringify(op.tags)}`);
    }
  });

  it('answers every operation’s errors with the one ErrorResponse, and documents a 4xx for each', () => {
    assert.ok(doc.components.schemas.ErrorResponse, 'components.schemas.ErrorResponse');
    for (const { method, path, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      const codes = Object.keys(op.responses);
      assert.ok(
        codes.some((c) => c.startsWith('2')),
        `${where}: no 2xx`,
      );
      assert.ok(
        codes.some((c) => c.startsWith('4')),
        `${where}: no 4xx`,
      );
      for (const c of codes.filter((c) => Number(c) >= 400)) {
        assert.deepEqual(
          op.responses[c].content,
          { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
          `${where} ${c}`,
        );
      }
    }
  });

  it('has no two paths that match the same URL', () => {
    const paths = Object.keys(doc.paths);
    for (const a of paths)
      for (const b of paths) assert.ok(!(a < b && ambiguous(a, b)), `${a} and ${b} are ambiguous`);
    assert.ok(
      ambiguous('/api/v1/x/manage/{id}', '/api/v1/x/{id}/comments'),
      'the check itself finds an ambiguity',
    );
    assert.ok(!ambiguous('/api/v1/x/public', '/api/v1/x/{id}'), 'a literal segment wins over a parameter');
  });

  it('keeps the operationIds of test/openapi-operations.txt (a rename is a change of the API)', () => {
    const now = operations
      .map(({ method, path, op }) => `${op.operationId} ${method.toUpperCase()} ${path}`)
      .sort();
    assert.deepEqual(
      now,
      [...snapshot].sort(),
      'update test/openapi-operations.txt and docs/API-CHANGELOG.md together',
    );
  });

  it('still answers the old consultation paths until they go, saying they are deprecated and naming the successor', async () => {
    const headers = await bearer(t, 'gkb');
    const now = await t.app.inject({ url: '/api/v1/managed-consultations', headers });
    const old = await t.app.inject({ url: '/api/v1/consultations/manage', headers });
    assert.equal(now.statusCode, 200);
    assert.equal(old.statusCode, 200);
    assert.deepEqual(old.json(), now.json());
    assert.equal(old.headers.deprecation, 'true');
    assert.equal(old.headers.link, '</api/v1/managed-consultations>; rel="successor-version"');
    assert.equal(now.headers.deprecation, undefined);
    assert.ok(!('/api/v1/consultations/manage' in doc.paths), 'the old path is out of the document');
  });

  it('refuses an unknown query parameter on a public list with a Chinese 400', async () => {
    const res = await t.app.inject('/api/v1/content/columns?foo=1');
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.message, /[\u4e00-\u9fff]/);
  });
});
