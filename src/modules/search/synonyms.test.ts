import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../../errors.ts';
import { checkSynonymGroup, splitWords, synonymsOf, type SynonymGroup } from './synonyms.ts';

const refused = (status: number, field: string) => (e: unknown) =>
  e instanceof AppError && e.status === status && field in e.fields && /[\u4e00-\u9fff]/.test(e.userMessage);

describe('synonym groups', () => {
  const groups: SynonymGroup[] = [{ id: 1, term: '低保', synonyms: ['最低生活保障'] }];

  it('accepts a group and reads the textarea one word a line or separated by 、，', () => {
    assert.deepEqual(
      checkSynonymGroup({ term: ' 公租房 ', synonyms: '公共租赁住房\n 廉租房、保障房' }, groups),
      {
        term: '公租房',
        synonyms: ['公共租赁住房', '廉租房', '保障房'],
      },
    );
    assert.deepEqual(splitWords('甲，乙;丙\r\n\n丁'), ['甲', '乙', '丙', '丁']);
  });

  it('refuses empty, self-referring, repeated and non-word entries with a Chinese 400', () => {
    assert.throws(
      () => checkSynonymGroup({ term: '', synonyms: ['最低生活保障'] }, []),
      refused(400, 'term'),
    );
    assert.throws(() => checkSynonymGroup({ term: '低保', synonyms: '' }, []), refused(400, 'synonyms'));
    assert.throws(
      () => checkSynonymGroup({ term: '低保', synonyms: ' \n 、' }, []),
      refused(400, 'synonyms'),
    );
    assert.throws(
      () => checkSynonymGroup({ term: '低保', synonyms: ['低保'] }, []),
      refused(400, 'synonyms'),
    );
    assert.throws(
      () => checkSynonymGroup({ term: '医保', synonyms: ['医疗保障', '医疗保障'] }, []),
      refused(400, 'synonyms'),
    );
    assert.throws(() => checkSynonymGroup({ term: '<b>', synonyms: ['粗体'] }, []), refused(400, 'term'));
    assert.throws(
      () => checkSynonymGroup({ term: '医保', synonyms: ['字'.repeat(31)] }, []),
      refused(400, 'synonyms'),
    );
  });

  it('refuses a word already in another group (a chain or a loop) with a 409', () => {
    // 最低生活保障 → 低保 would loop back; 低保 → 困难救助 would chain two groups.
    assert.throws(
      () => checkSynonymGroup({ term: '最低生活保障', synonyms: ['低保'] }, groups),
      refused(409, 'term'),
    );
    assert.throws(
      () => checkSynonymGroup({ term: '低保', synonyms: ['困难救助'] }, groups),
      refused(409, 'term'),
    );
    assert.throws(
      () => checkSynonymGroup({ term: '救助', synonyms: ['最低生活保障'] }, groups),
      refused(409, 'synonyms'),
    );
  });

  it('expands one step, both ways, and never loops (property)', () => {
    const word = fc.constantFrom(
      '低保',
      '最低生活保障',
      '医保',
      '医疗保障',
      '社保',
      '社会保险',
      '公积金',
      '住房公积金',
      '救助',
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.array(word, { maxLength: 3 })), { maxLength: 8 }), (entries) => {
        const accepted: SynonymGroup[] = [];
        for (const [term, synonyms] of entries) {
          try {
            accepted.push({ id: accepted.length + 1, ...checkSynonymGroup({ term, synonyms }, accepted) });
          } catch (e) {
            assert.ok(
              e instanceof AppError && e.status >= 400 && e.status < 500,
              'e instanceof AppError && e.status >= 400 && e.status < 500',
            );
          }
        }
        const all = accepted.flatMap((g) => [g.term, ...g.synonyms]);
        assert.equal(new Set(all).size, all.length, 'every word in one group at most');
        for (const w of all) {
          const others = synonymsOf(w, accepted);
          assert.ok(!others.includes(w), 'a word is not its own synonym');
          for (const o of others) assert.ok(synonymsOf(o, accepted).includes(w), 'both ways');
        }
      }),
    );
  });
});
