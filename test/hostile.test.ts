/**
 * Hostile input against every route the app serves and every public form: XSS payloads, SQL
 * meta-characters, over-long and malformed Unicode and bytes, CSRF missing/foreign/replayed, IDOR on
 * tracking codes and on other orgs' records, path traversal in downloads. Never a 5xx, never a
 * stored payload rendered as markup, never another person's data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bearer, buildTestApp, loginAs, type TestApp } from './helpers.ts';
import {
  allRoutes,
  assertEscaped,
  assertSafe,
  BAD_BYTES,
  formFields,
  nextAddress,
  PARAM_VALUES,
  SQL,
  TRAVERSAL,
  UNICODE,
  Visitor,
  XSS,
  type Route,
} from './hostile.ts';
import { residentIdCheckChar } from '../src/lib/identifiers.ts';

const ID17 = '36010219800101123';
const VALID_ID = ID17 + residentIdCheckChar(ID17);
const STRINGS = [...XSS, ...SQL, ...UNICODE];

/** Replaces each `:param` and `*` of a route path with `value`. */
const fill = (path: string, value: string) => path.replace(/:\w+/g, value).replace(/\*/g, value);

describe('every route survives hostile paths, queries and bodies', () => {
  let t: TestApp;
  let routes: Route[];
  let headers: Record<string, string>;
  before(async () => {
    t = await buildTestApp();
    routes = allRoutes(t.app);
    headers = await bearer(t, 'gkb');
  });
  after(() => t?.close());

  it('finds the routes to attack (the parse of printRoutes is complete)', () => {
    const has = (method: string, path: string) => routes.some((r) => r.method === method && r.path === path);
    assert.ok(routes.length > 200, `${routes.length} routes`);
    for (const [m, p] of [
      ['POST', '/ysqgk/apply'],
      ['POST', '/hdjl/zxzx'],
      ['POST', '/hdjl/yjzj/:id/comments'],
      ['GET', '/search'],
      ['GET', '/files/content/:attachmentId/:name'],
      ['GET', '/admin/foi/:id/letters/:file'],
      ['GET', '/api/v1/orgs/:id'],
      ['PUT', '/api/v1/orgs/:id'],
      ['POST', '/logout'],
    ])
      assert.ok(has(m, p), `${m} ${p}`);
  });

  it('GET: hostile path parameters and query strings, anonymously and signed in — never a 5xx or a leak', async () => {
    let n = 0;
    const query = (v: string) =>
      `?q=${v}&page=${v}&status=${v}&year=${v}&orgId=${v}&sort=${v}&next=${v}&from=${v}`;
    for (const r of routes.filter((x) => x.method === 'GET')) {
      const params = /[:*]/.test(r.path) ? PARAM_VALUES : ['1'];
      for (const [i, v] of params.entries()) {
        const url =
          fill(r.path, v) + (i % 3 === 0 ? query(encodeURIComponent(STRINGS[i % STRINGS.length])) : '');
        // Alternately anonymous and signed in (as the openness office, who sees most pages).
        const res = await t.app.inject({
          method: 'GET',
          url,
          headers: i % 2 ? headers : {},
          remoteAddress: nextAddress(),
        });
        assertSafe(res, `GET ${url}`);
        n++;
      }
    }
    assert.ok(n > 400, `${n} requests`);
  });

  it('POST/PUT/DELETE: hostile JSON, forms and raw bytes (as the openness office, so bodies reach the handlers) — never a 5xx', async () => {
    const doc = t.app.swagger() as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content?: Record<string, { schema?: { properties?: Record<string, { type?: string }> } }>;
            };
          }
        >
      >;
    };
    // A body with every declared string field set to a payload (others to hostile types).
    const declared = (r: Route) =>
      doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]?.requestBody?.content?.[
        'application/json'
      ]?.schema?.properties ?? {};
    let n = 0;
    for (const r of routes.filter((x) => x.method !== 'GET')) {
      const props = declared(r);
      for (const [i, v] of ['1', '99999999', encodeURIComponent(SQL[0]), TRAVERSAL[1]].entries()) {
        const url = fill(r.path, v);
        const s = STRINGS[(n + i) % STRINGS.length];
        const json = Object.fromEntries(
          Object.entries(props).map(([k, p]) => [
            k,
            p.type === 'string'
              ? s
              : p.type === 'integer' || p.type === 'number'
                ? -1
                : p.type === 'array'
                  ? [s]
                  : s,
          ]),
        );
        const bodies: { payload: string | Buffer; type: string }[] = [
          { payload: JSON.stringify(json), type: 'application/json' },
          { payload: '{"a":', type: 'application/json' },
          {
            payload: new URLSearchParams({
              title: s,
              name: s,
              body: s,
              description: s,
              reason: s,
              comment: s,
              id: s,
              orgId: s,
              status: s,
            }).toString(),
            type: 'application/x-www-form-urlencoded',
          },
          {
            payload: Buffer.concat([
              Buffer.from('title='),
              BAD_BYTES[(n + i) % BAD_BYTES.length],
              Buffer.from('&name=%ED%A0%80&body=%C0%AF%00'),
            ]),
            type: 'application/x-www-form-urlencoded',
          },
        ];
        const b = bodies[(n + i) % bodies.length];
        const res = await t.app.inject({
          method: r.method as 'POST',
          url,
          headers: { ...headers, 'content-type': b.type },
          payload: b.payload,
          remoteAddress: nextAddress(),
        });
        assertSafe(res, `${r.method} ${url} (${b.type})`);
        n++;
      }
    }
    assert.ok(n > 300, `${n} requests`);
  });

  it('no page now shows a stored payload as markup', async () => {
    const pages = [
      '/',
      '/xxgk',
      '/hdjl/zxzx/faq',
      '/hdjl/yjzj',
      '/gfxwj',
      '/search?q=gkxss',
      '/admin',
      '/admin/orgs',
      '/admin/users',
      '/admin/content',
      '/admin/foi',
      '/admin/inquiries',
      '/admin/consultations',
      '/admin/ledger',
      '/admin/media',
      '/admin/audit',
    ];
    for (const url of pages) {
      const res = await t.app.inject({ method: 'GET', url, headers });
      assertSafe(res, url);
    }
  });
});

describe('public forms, CSRF, IDOR and downloads', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t?.close());

  const applyFields = async (v: Visitor): Promise<Record<string, string>> => {
    const page = await v.get('/ysqgk/apply');
    const orgId = /<option value="(\d+)"[^>]*>红谷滩区财政局</.exec(page.body)![1];
    return {
      ...formFields(page.body, '/ysqgk/apply'),
      applicantType: 'natural',
      applicantName: '张三',
      idNumber: VALID_ID,
      phone: '13807911234',
      orgId,
      description: '申请公开 2022 年财政预算执行情况。',
      preferredForm: 'electronic',
      delivery: 'online',
    };
  };
  const receipt = (html: string) => ({
    number: /id="receipt-number">([^<]+)</.exec(html)?.[1],
    code: /id="receipt-code">([^<]+)</.exec(html)?.[1],
  });

  it('FOI application: XSS in every free-text field is stored but only ever shown escaped (receipt, tracking, back office)', async () => {
    const v = new Visitor(t.app);
    const payload = XSS[1];
    const fields = {
      ...(await applyFields(v)),
      applicantName: `张三${payload}`.slice(0, 50),
      description: `请公开 ${XSS.join(' ')} ${SQL.join(' ')}`,
    };
    const res = await v.post('/ysqgk/apply', fields);
    assertSafe(res, 'apply');
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    const { number } = receipt(res.body);
    assert.ok(number, 'receipt number');
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .select(['id', 'description'])
      .where('number', '=', number!)
      .executeTakeFirstOrThrow();
    assert.ok(row.description.includes(XSS[0]), 'stored as typed (escaping is the renderer’s job)');
    const gkb = await loginAs(t.app, 'gkb');
    for (const url of [`/admin/foi/${row.id}`, '/admin/foi', '/admin/foi/queue']) {
      const page = await gkb.get(url);
      assert.equal(page.statusCode, 200, url);
      assertEscaped(page.body, url);
    }
    assert.ok(
      (await gkb.get(`/admin/foi/${row.id}`)).body.includes(`&lt;script>alert('gkxss')&lt;/script>`),
      'shown as text',
    );
  });

  it('policy inquiry and consultation comment: payloads are refused or shown escaped', async () => {
    const v = new Visitor(t.app);
    const ask = {
      ...(await v.form('/hdjl/zxzx', '/hdjl/zxzx')),
      askerKind: 'person',
      askerName: `李四${XSS[2]}`.slice(0, 50),
      contact: '13807911234',
      title: `咨询${XSS[0]}`.slice(0, 60),
      question: `请问 ${XSS.join(' ')} ${SQL[2]}`,
    };
    const res = await v.post('/hdjl/zxzx', ask);
    assertSafe(res, 'inquiry');
    const number = /查询编号：<strong>([^<]+)</.exec(res.body)?.[1];
    const code = /查询码：<strong>([^<]+)</.exec(res.body)?.[1];
    assert.ok(number && code, res.body.slice(0, 800));
    const tracked = await v.post('/hdjl/zxzx/track', {
      ...(await v.form('/hdjl/zxzx/track', '/hdjl/zxzx/track')),
      number,
      code,
    });
    assert.equal(tracked.statusCode, 200);
    assertEscaped(tracked.body, 'inquiry tracking');
    assert.ok(tracked.body.includes(`&lt;script>alert('gkxss')`), 'the question is shown, as text');

    const consultations = (await t.app.inject('/api/v1/consultations')).json() as
      { items?: { id: number; phase: string }[] } | { id: number; phase: string }[];
    const list = Array.isArray(consultations) ? consultations : (consultations.items ?? []);
    const open = list.find((c) => c.phase === 'open');
    assert.ok(open, 'the demo has a consultation open for comment');
    const form = await v.form(`/hdjl/yjzj/${open.id}`, `/hdjl/yjzj/${open.id}/comments`);
    const sent = await v.post(`/hdjl/yjzj/${open.id}/comments`, {
      ...form,
      authorName: `王五${XSS[4]}`.slice(0, 90),
      contact: SQL[0],
      body: `建议：${XSS.join(' ')}`,
    });
    assertSafe(sent, 'comment');
    assert.ok([200, 303].includes(sent.statusCode), `comment: ${sent.statusCode}`);
    const gkb = await loginAs(t.app, 'gkb');
    for (const url of ['/admin/inquiries', '/admin/consultations', `/admin/consultations/${open.id}`]) {
      const page = await gkb.get(url);
      assertSafe(page, url);
    }
  });

  it('CSRF: a form without a token, with another visitor’s token, or with a token after logout is refused', async () => {
    const a = new Visitor(t.app);
    const b = new Visitor(t.app);
    const fa = await applyFields(a);
    const fb = await applyFields(b);
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('foi_applications')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const { _csrf, ...noToken } = fa;
    assert.ok(_csrf, '_csrf');
    assert.equal((await a.post('/ysqgk/apply', noToken)).statusCode, 403);
    assert.equal(
      (await a.post('/ysqgk/apply', { ...fa, _csrf: fb._csrf })).statusCode,
      403,
      'B’s token in A’s session',
    );
    const bare = await t.app.inject({
      method: 'POST',
      url: '/ysqgk/apply',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fa).toString(),
      remoteAddress: nextAddress(),
    });
    assert.equal(bare.statusCode, 403, 'a token replayed without its cookie (cross-site)');
    assert.equal(await count(), before, 'nothing stored');

    // The same filled-in form sent twice (a replay) files one application.
    assert.equal((await a.post('/ysqgk/apply', fa)).statusCode, 200);
    const replay = await a.post('/ysqgk/apply', fa);
    assert.ok(replay.statusCode < 500, 'replay.statusCode < 500');
    assert.equal(await count(), before + 1, 'a replayed form is not a second application');

    // Staff: a token taken from one browser does not work in another one, even for the same user.
    const admin = await loginAs(t.app, 'gkb');
    const token = await admin.csrf('/admin');
    await admin.post('/logout', {}, { csrf: token });
    const other = await loginAs(t.app, 'gkb');
    const res = await other.post(
      '/admin/orgs/new',
      { name: '跨站伪造局', shortName: '伪造局', code: 'CSRF01', kind: 'department' },
      { csrf: token },
    );
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /页面已过期/);
    assert.equal(
      (await t.ctx.db.selectFrom('orgs').select('id').where('code', '=', 'CSRF01').execute()).length,
      0,
    );
  });

  it('IDOR: a tracking code opens only its own FOI case or inquiry', async () => {
    const v = new Visitor(t.app);
    const mine = receipt(
      (await v.post('/ysqgk/apply', { ...(await applyFields(v)), description: '甲的申请：甲的隐私内容' }))
        .body,
    );
    const theirs = receipt(
      (
        await v.post('/ysqgk/apply', {
          ...(await applyFields(v)),
          applicantName: '乙',
          description: '乙的申请：乙的隐私内容',
        })
      ).body,
    );
    assert.ok(mine.number && mine.code && theirs.number && theirs.code, 'receipts with query codes');
    const track = async (number: string, code: string) =>
      v.post('/ysqgk/track', { ...(await v.form('/ysqgk/track', '/ysqgk/track')), number, code });
    const shown = (html: string, number: string) => html.includes(`<h2>申请 ${number}</h2>`);
    const ok = await track(mine.number!, mine.code!);
    assert.equal(ok.statusCode, 200);
    assert.ok(shown(ok.body, mine.number!), 'the own case opens');
    for (const [number, code] of [
      [theirs.number!, mine.code!],
      [mine.number!, theirs.code!],
      [theirs.number!, `${mine.code!}' OR '1'='1`],
      [`${theirs.number!}%`, mine.code!],
      [theirs.number!, ''],
    ]) {
      const res = await track(number, code);
      assertSafe(res, `track ${number}`);
      assert.ok(
        !shown(res.body, theirs.number!) && !shown(res.body, mine.number!),
        `${number} with another code shows no case`,
      );
      assert.ok(!res.body.includes('隐私内容'), "!res.body.includes('隐私内容')");
    }

    // Inquiries likewise.
    const ask = async (title: string) => {
      const r = await v.post('/hdjl/zxzx', {
        ...(await v.form('/hdjl/zxzx', '/hdjl/zxzx')),
        askerKind: 'person',
        askerName: '丙',
        contact: '13807911234',
        title,
        question: `${title}的具体问题`,
      });
      return {
        number: /查询编号：<strong>([^<]+)</.exec(r.body)![1],
        code: /查询码：<strong>([^<]+)</.exec(r.body)![1],
      };
    };
    const q1 = await ask('丙的咨询');
    const q2 = await ask('丁的咨询');
    const trackQ = async (number: string, code: string) =>
      v.post('/hdjl/zxzx/track', { ...(await v.form('/hdjl/zxzx/track', '/hdjl/zxzx/track')), number, code });
    assert.ok(
      (await trackQ(q1.number, q1.code)).body.includes('丙的咨询的具体问题'),
      "(await trackQ(q1.number, q1.code)).body.includes('丙的咨询的具体问题')",
    );
    for (const [number, code] of [
      [q2.number, q1.code],
      [q1.number, q2.code],
      [q2.number, `' OR 1=1 --`],
    ]) {
      const res = await trackQ(number, code);
      assertSafe(res, `inquiry track ${number}`);
      assert.ok(!res.body.includes('的具体问题'), `${number} with another code shows no question`);
    }
  });

  it('IDOR: a department user cannot read or change another org’s records by id', async () => {
    const fgw = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
    const sj = await bearer(t, 'sj_editor');
    const sjSession = await loginAs(t.app, 'sj_editor');
    const content = await t.ctx.db
      .selectFrom('content_items')
      .select('id')
      .where('org_id', '=', fgw)
      .where('status', '!=', 'published')
      .executeTakeFirst();
    const foi = await t.ctx.db
      .selectFrom('foi_applications')
      .select('id')
      .where('org_id', '=', fgw)
      .executeTakeFirst();
    const checks: string[] = [];
    if (content) checks.push(`/api/v1/content/items/${content.id}`, `/admin/content/${content.id}`);
    if (foi) checks.push(`/api/v1/foi/applications/${foi.id}`, `/admin/foi/${foi.id}`);
    assert.ok(checks.length >= 2, 'the demo has 区发改委 records');
    for (const url of checks) {
      const res = url.startsWith('/api')
        ? await t.app.inject({ method: 'GET', url, headers: sj })
        : await sjSession.get(url);
      assertSafe(res, url);
      assert.ok([403, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
    }
    if (content) {
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/content/items/${content.id}`,
        headers: sj,
        payload: {
          kind: 'article',
          title: '越权修改',
          body: 'x',
          source: 'original',
          formationDate: '2022-02-25',
          columnIds: [],
        },
      });
      assert.ok([400, 403, 404].includes(put.statusCode), `PUT: ${put.statusCode}`);
    }
  });

  it('path traversal in downloads serves nothing outside the stored files', async () => {
    const gkb = await bearer(t, 'gkb');
    const urls = TRAVERSAL.flatMap((x) => [
      `/static/${x}`,
      `/files/content/1/${x}`,
      `/admin/foi/1/letters/${x}`,
      `/admin/foi/attachments/${x}`,
      `/admin/ledger/attachments/1/${x}`,
      `/gfxwj/${x}/file`,
      `/api/docs/static/${x}`,
    ]);
    for (const url of urls) {
      for (const headers of [{}, gkb]) {
        const res = await t.app.inject({ method: 'GET', url, headers, remoteAddress: nextAddress() });
        assertSafe(res, url);
        assert.ok(
          res.statusCode !== 200 ||
            !/passwd|package\.json|session-secret/.test(url) ||
            res.body.length < 100_000,
          url,
        );
      }
    }
  });
});
