/** A letter as DOCX (Word/WPS open it) and as printable HTML. */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { Letter } from './templates.ts';

const FONT = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };

/** The file name of a letter: its 文号 (or the application number) and title. */
export const letterFileName = (letter: Letter) =>
  `${letter.docNumber || letter.applicationNumber}-${letter.title}`;

/** The letter as a DOCX file (仿宋 body, 文号 under the title, contact line after the closing). */
export async function letterDocx(letter: Letter): Promise<Buffer> {
  const body = (text: string) =>
    new Paragraph({
      children: [new TextRun({ text, size: 32, font: FONT })],
      indent: { firstLine: 640 },
      spacing: { line: 560 },
    });
  const doc = new Document({
    creator: 'Gongkai',
    title: `${letter.title}（${letter.docNumber || letter.applicationNumber}）`,
    sections: [
      {
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 400 },
            children: [
              new TextRun({
                text: letter.title,
                size: 44,
                bold: true,
                font: { ascii: 'SimHei', eastAsia: '方正小标宋简体' },
              }),
            ],
          }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [
              new TextRun({
                text: letter.docNumber || `申请编号：${letter.applicationNumber}`,
                size: 28,
                font: FONT,
              }),
            ],
          }),
          // The salutation line ends with "：" and is not indented.
          ...letter.paragraphs.map((p) =>
            p.endsWith('：')
              ? new Paragraph({
                  children: [new TextRun({ text: p, size: 32, font: FONT })],
                  spacing: { line: 560 },
                })
              : body(p),
          ),
          ...(letter.contact ? [body(letter.contact)] : []),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { before: 600 },
            children: [new TextRun({ text: letter.signature, size: 32, font: FONT })],
          }),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: letter.date, size: 32, font: FONT })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
