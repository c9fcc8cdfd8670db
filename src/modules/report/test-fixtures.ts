/**
 * Past-report fixtures built at test time (no binary files committed): a 2019-format workbook in
 * the documented layout and our 2021 export edited by hand; and a reader for the 同比 table of a page.
 * Used by import.test.ts, import-form.test.ts and the browser test; `addDepartments` makes their orgs.
 */
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { bearer, type TestApp } from '../../../test/helpers.ts';
import type { Org } from '../org/model.ts';
import { listPublicOrgs } from '../org/service.ts';
import { table3Grid } from './document.ts';
import { emptyRow, TABLE3_ROWS, type Table3 } from './model.ts';

/** A 2019-format workbook in the layout docs/modules/report.md documents, built cell by cell. */
export async function workbook2019(opts: { badCell?: boolean; dropRow?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws2 = wb.addWorksheet('二、主动公开');
  const rows2: (string | number)[][] = [
    ['第二十条第（一）项'],
    ['信息内容', '本年新制作数量', '本年新公开数量', '对外公开总数量'],
    ['规章', 0, 0, 0],
    ['规范性文件', 5, 4, 40],
    ['第二十条第（五）项'],
    ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
    ['行政许可', 30, 2, 1200],
    ['其他对外管理服务事项', 3, 0, 10],
    ['第二十条第（六）项'],
    ['信息内容', '上一年项目数量', '本年增/减', '处理决定数量'],
    ['行政处罚', 12, -1, 80],
    ['行政强制', 4, 0, 2],
    ['第二十条第（八）项'],
    ['信息内容', '上一年项目数量', '本年增/减'],
    ['行政事业性收费', 6, -1],
    ['第二十条第（九）项'],
    ['信息内容', '采购项目数量', '采购总金额'],
    ['政府集中采购', 8, 120.5],
  ];
  rows2.forEach((r, i) => (ws2.getRow(i + 1).values = r));
  const ws3 = wb.addWorksheet('三、依申请公开');
  ws3.getCell('A1').value = '收到和处理政府信息公开申请情况';
  const labels = table3Grid(Object.fromEntries(TABLE3_ROWS.map((r) => [r, emptyRow()])) as Table3).body.map(
    (b) => b[0].text,
  );
  const rows3: [string, number[]][] = [];
  TABLE3_ROWS.forEach((row, i) => {
    if (row === 'other.no_correction')
      rows3.push(['三、本年度办理结果（六）其他处理', [0, 1, 0, 0, 0, 0, 1]]);
    if (row.startsWith('other.')) return;
    if (opts.dropRow && row === 'rejected.duplicate') return;
    const v =
      row === 'received'
        ? [10, 2, 0, 0, 0, 0, 12]
        : row === 'carriedOver'
          ? [1, 0, 0, 0, 0, 0, 1]
          : row === 'disclosed'
            ? [6, 1, 0, 0, 0, 0, 7]
            : row === 'partial'
              ? [2, 0, 0, 0, 0, 0, 2]
              : row === 'closedTotal'
                ? [8, 2, 0, 0, 0, 0, 10]
                : row === 'carriedForward'
                  ? [3, 0, 0, 0, 0, 0, 3]
                  : [0, 0, 0, 0, 0, 0, 0];
    rows3.push([labels[i], v]);
  });
  rows3.forEach(([label, v], i) => {
    ws3.getCell(5 + i, 1).value = label;
    v.forEach((n, k) => (ws3.getCell(5 + i, 4 + k).value = n));
  });
  if (opts.badCell) ws3.getCell(6, 5).value = 'abc'; // 二、上年结转, 商业企业
  const ws4 = wb.addWorksheet('四、复议诉讼');
  ws4.getCell('A1').value = '政府信息公开行政复议、行政诉讼情况';
  ws4.getCell('A2').value = '行政复议';
  ws4.getCell('F2').value = '行政诉讼';
  ws4.getCell('F3').value = '未经复议直接起诉';
  ws4.getCell('K3').value = '复议后起诉';
  [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1].forEach((n, k) => (ws4.getCell(5, 1 + k).value = n));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Our own 2021 export, with some cells changed by hand so the figures read back are not the computed ones. */
export async function edited2021(exported: Buffer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(exported as unknown as ArrayBuffer);
  const rowOf = (ws: ExcelJS.Worksheet, label: string) => {
    for (let r = 1; r <= ws.rowCount; r++)
      if (String(ws.getCell(r, 1).value ?? '').replace(/\s+/g, '') === label) return r;
    throw new Error(`no row ${label}`);
  };
  const ws2 = wb.getWorksheet('二、主动公开')!;
  const nd = rowOf(ws2, '行政规范性文件');
  [3, '—', 12].forEach((v, i) => (ws2.getCell(nd, 2 + i).value = v));
  ws2.getCell(rowOf(ws2, '行政许可'), 2).value = 345;
  ws2.getCell(rowOf(ws2, '行政事业性收费'), 2).value = 1.5;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The cells of the 同比 table row named `label` on a page: [previous, current, change]. */
export function yoyCells(html: string, label: string): string[] {
  const m = new RegExp(`<th scope="row">${label.replace(/[()（）]/g, '.')}</th>(.*?)</tr>`).exec(html);
  assert.ok(m, `no 同比 row ${label}`);
  return [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((x) => x[1].replace(/<[^>]+>/g, ''));
}

/** Departments of the district made through the API as the system administrator, [name, short name, code] each; their ids. */
export async function addDepartments(t: TestApp, names: [string, string, string][]): Promise<number[]> {
  const admin = await bearer(t, 'admin');
  const orgs: Org[] = await listPublicOrgs(t.ctx.db);
  const district = orgs.find((o) => o.shortName === '红谷滩区');
  if (!district) throw new Error('the demo district is missing');
  const parentId: number = district.id;
  const ids: number[] = [];
  for (const [name, shortName, code] of names) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/orgs',
      headers: admin,
      payload: { name, shortName, code, kind: 'department', parentId },
    });
    assert.equal(res.statusCode, 201, res.body);
    ids.push(res.json().id as number);
  }
  return ids;
}
