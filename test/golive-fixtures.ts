/** The other county the go-live tests set up (test/golive*.test.ts, test/browser/golive.test.ts). */
import ExcelJS from 'exceljs';
import { ORG_COLUMNS } from '../src/modules/org/xlsx.ts';

/** The other county's org table (header + rows), cells in ORG_COLUMNS order. */
export const COUNTY_ROWS: string[][] = [
  [
    '青山县人民政府',
    '青山县',
    'QS0001',
    '人民政府',
    '',
    '青山县政府大楼一楼',
    '339000',
    '0790-1234567',
    '0790-1234568',
    '工作日 9:00—17:00',
    '青府依复〔{year}〕{seq}号',
    '',
  ],
  [
    '青山县人民政府办公室',
    '县政府办',
    'QS0002',
    '工作部门',
    '青山县人民政府',
    '青山县政府大楼一楼',
    '339000',
    '0790-1234567',
    '',
    '工作日 9:00—17:00',
    '青办依复〔{year}〕{seq}号',
    '',
  ],
  [
    '青山县发展和改革委员会',
    '县发改委',
    'QS0003',
    '工作部门',
    '青山县人民政府',
    '青山县建设路 8 号',
    '339000',
    '0790-1234570',
    '',
    '工作日 9:00—17:00',
    '青发改依复〔{year}〕{seq}号',
    '',
  ],
  ['青山县城关街道办事处', '城关街道', '', '派出机关', '青山县人民政府', '', '', '', '', '', '', ''],
  ['青山县白石镇人民政府', '白石镇', '', '乡镇', '青山县人民政府', '', '', '', '', '', '', ''],
  [
    '国家税务总局青山县税务局',
    '县税务局',
    '',
    '垂直管理',
    '青山县人民政府',
    '',
    '',
    '',
    '',
    '',
    '',
    '国家税务总局江州市税务局',
  ],
];

export async function orgXlsx(
  rows: string[][],
  headers: string[] = ORG_COLUMNS.map(([, h]) => h),
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('机关');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const COUNTY_SITE = {
  name: '青山县人民政府',
  sponsor: '青山县人民政府办公室',
  siteCode: '3609000001',
  icp: '某ICP备12345678号',
  psb: '某公网安备 36090000000001号',
  contact: '0790-1234567',
  level: 'county',
  parentGovernment: '江州市人民政府',
};
