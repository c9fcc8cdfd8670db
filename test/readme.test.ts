import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Command } from 'commander';
import { buildCli } from '../src/cli.ts';
import { buildTestApp, type TestApp } from './helpers.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README stays true', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ seedDemo: false });
  });
  after(() => t.close());

  it('shows the two commands', () => {
    assert.ok(readme.includes('npm install && npm start'), "readme.includes('npm install && npm start')");
    assert.ok(readme.includes('npm test'), "readme.includes('npm test')");
  });

  it('lists every CLI command', () => {
    const paths: string[] = [];
    const walk = (c: Command, prefix: string[]) => {
      for (const sub of c.commands)
        sub.commands.length
          ? walk(sub, [...prefix, sub.name()])
          : paths.push(['npx gongkai', ...prefix, sub.name()].join(' '));
    };
    walk(buildCli(), []);
    assert.ok(paths.length > 10, 'paths.length > 10');
    for (const p of paths) assert.ok(readme.includes(p), `README lacks \`${p}\``);
  });

  it('lists every /api/v1 route of the OpenAPI document', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops))
        assert.ok(
          readme.includes(`${method.toUpperCase()} ${path}`),
          `README lacks ${method.toUpperCase()} ${path}`,
        );
    }
  });

  it('documents every environment variable the code reads', () => {
    for (const v of [
      'PORT',
      'HOST',
      'DATABASE_URL',
      'DATABASE_SCHEMA',
      'DATA_DIR',
      'SESSION_SECRET',
      'COOKIE_SECURE',
      'TRUST_PROXY',
      'SEED_DEMO',
      'JOBS',
      'LOG_LEVEL',
      'PUBLIC_URL',
      'SMTP_HOST',
    ]) {
      assert.ok(readme.includes(`\`${v}\``), v);
    }
  });
});
