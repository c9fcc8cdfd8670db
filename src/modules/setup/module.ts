/** First start without the demo: the one-time setup; the operator's user, org and site commands. */
import type { GongkaiModule } from '../registry.ts';
import { setupCli } from './cli.ts';
import { setupRoutes } from './routes/index.tsx';

export const setupModule: GongkaiModule = {
  name: 'setup',
  routes: setupRoutes,
  cli: setupCli,
};
