/** Importing a past report: why an import was refused, and the figures read from a published report to confirm. */
import type { AppError } from '../../../errors.ts';
import type { PageContext } from '../../../web/page.ts';
import { pastTable3Grid, pastTable4Grid } from '../document.ts';
import { describePastErrors, PAST_FORMATS, type PastFigures } from '../past.ts';
import { GridTable } from './report-body.tsx';

/** Largest past report accepted from the back-office form (ours are some 20 KB). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** The import form's fields as entered, and why it was refused, for showing it again. */
export interface ImportState {
  values: { org?: string; year?: string; format?: string };
  error: AppError;
}

/** Form fields an import error may name; the rest are places in the imported file. */
const IMPORT_FIELDS: Record<string, string> = {
  importOrg: 'f-importOrg',
  importYear: 'f-importYear',
  year: 'f-importYear',
  importFormat: 'f-importFormat',
  file: 'f-file',
};

/** Why an import was refused: the form's fields link to their inputs; places in the file are listed as read. */
export function ImportErrorSummary({ error }: { error: AppError }) {
  const entries = Object.entries(error.fields);
  const formFields = entries.filter(([k]) => k in IMPORT_FIELDS);
  const places = describePastErrors(Object.fromEntries(entries.filter(([k]) => !(k in IMPORT_FIELDS))));
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>
        {error.userMessage.startsWith('导入失败') ? error.userMessage : `导入失败：${error.userMessage}`}
      </h2>
      {entries.length > 0 && (
        <ul>
          {formFields.map(([k, msg]) => (
            <li>
              <a href={`#${IMPORT_FIELDS[k]}`}>{msg}</a>
            </li>
          ))}
          {places.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      )}
      <p>
        <a href="#import">返回导入表单</a>
      </p>
    </div>
  );
}

/** What was read from a published report (Word or web page), shown for checking before it is imported. */
export interface ImportPreview {
  orgId: number;
  year: number;
  name: string;
  figures: PastFigures;
  json?: unknown;
}

/** The confirmation page of an import read from a published report. */
export function ImportConfirmation({ page, p }: { page: PageContext; p: ImportPreview }) {
  return (
    <>
      <h1>确认导入 {p.year} 年度报告的数字</h1>
      <p>
        以下数字读自“{p.name}”（{PAST_FORMATS[p.figures.format]}
        ）。请与已发布的报告逐项核对，无误后确认导入；如有不符，请修改文件后重新上传，或改用 Excel 导入。
      </p>
      <GridTable grid={pastTable3Grid(p.figures)} />
      <GridTable grid={pastTable4Grid(p.figures)} />
      <form
        method="post"
        action={`/admin/reports/annual/import/confirm?_csrf=${encodeURIComponent(page.csrfToken)}`}
      >
        <input type="hidden" name="org" value={p.orgId} />
        <input type="hidden" name="year" value={p.year} />
        <input type="hidden" name="format" value={p.figures.format} />
        <input type="hidden" name="figures" value={JSON.stringify(p.json)} />
        <div class="actions">
          <button type="submit">确认导入</button>
          <a href={`/admin/reports/annual?org=${p.orgId}&year=${p.year + 1}&scope=own`}>取消</a>
        </div>
      </form>
    </>
  );
}
