/** The report as a standalone, printable HTML document (for the CLI and for publishing). */
import { renderDocument } from '../../web/render.ts';
import type { AnnualReport } from './document.ts';
import { ReportBody } from './routes.tsx';

export function annualReportHtml(r: AnnualReport): string {
  const title = `${r.orgName}${r.year}年政府信息公开工作年度报告`;
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
