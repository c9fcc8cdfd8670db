/** Documents for the content module's tests (unit and browser): a real Word file built with `docx`. */
import { deflateSync } from 'node:zlib';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';

/** A real 2×2 PNG (red), built here so the test needs no fixture file. */
export function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const raw = Buffer.from([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Word document with a heading, a list, a table, an image and two links (web and local file). */
export async function sampleWordDocx(): Promise<Buffer> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'list',
          levels: [{ level: 0, format: 'decimal', text: '%1.', alignment: AlignmentType.LEFT }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: '一、工作目标', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('全面推进政务公开标准化规范化。'),
          new Paragraph({ text: '公开办事指南', numbering: { reference: 'list', level: 0 } }),
          new Paragraph({ text: '公开收费目录', numbering: { reference: 'list', level: 0 } }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('事项')] }),
                  new TableCell({ children: [new Paragraph('时限')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('立项审批')] }),
                  new TableCell({ children: [new Paragraph('5个工作日')] }),
                ],
              }),
            ],
          }),
          new Paragraph({
            children: [
              new ImageRun({
                type: 'png',
                data: tinyPng(),
                transformation: { width: 40, height: 40 },
                altText: { name: '流程图', description: '审批流程图', title: '审批流程图' },
              }),
            ],
          }),
          new Paragraph({
            children: [
              new ExternalHyperlink({ link: 'https://www.gov.cn/', children: [new TextRun('中国政府网')] }),
              new TextRun('；'),
              new ExternalHyperlink({
                link: 'file:///C:/内部/名单.xlsx',
                children: [new TextRun('本地名单')],
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
