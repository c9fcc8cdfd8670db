import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import chineseDays from 'chinese-days';
import { addDays } from '../../lib/time.ts';
import {
  diffTexts,
  isLatePublication,
  nextStatus,
  parseDataTableText,
  publicationDeadline,
  sanitizeBody,
  bodyForPage,
  bodyText,
  TABLE_BOX,
  TRANSITIONS,
  STATUSES,
  type ItemStatus,
} from './model.ts';

const isWorkday = (d: string) => chineseDays.isWorkday(d);

describe('content model', () => {
  it('counts 20 working days after the formation day, the formation day itself not counted', () => {
    assert.equal(publicationDeadline('2022-03-01', isWorkday), '2022-03-29');
    // 国庆 2022: 10/1–10/7 off, 10/8 and 10/9 are working weekends.
    assert.equal(publicationDeadline('2022-09-30', isWorkday), '2022-11-02'); // 10/8, 10/9 count; 10/1–7 do not
    assert.equal(isLatePublication('2022-03-01', '2022-03-29', isWorkday), false);
    assert.equal(isLatePublication('2022-03-01', '2022-03-30', isWorkday), true);
    assert.equal(isLatePublication(null, '2030-01-01', isWorkday), false);
  });

  it('has exactly 20 working days in (formation, deadline] and ends on a working day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 4 }), (offset) => {
        const start = addDays('2020-01-01', offset);
        const end = publicationDeadline(start, isWorkday);
        assert.ok(isWorkday(end), 'isWorkday(end)');
        let n = 0;
        for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) if (isWorkday(d)) n++;
        assert.equal(n, 20);
      }),
      { numRuns: 200 },
    );
  });

  it('allows only the workflow transitions the issue names', () => {
    assert.equal(nextStatus('draft', 'submit'), 'submitted');
    assert.equal(nextStatus('submitted', 'review'), 'reviewed');
    assert.equal(nextStatus('reviewed', 'clear'), 'cleared');
    assert.equal(nextStatus('cleared', 'publish'), 'published');
    assert.equal(nextStatus('cleared', 'schedule'), 'scheduled');
    assert.equal(nextStatus('scheduled', 'release'), 'published');
    assert.equal(nextStatus('published', 'withdraw'), 'withdrawn');
    assert.equal(nextStatus('draft', 'publish'), null, 'a draft cannot skip review');
    assert.equal(nextStatus('submitted', 'clear'), null, 'confidentiality review comes after review');
    assert.equal(nextStatus('withdrawn', 'publish'), null);
    for (const s of Object.keys(STATUSES) as ItemStatus[])
      for (const a of Object.keys(TRANSITIONS) as (keyof typeof TRANSITIONS)[]) {
        const to = nextStatus(s, a);
        if (to)
          assert.ok(
            (TRANSITIONS[a].from as readonly string[]).includes(s),
            '(TRANSITIONS[a].from as readonly string[]).includes(s)',
          );
      }
  });

  it('sanitises bodies to the allow-list: no scripts, handlers, styles or javascript: links (property)', () => {
    const nasty =
      '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a><img src="x" onerror="y"><iframe src="https://evil"></iframe><style>p{}</style></p>';
    const clean = sanitizeBody(nasty);
    assert.doesNotMatch(clean, /script|onclick|onerror|javascript:|iframe|style/i);
    assert.match(clean, /正文/);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          '<script>',
          '<img src=x onerror=alert(1)>',
          '<a href="javascript:1">',
          '<svg onload=1>',
          '<iframe>',
        ),
        (s, bad) => {
          const out = sanitizeBody(s + bad + s);
          assert.doesNotMatch(out, /<script|onerror|onload|javascript:|<iframe|<svg/i);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('wraps each table of the page body in its own scrolling box, and changes nothing else (property)', () => {
    const html = bodyForPage(
      '<p>表：</p><table border="1" class="x" style="width:900px"><tr><td>甲</td></tr></table><p>&lt;table&gt; 不是表格</p>',
    );
    assert.equal(
      html,
      `<p>表：</p>${TABLE_BOX}<table><tr><td>甲</td></tr></table></div><p>&lt;table&gt; 不是表格</p>`,
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '<p>段</p>',
            '<table>',
            '</table>',
            '<tr><td>格</td></tr>',
            '<table class="a">',
            '文字',
            '&lt;table&gt;',
          ),
          { maxLength: 12 },
        ),
        (parts) => {
          const clean = sanitizeBody(parts.join(''));
          const page = bodyForPage(parts.join(''));
          assert.equal(
            page.replaceAll(TABLE_BOX, '').replaceAll('</table></div>', '</table>'),
            clean,
            'only the wrappers are added',
          );
          assert.equal(
            page.split(`${TABLE_BOX}<table>`).length,
            clean.split('<table>').length,
            'one wrapper per table',
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('turns plain text into paragraphs and back', () => {
    const html = sanitizeBody('第一段\n\n第二段 <b>不是标签</b>');
    assert.match(html, /^<p>第一段<\/p>/);
    assert.match(bodyText(sanitizeBody('甲\n乙')), /^甲\n+乙$/);
  });

  it('diffs reassemble both texts (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const parts = diffTexts(a, b);
        assert.equal(
          parts
            .filter((p) => !p.added)
            .map((p) => p.value)
            .join(''),
          a,
        );
        assert.equal(
          parts
            .filter((p) => !p.removed)
            .map((p) => p.value)
            .join(''),
          b,
        );
      }),
    );
  });

  it('parses data tables pasted from Excel (tabs) or typed with commas, and refuses ragged rows', () => {
    assert.deepEqual(parseDataTableText('项目\t标准\n不动产登记费\t80元'), {
      columns: ['项目', '标准'],
      rows: [['不动产登记费', '80元']],
    });
    assert.deepEqual(parseDataTableText('项目，标准\n甲，1'), {
      columns: ['项目', '标准'],
      rows: [['甲', '1']],
    });
    assert.match(String(parseDataTableText('a,b\n1')), /列数/);
    assert.match(String(parseDataTableText('')), /为空/);
  });
});
