/** Demo data: two sample service zones (addresses and phone numbers are sample values) and a few log entries. */
import { systemActor, type AppContext } from '../../context.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { listPublicOrgs } from '../org/service.ts';
import { createZone, logZoneConsultation } from './service.ts';

export async function seedZones(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const org = (short: string) => orgs.find((o) => o.shortName === short)?.id;
  const today = shanghaiDate(ctx.clock.now());
  if (org('区政数局')) {
    const z = await createZone(ctx, actor, {
      name: '区政务服务中心政务公开专区',
      orgId: org('区政数局')!,
      address: '南昌市红谷滩区政务服务中心一楼（演示地址）',
      hours: '工作日 9:00–12:00，13:30–17:00（法定节假日除外）',
      phone: '0791-80000001',
      services: ['reading', 'foi_intake', 'policy_window', 'guides'],
      active: true,
      isSample: true,
    });
    await logZoneConsultation(ctx, actor, z.id, {
      date: addDays(today, -2),
      topic: '小微企业社保补贴申领条件',
      channel: 'window',
      answered: true,
    });
    await logZoneConsultation(ctx, actor, z.id, {
      date: addDays(today, -1),
      topic: '公租房申请材料',
      channel: 'phone',
      answered: true,
    });
    await logZoneConsultation(ctx, actor, z.id, {
      date: today,
      topic: '老旧小区改造补助标准',
      channel: 'window',
      answered: false,
    });
  }
  if (org('沙井街办')) {
    await createZone(ctx, actor, {
      name: '沙井街办便民服务中心政务公开专区',
      orgId: org('沙井街办')!,
      address: '南昌市红谷滩区沙井街道便民服务中心（演示地址）',
      hours: '工作日 8:30–12:00，14:00–17:30',
      phone: '0791-80000002',
      services: ['reading', 'foi_intake', 'policy_window'],
      active: true,
      isSample: true,
    });
  }
}
