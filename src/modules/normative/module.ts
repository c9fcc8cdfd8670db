/** The normative-document library's registration: routes, expiry job, demo data, dashboard panel, CLI, menu, search. */
import type { AppContext } from '../../context.ts';
import type { GongkaiModule } from '../registry.ts';
import { indexDocument } from '../search/service.ts';
import type { SearchDocumentInput } from '../search/model.ts';
import { normativeCli } from './cli.ts';
import { normativeDashboard } from './dashboard.tsx';
import { seedNormativeDemo } from './demo.ts';
import { normativeRoutes } from './routes.tsx';
import { expiryJob, searchSource } from './service.ts';

/** Library documents as search documents (published ones only), with their validity today. */
async function* normativeSearchSources(ctx: AppContext): AsyncIterable<SearchDocumentInput> {
  for await (const e of searchSource(ctx)) {
    if (!e.publishedAt) continue;
    yield { kind: 'normative', refId: e.refId, url: e.url, title: e.title, body: e.body, orgId: e.orgId, docNumber: e.docNumber, publishedAt: e.publishedAt, itemType: 'normative', validity: e.validity, columnKeys: ['规范性文件'] };
  }
}

export const normativeModule: GongkaiModule = {
  name: 'normative',
  routes: normativeRoutes,
  jobs: [expiryJob],
  async seedDemo(ctx) {
    await seedNormativeDemo(ctx);
    for await (const doc of normativeSearchSources(ctx)) await indexDocument(ctx.db, doc);
  },
  searchSources: normativeSearchSources,
  dashboard: normativeDashboard,
  cli: normativeCli,
  adminNav: [{ href: '/admin/gfxwj', label: '规范性文件库', permission: 'normative.read' }],
};
