/**
 * 政务新媒体 use cases: the account registry, filings (开设/变更/关停, unit submits → 公开办 approves),
 * filing documents, freshness checks (by hand or imported) and the reminder job.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { checkUpload } from '../../lib/uploads.ts';
import type { Kysely } from 'kysely';
import { actorName, type Actor, type AppContext } from '../../context.ts';
import type { DB } from '../../db/types.ts';
import { AppError, badRequest, invalidState, notFound } from '../../errors.ts';
import { isIsoDate, shanghaiDate } from '../../lib/time.ts';
import { auditedWrite } from '../audit/service.ts';
import { requirePermission } from '../auth/permissions.ts';
import { usersWithRole } from '../auth/service.ts';
import type { JobDefinition } from '../jobs/service.ts';
import { notifyUsers } from '../notifications/service.ts';
import { inScope } from '../org/model.ts';
import { getOrg, listPublicOrgs, orgScope, requireOrgAccess } from '../org/service.ts';
import {
  DOCUMENT_TYPES,
  FRESHNESS_FLAGS,
  MAX_DOCUMENT_BYTES,
  PLATFORMS,
  accountFieldProblems,
  freshnessOf,
  type AccountFields,
  type AccountStatus,
  type FilingKind,
  type MediaAccount,
  type Platform,
} from './model.ts';
import {
  accountValues,
  selectAccount,
  selectAccountByPlatformId,
  selectAccounts,
  selectChecks,
  selectDocument,
  selectDocuments,
  selectFiling,
  selectFilings,
  type FilingDocument,
  type MediaFiling,
} from './store.ts';

export type { MediaFiling, FilingDocument } from './store.ts';

/** What the public matrix shows of an account: no operator or responsible person. */
export interface PublicAccount {
  id: number;
  platform: Platform;
  platformName: string;
  accountName: string;
  platformAccountId: string;
  orgId: number;
  orgName: string;
  level: string;
  isSample: boolean;
}

/** Every active account, optionally searched by name or platform ID — for citizens checking an account is genuine. */
export async function listPublicAccounts(
  db: Kysely<DB>,
  f: { q?: string; platform?: string } = {},
): Promise<PublicAccount[]> {
  const orgs = new Map((await listPublicOrgs(db)).map((o) => [o.id, o]));
  const accounts = await selectAccounts(db, {
    status: 'active',
    q: f.q?.trim() || undefined,
    platform: f.platform && f.platform in PLATFORMS ? f.platform : undefined,
  });
  return accounts.map((a) => ({
    id: a.id,
    platform: a.platform,
    platformName: PLATFORMS[a.platform] ?? a.platform,
    accountName: a.accountName,
    platformAccountId: a.platformAccountId,
    orgId: a.orgId,
    orgName: orgs.get(a.orgId)?.name ?? '',
    level: a.level,
    isSample: a.isSample,
  }));
}

/** Accounts the actor's org scope covers. */
export async function listAccounts(
  ctx: AppContext,
  actor: Actor,
  f: { status?: AccountStatus; platform?: string; q?: string } = {},
): Promise<MediaAccount[]> {
  requirePermission(actor, 'channels.read');
  const scope = await orgScope(ctx.db, actor);
  return selectAccounts(ctx.db, { ...f, orgIds: scope.all ? undefined : scope.orgIds });
}

export async function getAccount(ctx: AppContext, actor: Actor, id: number): Promise<MediaAccount> {
  requirePermission(actor, 'channels.read');
  const a = await selectAccount(ctx.db, id);
  if (!a) throw notFound('新媒体账号');
  await requireOrgAccess(ctx.db, actor, a.orgId);
  return a;
}

async function validateFields(ctx: AppContext, f: AccountFields, exceptId?: number): Promise<void> {
  const problems = accountFieldProblems(f);
  if (Object.keys(problems).length) throw badRequest('账号信息有误，请检查后重新提交', problems);
  await getOrg(ctx.db, f.orgId).catch(() => {
    throw badRequest('主办单位不存在', { orgId: '主办单位不存在' });
  });
  const same = await selectAccountByPlatformId(ctx.db, f.platform, f.platformAccountId);
  if (same && same.id !== exceptId) {
    throw badRequest('该平台账号 ID 已登记', { platformAccountId: `已登记为“${same.accountName}”` });
  }
}

/**
 * Registers an account directly (公开办 only: accounts that existed before the platform, or
 * corrections). Units go through an open filing instead.
 */
export async function createAccount(
  ctx: AppContext,
  actor: Actor,
  f: AccountFields & { isSample?: boolean },
): Promise<MediaAccount> {
  requirePermission(actor, 'media.approve');
  await validateFields(ctx, f);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const { id } = await trx
        .insertInto('media_accounts')
        .values({
          ...accountValues(f),
          status: 'active',
          is_sample: f.isSample ? 1 : 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await selectAccount(trx, id))!;
    },
    (a) => ({ action: 'media.account.create', objectType: 'media_account', objectId: a.id, after: a }),
  );
}

/** Edits an account directly (公开办 only). */
export async function updateAccount(
  ctx: AppContext,
  actor: Actor,
  id: number,
  f: AccountFields,
): Promise<MediaAccount> {
  requirePermission(actor, 'media.approve');
  const before = await getAccount(ctx, actor, id);
  await validateFields(ctx, f, id);
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      await trx
        .updateTable('media_accounts')
        .set({ ...accountValues(f), updated_at: ctx.clock.now().toISOString() })
        .where('id', '=', id)
        .execute();
      return (await selectAccount(trx, id))!;
    },
    (after) => ({ action: 'media.account.update', objectType: 'media_account', objectId: id, before, after }),
  );
}

export interface FilingInput {
  kind: FilingKind;
  /** Required for change and close. */
  accountId?: number | null;
  /** The proposed account (open) or its new fields (change). */
  fields?: AccountFields;
  note?: string;
}

/** A unit files an account's opening, change or closure for the openness office's approval. */
export async function submitFiling(ctx: AppContext, actor: Actor, input: FilingInput): Promise<MediaFiling> {
  requirePermission(actor, 'media.manage');
  if (!['open', 'change', 'close'].includes(input.kind))
    throw badRequest('备案类型无效', { kind: '请选择备案类型' });
  let account: MediaAccount | undefined;
  if (input.kind !== 'open') {
    if (!input.accountId) throw badRequest('请选择要变更或关停的账号', { accountId: '请选择账号' });
    account = await getAccount(ctx, actor, input.accountId);
    if (account.status !== 'active') throw invalidState('该账号已关停，不能再提交变更或关停备案');
    const open = await selectFilings(ctx.db, { accountId: account.id, status: 'submitted' });
    if (open.length) throw invalidState('该账号已有一份待审核的备案，请等待公开办审核后再提交');
  }
  if (input.kind !== 'close') {
    if (!input.fields) throw badRequest('请填写账号信息');
    await validateFields(ctx, input.fields, account?.id);
    await requireOrgAccess(ctx.db, actor, input.fields.orgId);
  }
  if (input.kind === 'close' && !input.note?.trim())
    throw badRequest('请说明关停理由', { note: '请说明关停理由' });
  const orgId = input.fields?.orgId ?? account!.orgId;
  const payload = input.kind === 'close' ? {} : input.fields!;
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      const { id } = await trx
        .insertInto('media_filings')
        .values({
          kind: input.kind,
          account_id: account?.id ?? null,
          org_id: orgId,
          payload: JSON.stringify(payload),
          note: input.note?.trim() ?? '',
          status: 'submitted',
          submitted_by: actorName(actor),
          submitted_at: ctx.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return (await selectFiling(trx, id))!;
    },
    (f) => ({ action: 'media.filing.submit', objectType: 'media_filing', objectId: f.id, after: f }),
  );
}

export async function listFilings(
  ctx: AppContext,
  actor: Actor,
  f: { status?: string; accountId?: number } = {},
): Promise<MediaFiling[]> {
  requirePermission(actor, 'channels.read');
  const scope = await orgScope(ctx.db, actor);
  return selectFilings(ctx.db, { ...f, orgIds: scope.all ? undefined : scope.orgIds });
}

export async function getFiling(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<MediaFiling & { documents: FilingDocument[] }> {
  requirePermission(actor, 'channels.read');
  const f = await selectFiling(ctx.db, id);
  if (!f) throw notFound('备案');
  await requireOrgAccess(ctx.db, actor, f.orgId);
  return { ...f, documents: await selectDocuments(ctx.db, id) };
}

/**
 * The openness office approves (the change takes effect: account opened, changed or closed) or
 * rejects with a reason. Only a submitted filing can be decided, once.
 */
export async function decideFiling(
  ctx: AppContext,
  actor: Actor,
  id: number,
  d: { approve: boolean; reason?: string },
): Promise<MediaFiling> {
  requirePermission(actor, 'media.approve');
  const before = await getFiling(ctx, actor, id);
  if (before.status !== 'submitted') throw invalidState('该备案已审核，不能重复审核');
  const reason = d.reason?.trim() ?? '';
  if (!d.approve && !reason) throw badRequest('退回时请填写理由', { reason: '请填写退回理由' });
  if (d.approve && before.kind !== 'close')
    await validateFields(ctx, before.fields as AccountFields, before.accountId ?? undefined);
  const now = ctx.clock.now().toISOString();
  return auditedWrite(
    ctx,
    actor,
    async (trx) => {
      let accountId = before.accountId;
      if (d.approve) {
        if (before.kind === 'open') {
          const r = await trx
            .insertInto('media_accounts')
            .values({
              ...accountValues(before.fields as AccountFields),
              status: 'active',
              is_sample: 0,
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          accountId = r.id;
        } else if (before.kind === 'change') {
          await trx
            .updateTable('media_accounts')
            .set({ ...accountValues(before.fields as AccountFields), updated_at: now })
            .where('id', '=', accountId!)
            .execute();
        } else {
          await trx
            .updateTable('media_accounts')
            .set({ status: 'closed', updated_at: now })
            .where('id', '=', accountId!)
            .execute();
        }
      }
      await trx
        .updateTable('media_filings')
        .set({
          status: d.approve ? 'approved' : 'rejected',
          account_id: accountId,
          decided_by: actorName(actor),
          decided_at: now,
          decision_reason: reason || null,
        })
        .where('id', '=', id)
        .execute();
      return (await selectFiling(trx, id))!;
    },
    (after) => ({
      action: d.approve ? 'media.filing.approve' : 'media.filing.reject',
      objectType: 'media_filing',
      objectId: id,
      before,
      after,
    }),
  );
}

export const uploadDir = (ctx: AppContext) => join(ctx.config.dataDir, 'uploads', 'media');

/** Attaches a document (备案表, 审批件, screenshot) to a filing still awaiting review. Type is checked by content. */
export async function addFilingDocument(
  ctx: AppContext,
  actor: Actor,
  filingId: number,
  file: { fileName: string; data: Buffer },
): Promise<FilingDocument> {
  requirePermission(actor, 'media.manage');
  const filing = await getFiling(ctx, actor, filingId);
  if (filing.status !== 'submitted') throw invalidState('备案已审核，不能再添加材料');
  if (file.data.length === 0) throw badRequest('请选择要上传的文件', { file: '请选择文件' });
  if (file.data.length > MAX_DOCUMENT_BYTES)
    throw new AppError('payload_too_large', '上传的文件过大（不超过 10 MB）');
  const type = await fileTypeFromBuffer(file.data);
  const ext = type && DOCUMENT_TYPES[type.mime];
  if (!type || !ext)
    throw badRequest('只能上传 PDF、DOCX、XLSX、PNG 或 JPG 文件', { file: '文件类型不支持' });
  await checkUpload(
    { filename: file.fileName, data: file.data },
    { kinds: ['pdf', 'docx', 'xlsx', 'png', 'jpg'], maxBytes: MAX_DOCUMENT_BYTES },
  );
  const fileName = file.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || `材料.${ext}`;
  const storedName = `${filingId}-${randomBytes(12).toString('hex')}.${ext}`;
  await mkdir(uploadDir(ctx), { recursive: true });
  const path = join(uploadDir(ctx), storedName);
  await writeFile(path, file.data);
  try {
    return await auditedWrite(
      ctx,
      actor,
      async (trx) => {
        const { id } = await trx
          .insertInto('media_filing_documents')
          .values({
            filing_id: filingId,
            file_name: fileName,
            stored_name: storedName,
            mime: type.mime,
            size: file.data.length,
            uploaded_by: actorName(actor),
            uploaded_at: ctx.clock.now().toISOString(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return (await selectDocument(trx, id))!;
      },
      (d) => ({
        action: 'media.filing.document',
        objectType: 'media_filing',
        objectId: filingId,
        after: { id: d.id, fileName, size: d.size, mime: d.mime },
      }),
    );
  } catch (e) {
    await unlink(path).catch(() => {});
    throw e;
  }
}

/** A filing document's bytes, for staff who may see the filing. */
export async function readFilingDocument(
  ctx: AppContext,
  actor: Actor,
  docId: number,
): Promise<{ doc: FilingDocument; data: Buffer }> {
  const doc = await selectDocument(ctx.db, docId);
  if (!doc) throw notFound('材料');
  await getFiling(ctx, actor, doc.filingId);
  return { doc, data: await readFile(join(uploadDir(ctx), doc.storedName)) };
}

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
  await trx
    .insertInto('media_checks')
    .values({
      account_id: a.id,
      checked_on: c.checkedOn,
      last_update_date: c.lastUpdateDate,
      interaction_ok: c.interactionOk ? 1 : 0,
      note: c.note?.trim() ?? '',
      recorded_by: actorName(actor),
      recorded_at: ctx.clock.now().toISOString(),
    })
    .execute();
  // The account shows its latest check; a back-dated record does not overwrite a newer one.
  if (!a.checkedOn || c.checkedOn >= a.checkedOn) {
    await trx
      .updateTable('media_accounts')
      .set({
        last_update_date: c.lastUpdateDate,
        interaction_ok: c.interactionOk ? 1 : 0,
        checked_on: c.checkedOn,
      })
      .where('id', '=', a.id)
      .execute();
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

/** Active accounts in scope with their freshness on the clock's Shanghai date. */
export async function accountsWithFreshness(ctx: AppContext, actor: Actor) {
  const today = shanghaiDate(ctx.clock.now());
  return (await listAccounts(ctx, actor, { status: 'active' })).map((a) => ({
    account: a,
    freshness: freshnessOf(a, today),
  }));
}

/** Who hears about an org's accounts: its editors and reviewers. */
async function orgRecipients(db: Kysely<DB>, orgId: number): Promise<number[]> {
  const ids: number[] = [];
  for (const role of ['editor', 'reviewer'] as const)
    ids.push(...(await usersWithRole(db, orgId, role)).map((u) => u.id));
  return ids;
}

/**
 * Daily: every active account that fails a freshness rule reminds its owner org's editors and
 * reviewers. Dedupe keys make one reminder per stale spell (last update date) and per failed check.
 */
export const mediaFreshnessJob: JobDefinition = {
  name: 'media.freshness',
  label: '政务新媒体更新和互动检查提醒',
  intervalSeconds: 24 * 3600,
  async run(ctx, now) {
    const today = shanghaiDate(now);
    const accounts = await selectAccounts(ctx.db, { status: 'active' });
    let sent = 0;
    let flagged = 0;
    for (const a of accounts) {
      const f = freshnessOf(a, today);
      const relevant = f.flags.filter(
        (x) => x === 'stale' || x === 'stale_soon' || x === 'interaction_broken' || x === 'no_record',
      );
      if (!relevant.length) continue;
      flagged++;
      const users = await orgRecipients(ctx.db, a.orgId);
      for (const flag of relevant) {
        const key =
          flag === 'interaction_broken'
            ? `media.${flag}:${a.id}:${a.checkedOn}`
            : `media.${flag}:${a.id}:${a.lastUpdateDate ?? 'none'}`;
        sent += await notifyUsers(ctx.db, now, users, {
          title: `新媒体账号“${a.accountName}”：${FRESHNESS_FLAGS[flag]}`,
          body: `${PLATFORMS[a.platform]}账号“${a.accountName}”（${a.platformAccountId}）${a.lastUpdateDate ? `最近更新于 ${a.lastUpdateDate}` : '尚未登记更新情况'}。按国办秘函〔2019〕19号，政务新媒体 2 周内无更新或互动功能不可用属单项否决，请及时更新并登记。`,
          link: `/admin/media/${a.id}`,
          dedupeKey: key,
        });
      }
    }
    return `检查 ${accounts.length} 个账号，${flagged} 个需关注，发送提醒 ${sent} 条`;
  },
};
