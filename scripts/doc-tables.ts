// Prints the README's CLI and API tables from the code: the commander tree and the OpenAPI document.
// `npx tsx scripts/doc-tables.ts` — paste the output into README.md (test/readme.test.ts checks it).
import type { Command } from 'commander';
import { buildCli } from '../src/cli.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function walk(cmd: Command, prefix: string[], out: string[][]) {
  for (const c of cmd.commands) {
    const path = [...prefix, c.name()];
    if (c.commands.length) walk(c, path, out);
    else {
      const args = c.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
      const opts = c.options.map((o) => (o.mandatory ? o.flags : `[${o.flags}]`));
      out.push([`npx gongkai ${[...path, ...args, ...opts].join(' ')}`, c.description()]);
    }
  }
}
const cli: string[][] = [];
walk(buildCli(), [], cli);
console.log('| 命令 | 说明 |\n|---|---|');
for (const [c, d] of cli) console.log(`| \`${c.replace(/\|/g, '\\|')}\` | ${d} |`);

const dir = mkdtempSync(join(tmpdir(), 'gk-doc-'));
const app = await buildApp({
  config: loadConfig({ DATA_DIR: dir, SEED_DEMO: '0', LOG_LEVEL: 'silent' }),
  logger: false,
});
await app.ready();
const doc = app.swagger() as { paths: Record<string, Record<string, { summary?: string }>> };
console.log('\n| 方法与路径 | 说明 |\n|---|---|');
for (const [path, ops] of Object.entries(doc.paths).sort()) {
  for (const [method, op] of Object.entries(ops))
    console.log(`| \`${method.toUpperCase()} ${path}\` | ${op.summary ?? ''} |`);
}
await app.close();
