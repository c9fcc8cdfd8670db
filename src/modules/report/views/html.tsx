/** The report as HTML: a standalone printable document (CLI) and the body published through content. */
import { renderToString } from 'preact-render-to-string';
import { renderDocument } from '../../../web/render.ts';
import type { AnnualReport } from '../document.ts';
import { ReportBody } from './report-body.tsx';

export const reportTitle = (r: Pick<AnnualReport, 'orgName' | 'year'>) =>
  `${r.orgName}${r.year}年政府信息公开工作年度报告`;

export function annualReportHtml(r: AnnualReport): string {
  const title = reportTitle(r);
  return renderDocument(
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
        <link rel="stylesheet" href="/static/site.css" />
      </head>
      <body>
        <main id="main" class="wrap">
          <h1>{title}</h1>
          <ReportBody r={r} />
        </main>
      </body>
    </html>,
  );
}

/** The sections and tables only, as the body of the published item (content sanitises it). */
export const annualReportBodyHtml = (r: AnnualReport): string => renderToString(<ReportBody r={r} />);
