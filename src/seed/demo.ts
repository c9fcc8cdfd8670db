/**
 * Seeds the demo district once per module: each module's seedDemo runs the first time the app
 * starts with it (remembered in settings as `demo:<module>`), so an upgrade that adds a module
 * seeds just that module's sample data.
 */
import type { AppContext } from '../context.ts';
import type { GongkaiModule } from '../modules/registry.ts';

export async function seedDemo(ctx: AppContext, modules: GongkaiModule[]): Promise<string[]> {
  const seeded: string[] = [];
  for (const m of modules) {
    if (!m.seedDemo) continue;
    const key = `demo:${m.name}`;
    const done = await ctx.db.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst();
    if (done) continue;
    await m.seedDemo(ctx);
    await ctx.db
      .insertInto('settings')
      .values({ key, value: ctx.clock.now().toISOString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    seeded.push(m.name);
  }
  return seeded;
}
