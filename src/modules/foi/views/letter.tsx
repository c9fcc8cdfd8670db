/** A letter's printable page: the letter as issued, laid out like the DOCX (文号, body, contact line, signature, date). */
import type { Letter } from '../letters/templates.ts';

export function LetterPage({ letter }: { letter: Letter }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${letter.title}（${letter.docNumber || letter.applicationNumber}）`}</title>
        <link rel="stylesheet" href="/static/site.css" />
      </head>
      <body class="foi-letter">
        <main>
          <h1>{letter.title}</h1>
          <p class="foi-letter-number">{letter.docNumber || `申请编号：${letter.applicationNumber}`}</p>
          {letter.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
          {letter.contact ? <p class="foi-letter-contact">{letter.contact}</p> : null}
          <p class="foi-letter-sign">{letter.signature}</p>
          <p class="foi-letter-sign">{letter.date}</p>
        </main>
      </body>
    </html>
  );
}
