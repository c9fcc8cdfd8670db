// The formatting step of `npm run lint` (and `npm run lint:format`): prettier's check over the files
// `npm run format` writes (its globs: src/**/*.{ts,tsx}, test/**/*.ts, bench/**/*.ts,
// scripts/**/*.{ts,mjs}), with .prettierrc.json. A file whose exact content this prettier, with this
// configuration, already found formatted is not checked again: the keys of such files (a hash of the
// prettier version, the configuration, the file's path and its content) are kept in
// node_modules/.cache/gongkai/formatted.json, which .ci/run keeps on the machine as it does tsc's record.
// prettier's own --cache is keyed by absolute path, so it does not carry over to another checkout; a
// clean checkout checked every file (21–36 s), and checks only what changed. `npm run format` fixes
// what it finds.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import * as prettier from 'prettier';

/** The folders `npm run format` covers, and the extensions it takes in each. */
const ROOTS = { src: ['.ts', '.tsx'], test: ['.ts'], bench: ['.ts'], scripts: ['.ts', '.mjs'] };
const RECORD = 'node_modules/.cache/gongkai/formatted.json';

/** The files under `dir` with one of `extensions`, as prettier's globs find them (no dot-folders). */
function walk(dir, extensions) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.') || e.name === 'node_modules') return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return walk(path, extensions);
    return extensions.includes(extname(e.name)) ? [path] : [];
  });
}

const files = Object.entries(ROOTS).flatMap(([dir, extensions]) =>
  existsSync(dir) ? walk(dir, extensions) : [],
);
const salt = `${prettier.version}\0${readFileSync('.prettierrc.json', 'utf8')}`;
const known = new Set(existsSync(RECORD) ? JSON.parse(readFileSync(RECORD, 'utf8')) : []);
const formatted = [];
const differ = [];
let checked = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const key = createHash('sha256').update(`${salt}\0${file}\0${text}`).digest('hex');
  if (!known.has(key)) {
    checked++;
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    if (!(await prettier.check(text, options))) {
      differ.push(file);
      continue;
    }
  }
  formatted.push(key);
}
mkdirSync(dirname(RECORD), { recursive: true });
writeFileSync(RECORD, JSON.stringify(formatted));
if (differ.length > 0) {
  for (const file of differ) console.error(`[warn] ${file}`);
  console.error('formatting differs from prettier (.prettierrc.json): run `npm run format`');
  process.exit(1);
}
console.log(
  `${files.length} files use prettier's code style (${checked} checked, the others unchanged since)`,
);
