/**
 * Seeds the demo district once per module: each module's seedDemo runs the first time the app
 * starts with it (remembered in settings as `demo:<module>`), so an upgrade that adds a module
 * seeds just that module's sample data.
 */
import type { AppContext } from '../context.ts';
import { claimSetting, getSetting } from '../db/settings.ts';
import type { GongkaiModule } from '../modules/registry.ts';

export async function seedDemo(ctx: AppContext, modules: GongkaiModule[]): Promise<string[]> {
  const seeded: string[] = [];
  for (const m of modules) {
    if (!m.seedDemo) continue;
    const key = `demo:${m.name}`;
    if ((await getSetting(ctx.db, key)) !== undefined) continue;
    await m.seedDemo(ctx);
    await claimSetting(ctx.db, key, ctx.clock.now().toISOString());
    seeded.push(m.name);
  }
  return seeded;
}
