import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  docNumberCandidates,
  escapeHtml,
  highlight,
  normalizeDocNumber,
  parseSearchQuery,
  snippet,
} from './model.ts';
import { AppError } from '../../errors.ts';

const BRACKETS: [string, string][] = [
  ['〔', '〕'],
  ['[', ']'],
  ['(', ')'],
  ['（', '）'],
  ['【', '】'],
  ['［', '］'],
];
const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const agency = fc
  .array(fc.constantFrom(...'洪府办发赣厅字国红规政函财税'.split('')), { minLength: 1, maxLength: 8 })
  .map((a) => a.join(''));

describe('文号 normalisation (rules.md §6)', () => {
  it('normalises the examples in every bracket style and full-width digits', () => {
    for (const [o, c] of BRACKETS) {
      assert.equal(normalizeDocNumber(`洪府办发${o}2022${c}66号`), '洪府办发〔2022〕66号');
      assert.equal(normalizeDocNumber(fullWidth(`洪府办发${o}2022${c}66号`)), '洪府办发〔2022〕66号');
    }
    assert.equal(normalizeDocNumber(' 国办发 〔2022〕 第8号 '), '国办发〔2022〕8号');
    assert.equal(normalizeDocNumber('赣府厅字[2022]045号'), '赣府厅字〔2022〕45号');
  });

  it('rejects what is not a 文号', () => {
    for (const s of [
      '',
      '洪府办发2022年66号',
      '〔2022〕66号',
      '洪府办发〔22〕66号',
      '洪府办发〔2022〕号',
      '洪府办发〔2022〕0号',
      '洪府办发〔1800〕1号',
      '洪府办发〔2022〕66',
      'hello',
    ]) {
      assert.equal(normalizeDocNumber(s), null, s);
    }
  });

  it('property: any bracket style, digit width and padding normalises to the same 文号, and normalising is idempotent', () => {
    fc.assert(
      fc.property(
        agency,
        fc.integer({ min: 1949, max: 2100 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.constantFrom(...BRACKETS),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 }),
        (a, year, seq, [o, c], wide, pad) => {
          let raw = `${a}${o}${year}${c}${'0'.repeat(pad)}${seq}号`;
          if (wide) raw = fullWidth(raw);
          const n = normalizeDocNumber(raw);
          assert.equal(n, `${a}〔${year}〕${seq}号`);
          assert.equal(normalizeDocNumber(n!), n);
        },
      ),
    );
  });

  it('property: a 文号 inside a query is found, with the bare 机关代字 among the candidates', () => {
    fc.assert(
      fc.property(
        agency,
        fc.integer({ min: 1949, max: 2100 }),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom(...BRACKETS),
        fc.constantFrom('', '查找', '文件 ', '关于'),
        (a, year, seq, [o, c], prefix) => {
          const found = docNumberCandidates(`${prefix}${a}${o}${year}${c}${seq}号 的通知`);
          assert.ok(found.includes(`${a}〔${year}〕${seq}号`), JSON.stringify(found));
        },
      ),
    );
  });
});

describe('search parameters', () => {
  it('accepts a plain query with defaults', () => {
    assert.deepEqual(parseSearchQuery({ q: '  营商环境   政策 ' }), {
      q: '营商环境 政策',
      sort: 'relevance',
      page: 1,
      pageSize: 10,
    });
  });

  it('rejects bad input with a Chinese message', () => {
    for (const raw of [
      { year: '22' },
      { page: '0' },
      { page: 'x' },
      { sort: 'random' },
      { validity: 'maybe' },
      { org: '-1' },
    ]) {
      assert.throws(
        () => parseSearchQuery(raw),
        (e: unknown) => e instanceof AppError && e.status === 400 && /[\u4e00-\u9fff]/.test(e.userMessage),
        JSON.stringify(raw),
      );
    }
  });
});

describe('highlighting', () => {
  it('escapes HTML and marks terms', () => {
    assert.equal(
      highlight('<b>营商环境</b> & 营商', ['营商环境', '营商']),
      '&lt;b&gt;<mark>营商环境</mark>&lt;/b&gt; &amp; <mark>营商</mark>',
    );
  });

  it('property: removing the marks and unescaping gives back the text; no raw < from the text survives', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 4 }),
        (text, terms) => {
          const html = highlight(text, terms);
          const plain = html.replace(/<\/?mark>/g, '');
          assert.ok(!/[<>"']/.test(plain), '!/[<>"\']/.test(plain)');
          assert.equal(
            plain.replace(
              /&lt;|&gt;|&quot;|&#39;|&amp;/g,
              (e) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' })[e]!,
            ),
            text,
          );
        },
      ),
    );
  });

  it('property: a snippet is a marked, escaped excerpt of the text', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 600 }),
        fc.array(fc.string({ minLength: 1, maxLength: 3 }), { maxLength: 3 }),
        (text, terms) => {
          const s = snippet(text, terms, 50);
          const plain = s.replace(/<\/?mark>/g, '').replace(/^…|…$/g, '');
          const flat = escapeHtml(text.replace(/\s+/g, ' ').trim());
          assert.ok(flat.includes(plain), `${plain} not in text`);
        },
      ),
    );
  });
});
