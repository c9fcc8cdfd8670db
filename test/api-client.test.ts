// An integrator's view of the API (issue #25): a TypeScript client is generated from the OpenAPI
// document (openapi-typescript types + openapi-fetch), type-checked and compiled with the TypeScript
// compiler, and run as an outside script (its own Node process) against the real HTTP server on
// 127.0.0.1 with API tokens: it registers an FOI application, records a 补正 (request and receipt)
// and reads the due date.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { residentIdCheckChar } from '../src/lib/identifiers.ts';
import { bearer, buildTestApp, type TestApp } from './helpers.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const ID_FIRST = '36011219800110002';

/** The integrator's script, as they would write it against the generated types. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(name + ' is not set');
  return v;
};
const client = createClient<paths>({ baseUrl: env('GK_URL'), headers: { authorization: 'Bearer ' + env('GK_TOKEN') } });
const handler = { authorization: 'Bearer ' + env('GK_HANDLER_TOKEN') };

const registered = await client.POST('/api/v1/foi/applications', {
  body: {
    channel: 'in_person',
    receivedOn: '2022-03-01',
    orgId: Number(env('GK_ORG')),
    applicantType: 'natural',
    applicantName: '王五',
    idNumber: env('GK_ID_NUMBER'),
    phone: '13907915678',
    description: '某项目环评批复',
  },
});
if (!registered.data) throw new Error('register: ' + registered.error.error.message);
const id: number = registered.data.application.id;

const requested = await client.POST('/api/v1/foi/applications/{id}/events', {
  params: { path: { id } },
  headers: handler,
  body: { type: 'correction_requested', on: '2022-03-01', periodDays: 10 },
});
if (!requested.data) throw new Error('correction_requested: ' + requested.error.error.message);
const received = await client.POST('/api/v1/foi/applications/{id}/events', {
  params: { path: { id } },
  headers: handler,
  body: { type: 'correction_received', on: '2022-03-08' },
});
if (!received.data) throw new Error('correction_received: ' + received.error.error.message);

const refused = await client.POST('/api/v1/foi/applications/{id}/events', {
  params: { path: { id } },
  headers: handler,
  body: { type: 'correction_requested', on: '2022-03-08' },
});
const detail = await client.GET('/api/v1/foi/applications/{id}', { params: { path: { id } } });
if (!detail.data) throw new Error('get: ' + detail.error.error.message);
const dueDate: string | null = detail.data.dueDate;
console.log(JSON.stringify({ id, number: registered.data.application.number, dueDate, refused: { status: refused.response.status, code: refused.error?.error.code } }));
`;

/** Mistakes an integrator could make: the generated types must refuse each. */
const HEADER = `import createClient from 'openapi-fetch';
import type { paths } from './api.js';
const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:1' });
`;
const MISTAKES: Record<string, string> = {
  'a number given as text': `await client.POST('/api/v1/foi/applications/{id}/events', { params: { path: { id: 1 } }, body: { type: 'correction_requested', periodDays: 'ten' } });`,
  'an unknown event type': `await client.POST('/api/v1/foi/applications/{id}/events', { params: { path: { id: 1 } }, body: { type: 'correction_asked' } });`,
  'an unknown path': `await client.GET('/api/v1/foi/applicationz', {});`,
  'a field the answer does not have': `const r = await client.GET('/api/v1/foi/applications/{id}', { params: { path: { id: 1 } } }); console.log(r.data?.dueDay);`,
};

function compile(dir: string, file: string): string[] {
  const program = ts.createProgram([join(dir, file)], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    skipLibCheck: true,
    outDir: dir,
    noEmitOnError: true,
  });
  const result = program.emit();
  return ts
    .getPreEmitDiagnostics(program)
    .concat(result.diagnostics)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a client generated from the OpenAPI document', () => {
  let t: TestApp;
  let dir: string;
  let baseUrl: string;
  before(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
    dir = mkdtempSync(join(tmpdir(), 'gk-client-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
    // Generated from the document as served to integrators, over HTTP.
    const doc = await (await fetch(`${baseUrl}/api/docs/json`)).json();
    writeFileSync(join(dir, 'api.d.ts'), astToString(await openapiTS(doc)));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('has types that refuse a wrong body, an unknown path and an unknown field', () => {
    for (const [name, line] of Object.entries(MISTAKES)) {
      writeFileSync(join(dir, 'wrong.ts'), HEADER + line + '\n');
      assert.notDeepEqual(compile(dir, 'wrong.ts'), [], `${name} compiles`);
    }
  });

  it('registers an application, records a 补正 and reads the due date, from an outside script with API tokens', async () => {
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    assert.deepEqual(compile(dir, 'client.ts'), [], 'the client compiles against the generated types');
    // The 补正 arrives on 3-08: the app's clock is past it (the case was received on 3-01).
    t.clock.set('2022-03-10T02:00:00Z');
    const org = await t.ctx.db
      .selectFrom('orgs')
      .select('id')
      .where('short_name', '=', '区发改委')
      .executeTakeFirstOrThrow();
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'client.js')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        GK_URL: baseUrl,
        GK_TOKEN: (await bearer(t, 'gkb')).authorization.slice('Bearer '.length),
        GK_HANDLER_TOKEN: (await bearer(t, 'handler')).authorization.slice('Bearer '.length),
        GK_ORG: String(org.id),
        GK_ID_NUMBER: ID_FIRST + residentIdCheckChar(ID_FIRST),
      },
    });
    const out = JSON.parse(stdout) as {
      id: number;
      number: string;
      dueDate: string;
      refused: { status: number; code: string };
    };
    // 20th working day after the 补正 arrived on 3-08: 4-02 is a 调休 working Saturday, 4-03..4-05 清明.
    assert.equal(out.dueDate, '2022-04-06');
    assert.match(out.number, /^2022-[A-Z]+-\d{5}$/);
    assert.deepEqual(
      out.refused,
      { status: 409, code: 'invalid_state' },
      'a second 补正 is refused with the error schema',
    );
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .select(['due_date', 'status'])
      .where('id', '=', out.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.due_date, '2022-04-06');
  });
});
