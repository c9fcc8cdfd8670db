import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applySuggestions, checkExpressions, type ExpressionRule } from './expressions.ts';
import { SEED_EXPRESSION_RULES } from './seed-rules.ts';

const terms = (text: string, rules = SEED_EXPRESSION_RULES) =>
  checkExpressions(text, rules).map((f) => f.term);

describe('expression check (错敏词)', () => {
  it('flags institution names abolished in the 2018 reform with their successors', () => {
    const fs = checkExpressions(
      '经国家工商总局批准，由国土资源部和环境保护部联合印发。',
      SEED_EXPRESSION_RULES,
    );
    assert.deepEqual(
      fs.map((f) => [f.term, f.suggestion, f.severity, f.kind]),
      [
        ['国家工商总局', '国家市场监督管理总局', 'warning', 'outdated'],
        ['国土资源部', '自然资源部', 'warning', 'outdated'],
        ['环境保护部', '生态环境部', 'warning', 'outdated'],
      ],
    );
    assert.equal(fs[0].start, 1);
    assert.equal(fs[0].end, 7);
  });

  it('prefers the longest term (国家工商行政管理总局 over a shorter overlap) and never overlaps', () => {
    assert.deepEqual(terms('国家工商行政管理总局'), ['国家工商行政管理总局']);
    assert.deepEqual(terms('国家卫生和计划生育委员会、国家卫计委'), [
      '国家卫生和计划生育委员会',
      '国家卫计委',
    ]);
  });

  it('does not flag names that kept their name, history written with 原, or 部门', () => {
    assert.deepEqual(terms('民政部、司法部、审计署'), []);
    assert.deepEqual(terms('原国家工商总局、原环保部的文件'), []);
    assert.deepEqual(terms('农业部门、文化部门、环保部门、卫生部门和建设部门'), []);
    assert.deepEqual(terms('住房和城乡建设部、农业农村部、文化和旅游部'), []);
  });

  it("honours a rule's exceptions (党的十九大 is right, 十九大 alone is a warning)", () => {
    assert.deepEqual(terms('深入学习贯彻党的十九大精神'), []);
    assert.deepEqual(terms('学习十九大'), ['十九大']);
  });

  it('flags local names and misspellings with suggestions, and sensitive terms as serious', () => {
    assert.deepEqual(terms('区工商局、区卫计委'), ['区工商局', '区卫计委']);
    const [f] = checkExpressions('截止目前，已完成', SEED_EXPRESSION_RULES);
    assert.equal(f.suggestion, '截至目前');
    const serious = checkExpressions('台湾政府宣布', SEED_EXPRESSION_RULES);
    assert.equal(serious[0].severity, 'serious');
    assert.equal(serious[0].suggestion, '台湾当局');
  });

  it('every seeded rule has a suggestion, a note, and matches its own term', () => {
    const seen = new Set<string>();
    for (const r of SEED_EXPRESSION_RULES) {
      assert.ok(r.suggestion && r.note, r.term);
      assert.ok(!seen.has(r.term), `duplicate ${r.term}`);
      seen.add(r.term);
      assert.deepEqual(terms(`，${r.term}，`), [r.term], r.term);
    }
    assert.ok(SEED_EXPRESSION_RULES.length >= 60, 'SEED_EXPRESSION_RULES.length >= 60');
  });

  it('replaces findings with their suggestions', () => {
    const text = '国家质检总局和区工商局';
    assert.equal(
      applySuggestions(text, checkExpressions(text, SEED_EXPRESSION_RULES)),
      '国家市场监督管理总局和区市场监管局',
    );
  });

  it('property: findings are in order, non-overlapping, and each span is its term', () => {
    const alphabet = [
      '国家',
      '工商',
      '总局',
      '原',
      '部',
      '门',
      '农业',
      '环保',
      '十九大',
      '党的',
      '，',
      '区',
      '卫计委',
      '截止',
      '目前',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const fs = checkExpressions(text, SEED_EXPRESSION_RULES);
        let last = 0;
        for (const f of fs) {
          assert.ok(f.start >= last, 'f.start >= last');
          assert.equal(text.slice(f.start, f.end), f.term);
          last = f.end;
        }
      }),
    );
  });

  it('works with an empty list and empty text', () => {
    const rules: ExpressionRule[] = [];
    assert.deepEqual(checkExpressions('国家工商总局', rules), []);
    assert.deepEqual(checkExpressions('', SEED_EXPRESSION_RULES), []);
  });
});
