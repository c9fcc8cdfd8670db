// `npm run build [-- OUTDIR]`: the app compiled to JavaScript in OUTDIR (default dist/), module for
// module, with the same layout as the repository — dist/src/main.js, dist/src/cli.js, the assets
// beside them and package.json — so every path the code finds from its own file holds. Started with
// `node dist/src/main.js`, a process loads in about 1 s instead of 2.5 s under tsx, which compiles and
// resolves each of some 570 modules through its loader thread. The test runner builds one for the
// tests' child processes (scripts/run-tests.mjs). Type checking stays with `npm run lint`.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? 'dist';
const code = /\.tsx?$/;
const isTest = /\.test\.tsx?$/;
/** Every file under `dir`, as paths from the repository's root. */
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });

const t0 = performance.now();
rmSync(out, { recursive: true, force: true });
const files = walk('src');
await build({
  entryPoints: files.filter((f) => code.test(f) && !isTest.test(f) && !f.endsWith('.d.ts')),
  outdir: join(out, 'src'),
  outbase: 'src',
  // Each module its own output: `bundle` only so that the plugin sees the imports; packages and
  // every relative import stay imports, `.ts`/`.tsx` renamed `.js`.
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  plugins: [
    {
      name: 'module-per-file',
      setup(b) {
        b.onResolve({ filter: /^\.\.?\// }, (args) =>
          args.kind === 'entry-point' ? undefined : { path: args.path.replace(code, '.js'), external: true },
        );
      },
    },
  ],
});
// Assets the code reads beside itself: static files, the seed work plan, reference tables.
for (const file of files.filter((f) => !code.test(f))) {
  mkdirSync(join(out, file, '..'), { recursive: true });
  cpSync(file, join(out, file));
}
cpSync('package.json', join(out, 'package.json'));
console.log(`built ${out}/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
