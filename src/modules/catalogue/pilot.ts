/**
 * The pilot report (基层政务公开标准化规范化“十县百乡”建设情况, 赣府公开办字〔2021〕7号; seed plan (二)6 and
 * ledger task 13): the catalogue, coverage and timeliness, participation (public consultations),
 * the extension to villages and communities, problems and improvements — as DOCX in the official
 * document style the annual report uses, and linked as evidence to the ledger task.
 */
import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Actor, AppContext } from '../../context.ts';
import { badRequest, notFound } from '../../errors.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { listPublicConsultations } from '../consultation/service.ts';
import { addEvidence, listPlans, listTasks, type Evidence } from '../ledger/service.ts';
import { percent } from '../content/model.ts';
import { ENTRY_STATES, TIMELINESS } from './model.ts';
import { computeCoverage, getCatalogue, getPublicCatalogue, type CatalogueCoverage } from './service.ts';
import { selectCatalogue, selectPostings } from './store.ts';

const FANGSONG = { ascii: '仿宋_GB2312', eastAsia: '仿宋_GB2312', hAnsi: '仿宋_GB2312' };
const HEITI = { ascii: '黑体', eastAsia: '黑体', hAnsi: '黑体' };
const body = (text: string) =>
  new Paragraph({
    indent: { firstLine: 640 },
    spacing: { line: 560 },
    children: [new TextRun({ text, font: FANGSONG, size: 32 })],
  });
const heading = (text: string) =>
  new Paragraph({
    spacing: { before: 200, after: 100 },
    children: [new TextRun({ text, font: HEITI, size: 32 })],
  });
const cell = (text: string, header = false) =>
  new TableCell({
    children: [
      new Paragraph({
        alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
        children: [new TextRun({ text, font: header ? HEITI : FANGSONG, size: 21 })],
      }),
    ],
  });
const table = (head: string[], rows: string[][]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((t) => cell(t)) })),
    ],
  });

/** What the report says, computed from the data (also shown on the back-office page). */
export interface PilotReport {
  title: string;
  coverage: CatalogueCoverage;
  villages: { name: string; entries: number; postings: number; rate: number | null }[];
  consultations: { title: string; period: string; comments: number; feedback: boolean }[];
  improvements: string[];
}

export async function buildPilotReport(ctx: AppContext, catalogueId: number): Promise<PilotReport> {
  const today = shanghaiDate(ctx.clock.now());
  const pub = await getPublicCatalogue(ctx.db, catalogueId, today);
  if (pub.catalogue.scope !== 'township') throw badRequest('建设情况报告只为乡镇（街道、管理处）的目录生成');
  const villages = [];
  for (const v of pub.villages) {
    const cov = await computeCoverage(ctx.db, v, today);
    villages.push({
      name: v.orgName,
      entries: cov.entries.length,
      postings: (await selectPostings(ctx.db, { entryIds: cov.entries.map((e) => e.entry.id) })).length,
      rate: cov.total.rate,
    });
  }
  const consultations = (await listPublicConsultations(ctx))
    .filter((c) => c.orgId === pub.catalogue.orgId && c.startDate.startsWith(String(pub.catalogue.year)))
    .map((c) => ({
      title: c.title,
      period: `${c.startDate} 至 ${c.endDate}`,
      comments: c.commentCount,
      feedback: !!c.feedbackPublishedAt,
    }));
  const improvements = [
    ...pub.gaps.map(
      (g) =>
        `${g.entry.domain}“${g.entry.item1}${g.entry.item2 ? `·${g.entry.item2}` : ''}”：${ENTRY_STATES[g.status.state]}，下一步：${g.status.dueText}`,
    ),
    ...pub.entries
      .filter((e) => e.status.timeliness === 'late')
      .map(
        (e) =>
          `${e.entry.domain}“${e.entry.item1}${e.entry.item2 ? `·${e.entry.item2}` : ''}”存在逾期公开，需在公开时限（${e.entry.timeLimit}）内发布`,
      ),
    ...pub.unreadableLimits.map(
      (e) =>
        `${e.entry.domain}“${e.entry.item1}”的公开时限“${e.entry.timeLimit}”表述不明确，建议明确为可核查的期限`,
    ),
  ];
  return {
    title: `${pub.orgName}基层政务公开标准化规范化“十县百乡”建设情况报告（${pub.catalogue.year}年）`,
    coverage: pub,
    villages,
    consultations,
    improvements,
  };
}

export async function pilotReportDocx(r: PilotReport): Promise<Buffer> {
  const c = r.coverage;
  const own = c.entries.filter((e) => e.entry.templateEntryId == null).length;
  const online = c.entries.reduce(
    (n, e) => n + e.status.publications.filter((p) => p.source === 'online').length,
    0,
  );
  const offline = c.entries.reduce(
    (n, e) => n + e.status.publications.filter((p) => p.source === 'offline').length,
    0,
  );
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [
        new TextRun({
          text: r.title,
          font: { ascii: '方正小标宋简体', eastAsia: '方正小标宋简体', hAnsi: '方正小标宋简体' },
          size: 44,
        }),
      ],
    }),
    body(
      `根据《江西省人民政府政务公开办公室关于印发基层政务公开标准化规范化“十县百乡”建设方案的通知》（赣府公开办字〔2021〕7号）要求，现将本单位${c.catalogue.year}年建设情况报告如下（数据截至 ${c.today}，由系统根据目录和公开记录自动统计）。`,
    ),
    heading('一、优化政务公开标准目录'),
    body(
      `本单位以全区统一的领域模板为基础编制《${c.catalogue.title}》，涵盖${c.domains.map((d) => d.domain).join('、')}等 ${c.domains.length} 个领域、${c.entries.length} 个公开事项，其中结合本地实际增补事项 ${own} 个。每个事项明确公开内容、公开依据、公开时限、公开主体、公开渠道和载体、公开对象、公开方式和公开层级。`,
    ),
    table(
      ['领域', '事项数', '应公开', '已公开', '其中逾期', '未公开', '覆盖率'],
      [...c.domains, c.total].map((d) => [
        d.domain,
        String(d.entries),
        String(d.due),
        String(d.fulfilled),
        String(d.late),
        String(d.missing),
        percent(d.rate),
      ]),
    ),
    heading('二、规范政务公开流程，推进平台规范化'),
    body(
      `目录事项与政府网站栏目逐项对应，信息在对应栏目发布后自动计入目录完成情况；公开栏等线下渠道的公开由本单位登记张贴日期并上传照片。本年度线上发布 ${online} 条、线下张贴 ${offline} 次。时效按国务院公布的节假日安排以工作日计算。`,
    ),
    table(
      ['序号', '领域', '公开事项', '公开时限', '完成情况', '时效', '最近公开'],
      c.entries.map((e, i) => [
        String(i + 1),
        e.entry.domain,
        `${e.entry.item1}${e.entry.item2 ? `·${e.entry.item2}` : ''}`,
        e.entry.timeLimit,
        ENTRY_STATES[e.status.state],
        TIMELINESS[e.status.timeliness],
        e.status.lastPublished ?? '—',
      ]),
    ),
    heading('三、扩大基层决策开放参与'),
    ...(r.consultations.length
      ? [
          body(`本年度通过政府网站公开征求意见 ${r.consultations.length} 次：`),
          table(
            ['事项', '征求期', '公开意见数', '反馈情况'],
            r.consultations.map((x) => [
              x.title,
              x.period,
              String(x.comments),
              x.feedback ? '已公开采纳情况' : '尚未反馈',
            ]),
          ),
        ]
      : [
          body(
            '本年度尚未通过政府网站开展公开征求意见，下一步将就涉及群众切身利益的重要事项公开征求意见并反馈采纳情况。',
          ),
        ]),
    heading('四、推进基层政务公开向农村和社区延伸'),
    ...(r.villages.length
      ? [
          body(
            `辖区 ${r.villages.length} 个村（社区）编制了村（居）务公开目录，按《中华人民共和国村民委员会组织法》第三十条规定的事项和频次在公开栏公开：`,
          ),
          table(
            ['村（社区）', '事项数', '线下公开记录', '覆盖率'],
            r.villages.map((v) => [v.name, String(v.entries), String(v.postings), percent(v.rate)]),
          ),
        ]
      : [body('辖区村（社区）尚未编制村（居）务公开目录。')]),
    heading('五、存在的问题和改进措施'),
    ...(r.improvements.length
      ? r.improvements.map((t, i) => body(`${i + 1}. ${t}`))
      : [body('目录事项均已按时公开。')]),
    ...c.catalogue.notes.split(/\n+/).filter(Boolean).map(body),
  ];
  return Packer.toBuffer(new Document({ creator: 'Gongkai', title: r.title, sections: [{ children }] }));
}

/** The public address of a catalogue's pilot report (the ledger's evidence check fetches it). */
export const pilotReportPath = (catalogueId: number) => `/catalogue/${catalogueId}/report.docx`;

/**
 * Links the pilot report to the ledger task as evidence (default: task 13 of the catalogue year's
 * plan, the 沙井街办 十县百乡 task of the seed plan), through the ledger's own use case.
 */
export async function attachPilotReport(
  ctx: AppContext,
  actor: Actor,
  catalogueId: number,
  taskNumber = '13',
): Promise<Evidence> {
  const c = await getCatalogue(ctx, actor, catalogueId);
  const plans = (await listPlans(ctx, actor)).filter((p) => p.year === c.year);
  for (const plan of plans) {
    const task = (await listTasks(ctx, actor, plan.id)).find(
      (t) => t.number === taskNumber && t.units.some((u) => u.orgId === c.orgId),
    );
    if (task)
      return addEvidence(ctx, actor, task.id, {
        orgId: c.orgId,
        kind: 'report',
        url: pilotReportPath(c.id),
        title: `${c.title}建设情况报告（DOCX）`,
      });
  }
  throw notFound(`${c.year}年工作要点中本单位负责的第 ${taskNumber} 项任务`);
}

/** A catalogue exists (for the public report URL). */
export async function requireCatalogue(ctx: AppContext, id: number) {
  const c = await selectCatalogue(ctx.db, id);
  if (!c) throw notFound('目录');
  return c;
}
