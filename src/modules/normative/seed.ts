/**
 * Demo data: a sample library of the demo district's normative documents, 2018–2022 (and, started later, revisions in force today), across the district
 * government, 区政府办公室 and departments — some amended, repealed, expired or renewed, most with
 * interpretations. Every document and interpretation is flagged sample (is_sample) and says so on
 * the page: the 文号 and titles are realistic but invented.
 */
import { systemActor, type AppContext } from '../../context.ts';
import { addDays, shanghaiDate } from '../../lib/time.ts';
import { findOrgByName, listPublicOrgs } from '../org/service.ts';
import type { InterpretationForm, KeyPoint } from './model.ts';
import {
  addInterpretation,
  addSupersedes,
  changeStatus,
  registerExistingDocument,
  renewDocument,
  runExpiry,
} from './service.ts';

type Sample = [
  orgShort: string,
  agency: string,
  year: number,
  seq: number,
  title: string,
  subject: string,
  effectiveOn: string,
  interp?: 'sync' | 'late' | 'briefing' | 'none',
];

const SAMPLES: Sample[] = [
  [
    '红谷滩区',
    '红府发',
    2018,
    12,
    '红谷滩区促进总部经济发展若干政策',
    '国民经济管理、国有资产监管',
    '2018-05-01',
    'sync',
  ],
  [
    '红谷滩区',
    '红府发',
    2018,
    27,
    '红谷滩区城市市容和环境卫生管理规定',
    '城乡建设、环境保护',
    '2018-08-01',
    'late',
  ],
  ['区政府办公室', '红府办发', 2018, 45, '红谷滩区政府信息公开工作规程', '综合政务', '2018-10-01', 'sync'],
  [
    '区人社局',
    '红人社字',
    2018,
    8,
    '红谷滩区就业困难人员认定暂行办法',
    '劳动、人事、监察',
    '2018-12-01',
    'none',
  ],
  [
    '区财政局',
    '红财字',
    2019,
    3,
    '红谷滩区区级财政专项资金管理办法',
    '财政、金融、审计',
    '2019-03-01',
    'sync',
  ],
  [
    '红谷滩区',
    '红府发',
    2019,
    9,
    '红谷滩区支持楼宇经济发展实施办法（试行）',
    '商贸、海关、旅游',
    '2019-04-15',
    'sync',
  ],
  [
    '区市场监管局',
    '红市监字',
    2019,
    21,
    '红谷滩区食品小作坊登记管理暂行办法',
    '市场监管、安全生产监管',
    '2019-06-01',
    'late',
  ],
  [
    '区住建局',
    '红住建字',
    2019,
    14,
    '红谷滩区老旧小区改造项目管理办法',
    '城乡建设、环境保护',
    '2019-07-01',
    'sync',
  ],
  [
    '区政府办公室',
    '红府办发',
    2019,
    66,
    '红谷滩区重大行政决策程序规定',
    '综合政务',
    '2019-09-01',
    'briefing',
  ],
  [
    '区发改委',
    '红发改字',
    2019,
    33,
    '红谷滩区政府投资项目管理办法',
    '国民经济管理、国有资产监管',
    '2019-10-01',
    'sync',
  ],
  ['区卫健委', '红卫健字', 2020, 5, '红谷滩区家庭医生签约服务实施办法', '卫生、体育', '2020-01-01', 'sync'],
  [
    '红谷滩区',
    '红府发',
    2020,
    11,
    '红谷滩区应对疫情支持中小企业共渡难关若干措施',
    '国民经济管理、国有资产监管',
    '2020-02-15',
    'briefing',
  ],
  [
    '区科工局',
    '红科工字',
    2020,
    17,
    '红谷滩区科技创新券管理办法（试行）',
    '科技、教育',
    '2020-05-01',
    'sync',
  ],
  [
    '区商务局',
    '红商务字',
    2020,
    9,
    '红谷滩区促进夜间经济发展扶持办法',
    '商贸、海关、旅游',
    '2020-06-01',
    'late',
  ],
  ['区政府办公室', '红府办发', 2020, 38, '红谷滩区行政规范性文件管理办法', '综合政务', '2020-07-01', 'sync'],
  [
    '区农业农村局',
    '红农字',
    2020,
    6,
    '红谷滩区农村人居环境整治奖补办法',
    '农业、林业、水利',
    '2020-08-01',
    'sync',
  ],
  [
    '区生态环境局',
    '红环字',
    2020,
    12,
    '红谷滩区扬尘污染防治管理办法',
    '城乡建设、环境保护',
    '2020-09-01',
    'none',
  ],
  [
    '红谷滩区',
    '红府发',
    2020,
    31,
    '红谷滩区人才引进和培养暂行办法',
    '劳动、人事、监察',
    '2020-10-01',
    'sync',
  ],
  [
    '区应急管理局',
    '红应急字',
    2021,
    4,
    '红谷滩区安全生产约谈办法',
    '市场监管、安全生产监管',
    '2021-01-01',
    'sync',
  ],
  [
    '区财政局',
    '红财字',
    2021,
    15,
    '红谷滩区政府采购内部控制管理办法',
    '财政、金融、审计',
    '2021-03-01',
    'sync',
  ],
  ['红谷滩区', '红府发', 2021, 8, '红谷滩区促进数字经济发展若干措施', '工业、交通', '2021-04-01', 'briefing'],
  [
    '区政府办公室',
    '红府办发',
    2021,
    22,
    '红谷滩区政务服务“好差评”管理办法',
    '综合政务',
    '2021-05-01',
    'sync',
  ],
  [
    '区住建局',
    '红住建字',
    2021,
    19,
    '红谷滩区住宅小区物业服务考核办法',
    '城乡建设、环境保护',
    '2021-06-01',
    'late',
  ],
  [
    '区人社局',
    '红人社字',
    2021,
    27,
    '红谷滩区就业困难人员认定管理办法',
    '劳动、人事、监察',
    '2021-07-01',
    'sync',
  ],
  [
    '区市场监管局',
    '红市监字',
    2021,
    30,
    '红谷滩区食品小作坊登记管理办法',
    '市场监管、安全生产监管',
    '2021-08-01',
    'sync',
  ],
  [
    '红谷滩区',
    '红府发',
    2021,
    40,
    '红谷滩区关于修改《红谷滩区促进总部经济发展若干政策》的决定',
    '国民经济管理、国有资产监管',
    '2021-09-01',
    'sync',
  ],
  [
    '区发改委',
    '红发改字',
    2022,
    5,
    '红谷滩区优化营商环境若干措施',
    '国民经济管理、国有资产监管',
    '2022-01-15',
    'sync',
  ],
  ['区政府办公室', '红府办发', 2022, 6, '红谷滩区城市管理办法', '城乡建设、环境保护', '2022-01-20', 'sync'],
  ['区科工局', '红科工字', 2022, 3, '红谷滩区支持企业数字化转型奖补办法', '工业、交通', '2022-02-01', 'sync'],
  ['区卫健委', '红卫健字', 2022, 7, '红谷滩区托育机构管理暂行办法', '卫生、体育', '2022-02-10', 'none'],
  [
    '红谷滩区',
    '红府发',
    2022,
    9,
    '红谷滩区财政资金直达基层管理办法',
    '财政、金融、审计',
    '2022-02-20',
    'sync',
  ],
  [
    '区商务局',
    '红商务字',
    2022,
    4,
    '红谷滩区促进消费扶持办法（试行）',
    '商贸、海关、旅游',
    '2022-02-25',
    'late',
  ],
];

const docNumber = (s: Sample) => `${s[1]}〔${s[2]}〕${s[3]}号`;

/** Publication a few days after writing, effect on the effective date (publication never after it). */
function dates(s: Sample) {
  const eff = s[6];
  const pub = new Date(Date.parse(`${eff}T00:00:00Z`) - 10 * 86400_000).toISOString().slice(0, 10);
  const written = new Date(Date.parse(`${eff}T00:00:00Z`) - 20 * 86400_000).toISOString().slice(0, 10);
  return { written, pub, eff };
}

function sampleBody(s: Sample, orgName: string): string {
  return [
    '（演示数据：本文件为系统演示用的样例，不是真实文件。）',
    `第一条　为规范和促进相关工作，结合本区实际，制定本办法。`,
    `第二条　本办法适用于红谷滩区行政区域内的相关管理和服务活动。`,
    `第三条　${orgName}负责本办法的组织实施，各有关单位按照职责分工做好相关工作。`,
    '第四条　符合条件的申请人可按规定提交申请，有关部门应当在规定时限内办理并公开办理结果。',
    '第五条　本办法由制发机关负责解释，自施行之日起施行。',
  ].join('\n');
}

export async function seedNormativeDemo(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const org = (short: string) => findOrgByName(orgs, short);
  const ids = new Map<string, number>();
  for (const s of SAMPLES) {
    const o = org(s[0]);
    if (!o) continue;
    const { written, pub, eff } = dates(s);
    // 红府发〔2021〕8号 is issued jointly with 区科工局 (联合发文).
    const joint =
      s[1] === '红府发' && s[2] === 2021 && s[3] === 8
        ? [org('区科工局')?.id].filter((x): x is number => !!x)
        : [];
    const doc = await registerExistingDocument(ctx, actor, {
      docNumber: docNumber(s),
      title: s[4],
      orgIds: [o.id, ...joint],
      writtenOn: written,
      publishedOn: pub,
      effectiveOn: eff,
      subject: s[5],
      body: sampleBody(s, o.name),
      inLibrary: true,
      isSample: true,
      registrationNumber:
        s[0] === '红谷滩区' ? `赣规备〔${s[2]}〕${String(s[3]).padStart(3, '0')}号（演示）` : null,
    });
    ids.set(docNumber(s), doc.id);
    const kind = s[7] ?? 'sync';
    if (kind === 'none') continue;
    const form: InterpretationForm = kind === 'briefing' ? 'briefing' : s[3] % 3 === 0 ? 'graphic' : 'text';
    const points: KeyPoint[] =
      s[3] % 2 === 0
        ? ['background', 'purpose', 'measures', 'differences', 'scope', 'standards', 'benefits']
        : ['background', 'purpose', 'measures', 'scope', 'benefits'];
    const interpOn =
      kind === 'late'
        ? new Date(Date.parse(`${pub}T00:00:00Z`) + 15 * 86400_000).toISOString().slice(0, 10)
        : pub;
    await addInterpretation(ctx, actor, {
      documentId: doc.id,
      title:
        kind === 'briefing'
          ? `《${s[4]}》新闻吹风会`
          : `一图读懂《${s[4]}》`.replace(/^一图读懂/, form === 'graphic' ? '一图读懂' : '解读：'),
      url: kind === 'briefing' ? null : `/gfxwj/${doc.id}#sec-interp`,
      form,
      publishedOn: interpOn,
      keyPoints: points,
      briefing:
        kind === 'briefing'
          ? {
              date: interpOn,
              topic: `${s[4]}政策解读`,
              speakers: `${o.shortName}主要负责同志（演示）`,
              link: `/gfxwj/${doc.id}#sec-interp`,
            }
          : null,
      isSample: true,
    });
  }
  const id = (n: string) => ids.get(n);
  // Amended, then repealed and replaced.
  const hq = id('红府发〔2018〕12号');
  if (hq)
    await changeStatus(ctx, actor, hq, {
      kind: 'amended',
      effectiveOn: '2021-09-01',
      byDocNumber: '红府发〔2021〕40号',
      articles: '第三条、第七条',
    });
  const city = id('红府发〔2018〕27号');
  if (city) {
    await changeStatus(ctx, actor, city, {
      kind: 'amended',
      effectiveOn: '2019-06-01',
      byDocNumber: '红府发〔2019〕20号',
      articles: '第十二条',
      note: '修改文件未收录入本库（演示）',
    });
    await changeStatus(ctx, actor, city, {
      kind: 'repealed',
      effectiveOn: '2022-01-20',
      byDocNumber: '红府办发〔2022〕6号',
    });
  }
  // The 暂行 food rules expired after two years; the permanent rules replace them.
  const foodNew = id('红市监字〔2021〕30号');
  if (foodNew) await addSupersedes(ctx, actor, foodNew, '红市监字〔2019〕21号');
  const jobs = id('红人社字〔2018〕8号');
  const jobsNew = id('红人社字〔2021〕27号');
  if (jobs && jobsNew) await addSupersedes(ctx, actor, jobsNew, '红人社字〔2018〕8号');
  const gov = id('红府办发〔2018〕45号');
  if (gov)
    await changeStatus(ctx, actor, gov, {
      kind: 'repealed',
      effectiveOn: '2020-07-01',
      byDocNumber: '红府办发〔2020〕38号',
    });
  // A 试行 document renewed after evaluation.
  const tech = id('红科工字〔2020〕17号');
  if (tech) await renewDocument(ctx, actor, tech, { years: 3, note: '评估后继续执行，延续 3 年（演示）' });
  await seedCurrentDocuments(ctx, ids);
  // Documents past their period (暂行 2018, 试行 2019 …) get their 已失效 row now.
  await runExpiry(ctx, ctx.clock.now());
}

/**
 * Started after 2022, the library also holds the documents in force today: the 2021–2022 samples
 * revised (暂行 and 试行 dropped) over the last two years, each replacing the one it revises — so a
 * demo started in any later year shows a current library, not one where everything has lapsed.
 */
async function seedCurrentDocuments(ctx: AppContext, ids: Map<string, number>): Promise<void> {
  const today = shanghaiDate(ctx.clock.now());
  const year = Number(today.slice(0, 4));
  if (year <= 2022) return;
  const actor = systemActor('demo-seed');
  const orgs = await listPublicOrgs(ctx.db);
  const revised = SAMPLES.filter((s) => s[2] >= 2021 && ids.has(docNumber(s)));
  let n = 0;
  for (const s of revised) {
    const o = findOrgByName(orgs, s[0]);
    if (!o) continue;
    n++;
    const eff = addDays(today, -(n * 45 + 20));
    const issued = Number(eff.slice(0, 4));
    const number = `${s[1]}〔${issued}〕${s[3] + 50}号`;
    const title = s[4].replace(/（试行）|暂行/g, '');
    const doc = await registerExistingDocument(ctx, actor, {
      docNumber: number,
      title,
      orgIds: [o.id],
      writtenOn: addDays(eff, -20),
      publishedOn: addDays(eff, -10),
      effectiveOn: eff,
      subject: s[5],
      body: sampleBody(s, o.name),
      inLibrary: true,
      isSample: true,
      registrationNumber: null,
    });
    await addSupersedes(ctx, actor, doc.id, docNumber(s));
    await addInterpretation(ctx, actor, {
      documentId: doc.id,
      title: `解读：《${title}》`,
      url: `/gfxwj/${doc.id}#sec-interp`,
      form: 'text',
      publishedOn: addDays(eff, -10),
      keyPoints: ['background', 'purpose', 'measures', 'scope', 'benefits'],
      briefing: null,
      isSample: true,
    });
  }
}
