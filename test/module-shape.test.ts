/**
 * Every module has the shape docs/ARCHITECTURE.md gives (issue 17): the document names each folder
 * of src/modules in a row of its own and the files every module holds; this test reads both the
 * document and the folders, so neither can drift from the other.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(import.meta.dirname, '..');
const architecture = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
const modulesDir = join(root, 'src', 'modules');
const modules = readdirSync(modulesDir).filter((n) => statSync(join(modulesDir, n)).isDirectory());

/** The files the document says every module holds: the backquoted names in the `src/modules/` row. */
function documentedShape(): string[] {
  const row = architecture.split('\n').find((l) => l.startsWith('| `src/modules/` |'));
  assert.ok(row, 'ARCHITECTURE.md has a row for src/modules/');
  return [...row.matchAll(/`([a-z]+(?:\.ts|\/))`/g)].map((m) => m[1]);
}

const has = (m: string, entry: string) => {
  if (entry.endsWith('/')) return existsSync(join(modulesDir, m, entry.slice(0, -1)));
  const base = entry.replace(/\.ts$/, '');
  return existsSync(join(modulesDir, m, entry)) || existsSync(join(modulesDir, m, base));
};

describe('the module shape in docs/ARCHITECTURE.md', () => {
  it('names every module folder in a row of its own, and no folder that is gone', () => {
    const documented = [...architecture.matchAll(/^\| `src\/modules\/([a-z-]+)\/` \|/gm)].map((m) => m[1]);
    assert.deepEqual([...documented].sort(), [...modules].sort());
  });

  it('lists module.ts, model.ts, store, service, routes and views as the shape', () => {
    const shape = documentedShape();
    for (const entry of ['module.ts', 'model.ts', 'store.ts', 'service.ts', 'routes/', 'views/'])
      assert.ok(shape.includes(entry), `the src/modules/ row names ${entry}`);
  });

  for (const m of modules) {
    it(`${m}: holds the documented files`, () => {
      const text = (f: string) => readFileSync(join(modulesDir, m, f), 'utf8');
      assert.ok(has(m, 'module.ts'), `${m}/module.ts`);
      const module = text('module.ts');
      const hasTables = existsSync(join(modulesDir, m, 'tables.ts'));
      if (hasTables) assert.ok(has(m, 'store.ts'), `${m} has tables, so a store (store.ts or store/)`);
      if (hasTables) assert.ok(has(m, 'service.ts'), `${m} has data, so use cases (service.ts or service/)`);
      if (/\broutes\s*:/.test(module)) assert.ok(has(m, 'routes/'), `${m} registers routes from routes/`);
      const pages = readdirSync(join(modulesDir, m), { recursive: true }).some(
        (f) =>
          String(f).endsWith('.tsx') && !String(f).startsWith('views') && !String(f).startsWith('routes'),
      );
      assert.ok(!pages, `${m}: page components (.tsx) live in views/ (or routes/ for route files)`);
    });
  }

  it('src/modules/index.ts imports each module only through its module.ts', () => {
    const index = readFileSync(join(modulesDir, 'index.ts'), 'utf8');
    const imports = [...index.matchAll(/from '\.\/([^']+)'/g)].map((m) => m[1]);
    const stray = imports.filter((p) => !/^[a-z-]+\/module\.ts$/.test(p) && p !== 'registry.ts');
    assert.ok(imports.length > 20, 'index.ts imports the modules');
    assert.deepEqual(stray, []);
  });
});
