/**
 * Demo data: the 政府信息公开 column structure a district site has (公开指南, 公开制度, 法定主动公开内容
 * with the 15 items of 条例第二十条, 公开年报, 依申请公开), the portal's news/notice/policy columns, the
 * seed plan's topics, and a few sample items taken through the whole workflow. Sample items say so.
 */
import { systemActor, type AppContext } from '../../context.ts';
import { addDays } from '../../lib/time.ts';
import { CORPUS } from '../../seed/corpus.ts';
import { listPublicOrgs } from '../org/service.ts';
import type { ColumnKind } from './model.ts';
import { createStandardColumns } from './standard.ts';
import { getSiteInfo } from '../portal/service.ts';
import {
  clearItem,
  createColumn,
  createItem,
  createTopic,
  listColumns,
  listTopics,
  publishItem,
  reviewItem,
  submitItem,
  type ItemInput,
} from './service.ts';

export const SEED_TOPICS: [string, string, string, string[]][] = [
  [
    'szjj',
    '数字经济“一号发展工程”',
    '全面落实数字经济“一号发展工程”，集中公开数字经济发展政策、项目和工作动态。',
    ['政策文件', '工作动态', '政策解读'],
  ],
  [
    'yshj',
    '营商环境“一号改革工程”',
    '深化营商环境“一号改革工程”，公开惠企政策、办事指南和改革进展。',
    ['惠企政策', '改革动态', '政策解读'],
  ],
  [
    'czzj',
    '财政资金直达基层',
    '公开直达资金的分配、使用和监督管理情况，接受社会监督。',
    ['资金分配', '资金使用', '监督管理'],
  ],
  [
    'yqfk',
    '疫情防控',
    '发布疫情防控权威信息、防控指南和相关政策措施。',
    ['权威发布', '防控指南', '政策措施'],
  ],
  ['xczx', '乡村振兴', '公开巩固拓展脱贫攻坚成果、推进乡村振兴的政策和进展。', ['政策措施', '工作动态']],
  ['jsjf', '减税降费', '集中公开减税降费、退税缓税政策和办理指南。', ['政策文件', '工作动态', '政策解读']],
  [
    'zxwqy',
    '中小微企业纾困',
    '公开助企纾困、稳定市场主体的政策措施和办理渠道。',
    ['政策文件', '工作动态', '政策解读'],
  ],
  ['wgjy', '稳岗就业', '公开稳岗返还、就业补贴和招聘信息。', ['政策文件', '工作动态', '政策解读']],
  ['sthj', '生态环境', '公开环境质量、污染防治和环境监管信息。', ['政策文件', '工作动态', '政策解读']],
  ['aqsc', '安全生产', '公开安全生产检查、隐患整治和应急管理信息。', ['政策文件', '工作动态', '政策解读']],
  ['zdxm', '重大项目', '公开重大建设项目的批准和实施情况。', ['政策文件', '工作动态', '政策解读']],
  ['czxx', '财政信息公开', '公开财政预决算、政府债务和直达资金信息。', ['政策文件', '工作动态', '政策解读']],
  ['zwgk', '政务公开', '公开政务公开工作要点、制度和年度报告。', ['政策文件', '工作动态', '政策解读']],
];

/** The demo corpus's topic names → our topic slugs. */
const CORPUS_TOPICS: Record<string, string> = {
  数字经济: 'szjj',
  优化营商环境: 'yshj',
  疫情防控: 'yqfk',
  乡村振兴: 'xczx',
  减税降费: 'jsjf',
  中小微企业纾困: 'zxwqy',
  稳岗就业: 'wgjy',
  生态环境: 'sthj',
  安全生产: 'aqsc',
  重大项目: 'zdxm',
  财政信息公开: 'czxx',
  政务公开: 'zwgk',
};

/** The demo corpus's column names → our column slugs. */
const CORPUS_COLUMNS: Record<string, string> = {
  政务动态: 'zwdt',
  通知公告: 'tzgg',
  政策文件: 'zcwj',
  政策解读: 'zcjd',
  政府信息公开年报: 'xxgk-gknb',
  政府信息公开指南: 'xxgk-gkzn',
  统计信息: 'fdzdgk-tjxx',
  财政资金直达基层: 'czzjzdjc',
  财政预决算: 'fdzdgk-czyjs',
  '法定主动公开内容/安全生产': 'fdzdgk-jdjc',
  '法定主动公开内容/环境保护': 'fdzdgk-jdjc',
  '法定主动公开内容/收费目录清单': 'fdzdgk-sfxm',
  '法定主动公开内容/政府债务': 'fdzdgk-czyjs',
  '法定主动公开内容/规范性文件': 'fdzdgk-fgwj',
  '法定主动公开内容/重大建设项目': 'fdzdgk-zdxm',
};

export async function seedContent(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const org = (short: string) => orgs.find((o) => o.shortName === short)!.id;
  const office = org('区政府办公室');
  const col = (
    name: string,
    slug: string,
    kind: ColumnKind,
    parentId: number | null,
    sortOrder: number,
    orgId: number | null = office,
    description = '',
  ) => createColumn(ctx, actor, { name, slug, kind, parentId, orgId, sortOrder, description });

  await createStandardColumns(ctx, actor, office, (await getSiteInfo(ctx.db)).name);
  await col('政务动态', 'zwdt', 'news', null, 1);
  await col('通知公告', 'tzgg', 'notice', null, 2);
  await col('政策文件', 'zcwj', 'policy', null, 3);
  await col('政策解读', 'zcjd', 'policy', null, 4);
  await col(
    '财政资金直达基层',
    'czzjzdjc',
    'data',
    null,
    5,
    org('区财政局'),
    '财政资金直达基层专栏（工作要点(一)2）。',
  );
  await col('营商环境', 'yshj', 'news', null, 6, org('区发改委'));
  await col('数字经济', 'szjj', 'news', null, 7, org('区科工局'));

  for (const [slug, name, summary, sections] of SEED_TOPICS)
    await createTopic(ctx, actor, { slug, name, summary, sections });

  const columns = await listColumns(ctx.db);
  const topics = await listTopics(ctx.db);
  const c = (slug: string) => columns.find((x) => x.slug === slug)!.id;
  const t = (slug: string, section?: string) => {
    const topic = topics.find((x) => x.slug === slug)!;
    return {
      topicId: topic.id,
      sectionId: section ? topic.sections.find((s) => s.name === section)!.id : null,
    };
  };
  const publish = async (input: ItemInput) => {
    const item = await createItem(ctx, actor, { ...input, isSample: true });
    await submitItem(ctx, actor, item.id);
    await reviewItem(ctx, actor, item.id);
    await clearItem(ctx, actor, item.id);
    return publishItem(ctx, actor, item.id);
  };
  const sample = '<p>（本文为演示数据，非真实发文。）</p>';

  const policy = await publish({
    kind: 'policy',
    title: '红谷滩区关于进一步优化营商环境的若干措施（演示）',
    docNumber: '红府办发〔2022〕40号',
    orgId: office,
    source: 'original',
    formationDate: shanghaiDay(ctx, -5),
    columnIds: [c('zcwj'), c('fdzdgk-fgwj')],
    topics: [t('yshj', '惠企政策')],
    body: `${sample}<p>为深入实施营商环境“一号改革工程”，进一步激发市场主体活力，结合我区实际，制定如下措施。</p><h2>一、提升政务服务效能</h2><p>全面推行“一网通办”“一次不跑”，企业开办时间压缩至 1 个工作日以内。</p><h2>二、降低企业经营成本</h2><p>落实减税降费政策，清理规范涉企收费。</p>`,
  });
  await publish({
    kind: 'interpretation',
    title: '《红谷滩区关于进一步优化营商环境的若干措施》政策解读（演示）',
    orgId: office,
    source: 'original',
    formationDate: shanghaiDay(ctx, -5),
    columnIds: [c('zcjd')],
    topics: [t('yshj', '政策解读')],
    interprets: [policy.id],
    interpForm: 'text',
    interpPoints: {
      background: '国务院和省、市关于持续优化营商环境的部署，以及我区营商环境“一号改革工程”的要求。',
      purpose: '进一步降低制度性交易成本，激发市场主体活力。',
      measures: '提升政务服务效能、降低企业经营成本、强化要素保障等三方面措施。',
      differences: '与原措施相比，企业开办时间由 3 个工作日压缩至 1 个工作日以内。',
      scope: '在红谷滩区注册登记的各类市场主体。',
      standards: '各责任单位按职责分工抓好落实，区发改委牵头督促检查。',
      benefits: '符合条件的企业可在区政务服务中心“惠企政策兑现”窗口申请，免于提交重复材料。',
    },
    body: `${sample}<p>为便于社会公众和市场主体理解有关措施，现解读如下。</p>`,
  });
  await publish({
    kind: 'data',
    title: '红谷滩区行政事业性收费目录清单（2022年，演示）',
    orgId: org('区财政局'),
    source: 'original',
    formationDate: shanghaiDay(ctx, -3),
    columnIds: [c('fdzdgk-sfxm')],
    topics: [t('jsjf', '政策文件')],
    body: `${sample}<p>根据省、市公布的行政事业性收费目录清单，现将我区执行的收费项目公布如下。</p>`,
    dataTable: {
      columns: ['序号', '执收单位', '项目名称', '收费依据', '收费标准'],
      rows: [
        [
          '1',
          '区住建局（演示）',
          '不动产登记费',
          '发改价格规〔2016〕2559号',
          '住宅 80 元/件；非住宅 550 元/件',
        ],
        ['2', '区市场监管局（演示）', '特种设备检验检测费', '赣发改收费〔2018〕等', '按省定标准执行'],
        ['3', '区资规分局（演示）', '土地复垦费', '《土地复垦条例》', '按省定标准执行'],
      ],
    },
  });
  await publish({
    kind: 'article',
    title: '区政务公开办召开2022年政务公开工作推进会（演示）',
    orgId: office,
    source: 'original',
    formationDate: shanghaiDay(ctx, -1),
    columnIds: [c('zwdt')],
    topics: [],
    body: `${sample}<p>会议传达了全省政务公开工作会议精神，部署了 2022 年政务公开工作要点和任务台账，要求各单位按时完成。</p>`,
  });
  await publish({
    kind: 'notice',
    title: '关于2022年第一季度财政直达资金分配情况的公示（演示）',
    orgId: org('区财政局'),
    source: 'original',
    formationDate: shanghaiDay(ctx, -2),
    columnIds: [c('czzjzdjc'), c('fdzdgk-czyjs')],
    topics: [t('czzj', '资金分配')],
    body: `${sample}<p>现将 2022 年第一季度中央和省级财政直达资金在我区的分配情况予以公示，公示期 7 天。</p>`,
  });
  await publish({
    kind: 'article',
    title: '江西省持续推进数字经济做优做强“一号发展工程”（转载，演示）',
    orgId: org('区科工局'),
    source: 'reposted',
    origin: '江西省人民政府网站',
    formationDate: shanghaiDay(ctx, -2),
    columnIds: [c('szjj'), c('zwdt')],
    topics: [t('szjj', '工作动态')],
    body: `${sample}<p>全省数字经济发展大会部署推进数字经济做优做强“一号发展工程”。</p>`,
  });
  await publish({
    kind: 'article',
    title: '红谷滩区人民政府信息公开指南（演示）',
    orgId: office,
    source: 'original',
    columnIds: [c('xxgk-gkzn')],
    topics: [],
    body: `${sample}<h2>一、主动公开</h2><p>主动公开的政府信息通过本网站“政府信息公开”专栏发布。</p><h2>二、依申请公开</h2><p>公民、法人或者其他组织可以向区人民政府办公室提出政府信息公开申请。</p>`,
  });
  await seedCorpus(ctx, columns, topics);
}

/** A Shanghai date `days` from the clock's today. */
function shanghaiDay(ctx: AppContext, days: number): string {
  const d = new Date(ctx.clock.now().getTime() + 8 * 3600_000 + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/**
 * The search module's demo corpus (src/seed/corpus.ts), when present, published through the same
 * workflow so that the portal and the search index hold realistic articles.
 */
async function seedCorpus(
  ctx: AppContext,
  columns: Awaited<ReturnType<typeof listColumns>>,
  topics: Awaited<ReturnType<typeof listTopics>>,
): Promise<void> {
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const keyToId = new Map<string, number>();
  // Documents before their interpretations, so the links resolve.
  const ordered = [...CORPUS].sort(
    (a, b) => Number(a.kind === 'interpretation') - Number(b.kind === 'interpretation'),
  );
  for (const doc of ordered) {
    const orgId =
      orgs.find((o) => o.shortName === doc.org)?.id ?? orgs.find((o) => o.shortName === '区政府办公室')!.id;
    const slug = CORPUS_COLUMNS[doc.column];
    const columnId =
      columns.find((c) => c.slug === slug)?.id ??
      columns.find((c) => c.name === doc.column)?.id ??
      columns.find((c) => c.slug === 'zwdt')!.id;
    const section =
      doc.kind === 'policy' ? '政策文件' : doc.kind === 'interpretation' ? '政策解读' : '工作动态';
    const itemTopics = doc.topics
      .map((name) => topics.find((t) => t.slug === CORPUS_TOPICS[name]))
      .filter((t): t is NonNullable<typeof t> => !!t)
      .map((t) => ({ topicId: t.id, sectionId: t.sections.find((s) => s.name === section)?.id ?? null }));
    // Published on the corpus's date (10:00 Beijing time), through the ordinary use cases.
    const at = new Date(`${doc.publishedOn}T10:00:00+08:00`);
    const dated: AppContext = { ...ctx, clock: { now: () => at } };
    const interprets = doc.interprets && keyToId.has(doc.interprets) ? [keyToId.get(doc.interprets)!] : [];
    try {
      const item = await createItem(dated, actor, {
        kind: doc.kind,
        title: doc.title,
        body: doc.body,
        orgId,
        source: doc.source === '转载' ? 'reposted' : 'original',
        origin: doc.source === '转载' ? '江西省人民政府网站' : null,
        formationDate: addDays(doc.publishedOn, -3),
        docNumber: doc.docNumber ?? null,
        columnIds: [columnId],
        topics: itemTopics,
        interprets: doc.kind === 'interpretation' ? interprets : [],
        interpForm: doc.kind === 'interpretation' ? (doc.title.includes('一图') ? 'graphic' : 'text') : null,
        dataTable: doc.kind === 'data' ? (doc.table ?? { columns: ['说明'], rows: [] }) : null,
        isSample: true,
      });
      await submitItem(dated, actor, item.id);
      await reviewItem(dated, actor, item.id);
      await clearItem(dated, actor, item.id);
      await publishItem(dated, actor, item.id);
      keyToId.set(doc.key, item.id);
    } catch (err) {
      // A corpus item the gate blocks stays unpublished; the seed goes on and says which.
      ctx.log.warn({ err, key: doc.key }, '演示语料未能发布');
    }
  }
}
