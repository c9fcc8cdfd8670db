/**
 * Demo data: the district templates from the data files; villages and communities under 沙井街办 and
 * 卫东街办 (sample orgs); a catalogue for every township and village for the clock's year; 沙井街办's
 * own columns mapped to its entries, a few sample items published through the content workflow (one
 * on time, one late), offline postings with a photo, and the pilot report linked to ledger task 13.
 */
import { systemActor, type AppContext } from '../../context.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import {
  clearItem,
  createColumn,
  createItem,
  publishItem,
  reviewItem,
  submitItem,
  type ItemInput,
} from '../content/service.ts';
import { isGrassroots } from '../org/model.ts';
import { createOrg, listPublicOrgs } from '../org/service.ts';
import { attachPilotReport } from './pilot.ts';
import {
  createCatalogue,
  getCatalogue,
  loadTemplateSets,
  recordPosting,
  setEntryMapping,
} from './service.ts';

/** Publishes an item through the ordinary workflow as if on a Beijing date (10:00). */
export async function publishOnDate(ctx: AppContext, date: string, input: ItemInput) {
  const actor = systemActor('demo-seed');
  const dated: AppContext = { ...ctx, clock: { now: () => new Date(`${date}T10:00:00+08:00`) } };
  const item = await createItem(dated, actor, input);
  await submitItem(dated, actor, item.id);
  await reviewItem(dated, actor, item.id);
  await clearItem(dated, actor, item.id);
  return publishItem(dated, actor, item.id);
}

/** A 1×1 PNG standing in for a photo of a notice board (sample data). */
export const SAMPLE_PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Sample villages and communities: [name, short name, parent township]. Not real committees. */
const SAMPLE_COMMUNITIES: [string, string, string][] = [
  ['沙井街道演示村村民委员会（演示）', '沙井演示村', '沙井街办'],
  ['沙井街道演示社区居民委员会（演示）', '沙井演示社区', '沙井街办'],
  ['卫东街道演示社区居民委员会（演示）', '卫东演示社区', '卫东街办'],
];

export async function seedCatalogue(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  await loadTemplateSets(ctx, actor);
  let orgs = await listPublicOrgs(ctx.db);
  const byShort = (s: string) => orgs.find((o) => o.shortName === s)!;
  let i = 0;
  for (const [name, short, parent] of SAMPLE_COMMUNITIES) {
    await createOrg(ctx, actor, {
      name,
      shortName: short,
      code: `DEMOHGT2${String(++i).padStart(2, '0')}`,
      kind: 'community',
      parentId: byShort(parent).id,
      sortOrder: i,
      isSample: true,
    });
  }
  orgs = await listPublicOrgs(ctx.db);
  const today = shanghaiDate(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  const sj = byShort('沙井街办');
  const catalogues = new Map<number, number>();
  for (const o of orgs.filter((x) => isGrassroots(x.kind) || x.kind === 'community')) {
    const domains = o.id === sj.id ? ['社会救助', '养老服务', '财政预决算（演示）'] : undefined;
    const c = await createCatalogue(ctx, actor, { orgId: o.id, year, domains, isSample: true });
    catalogues.set(o.id, c.id);
  }

  // 沙井街办's own columns: one per domain, one per entry below it (as 标准目录 columns are usually built).
  const parent = await createColumn(ctx, actor, {
    name: '沙井街办信息公开',
    slug: 'sj-xxgk',
    kind: 'guide',
    parentId: null,
    orgId: sj.id,
    sortOrder: 20,
    description: '沙井街道办事处基层政务公开标准目录对应栏目（演示）。',
  });
  const sjCatalogue = await getCatalogue(ctx, actor, catalogues.get(sj.id)!);
  const domainColumn = new Map<string, number>();
  const columnOf = new Map<string, number>();
  let n = 0;
  for (const e of sjCatalogue.entries) {
    if (!domainColumn.has(e.domain)) {
      const d = await createColumn(ctx, actor, {
        name: e.domain,
        slug: `sj-d${domainColumn.size + 1}`,
        kind: 'notice',
        parentId: parent.id,
        orgId: sj.id,
        sortOrder: domainColumn.size + 1,
        description: '',
      });
      domainColumn.set(e.domain, d.id);
    }
    const c = await createColumn(ctx, actor, {
      name: `${e.item1}${e.item2 ? `·${e.item2}` : ''}`,
      slug: `sj-e${++n}`,
      kind: e.timeLimit.includes('季度') ? 'data' : 'notice',
      parentId: domainColumn.get(e.domain)!,
      orgId: sj.id,
      sortOrder: n,
      description: `对应标准目录“${e.domain}”领域事项。`,
    });
    columnOf.set(`${e.domain}/${e.item1}/${e.item2}`, c.id);
    await setEntryMapping(ctx, actor, e.id, { columnIds: [c.id], itemKinds: [] });
  }
  const column = (domain: string, item1: string, item2: string) =>
    columnOf.get(`${domain}/${item1}/${item2}`)!;

  // Sample items published through the workflow on past dates: the publish hook credits the entries.
  const day = (n: number) => addDays(today, -n);
  const samples: [number, number, string, string, string, string][] = [
    [40, 45, '沙井街道最低生活保障办事指南（演示）', '社会救助', '最低生活保障', '办事指南'],
    [10, 60, '沙井街道临时救助办事指南（演示，逾期发布）', '社会救助', '临时救助', '办事指南'],
    [30, 33, '沙井街道老年人补贴办事指南（演示）', '养老服务', '养老服务业务办理', '老年人补贴'],
    [35, 38, '沙井街道社会救助政策文件汇编（演示）', '社会救助', '综合业务', '政策法规文件'],
  ];
  for (const [published, formed, title, domain, item1, item2] of samples) {
    await publishOnDate(ctx, day(published), {
      kind: 'notice',
      title,
      body: '<p>（本文为演示数据，非真实发文。）</p>',
      orgId: sj.id,
      source: 'original',
      formationDate: day(formed),
      columnIds: [column(domain, item1, item2)],
      topics: [],
      isSample: true,
    });
  }

  // Offline postings in the villages: the board photo and the date.
  for (const o of orgs.filter((x) => x.kind === 'community' && x.parentId === sj.id)) {
    const c = await getCatalogue(ctx, actor, catalogues.get(o.id)!);
    const entry = c.entries.find((e) => e.item1 === '资金物资') ?? c.entries[0];
    await recordPosting(ctx, actor, entry.id, {
      channel: o.shortName.includes('社区') ? '居务公开栏' : '村务公开栏',
      title: '救灾救助、补贴补助资金物资管理使用情况（演示）',
      postedOn: day(20),
      formedOn: day(25),
      photo: { fileName: '公开栏照片.png', data: SAMPLE_PHOTO },
      isSample: true,
    });
  }

  // 十县百乡: the pilot report as evidence of ledger task 13, when the year has that plan.
  await attachPilotReport(ctx, actor, sjCatalogue.id).catch((e) =>
    ctx.log.info({ err: e }, '演示：本年度没有可关联的任务台账，跳过建设情况报告佐证'),
  );
}
