/** Operations: metrics and readiness (hooks on the whole app, hence fastify-plugin), backup and restore. */
import fp from 'fastify-plugin';
import type { GongkaiModule } from '../registry.ts';
import { opsCli } from './cli.ts';
import { observability } from './routes/metrics.ts';

export const opsModule: GongkaiModule = {
  name: 'ops',
  routes: fp(observability),
  cli: opsCli,
};
