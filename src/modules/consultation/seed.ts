/** Demo data: one open consultation with comments, one closed with its feedback and final document (sample). */
import { publicActor, systemActor, type AppContext } from '../../context.ts';
import { addDays, ManualClock, shanghaiDate } from '../../lib/time.ts';
import { listPublicOrgs } from '../org/service.ts';
import {
  createConsultation,
  linkFinalDocument,
  moderateComment,
  publishConsultation,
  publishFeedback,
  submitComment,
} from './service.ts';

export async function seedConsultations(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const org = (short: string) => orgs.find((o) => o.shortName === short)?.id;
  if (!org('沙井街办') || !org('区发改委')) return;
  const now = ctx.clock.now().getTime();
  const at = (daysAgo: number): AppContext => ({
    ...ctx,
    clock: new ManualClock(new Date(now - daysAgo * 86_400_000)),
  });
  const today = shanghaiDate(ctx.clock.now());

  // Closed: 沙井街办 (基层决策开放参与 pilot, seed (二)6).
  const closed = await createConsultation(at(70), actor, {
    orgId: org('沙井街办')!,
    title: '沙井街道老旧小区停车管理办法（征求意见稿）（演示数据）',
    explanation: '为规范老旧小区停车秩序，街道办事处起草了本办法，现公开征求居民意见。（演示数据）',
    draftText:
      '第一条 为规范辖区老旧小区停车秩序，制定本办法。\n第二条 小区内停车位优先保障本小区居民。\n第三条 ……（演示数据）',
    startDate: addDays(today, -60),
    endDate: addDays(today, -31),
    isSample: true,
  });
  await publishConsultation(at(61), actor, closed.id);
  const c1 = await submitComment(at(50), publicActor(), closed.id, {
    authorName: '居民甲（演示）',
    contact: '',
    body: '建议夜间允许临时占用消防通道以外的道路一侧停车。',
  });
  const c2 = await submitComment(at(45), publicActor(), closed.id, {
    authorName: '居民乙（演示）',
    contact: '',
    body: '希望增加电动自行车充电车棚。',
  });
  await moderateComment(at(44), actor, c1.id, { approve: true });
  await moderateComment(at(44), actor, c2.id, { approve: true });
  await publishFeedback(at(25), actor, closed.id, {
    summary:
      '征求意见期间共收到意见 2 条，采纳 1 条，部分采纳 1 条。关于夜间停车，考虑消防安全，仅在划定区域允许临时停车。（演示数据）',
    adoptions: [
      { commentId: c1.id, adoption: 'partly', reason: '出于消防安全考虑，仅在划定区域允许夜间临时停车。' },
      { commentId: c2.id, adoption: 'adopted', reason: '' },
    ],
  });
  await linkFinalDocument(at(20), actor, closed.id, {
    title: '沙井街道老旧小区停车管理办法（演示）',
    url: '/gfxwj',
  });

  // Open: 区发改委.
  const open = await createConsultation(at(6), actor, {
    orgId: org('区发改委')!,
    title: '红谷滩区促进数字经济发展若干措施（征求意见稿）（演示数据）',
    explanation:
      '为落实数字经济发展部署，区发改委起草了若干措施，现向社会公开征求意见，征求意见期 30 日。（演示数据）',
    draftText: '一、支持数字经济企业落户……\n二、鼓励企业上云用数赋智……\n三、……（演示数据）',
    startDate: addDays(today, -5),
    isSample: true,
  });
  await publishConsultation(at(5), actor, open.id);
  const o1 = await submitComment(at(3), publicActor(), open.id, {
    authorName: '某软件企业（演示）',
    contact: '',
    body: '建议对首次上云的中小企业给予一次性补贴。',
  });
  await moderateComment(at(2), actor, o1.id, { approve: true });
  await submitComment(at(1), publicActor(), open.id, {
    authorName: '市民（演示）',
    contact: '',
    body: '希望措施中明确申报渠道和办理时限。',
  });
}
