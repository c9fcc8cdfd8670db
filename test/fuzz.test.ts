/**
 * Fuzzing the public forms with fast-check, in process (app.inject): the FOI application, the
 * policy inquiry, a consultation comment, the two tracking forms and search — several thousand
 * inputs mixing valid values with arbitrary Unicode (lone surrogates, NUL, RTL marks), hostile
 * payloads, over-long strings and raw bytes. Never a 5xx, never markup echoed, and an accepted
 * FOI application is in the database exactly once.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, type TestApp } from './helpers.ts';
import { assertSafe, formFields, nextAddress, SQL, UNICODE, Visitor, XSS } from './hostile.ts';
import { residentIdCheckChar } from '../src/lib/identifiers.ts';

const ID17 = '36010219800101123';
const VALID_ID = ID17 + residentIdCheckChar(ID17);

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});
const hostile = fc.oneof(
  fc.constantFrom(...XSS, ...SQL, ...UNICODE, '', ' ', '\r\n'),
  fc.string({ unit: 'binary', maxLength: 200 }),
  codeUnits,
  fc.string({ unit: 'grapheme-ascii', minLength: 1000, maxLength: 6000 }),
  fc.integer().map(String),
);
/** Mostly-valid forms: each field keeps its good value or turns hostile. */
const field = (good: string) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: hostile });
const OK = new Set([200, 303, 400, 403, 404, 409, 413, 429]);

describe('fuzzing the public forms', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t?.close());

  const check = (res: Awaited<ReturnType<Visitor['post']>>, what: string) => {
    assertSafe(res, what);
    assert.ok(OK.has(res.statusCode), `${what}: unexpected status ${res.statusCode}`);
  };

  it('FOI application: 800 inputs', async () => {
    const v = new Visitor(t.app);
    const page = await v.get('/ysqgk/apply');
    const base = formFields(page.body, '/ysqgk/apply');
    const orgId = /<option value="(\d+)"[^>]*>红谷滩区财政局</.exec(page.body)![1];
    let n = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          applicantType: field('natural'),
          applicantName: field('张三'),
          idNumber: field(VALID_ID),
          phone: field('13807911234'),
          address: field('红谷滩区丰和中大道 1 号'),
          email: field('a@example.cn'),
          orgId: field(orgId),
          description: field('申请公开 2022 年财政预算执行情况。'),
          docNumber: field(''),
          docTitle: field(''),
          preferredForm: field('electronic'),
          delivery: field('online'),
        }),
        fc.boolean(),
        async (input, rawBytes) => {
          n++;
          const formToken = `fuzz-${String(n).padStart(8, '0')}-token-xx`;
          const res = rawBytes
            ? await v.post(
                '/ysqgk/apply',
                Buffer.concat([
                  Buffer.from(`_csrf=${encodeURIComponent(base._csrf)}&formToken=${formToken}&description=`),
                  Buffer.from(input.description, 'latin1'),
                  Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]),
                ]),
              )
            : await v.post('/ysqgk/apply', { ...base, ...input, formToken });
          check(res, `apply #${n}`);
          const number = /id="receipt-number">([^<]+)</.exec(res.body)?.[1];
          if (res.statusCode === 200 && number) {
            accepted++;
            const rows = await t.ctx.db
              .selectFrom('foi_applications')
              .select('id')
              .where('number', '=', number)
              .execute();
            assert.equal(rows.length, 1, `receipt ${number} is stored once`);
          }
        },
      ),
      { numRuns: 800, seed: 20261126 },
    );
    assert.ok(accepted > 5, `some inputs were valid and accepted (${accepted})`);
  });

  it('policy inquiry: 700 inputs', async () => {
    const v = new Visitor(t.app);
    const page = await v.get('/hdjl/zxzx');
    const base = formFields(page.body, '/hdjl/zxzx');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          askerKind: field('person'),
          askerName: field('李四'),
          contact: field('13807911234'),
          title: field('关于小微企业补贴'),
          question: field('请问申请条件是什么？'),
          orgId: field(base.orgId ?? ''),
        }),
        async (input) => check(await v.post('/hdjl/zxzx', { ...base, ...input }), 'inquiry'),
      ),
      { numRuns: 700, seed: 20261127 },
    );
  });

  it('consultation comment: 500 inputs', async () => {
    const v = new Visitor(t.app);
    const list = (await t.app.inject('/api/v1/consultations')).json() as
      { id: number; phase: string }[] | { items: { id: number; phase: string }[] };
    const open = (Array.isArray(list) ? list : list.items).find((c) => c.phase === 'open')!;
    const action = `/hdjl/yjzj/${open.id}/comments`;
    const base = formFields((await v.get(`/hdjl/yjzj/${open.id}`)).body, action);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ authorName: field('王五'), contact: field(''), body: field('建议增加公共停车位。') }),
        async (input) => check(await v.post(action, { ...base, ...input }), 'comment'),
      ),
      { numRuns: 500, seed: 20261128 },
    );
  });

  it('tracking forms: 500 inputs', async () => {
    const v = new Visitor(t.app);
    const foi = formFields((await v.get('/ysqgk/track')).body, '/ysqgk/track');
    const inq = formFields((await v.get('/hdjl/zxzx/track')).body, '/hdjl/zxzx/track');
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        field('2022-HGT-00001'),
        field('ABCDEFGHJKLM'),
        async (which, number, code) => {
          const res = which
            ? await v.post('/ysqgk/track', { ...foi, number, code })
            : await v.post('/hdjl/zxzx/track', { ...inq, number, code });
          check(res, 'track');
          assert.ok(!/<h2>申请 \d{4}-HGT-\d{5}<\/h2>/.test(res.body), 'no case opens with a made-up code');
        },
      ),
      { numRuns: 500, seed: 20261129 },
    );
  });

  it('search (page and API): 1500 queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/search', '/api/v1/search'),
        fc.record(
          {
            q: field('财政预算'),
            column: fc.option(hostile, { nil: undefined }),
            year: fc.option(field('2022'), { nil: undefined }),
            page: fc.option(field('2'), { nil: undefined }),
            sort: fc.option(field('date'), { nil: undefined }),
          },
          { requiredKeys: ['q'] },
        ),
        async (path, query) => {
          const qs = new URLSearchParams(
            Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
          ).toString();
          const res = await t.app.inject({
            method: 'GET',
            url: `${path}?${qs}`,
            remoteAddress: nextAddress(),
          });
          assertSafe(res, `${path}?${qs.slice(0, 100)}`);
          assert.ok(OK.has(res.statusCode), `search: ${res.statusCode}`);
        },
      ),
      { numRuns: 1500, seed: 20261130 },
    );
  });
});

/** Every operation the OpenAPI document lists, with its path parameters filled. */
interface Operation {
  method: string;
  path: string;
  properties: Record<string, { type?: string | string[] }>;
}

describe('fuzzing every operation of the OpenAPI document with malformed bodies', () => {
  let t: TestApp;
  let operations: Operation[];
  let auth: Record<string, string>;
  before(async () => {
    t = await buildTestApp();
    auth = await bearer(t, 'gkb');
    const doc = (await t.app.inject('/api/docs/json')).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content?: Record<string, { schema?: { properties?: Operation['properties'] } }> };
          }
        >
      >;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => ({
          method: m.toUpperCase(),
          path,
          properties: op.requestBody?.content?.['application/json']?.schema?.properties ?? {},
        })),
    );
  });
  after(() => t?.close());

  /** A value of some other type than the field declares. */
  const wrongType = (type: string | string[] | undefined) =>
    fc.oneof(
      ...[
        fc.integer(),
        fc.string({ maxLength: 20 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.integer(), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
      ].filter(
        (_, i) =>
          ![['integer', 'number'], ['string'], ['boolean'], ['null'], ['array'], ['object']][i].some(
            (x) => x === type || (Array.isArray(type) && type.includes(x)),
          ),
      ),
    );

  it('answers every operation’s bad JSON, wrong types, huge strings, deep nesting, bad multipart and bad percent-encoding with a 4xx — never a 5xx — in under a minute', async () => {
    assert.ok(operations.length > 60, `${operations.length} operations`);
    const started = performance.now();
    const boundary = 'gkfuzz';
    let n = 0;
    let seed = 20261206;
    for (const op of operations) {
      const url = (param: string) => op.path.replace(/\{\w+\}/g, param);
      const props = Object.entries(op.properties);
      const [wrong] = fc.sample(
        fc.record(Object.fromEntries(props.map(([k, p]) => [k, wrongType(p.type)]))),
        { numRuns: 1, seed: seed++ },
      );
      const huge = Object.fromEntries(props.map(([k]) => [k, '长'.repeat(300_000)]));
      const requests: { url: string; type?: string; payload?: string }[] = [
        { url: url('1'), type: 'application/json', payload: '{"title": "未闭合' },
        { url: url('1'), type: 'application/json', payload: JSON.stringify(wrong) },
        {
          url: url('1'),
          type: 'application/json',
          payload: JSON.stringify(props.length ? huge : { x: '长'.repeat(300_000) }),
        },
        { url: url('1'), type: 'application/json', payload: '['.repeat(10_000) + ']'.repeat(10_000) },
        { url: url('1'), type: 'multipart/form-data', payload: 'no boundary' },
        {
          url: url('1'),
          type: `multipart/form-data; boundary=${boundary}`,
          payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n项目,标准`,
        },
        { url: url('%E0%A4%A') + '?q=%ZZ', type: 'application/json', payload: '{}' },
      ];
      for (const r of requests) {
        const withBody = op.method !== 'GET' && op.method !== 'DELETE';
        const res = await t.app.inject({
          method: op.method as 'POST',
          url: r.url,
          headers: { ...auth, ...(withBody && r.type ? { 'content-type': r.type } : {}) },
          ...(withBody ? { payload: r.payload } : {}),
          remoteAddress: nextAddress(),
        });
        assertSafe(res, `${op.method} ${r.url} ${r.type ?? ''} ${String(r.payload).slice(0, 30)}`);
        if (res.statusCode >= 400)
          assert.match(
            String(res.headers['content-type']),
            /json/,
            `${op.method} ${r.url}: a JSON answer under /api`,
          );
        n++;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    assert.ok(n > 400, `${n} requests`);
    assert.ok(seconds < 60, `${n} requests in ${seconds.toFixed(1)} s`);
  });
});
