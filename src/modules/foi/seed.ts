/**
 * Demo data: 2022 applications across the demo district's units, entered through the use cases as
 * they would have happened (each step on its own date). Applicants and contents are fictitious
 * (marked as sample). All in January–February 2022, so the set is consistent from March 2022 on.
 */
import { systemActor, type AppContext } from '../../context.ts';
import { listPublicOrgs } from '../org/service.ts';
import { usersWithRole } from '../auth/service.ts';
import type { ApplicantType, Channel, OutcomeCode } from './outcomes.ts';
import {
  addReview,
  confirmReceipt,
  recordEvent,
  registerApplication,
  submitOnlineApplication,
  type EventInput,
} from './service.ts';
import { markSample } from './store/applications.ts';
import { residentIdCheckChar, creditCodeCheckChar } from '../../lib/identifiers.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';

const at = (ctx: AppContext, date: string): AppContext => ({
  ...ctx,
  clock: { now: () => new Date(`${date}T10:00:00+08:00`) },
});

function sampleId(n: number): string {
  const first = `360112198${n % 10}0${(n % 9) + 1}1${n % 10}${String(100 + n).slice(-3)}`.slice(0, 17);
  return first + residentIdCheckChar(first);
}
function sampleCredit(n: number): string {
  const first = `9136010${String(n).padStart(2, '0')}MA3${String(n).padStart(2, '0')}ABC`
    .slice(0, 17)
    .toUpperCase()
    .replace(/[IOSVZ]/g, 'A');
  return first + creditCodeCheckChar(first);
}

interface Story {
  org: string;
  type: ApplicantType;
  name: string;
  channel: Channel;
  on: string;
  description: string;
  steps: EventInput[];
  review?: boolean;
}

const STORIES: Story[] = [
  {
    org: '区发改委',
    type: 'natural',
    name: '张某（示例）',
    channel: 'in_person',
    on: '2022-01-05',
    description: '红谷滩区2021年重大项目投资计划（示例）',
    steps: [{ type: 'closed', on: '2022-01-20', outcome: 'disclosed' }],
  },
  {
    org: '区住建局',
    type: 'commercial',
    name: '南昌某置业有限公司（示例）',
    channel: 'registered_mail',
    on: '2022-01-06',
    description: '某地块建设工程规划许可相关文件（示例）',
    steps: [
      {
        type: 'closed',
        on: '2022-01-28',
        outcome: 'partial',
        reason: '其中涉及第三方商业秘密的部分不予公开',
      },
    ],
    review: true,
  },
  {
    org: '区财政局',
    type: 'natural',
    name: '李某（示例）',
    channel: 'in_person',
    on: '2022-01-07',
    description: '区级部门内部考核细则（示例）',
    steps: [
      { type: 'closed', on: '2022-01-25', outcome: 'withheld.internal_affairs', reason: '属于内部管理信息' },
    ],
  },
  {
    org: '区市场监管局',
    type: 'legalServices',
    name: '江西某律师事务所（示例）',
    channel: 'ordinary_letter',
    on: '2022-01-10',
    description: '某企业行政处罚决定书（示例）',
    steps: [{ type: 'closed', on: '2022-01-26', outcome: 'unavailable.not_held' }],
  },
  {
    org: '区人社局',
    type: 'natural',
    name: '王某（示例）',
    channel: 'in_person',
    on: '2022-01-11',
    description: '本人社保缴费记录（示例）',
    steps: [{ type: 'closed', on: '2022-01-11', outcome: 'withheld.query_matter', onTheSpot: true }],
  },
  {
    org: '区卫健委',
    type: 'research',
    name: '某大学公共卫生研究所（示例）',
    channel: 'online',
    on: '2022-01-12',
    description: '2021年辖区医疗机构名录（示例）',
    steps: [
      { type: 'correction_requested', on: '2022-01-14', periodDays: 15, reason: '请明确所需名录的范围' },
    ],
  },
  {
    org: '区生态环境局',
    type: 'publicInterest',
    name: '某环保公益组织（示例）',
    channel: 'registered_mail',
    on: '2022-01-13',
    description: '某企业排污许可及监测数据（示例）',
    steps: [
      {
        type: 'consultation_started',
        on: '2022-01-17',
        party: 'third_party',
        partyName: '某化工企业（示例）',
      },
    ],
  },
  {
    org: '沙井街办',
    type: 'natural',
    name: '赵某（示例）',
    channel: 'in_person',
    on: '2022-01-17',
    description: '辖区老旧小区改造计划（示例）',
    steps: [],
  },
  {
    org: '区应急管理局',
    type: 'otherOrg',
    name: '某业主委员会（示例）',
    channel: 'in_person',
    on: '2022-02-08',
    description: '辖区安全生产检查结果（示例）',
    steps: [{ type: 'fee_notice', on: '2022-02-10', method: 'volume', pages: 120 }],
  },
  {
    org: '区发改委',
    type: 'natural',
    name: '钱某（示例）',
    channel: 'in_person',
    on: '2022-02-14',
    description: '某项目可行性研究报告批复（示例）',
    steps: [],
  },
];

/**
 * How the 2022 stories still open in February 2022 ended, recorded when the demo starts after 2022
 * (so a demo started later shows them closed in 2022, not overdue for years). By story number.
 */
const ENDINGS_2022: Record<number, EventInput[]> = {
  6: [{ type: 'closed', on: '2022-02-16', outcome: 'other.no_correction' }],
  7: [
    { type: 'consultation_ended', on: '2022-02-14' },
    { type: 'closed', on: '2022-02-21', outcome: 'disclosed' },
  ],
  8: [{ type: 'closed', on: '2022-02-10', outcome: 'disclosed' }],
  9: [{ type: 'closed', on: '2022-03-15', outcome: 'other.unpaid_fee' }],
  10: [{ type: 'closed', on: '2022-03-04', outcome: 'disclosed' }],
};

/**
 * The last twelve months of a demo started after 2022, in days before today: a few just received or
 * waiting for 补正, most closed within the time limit, one closed late. [days ago, steps (days ago)].
 */
const RECENT: {
  org: string;
  type: ApplicantType;
  name: string;
  channel: Channel;
  ago: number;
  description: string;
  steps: (Omit<EventInput, 'on'> & { ago: number })[];
}[] = [
  {
    org: '区发改委',
    type: 'natural',
    name: '孙某（示例）',
    channel: 'online',
    ago: 4,
    description: '本年度政府投资项目计划（示例）',
    steps: [],
  },
  {
    org: '区住建局',
    type: 'natural',
    name: '周某（示例）',
    channel: 'in_person',
    ago: 12,
    description: '某小区加装电梯审批情况（示例）',
    steps: [{ type: 'correction_requested', ago: 9, periodDays: 15, reason: '请写明小区名称和楼栋' }],
  },
  {
    org: '区财政局',
    type: 'commercial',
    name: '某科技有限公司（示例）',
    channel: 'ordinary_letter',
    ago: 20,
    description: '中小企业扶持资金分配结果（示例）',
    steps: [{ type: 'correction_requested', ago: 16, periodDays: 15, reason: '请明确所需资金的年度和项目' }],
  },
  {
    org: '区人社局',
    type: 'natural',
    name: '吴某（示例）',
    channel: 'in_person',
    ago: 45,
    description: '本年度公益性岗位招聘计划（示例）',
    steps: [{ type: 'closed', ago: 31, outcome: 'disclosed' }],
  },
  {
    org: '区市场监管局',
    type: 'legalServices',
    name: '某律师事务所（示例）',
    channel: 'registered_mail',
    ago: 72,
    description: '某企业行政处罚决定书（示例）',
    steps: [{ type: 'closed', ago: 55, outcome: 'partial', reason: '涉及个人隐私的部分不予公开' }],
  },
  {
    org: '区卫健委',
    type: 'research',
    name: '某大学公共卫生学院（示例）',
    channel: 'online',
    ago: 100,
    description: '辖区基层医疗机构名录（示例）',
    steps: [{ type: 'closed', ago: 88, outcome: 'disclosed' }],
  },
  {
    org: '区生态环境局',
    type: 'publicInterest',
    name: '某环保公益组织（示例）',
    channel: 'registered_mail',
    ago: 130,
    description: '某企业自行监测数据（示例）',
    steps: [{ type: 'closed', ago: 112, outcome: 'unavailable.not_held' }],
  },
  {
    org: '区应急管理局',
    type: 'natural',
    name: '郑某（示例）',
    channel: 'in_person',
    ago: 160,
    description: '内部工作考核细则（示例）',
    steps: [{ type: 'closed', ago: 150, outcome: 'withheld.internal_affairs', reason: '属于内部管理信息' }],
  },
  {
    org: '区发改委',
    type: 'otherOrg',
    name: '某业主委员会（示例）',
    channel: 'in_person',
    ago: 222,
    description: '某道路改造项目批复文件（示例）',
    steps: [{ type: 'closed', ago: 160, outcome: 'disclosed' }],
  },
  {
    org: '区商务局',
    type: 'commercial',
    name: '某商贸有限公司（示例）',
    channel: 'online',
    ago: 250,
    description: '促进消费扶持资金申报指南（示例）',
    steps: [{ type: 'closed', ago: 236, outcome: 'disclosed' }],
  },
  {
    org: '区人社局',
    type: 'natural',
    name: '冯某（示例）',
    channel: 'in_person',
    ago: 300,
    description: '本人档案材料（示例）',
    steps: [{ type: 'closed', ago: 300, outcome: 'withheld.query_matter', onTheSpot: true }],
  },
  {
    org: '区住建局',
    type: 'natural',
    name: '陈某（示例）',
    channel: 'registered_mail',
    ago: 340,
    description: '老旧小区改造项目名单（示例）',
    steps: [{ type: 'closed', ago: 324, outcome: 'disclosed' }],
  },
];

/** A date `ago` days before `today`, moved back to a Monday–Friday. */
function weekdayBefore(today: string, ago: number): string {
  let d = addDays(today, -ago);
  while ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) d = addDays(d, -1);
  return d;
}

export async function seedFoiDemo(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const today = shanghaiDate(ctx.clock.now());
  const later = today >= '2023-01-01';
  const stories: (Story & { ending?: EventInput[] })[] = STORIES.map((s, n) => ({
    ...s,
    ending: later ? ENDINGS_2022[n + 1] : undefined,
  }));
  if (later) {
    for (const r of RECENT) {
      const on = weekdayBefore(today, r.ago);
      stories.push({
        ...r,
        on,
        steps: r.steps.map(({ ago, ...step }) => ({
          ...step,
          on: ago === r.ago ? on : weekdayBefore(today, ago),
        })),
      });
    }
  }
  let i = 0;
  for (const s of stories) {
    i++;
    const org = orgs.find((o) => o.shortName === s.org);
    if (!org) continue;
    const c = at(ctx, s.on);
    const applicant = {
      applicantType: s.type,
      applicantName: s.name,
      idNumber: s.type === 'natural' ? sampleId(i) : sampleCredit(i),
      legalRepresentative: s.type === 'natural' ? '' : '李某（示例）',
      contactPerson: s.type === 'natural' ? '' : '王某（示例）',
      phone: `1380791${String(1000 + i).slice(-4)}`,
      address: '南昌市红谷滩区（示例地址）',
      email: '',
      description: s.description,
      docNumber: '',
      docTitle: '',
      preferredForm: 'electronic',
      delivery: 'pickup',
      orgId: org.id,
    };
    let id: number;
    if (s.channel === 'online') {
      const r = await submitOnlineApplication(
        c,
        { kind: 'public', ip: null },
        { ...applicant, formToken: `demo-seed-token-${String(i).padStart(8, '0')}` },
      );
      id = r.application.id;
      await confirmReceipt(c, actor, id, s.on);
    } else {
      const r = await registerApplication(
        c,
        actor,
        { ...applicant, channel: s.channel, receivedOn: s.on },
        { isSample: true },
      );
      id = r.application.id;
    }
    await markSample(ctx.db, id);
    const handlers = await usersWithRole(ctx.db, org.id, 'handler');
    if (handlers.length)
      await recordEvent(c, actor, id, {
        type: 'assigned',
        on: s.on,
        orgId: org.id,
        handlerId: handlers[0].id,
      });
    for (const step of [...s.steps, ...(s.ending ?? [])])
      await recordEvent(at(ctx, step.on!), actor, id, step);
    if (s.review)
      await addReview(at(ctx, '2022-02-20'), actor, id, {
        kind: 'reconsideration',
        filedOn: '2022-02-18',
        result: 'pending',
      });
  }
}

export type { OutcomeCode };
