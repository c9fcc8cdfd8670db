/** Demo data: 红谷滩区 sample new-media accounts (marked sample; IDs are invented), checks and a filing. */
import { systemActor, type AppContext } from '../../context.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { listPublicOrgs } from '../org/service.ts';
import type { AccountFields } from './model.ts';
import { createAccount, recordCheck, submitFiling } from './service.ts';

export async function seedMedia(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const org = (short: string) => orgs.find((o) => o.shortName === short)?.id;
  const today = shanghaiDate(ctx.clock.now());
  const accounts: [AccountFields, number | null, boolean][] = [
    [
      {
        platform: 'wechat',
        accountName: '红谷滩发布',
        platformAccountId: 'gh_demo_hgtfabu',
        orgId: org('区政府办公室')!,
        operator: '区融媒体中心',
        responsiblePerson: '王主任（演示）',
        level: 'district',
      },
      1,
      true,
    ],
    [
      {
        platform: 'weibo',
        accountName: '红谷滩发布',
        platformAccountId: 'demo5800001',
        orgId: org('区政府办公室')!,
        operator: '区融媒体中心',
        responsiblePerson: '王主任（演示）',
        level: 'district',
      },
      3,
      true,
    ],
    [
      {
        platform: 'weibo',
        accountName: '红谷滩政数',
        platformAccountId: 'demo5800002',
        orgId: org('区政数局')!,
        operator: '区政数局办公室',
        responsiblePerson: '李科长（演示）',
        level: 'department',
      },
      20,
      true,
    ],
    [
      {
        platform: 'douyin',
        accountName: '红谷滩市场监管',
        platformAccountId: 'demo_hgtscjg',
        orgId: org('区市场监管局')!,
        operator: '区市场监管局宣传科',
        responsiblePerson: '张科长（演示）',
        level: 'department',
      },
      5,
      false,
    ],
    [
      {
        platform: 'wechat',
        accountName: '红谷滩发改',
        platformAccountId: 'gh_demo_hgtfgw',
        orgId: org('区发改委')!,
        operator: '区发改委办公室',
        responsiblePerson: '刘主任（演示）',
        level: 'department',
      },
      12,
      true,
    ],
    [
      {
        platform: 'wechat',
        accountName: '沙井街道',
        platformAccountId: 'gh_demo_shajing',
        orgId: org('沙井街办')!,
        operator: '沙井街办党政办',
        responsiblePerson: '陈主任（演示）',
        level: 'township',
      },
      2,
      true,
    ],
  ];
  for (const [fields, ago, interaction] of accounts) {
    if (!fields.orgId) continue;
    const a = await createAccount(ctx, actor, { ...fields, isSample: true });
    if (ago != null)
      await recordCheck(ctx, actor, a.id, {
        checkedOn: today,
        lastUpdateDate: addDays(today, -ago),
        interactionOk: interaction,
        note: '演示数据',
      });
  }
  if (org('区卫健委')) {
    await submitFiling(ctx, actor, {
      kind: 'open',
      fields: {
        platform: 'channels',
        accountName: '健康红谷滩',
        platformAccountId: 'demo_sph_jkhgt',
        orgId: org('区卫健委')!,
        operator: '区卫健委办公室',
        responsiblePerson: '周主任（演示）',
        level: 'department',
      },
      note: '演示数据：拟开设视频号发布健康科普和卫生政策解读。',
    });
  }
}
