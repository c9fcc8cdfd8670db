/** The FOI module's entry in the registry: routes, reminder job, menu, demo data, dashboard, CLI, calendar hook. */
import { can } from '../auth/permissions.ts';
import type { GongkaiModule } from '../registry.ts';
import { systemActor } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { importApplications, readRows } from './export.ts';
import { foiReminderJob } from './jobs.ts';
import { foiRoutes } from './routes.tsx';
import { seedFoiDemo } from './seed.ts';
import { sealApplications } from './store.ts';
import { listApplications, recomputeOpenCases } from './service.ts';

export const foiModule: GongkaiModule = {
  name: 'foi',
  routes: foiRoutes,
  jobs: [foiReminderJob],
  adminNav: [{ href: '/admin/foi', label: '依申请公开', permission: 'foi.read' }],
  seedDemo: seedFoiDemo,
  sealPersonalData: (ctx) =>
    ctx.db.transaction().execute((trx) => sealApplications(trx, ctx.config.dataKeys.current.id)),
  async dashboard(ctx, actor) {
    if (!can(actor, 'foi.read')) return null;
    const open = await listApplications(ctx, actor, { status: 'open', pageSize: 1 });
    const overdue = await listApplications(ctx, actor, { overdue: true, pageSize: 1 });
    const waiting = can(actor, 'foi.manage')
      ? await listApplications(ctx, actor, { status: 'awaiting_confirmation', pageSize: 1 })
      : null;
    return (
      <section class="card" aria-labelledby="foi-panel">
        <h2 id="foi-panel">依申请公开</h2>
        <ul>
          <li>
            <a href="/admin/foi?status=open">办理中 {open.total} 件</a>
          </li>
          <li>
            <a href="/admin/foi?status=open&overdue=1" class={overdue.total ? 'status-bad' : undefined}>
              已超期 {overdue.total} 件
            </a>
          </li>
          {waiting && (
            <li>
              <a href="/admin/foi/queue">待确认收到 {waiting.total} 件</a>
            </li>
          )}
        </ul>
      </section>
    );
  },
  cli(program, open) {
    const foi = program.command('foi').description('依申请公开');
    foi
      .command('import <file>')
      .description(
        '导入历史申请台账（.xlsx 或 .csv，中文表头：申请编号、承办机关、申请人类型、收到方式、收到日期、办结日期、办理结果…）；有任何错误则不导入',
      )
      .action(async (file: string) => {
        const { ctx, close } = await open();
        try {
          const rows = await readRows(file);
          const r = await importApplications(ctx, systemActor('cli'), rows);
          console.log(`已导入 ${r.imported} 件申请`);
        } catch (e) {
          if (e instanceof AppError) {
            console.error(e.userMessage);
            for (const m of Object.values(e.fields)) console.error(`  ${m}`);
            process.exitCode = 1;
          } else throw e;
        } finally {
          await close();
        }
      });
  },
  async onCalendarChanged(ctx, change) {
    await recomputeOpenCases(ctx, change);
  },
};
