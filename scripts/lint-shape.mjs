// The module shape (docs/ARCHITECTURE.md, issue #17), checked on the TypeScript syntax tree:
// - no cast on a request part (`req.params as …`): route plugins take their types from their schemas;
// - query builders and `sql` templates only in stores (`store.ts`, `store/`), `src/db/` and migrations;
// - no module imports another module's store: it asks that module's service;
// - views (`views/`) only render what they are given: no run-time import of a service or a store;
// - a module's store names only its own module's tables (its `tables.ts`): other data through that module's service;
// - no import cycle among the files of src/ (value imports, re-exports and `import()`; `import type` is erased);
// - no source file over 500 lines (data files excepted) and no function over 300 lines;
// - no dead export: a name src/ exports that no file of src/, test/, bench/ or scripts/ names, nor its own file again.
// `node scripts/lint-shape.mjs` fails on any; `--count` prints the number per rule and never fails;
// paths after the options narrow the report to files under them (the cycle check always reads all of src/).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const countOnly = args.includes('--count');
const only = args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\/$/, ''));

const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 300;
/** Data, not code: corpora, calendars, templates, judged queries. */
const DATA_FILES = [
  /^src\/seed\/corpus\.ts$/,
  /^src\/modules\/calendar\/data\.ts$/,
  /^src\/modules\/search\/judged-queries\.ts$/,
  /^src\/modules\/search\/corpus-documents\.ts$/,
  /^src\/modules\/privacy\/corpus\//,
  /^src\/modules\/catalogue\/templates\//,
  /^src\/db\/migrations\//,
];
const QUERY_METHODS = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'replaceInto',
  'mergeInto',
  'selectNoFrom',
]);
const REQUEST_PARTS = new Set(['params', 'query', 'body', 'headers']);

const posix = (p) => p.split(sep).join('/');
const isTest = (p) => /\.test\.tsx?$/.test(p) || p.startsWith('test/');
const mayQuery = (p) =>
  /(^|\/)store\.tsx?$/.test(p) || /\/store\//.test(p) || p.startsWith('src/db/') || isTest(p);
const moduleOf = (p) => /^src\/modules\/([^/]+)\//.exec(p)?.[1] ?? null;
const isStore = (p) => /^src\/modules\/[^/]+\/(store\.tsx?|store\/)/.test(p);
const isService = (p) => /^src\/(modules\/[^/]+|platform)\/(service\.tsx?|service\/)/.test(p);
const isView = (p) => /^src\/(modules\/[^/]+|platform)\/views\//.test(p) && !isTest(p);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(name) ? [posix(p)] : [];
  });
}

/** A relative import's file, or null for a package. */
function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')])
    if (existsSync(c) && statSync(c).isFile()) return posix(relative(process.cwd(), c));
  return null;
}

const typeOnly = (decl) => {
  const clause = decl.importClause;
  if (!clause) return false; // `import './x'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const b = clause.namedBindings;
  if (!b) return false;
  if (ts.isNamespaceImport(b)) return false;
  return b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly);
};

const problems = {
  casts: [],
  queries: [],
  stores: [],
  views: [],
  tables: [],
  cycles: [],
  sizes: [],
  exports: [],
};
/** file → the identifiers its text names (words, so a name in a comment or string counts as used). */
const wordsOf = new Map();
const words = (text) => new Set(text.match(/[A-Za-z_$][\w$]*/g));
/** How many times `text` names `name`, as a whole word. */
const usesIn = (text, name) =>
  text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;
/** Exported declarations of src/ (not tests): [file, name, line, uses in its own file]. */
const exported = [];

/** table → the module whose `tables.ts` declares it (the top-level members of its `…Tables` interfaces). */
const tableOwner = new Map();
for (const dir of readdirSync('src/modules')) {
  const file = join('src/modules', dir, 'tables.ts');
  if (!existsSync(file)) continue;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  for (const node of source.statements)
    if (ts.isInterfaceDeclaration(node) && /Tables$/.test(node.name.text))
      for (const member of node.members) if (member.name) tableOwner.set(member.name.getText(source), dir);
}
/** Where a store still reads another module's table, and why. */
const FOREIGN_TABLES = new Set([
  // 索引号 are drawn from one counter for the library and content's 政策文件; content reaches the library
  // (notifyLibrary), so the library asking content's service would be an import cycle.
  'normative:content_items',
]);
const TABLE_METHODS = new Set([
  'selectFrom',
  'insertInto',
  'updateTable',
  'deleteFrom',
  'replaceInto',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
]);
/** file → files it needs at run time. */
const graph = new Map();

for (const path of walk('src')) {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(
    path,
    text,
    ts.ScriptTarget.Latest,
    true,
    path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const lineOf = (node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  wordsOf.set(path, words(text));
  if (!isTest(path))
    for (const st of source.statements) {
      if (
        !ts.canHaveModifiers(st) ||
        !ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      )
        continue;
      const names = ts.isVariableStatement(st)
        ? st.declarationList.declarations.map((d) => d.name)
        : [st.name];
      for (const name of names)
        if (name && ts.isIdentifier(name))
          exported.push([path, name.text, lineOf(st), usesIn(text, name.text)]);
    }
  const deps = new Set();
  graph.set(path, deps);
  const mod = moduleOf(path);
  const imported = (spec, node, runtime) => {
    const target = resolveImport(path, spec);
    if (!target) return;
    if (runtime) deps.add(target);
    if (isStore(target) && moduleOf(target) !== mod && !isTest(path))
      problems.stores.push(`${path}:${lineOf(node)}: imports ${target}; ask that module's service`);
    if (runtime && isView(path) && (isStore(target) || isService(target)))
      problems.views.push(`${path}:${lineOf(node)}: a view imports ${target}; its route loads the data`);
  };
  const lines = text.split('\n').length;
  if (!isTest(path) && lines > MAX_FILE_LINES && !DATA_FILES.some((re) => re.test(path)))
    problems.sizes.push(
      `${path}: ${lines} lines (at most ${MAX_FILE_LINES}: split it by use case or audience)`,
    );

  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
      imported(node.moduleSpecifier.text, node, !typeOnly(node));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      imported(node.moduleSpecifier.text, node, !node.isTypeOnly);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    )
      imported(node.arguments[0].text, node, true);

    if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !isTest(path)) {
      let e = node.expression;
      while (ts.isParenthesizedExpression(e)) e = e.expression;
      if (
        ts.isPropertyAccessExpression(e) &&
        REQUEST_PARTS.has(e.name.text) &&
        ts.isIdentifier(e.expression) &&
        /^(req|request)$/.test(e.expression.text)
      )
        problems.casts.push(`${path}:${lineOf(node)}: cast on ${e.getText(source)}; give the route a schema`);
    }

    if (
      isStore(path) &&
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      TABLE_METHODS.has(node.expression.name.text) &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      const table = node.arguments[0].text.split(/\s+as\s+/)[0].trim();
      const owner = tableOwner.get(table);
      if (owner && owner !== mod && !FOREIGN_TABLES.has(`${mod}:${table}`))
        problems.tables.push(
          `${path}:${lineOf(node)}: reads ${owner}'s table ${table}; ask ${owner}'s service`,
        );
    }

    if (!mayQuery(path)) {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        QUERY_METHODS.has(node.expression.name.text)
      )
        problems.queries.push(`${path}:${lineOf(node)}: .${node.expression.name.text}() outside a store`);
      if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql')
        problems.queries.push(`${path}:${lineOf(node)}: sql\`…\` outside a store`);
      if (
        ts.isPropertyAccessExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'sql' &&
        !ts.isImportSpecifier(node.parent)
      )
        problems.queries.push(`${path}:${lineOf(node)}: sql.${node.name.text} outside a store`);
    }

    if (
      !isTest(path) &&
      (ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node) ||
        ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node))
    ) {
      const span = source.getLineAndCharacterOfPosition(node.getEnd()).line + 2 - lineOf(node);
      if (span > MAX_FUNCTION_LINES)
        problems.sizes.push(
          `${path}:${lineOf(node)}: a function of ${span} lines (at most ${MAX_FUNCTION_LINES})`,
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

// Dead exports: named nowhere else, and only where declared in their own file.
{
  const others = [...walk('test'), ...walk('bench'), ...walk('scripts')];
  for (const path of readdirSync('scripts').filter((n) => n.endsWith('.mjs'))) others.push(`scripts/${path}`);
  for (const path of others) wordsOf.set(path, words(readFileSync(path, 'utf8')));
  for (const [path, name, line, ownUses] of exported) {
    const elsewhere = [...wordsOf].some(([file, names]) => file !== path && names.has(name));
    if (!elsewhere && ownUses <= 1)
      problems.exports.push(`${path}:${line}: ${name} is exported and used nowhere; delete it`);
  }
}

// Cycles: strongly connected components of the run-time import graph (Tarjan), each reported once.
{
  let index = 0;
  const stack = [];
  const info = new Map();
  const strong = (v) => {
    info.set(v, { index, low: index, on: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!info.has(w)) {
        strong(w);
        info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
      } else if (info.get(w).on) info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
    if (info.get(v).low === info.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).on = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v).has(v))
        problems.cycles.push(`import cycle: ${component.sort().join(' ↔ ')}`);
    }
  };
  for (const v of graph.keys()) if (!info.has(v)) strong(v);
}

const inScope = (line) => only.length === 0 || only.some((p) => line.startsWith(p) || line.includes(` ${p}`));
let total = 0;
for (const [rule, list] of Object.entries(problems)) {
  const shown = list.filter(inScope);
  total += shown.length;
  if (countOnly) console.log(`${rule}: ${shown.length}`);
  else if (shown.length) console.error(shown.join('\n'));
}
if (!countOnly && total > 0) {
  console.error(`lint-shape: ${total} problems`);
  process.exit(1);
}
if (!countOnly) console.log('lint-shape: ok');
