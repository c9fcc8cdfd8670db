/**
 * 政府信息公开申请表 as a Word file, to print and hand in or post (the guide page offers it): the
 * same fields as the online form (applicant.ts and model.ts), in the usual table layout with
 * 公民 / 法人或者其他组织 rows, check boxes for the choices, and the addressed org when chosen.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { ID_TYPES } from './applicant.ts';
import { DELIVERY_METHODS, PREFERRED_FORMS } from './model.ts';
import { APPLICANT_TYPES } from './outcomes.ts';

const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const run = (text: string, opts: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text, font: FONT, size: opts.size ?? 21, bold: opts.bold });
const para = (text: string, opts: { bold?: boolean; center?: boolean; size?: number } = {}) =>
  new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    children: [run(text, opts)],
  });
const boxes = (o: Record<string, string>) =>
  Object.values(o)
    .map((v) => `□${v}`)
    .join('  ');

/** A cell of the form (dxa widths: the table is 9000 wide). */
function cell(
  text: string,
  width: number,
  opts: { span?: number; bold?: boolean; merge?: 'restart' | 'continue'; minHeight?: boolean } = {},
) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: opts.span,
    verticalMerge:
      opts.merge === 'restart'
        ? VerticalMergeType.RESTART
        : opts.merge === 'continue'
          ? VerticalMergeType.CONTINUE
          : undefined,
    children: text.split('\n').map((line) => para(line, { bold: opts.bold })),
  });
}

/** The application form as a DOCX file; `orgName` fills 受理机关 when the guide was opened for one org. */
export async function applicationFormDocx(opts: { siteName: string; orgName?: string }): Promise<Buffer> {
  const L = 1300; // group label column
  const K = 1900; // field label column
  const V = 2900; // value column
  const row = (cells: TableCell[]) => new TableRow({ children: cells });
  const blank = '';
  // A line is [label, value, label, value] or [label, value] across the row.
  const natural = [
    ['姓名', blank, '联系电话', blank],
    ['证件类型', boxes(ID_TYPES)],
    ['证件号码', blank, '电子邮箱', blank],
    ['通信地址', blank],
  ];
  const org = [
    ['名称', blank, '统一社会信用代码', blank],
    ['法定代表人或负责人', blank, '联系人姓名', blank],
    ['联系电话', blank, '电子邮箱', blank],
    ['通信地址', blank],
  ];
  const group = (label: string, lines: string[][]) =>
    lines.map((l, i) =>
      row([
        cell(i === 0 ? label : '', L, { merge: i === 0 ? 'restart' : 'continue', bold: true }),
        cell(l[0], K),
        ...(l.length === 2
          ? [cell(l[1], 9000 - L - K, { span: 3 })]
          : [cell(l[1], V - 600), cell(l[2], K - 200), cell(l[3], V - 1000)]),
      ]),
    );
  const wide = (label: string, text: string, bold = true) =>
    row([cell(label, L, { bold }), cell(text, 9000 - L, { span: 4 })]);
  const table = new Table({
    width: { size: 9000, type: WidthType.DXA },
    columnWidths: [L, K, V - 600, K - 200, 9000 - L - K - (V - 600) - (K - 200)],
    layout: TableLayoutType.FIXED,
    borders: {
      top: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
      bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
      left: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
      right: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
      insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
      insideVertical: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
    },
    rows: [
      wide('申请人类型', boxes(APPLICANT_TYPES)),
      ...group('公民\n（自然人填写）', natural),
      ...group('法人或者\n其他组织\n（单位填写）', org),
      wide('受理机关', opts.orgName ?? '（请填写受理机关名称）'),
      wide('所需信息的\n内容描述', '（请写明所需政府信息的名称、文号或者便于查询的其他特征性描述）\n\n\n\n'),
      wide('文号（如知道）', blank),
      wide('文件标题（如知道）', blank),
      wide('信息的载体形式', boxes(PREFERRED_FORMS)),
      wide('获取信息的方式', boxes(DELIVERY_METHODS)),
      wide('申请人签名\n或者盖章', '\n\n申请日期：      年    月    日'),
    ],
  });
  const doc = new Document({
    creator: 'Gongkai',
    title: '政府信息公开申请表',
    sections: [
      {
        properties: { page: { margin: { top: 1200, bottom: 1200, left: 1300, right: 1300 } } },
        children: [
          para(`${opts.siteName}`, { center: true, size: 24 }),
          para('政府信息公开申请表', { center: true, bold: true, size: 36 }),
          para(' '),
          table,
          para(' '),
          para('填表说明：', { bold: true }),
          para(
            '1. 申请人为公民的填写“公民”栏，并附证件复印件；为法人或者其他组织的填写“法人或者其他组织”栏，并附营业执照等证明文件复印件。',
          ),
          para(
            '2. 证件号码按所选证件填写：居民身份证 18 位；护照；港澳居民来往内地通行证（H 或 M 加 8 位数字）；台湾居民来往大陆通行证（8 位数字）；外国人永久居留身份证。',
          ),
          para('3. 选择邮寄方式的请填写通信地址，选择电子邮件方式的请填写电子邮箱。'),
          para(
            '4. 当面提交的，以提交之日为收到申请之日；邮寄的，以签收之日为收到申请之日（《中华人民共和国政府信息公开条例》第三十一条）。',
          ),
          para('5. 证件号码只用于核实申请人身份和办理本申请，加密保存。'),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
