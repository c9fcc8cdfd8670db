/**
 * Route plugins registered under their own names. Fastify names each plugin it registers (for its
 * errors and its plugin tree) by the display name the plugin carries, or else looks for the function
 * among the exports of every CommonJS module loaded, twice per registration: about 0.13 ms a time once
 * the app's dependencies are loaded, a quarter of an app's start (200 → 150 ms of CPU) for its
 * 80-odd route plugins.
 */
import type { FastifyInstance, FastifyPluginAsync, RawServerDefault } from 'fastify';

const DISPLAY_NAME = Symbol.for('fastify.display-name');

/** A route plugin, whatever its options and type provider (the modules' use TypeBox's). */
type RoutePlugin = FastifyPluginAsync<any, RawServerDefault, any>;

/** `plugin`, carrying `name` (its function's, by default) as fastify's display name. */
export function named<P extends RoutePlugin>(plugin: P, name = plugin.name): P {
  (plugin as unknown as Record<symbol, string>)[DISPLAY_NAME] ??= name;
  return plugin;
}

/** Registers route plugins on `app`, in order, each under its own name. */
export async function registerRoutes(
  app: FastifyInstance<RawServerDefault, any, any, any, any>,
  ...plugins: RoutePlugin[]
): Promise<void> {
  for (const plugin of plugins) await app.register(named(plugin));
}
