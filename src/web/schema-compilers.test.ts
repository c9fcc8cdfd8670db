import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { buildTestApp } from '../../test/helpers.ts';
import { compilePending, sharedSchemaCompilers } from './schema-compilers.ts';

// Two apps built like src/app.ts builds one: the second gets the first's compiled functions, and
// both validate and serialise as fastify's own compilers do.
async function makeApp() {
  const app = Fastify({
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    schemaController: { compilersFactory: sharedSchemaCompilers },
  });
  app.post(
    '/echo',
    {
      schema: {
        headers: {
          type: 'object',
          properties: { 'X-Token': { type: 'string', minLength: 3 } },
          required: ['X-Token'],
        },
        body: {
          type: 'object',
          properties: { n: { type: 'integer' }, tag: { type: 'string', default: '无' } },
          required: ['n'],
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { n: { type: 'integer' }, tag: { type: 'string' } } },
        },
      },
    },
    async (req) => ({ ...(req.body as object), secret: 'not in the schema' }),
  );
  await app.ready();
  return app;
}

describe('shared schema compilers', () => {
  it('validate and serialise in every app as fastify does, header names case-insensitive', async () => {
    for (const app of [await makeApp(), await makeApp()]) {
      const ok = await app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'x-token': 'abc' },
        payload: { n: '7' },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(
        ok.json(),
        { n: 7, tag: '无' },
        'coerced, defaulted, and only the response schema’s fields sent',
      );
      const shortToken = await app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'X-TOKEN': 'ab' },
        payload: { n: 1 },
      });
      assert.equal(shortToken.statusCode, 400, 'the header schema applies whatever the case of its name');
      const noToken = await app.inject({ method: 'POST', url: '/echo', payload: { n: 1 } });
      assert.equal(noToken.statusCode, 400, 'a required header is required');
      const extra = await app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'x-token': 'abc' },
        payload: { n: 1, x: 2 },
      });
      assert.equal(extra.statusCode, 400, 'unknown fields refused');
      await app.close();
    }
  });

  it('compile each schema once per process', async () => {
    let compiled = 0;
    const counting = {
      buildValidator: (externals: unknown, options: unknown) => {
        const compile = (
          sharedSchemaCompilers.buildValidator as (
            e: unknown,
            o: unknown,
          ) => (r: { schema: unknown }) => unknown
        )(externals, options);
        return (route: { schema: unknown }) => {
          const fn = compile(route);
          if (!seen.has(fn)) (seen.add(fn), compiled++);
          return fn;
        };
      },
    };
    const seen = new Set<unknown>();
    const schema = {
      body: { type: 'object', properties: { once: { type: 'string', const: 'compile-once-test' } } },
    };
    for (let i = 0; i < 3; i++) {
      const app = Fastify({ schemaController: { compilersFactory: counting as never } });
      app.post('/x', { schema }, async () => 'ok');
      await app.ready();
      await app.close();
    }
    assert.equal(compiled, 1, 'three apps, one compiled validator');
  });

  it('compile a schema on its first use, and every route of the app when asked', async () => {
    const app = Fastify({ schemaController: { compilersFactory: sharedSchemaCompilers } });
    app.post(
      '/broken',
      { schema: { body: { type: 'object', properties: { a: { type: 'no-such-type' } } } } },
      async () => 'ok',
    );
    await app.ready(); // the invalid schema is not compiled yet
    const res = await app.inject({ method: 'POST', url: '/broken', payload: { a: 1 } });
    assert.equal(res.statusCode, 500, 'compiled, and refused, on the first request');
    await app.close();

    const bad = Fastify({ schemaController: { compilersFactory: sharedSchemaCompilers } });
    bad.get('/bad', { schema: { querystring: { type: 'object', required: 'q' } } }, async () => 'ok');
    await bad.ready();
    assert.throws(() => compilePending(), 'compilePending compiles what no request reached');
    await bad.close();

    // Every route of the real app: each schema compiles.
    const t = await buildTestApp({ seedDemo: false });
    assert.doesNotThrow(() => compilePending());
    await t.close();
  });
});
