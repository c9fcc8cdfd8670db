/**
 * The quarterly self-inspection report (网站与政务新媒体自查报告) as DOCX and XLSX: the single-veto
 * items pass/fail, the other checks, every problem with its link, and the run history so progress
 * shows. Tables reuse the annual report's Word/Excel table writers.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import type { Grid } from '../report/document.ts';
import { body, heading, wordTable } from '../report/docx.ts';
import { addGrid } from '../report/xlsx.ts';
import { CHECK_STATUS, CHECKS } from './model.ts';
import type { InspectionRun, RunDetail } from './service.ts';
import { layoutSheet, xlsxFile } from '../../lib/spreadsheet.ts';

export interface InspectionReport {
  run: RunDetail;
  /** Earlier runs of the same target, newest first. */
  history: InspectionRun[];
  /** Org names by id, for the evidence lists. */
  orgNames: Map<number, string>;
  /** The site's address, to make evidence links absolute in the files. */
  publicUrl: string;
}

export const reportTitle = (r: RunDetail) =>
  `${r.orgName.replace(/网站$/, '')}网站与政务新媒体自查报告（${r.asOf}）`;

const cell = (text: string, left = true) => ({ text, ...(left ? { align: 'left' as const } : {}) });
const head = (...labels: string[]) => [labels.map((text) => ({ text, header: true }))];

function checksGrid(r: RunDetail, veto: boolean, caption: string): Grid {
  return {
    caption,
    head: head('检查项', '检查标准', '结果', '问题数', '说明'),
    body: r.findings
      .filter((f) => f.veto === veto)
      .map((f) => [
        cell(CHECKS[f.key].label),
        cell(CHECKS[f.key].rule),
        cell(CHECK_STATUS[f.status]),
        cell(String(f.count), false),
        cell(f.summary),
      ]),
  };
}

function historyGrid(history: InspectionRun[]): Grid {
  return {
    caption: '历次自查结果',
    head: head('自查日期', '方式', '单项否决不通过', '不通过项', '需关注项'),
    body: history.map((h) => [
      cell(h.asOf),
      cell(TRIGGERS[h.trigger] ?? h.trigger),
      cell(String(h.vetoFailed), false),
      cell(String(h.failed), false),
      cell(String(h.warned), false),
    ]),
  };
}

export const TRIGGERS: Record<string, string> = { job: '定时自查', manual: '手动自查', cli: '命令行' };

const link = (url: string | null, base: string) => (url ? (url.startsWith('/') ? base + url : url) : '');

function overview(r: RunDetail): string {
  const vetoes = r.findings.filter((f) => f.veto);
  return `本次自查于 ${r.asOf} 进行（${TRIGGERS[r.trigger] ?? r.trigger}），对照国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》检查单项否决指标 ${vetoes.length} 项，不通过 ${r.vetoFailed} 项；全部 ${r.findings.length} 项检查中不通过 ${r.failed} 项、需关注 ${r.warned} 项。抓取站内页面 ${r.pagesCrawled} 个，检查站内链接和附件 ${r.linksChecked} 个。`;
}

export async function inspectionDocx(rep: InspectionReport): Promise<Buffer> {
  const { run } = rep;
  const title = reportTitle(run);
  const problems = run.findings.filter((f) => f.evidence.length);
  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300 },
      children: [
        new TextRun({
          text: title,
          font: { ascii: '方正小标宋简体', eastAsia: '方正小标宋简体', hAnsi: '方正小标宋简体' },
          size: 44,
        }),
      ],
    }),
    heading('一、总体情况'),
    body(overview(run)),
    heading('二、单项否决指标'),
    ...wordTable(checksGrid(run, true, '单项否决指标检查结果')),
    heading('三、其他检查项'),
    ...wordTable(checksGrid(run, false, '其他检查项结果')),
    heading('四、问题清单'),
    ...(problems.length ? [] : [body('本次自查未发现问题。')]),
    ...problems.flatMap((f) => [
      body(`（${CHECKS[f.key].label}）${f.summary}`),
      ...f.evidence.map((e, i) =>
        body(
          `${i + 1}. ${e.title}${e.orgId ? `（${rep.orgNames.get(e.orgId) ?? ''}）` : ''}：${e.detail}${e.url ? `。链接：${link(e.url, rep.publicUrl)}` : ''}`,
        ),
      ),
    ]),
    heading('五、整改进展'),
    ...wordTable(historyGrid(rep.history)),
  ];
  return Packer.toBuffer(new Document({ creator: 'Gongkai', title, sections: [{ children }] }));
}

export async function inspectionXlsx(rep: InspectionReport): Promise<Buffer> {
  const { run } = rep;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongkai';
  const page = {
    orientation: 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
  } as const;
  const summary = wb.addWorksheet('检查结果', { pageSetup: page });
  summary.getCell(1, 1).value = reportTitle(run);
  summary.getCell(1, 1).font = { bold: true, size: 14 };
  summary.mergeCells(1, 1, 1, 5);
  summary.getCell(2, 1).value = overview(run);
  summary.mergeCells(2, 1, 2, 5);
  const row = addGrid(summary, checksGrid(run, true, '单项否决指标'), 4);
  addGrid(summary, checksGrid(run, false, '其他检查项'), row);
  // Two tables one under the other, each with its own header: only the title stays in view.
  layoutSheet(summary, { widths: [22, 50, 10, 8, 60], headerRows: 1 });
  const list = wb.addWorksheet('问题清单', { pageSetup: page });
  list.addRow(['检查项', '问题', '单位', '说明', '链接']).font = { bold: true };
  for (const f of run.findings)
    for (const e of f.evidence)
      list.addRow([
        CHECKS[f.key].label,
        e.title,
        e.orgId ? (rep.orgNames.get(e.orgId) ?? '') : '',
        e.detail,
        link(e.url, rep.publicUrl),
      ]);
  layoutSheet(list, { widths: [16, 40, 24, 60, 50], headerRows: 1 });
  const hist = wb.addWorksheet('历次自查', { pageSetup: page });
  const h = historyGrid(rep.history);
  addGrid(hist, h, 1);
  layoutSheet(hist, { widths: [14, 12, 16, 12, 12], headerRows: 1 + h.head.length });
  return await xlsxFile(wb);
}
