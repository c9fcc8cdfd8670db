/**
 * The standard 政府信息公开 columns every office's site has (国办公开办函〔2019〕61号 and
 * 条例第二十条): 公开指南, 公开制度, 法定主动公开内容 item by item, 公开年报, 依申请公开. Setup
 * creates them empty for a new office; the demo seed creates the same ones and fills them.
 */
import type { Actor, AppContext } from '../../context.ts';
import type { ColumnKind } from './model.ts';
import type { Column } from './model.ts';
import { createColumn } from './service/structure.ts';

/** 条例第二十条: the 15 kinds of information every 行政机关 discloses proactively. [slug, name, kind] */
export const ARTICLE_20_ITEMS: [string, string, ColumnKind][] = [
  ['fdzdgk-fgwj', '行政法规、规章和规范性文件', 'policy'],
  ['fdzdgk-jgzn', '机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名', 'guide'],
  ['fdzdgk-ghxx', '国民经济和社会发展规划、专项规划、区域规划及相关政策', 'policy'],
  ['fdzdgk-tjxx', '国民经济和社会发展统计信息', 'data'],
  ['fdzdgk-xzxk', '办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果', 'notice'],
  [
    'fdzdgk-xzcf',
    '实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定',
    'notice',
  ],
  ['fdzdgk-czyjs', '财政预算、决算信息', 'data'],
  ['fdzdgk-sfxm', '行政事业性收费项目及其依据、标准', 'data'],
  ['fdzdgk-zfcg', '政府集中采购项目的目录、标准及实施情况', 'notice'],
  ['fdzdgk-zdxm', '重大建设项目的批准和实施情况', 'notice'],
  ['fdzdgk-msbz', '扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况', 'policy'],
  ['fdzdgk-yjya', '突发公共事件的应急预案、预警信息及应对情况', 'notice'],
  ['fdzdgk-jdjc', '环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况', 'notice'],
  ['fdzdgk-gwyzk', '公务员招考的职位、名额、报考条件等事项以及录用结果', 'notice'],
  ['fdzdgk-qtxx', '法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息', 'other'],
];

/** Creates the 政府信息公开 column tree, owned by `orgId` (the 政务公开 office); returns the columns made. */
export async function createStandardColumns(
  ctx: AppContext,
  actor: Actor,
  orgId: number,
  siteName: string,
): Promise<Column[]> {
  const made: Column[] = [];
  const col = async (
    name: string,
    slug: string,
    kind: ColumnKind,
    parentId: number | null,
    sortOrder: number,
    description = '',
  ) => {
    const c = await createColumn(ctx, actor, { name, slug, kind, parentId, orgId, sortOrder, description });
    made.push(c);
    return c;
  };
  const xxgk = await col(
    '政府信息公开',
    'xxgk',
    'guide',
    null,
    0,
    `${siteName}信息公开平台：公开指南、公开制度、法定主动公开内容、公开年报和依申请公开。`,
  );
  await col('政府信息公开指南', 'xxgk-gkzn', 'guide', xxgk.id, 1);
  await col('政府信息公开制度', 'xxgk-gkzd', 'guide', xxgk.id, 2);
  const fdzd = await col(
    '法定主动公开内容',
    'xxgk-fdzdgknr',
    'guide',
    xxgk.id,
    3,
    '《中华人民共和国政府信息公开条例》第二十条规定应当主动公开的政府信息。',
  );
  let i = 1;
  for (const [slug, name, kind] of ARTICLE_20_ITEMS) await col(name, slug, kind, fdzd.id, i++);
  await col('政府信息公开年报', 'xxgk-gknb', 'report', xxgk.id, 4);
  await col('依申请公开', 'xxgk-ysqgk', 'guide', xxgk.id, 5, '申请获取政府信息的方式、流程和表格。');
  return made;
}
