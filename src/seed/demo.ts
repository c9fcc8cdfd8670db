/**
 * Seeds the demo district once per module: each module's seedDemo runs the first time the app
 * starts with it (remembered in settings as `demo:<module>`), so an upgrade that adds a module
 * seeds just that module's sample data. Each module's seed and its marker are one transaction: a
 * start stopped half way leaves none of that module's data, and the next start seeds it whole.
 */
import type { AppContext } from '../context.ts';
import { transact } from '../db/index.ts';
import { claimSetting, getSetting } from '../db/settings.ts';
import type { GongkaiModule } from '../modules/registry.ts';

/**
 * Demo markers written under an earlier module name: the org module's demo district was seeded as
 * the single `foundation` entry's before the foundation became separate modules.
 */
const EARLIER_KEYS: Record<string, string> = { org: 'demo:foundation' };

/** Runs each module's seedDemo that has not run on this database yet; returns the modules seeded. */
export async function seedDemo(ctx: AppContext, modules: GongkaiModule[]): Promise<string[]> {
  const seeded: string[] = [];
  for (const m of modules) {
    const seed = m.seedDemo;
    if (!seed) continue;
    const key = `demo:${m.name}`;
    if ((await getSetting(ctx.db, key)) !== undefined) continue;
    const earlier = EARLIER_KEYS[m.name];
    if (earlier && (await getSetting(ctx.db, earlier)) !== undefined) continue;
    await transact(ctx.db, async (trx) => {
      await seed({ ...ctx, db: trx });
      await claimSetting(trx, key, ctx.clock.now().toISOString());
    });
    seeded.push(m.name);
  }
  return seeded;
}
