/** The publishing module's registration: routes, the scheduled-publishing job, demo data, dashboard panel, CLI, menu, search, sealing. */
import { h } from 'preact';
import type { GongkaiModule } from '../registry.ts';
import { contentCli } from './import/cli.ts';
import { scheduledPublishJob } from './jobs.ts';
import { contentRoutes } from './routes/index.ts';
import { seedContent } from './seed.ts';
import { sealContentRevisions } from './service/gate.ts';
import { contentSearchSources, dashboardFigures } from './service/public.ts';
import { ContentDashboard } from './views/dashboard.tsx';

/** The content module's contributions to the app (modules/index.ts lists it). */
export const contentModule: GongkaiModule = {
  name: 'content',
  routes: contentRoutes,
  cli: contentCli,
  jobs: [scheduledPublishJob],
  seedDemo: seedContent,
  dashboard: async (ctx, actor) => {
    const figures = await dashboardFigures(ctx, actor);
    return figures && h(ContentDashboard, figures);
  },
  searchSources: contentSearchSources,
  sealPersonalData: sealContentRevisions,
  adminNav: [
    { href: '/admin/content', label: '内容管理', permission: 'content.read' },
    { href: '/admin/content/review', label: '待我审核发布', permission: 'content.read' },
    { href: '/admin/content/import', label: '迁移旧网站内容', permission: 'content.structure' },
  ],
};
