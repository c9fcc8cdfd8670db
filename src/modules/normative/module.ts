/** The normative-document library's registration: routes, expiry job, demo data, dashboard panel, CLI, menu, search. */
import type { AppContext } from '../../context.ts';
import type { GongkaiModule } from '../registry.ts';
import type { SearchDocumentInput } from '../search/model.ts';
import { normativeCli } from './cli.ts';
import { normativeRoutes } from './routes/index.ts';
import { seedNormativeDemo } from './seed.ts';
import { dashboardFigures, expiryJob, searchSource, toSearchDocument } from './service.ts';
import { NormativePanel } from './views/dashboard.tsx';

/** Library documents as search documents (published ones only), with their validity today. */
async function* normativeSearchSources(ctx: AppContext): AsyncIterable<SearchDocumentInput> {
  for await (const e of searchSource(ctx))
    if (e.publishedAt) yield toSearchDocument({ ...e, publishedAt: e.publishedAt });
}

/** The library's contribution to the app (modules/index.ts lists it). */
export const normativeModule: GongkaiModule = {
  name: 'normative',
  routes: normativeRoutes,
  jobs: [expiryJob],
  // The demo's documents are indexed as they are entered (every library change updates the index).
  seedDemo: seedNormativeDemo,
  searchSources: normativeSearchSources,
  dashboard: async (ctx, actor) => {
    const figures = await dashboardFigures(ctx, actor);
    return figures && NormativePanel(figures);
  },
  cli: normativeCli,
  adminNav: [{ href: '/admin/gfxwj', label: '规范性文件库', permission: 'normative.read' }],
};
