/** Demo data: sample inquiries at different ages — answered (one published as an FAQ) and pending. */
import { systemActor, type AppContext } from '../../context.ts';
import { ManualClock } from '../../lib/time.ts';
import { listPublicOrgs } from '../org/service.ts';
import { listPublicZones } from '../zones/service.ts';
import { answerInquiry, publishFaq, submitInquiry } from './service.ts';

export async function seedInquiries(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const org = (short: string) => orgs.find((o) => o.shortName === short)?.id;
  if (!org('区人社局') || !org('区住建局') || !org('区市场监管局')) return;
  const now = ctx.clock.now().getTime();
  const at = (daysAgo: number): AppContext => ({
    ...ctx,
    clock: new ManualClock(new Date(now - daysAgo * 86_400_000)),
  });
  const zone = (await listPublicZones(ctx.db))[0];

  const a = await submitInquiry(at(20), actor, {
    askerKind: 'enterprise',
    askerName: '南昌某科技有限公司（演示）',
    contact: '演示联系方式',
    title: '小微企业吸纳高校毕业生社保补贴如何申请？',
    question: '我公司今年招用了 3 名应届高校毕业生，请问能否申请社会保险补贴，需要哪些材料？（演示数据）',
    orgId: org('区人社局')!,
    isSample: true,
  });
  await answerInquiry(
    at(17),
    actor,
    a.inquiry.id,
    '您好！小微企业招用毕业年度高校毕业生，与之签订 1 年以上劳动合同并按规定缴纳社会保险费的，可按规定申请社会保险补贴。请持营业执照、劳动合同、社保缴费明细到区政务服务中心人社窗口申请。（演示数据）',
  );
  await publishFaq(at(16), actor, a.inquiry.id, {
    question: '小微企业招用应届高校毕业生，能否申请社会保险补贴？需要哪些材料？',
    answer:
      '小微企业招用毕业年度高校毕业生，与之签订 1 年以上劳动合同并按规定缴纳社会保险费的，可按规定申请社会保险补贴。请持营业执照、劳动合同、社保缴费明细到区政务服务中心人社窗口申请。（演示数据）',
    links: [{ title: '关于做好高校毕业生等青年就业创业工作的通知（示例链接）', url: '/gfxwj' }],
  });

  const b = await submitInquiry(at(9), actor, {
    askerKind: 'person',
    askerName: '李先生（演示）',
    contact: '演示联系方式',
    title: '老旧小区改造加装电梯有没有补助？',
    question: '我家小区建于 1998 年，想加装电梯，请问区里有没有补助政策？（演示数据）',
    orgId: org('区住建局')!,
    channel: 'window',
    zoneId: zone?.id ?? null,
    isSample: true,
  });
  await answerInquiry(
    at(6),
    actor,
    b.inquiry.id,
    '您好！既有住宅加装电梯可按规定申请财政补助，具体以当年实施方案为准，可到区住建局窗口咨询。（演示数据）',
  );

  await submitInquiry(at(2), actor, {
    askerKind: 'person',
    askerName: '王女士（演示）',
    contact: '演示联系方式',
    title: '个体工商户年报在哪里填报？',
    question: '我是个体工商户，请问年度报告在哪里填报，截止时间是什么时候？（演示数据）',
    orgId: org('区市场监管局')!,
    isSample: true,
  });
  await submitInquiry(at(40), actor, {
    askerKind: 'person',
    askerName: '赵先生（演示）',
    contact: '演示联系方式',
    title: '灵活就业人员社保补贴条件',
    question: '我是灵活就业人员，年满 45 岁，请问能否申请社保补贴？（演示数据：一件超过 30 天未答复的咨询）',
    orgId: org('区人社局')!,
    channel: 'phone',
    isSample: true,
  });
}
