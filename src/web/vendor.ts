/**
 * Browser modules served straight from node_modules, without a build step: the ProseMirror packages
 * (MIT) behind the back office's rich-text editor (`static/editor.js`). Each package's own ESM file
 * is served at `/static/vendor/<package>.js` with its bare imports (`from 'prosemirror-model'`)
 * pointed at the sibling URLs, which is all a browser needs to load them under `script-src 'self'`
 * (an import map would be an inline script). Only the packages listed here are served.
 *
 * `/static/vendor/clean-paste.js` is generated from content's `cleanPastedWord`, so markup pasted
 * from Word into the editor is cleaned by the very function the server applies to every body.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { cleanPastedWord } from '../modules/content/model.ts';

/** The packages the editor loads, each with the file its package.json names as its ES module. */
export const VENDOR_PACKAGES = [
  'prosemirror-model',
  'prosemirror-state',
  'prosemirror-view',
  'prosemirror-transform',
  'prosemirror-commands',
  'prosemirror-history',
  'prosemirror-keymap',
  'prosemirror-schema-list',
  'prosemirror-tables',
  'orderedmap',
  'rope-sequence',
  'w3c-keyname',
] as const;

const require = createRequire(import.meta.url);
const BARE_IMPORT = /(\bfrom\s*|\bimport\s*)(['"])([a-z0-9@][\w./@-]*)\2/g;

/** A package's ES module with its imports of the other listed packages pointed at their URLs. */
export function vendorModule(name: string): string {
  // The packages' `exports` hide package.json, so the folder is looked up where Node would look.
  const dir = (require.resolve.paths(name) ?? [])
    .map((base) => join(base, name))
    .find((d) => existsSync(join(d, 'package.json')));
  if (!dir) throw new Error(`${name} is not installed`);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    module?: string;
    main?: string;
  };
  const source = readFileSync(join(dir, pkg.module ?? pkg.main ?? 'index.js'), 'utf8');
  return source.replace(BARE_IMPORT, (whole, lead: string, quote: string, spec: string) => {
    if (!(VENDOR_PACKAGES as readonly string[]).includes(spec))
      throw new Error(`${name} imports ${spec}, which is not served`);
    return `${lead}${quote}/static/vendor/${spec}.js${quote}`;
  });
}

/** Registers `/static/vendor/*.js`; the files are read once, on first request, and kept. */
export function registerVendorRoutes(app: FastifyInstance): void {
  const cache = new Map<string, { body: string; etag: string }>();
  const build = (file: string): string | null => {
    if (file === 'clean-paste')
      return `// Generated from the server's cleaner (content/model.ts), so paste and save clean alike.\nexport ${cleanPastedWord.toString()}\n`;
    return (VENDOR_PACKAGES as readonly string[]).includes(file) ? vendorModule(file) : null;
  };
  const params = Type.Object({ file: Type.String() });
  app
    .withTypeProvider<TypeBoxTypeProvider>()
    .get('/static/vendor/:file', { schema: { params, hide: true } }, async (req, reply) => {
      const file = req.params.file.replace(/\.js$/, '');
      let hit = cache.get(file);
      if (!hit) {
        const body = build(file);
        if (body == null) return reply.code(404).type('text/plain; charset=utf-8').send('没有这个文件');
        hit = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
        cache.set(file, hit);
      }
      if (req.headers['if-none-match'] === hit.etag) return reply.code(304).send();
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('etag', hit.etag)
        .send(hit.body);
    });
}
