/** 政务新媒体 freshness checks: recorded by hand or imported from CSV/XLSX. */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../../context.ts';
import type { DB } from '../../../db/types.ts';
import { badRequest, invalidState } from '../../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../../lib/time.ts';
import { auditedWrite } from '../../audit/service.ts';
import { requirePermission } from '../../auth/permissions.ts';
import { inScope } from '../../org/model.ts';
import { orgScope } from '../../org/service.ts';
import { PLATFORMS, type MediaAccount, type Platform } from '../model.ts';
import {
  insertCheckRow,
  updateAccountRow,
  selectAccount,
  selectAccountByPlatformId,
  selectChecks,
} from '../store.ts';
import { getAccount } from './accounts.ts';

export interface CheckInput {
  checkedOn: string;
  lastUpdateDate: string;
  interactionOk: boolean;
  note?: string;
}

function checkProblems(c: CheckInput, today: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isIsoDate(c.checkedOn)) out.checkedOn = '检查日期格式应为 YYYY-MM-DD';
  else if (c.checkedOn > today) out.checkedOn = '检查日期不能晚于今天';
  if (!isIsoDate(c.lastUpdateDate)) out.lastUpdateDate = '最近更新日期格式应为 YYYY-MM-DD';
  else if (isIsoDate(c.checkedOn) && c.lastUpdateDate > c.checkedOn)
    out.lastUpdateDate = '最近更新日期不能晚于检查日期';
  return out;
}

async function insertCheck(trx: Kysely<DB>, ctx: AppContext, actor: Actor, a: MediaAccount, c: CheckInput) {
  await insertCheckRow(trx, {
    account_id: a.id,
    checked_on: c.checkedOn,
    last_update_date: c.lastUpdateDate,
    interaction_ok: c.interactionOk ? 1 : 0,
    note: c.note?.trim() ?? '',
    recorded_by: actorName(actor),
    recorded_at: ctx.clock.now().toISOString(),
  });
  // The account shows its latest check; a back-dated record does not overwrite a newer one.
  if (!a.checkedOn || c.checkedOn >= a.checkedOn) {
    await updateAccountRow(trx, a.id, {
      last_update_date: c.lastUpdateDate,
      interaction_ok: c.interactionOk ? 1 : 0,
      checked_on: c.checkedOn,
    });
  }
}

/** Staff record an account's last update date and whether its interaction works. */
export async function recordCheck(
  ctx: AppContext,
  actor: Actor,
  accountId: number,
  c: CheckInput,
): Promise<MediaAccount> {
  requirePermission(actor, 'media.manage');
  const a = await getAccount(ctx, actor, accountId);
  if (a.status !== 'active') throw invalidState('该账号已关停，无需登记更新情况');
  const problems = checkProblems(c, shanghaiDate(ctx.clock.now()));
  if (Object.keys(problems).length) throw badRequest('检查记录有误，请检查后重新提交', problems);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await insertCheck(trx, ctx, actor, a, c);
      return (await selectAccount(trx, accountId))!;
    },
    () => ({ action: 'media.check', objectType: 'media_account', objectId: accountId, after: c }),
  );
}

export async function listChecks(ctx: AppContext, actor: Actor, accountId: number) {
  await getAccount(ctx, actor, accountId);
  return selectChecks(ctx.db, accountId);
}

const IMPORT_COLUMNS = ['平台', '平台账号ID', '检查日期', '最近更新日期', '互动是否正常', '备注'];

/** Reads an import file (CSV or XLSX with the header row 平台, 平台账号ID, 检查日期, 最近更新日期, 互动是否正常, 备注). */
export async function parseCheckFile(fileName: string, data: Buffer): Promise<string[][]> {
  let rows: string[][];
  if (/\.xlsx$/i.test(fileName)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(data as any);
    } catch {
      throw badRequest('无法读取该 Excel 文件，请使用 .xlsx 格式');
    }
    const ws = wb.worksheets[0];
    rows = [];
    ws?.eachRow((row) => {
      const vals = (row.values as unknown[])
        .slice(1)
        .map((v) =>
          v instanceof Date
            ? v.toISOString().slice(0, 10)
            : v == null
              ? ''
              : typeof v === 'object' && 'text' in (v as any)
                ? String((v as any).text)
                : String(v),
        );
      rows.push(vals.map((s) => s.trim()));
    });
  } else {
    try {
      rows = parseCsv(data.toString('utf8').replace(/^\uFEFF/, ''), {
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      });
    } catch {
      throw badRequest('无法读取该 CSV 文件，请检查格式');
    }
  }
  if (!rows.length || rows[0][0] !== IMPORT_COLUMNS[0])
    throw badRequest(`第一行应为表头：${IMPORT_COLUMNS.join('，')}`);
  return rows.slice(1);
}

const platformByName = (s: string): Platform | undefined =>
  (Object.keys(PLATFORMS) as Platform[]).find((k) => k === s || PLATFORMS[k] === s);

/**
 * Imports freshness checks: every row must name an account the actor may see and valid dates;
 * one bad row rejects the whole file (listing each problem) and nothing is written.
 */
export async function importChecks(ctx: AppContext, actor: Actor, rows: string[][]): Promise<number> {
  requirePermission(actor, 'media.manage');
  const scope = await orgScope(ctx.db, actor);
  const today = shanghaiDate(ctx.clock.now());
  const problems: Record<string, string> = {};
  const ok: { a: MediaAccount; c: CheckInput }[] = [];
  for (const [i, r] of rows.entries()) {
    const line = `第${i + 2}行`;
    const platform = platformByName(r[0] ?? '');
    const a = platform && (await selectAccountByPlatformId(ctx.db, platform, r[1] ?? ''));
    if (!a) problems[line] = `找不到账号（${r[0] ?? ''} ${r[1] ?? ''}）`;
    else if (!inScope(scope, a.orgId)) problems[line] = `账号“${a.accountName}”属于其他单位`;
    else if (a.status !== 'active') problems[line] = `账号“${a.accountName}”已关停`;
    else {
      const interaction = (r[4] ?? '').trim();
      if (!['是', '否', '正常', '不正常'].includes(interaction)) {
        problems[line] = '“互动是否正常”应填 是 或 否';
        continue;
      }
      const c: CheckInput = {
        checkedOn: r[2] ?? '',
        lastUpdateDate: r[3] ?? '',
        interactionOk: interaction === '是' || interaction === '正常',
        note: r[5] ?? '',
      };
      const p = Object.values(checkProblems(c, today));
      if (p.length) problems[line] = p.join('；');
      else ok.push({ a, c });
    }
  }
  if (!rows.length) throw badRequest('文件中没有数据行');
  if (Object.keys(problems).length)
    throw badRequest(`导入失败：${Object.keys(problems).length} 行有误，未导入任何记录`, problems);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      for (const { a, c } of ok) await insertCheck(trx, ctx, actor, (await selectAccount(trx, a.id))!, c);
      return ok.length;
    },
    (n) => ({ action: 'media.check.import', objectType: 'media_account', after: { rows: n } }),
  );
}
