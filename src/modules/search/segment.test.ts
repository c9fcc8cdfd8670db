import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { placeWords } from './segment.ts';

// Characters that are no division or body word, so a generated stem never ends a place early.
const stem = fc
  .array(fc.constantFrom(...'青山江凤凰洲沙井红角东溪桥湖平安德兴'.split('')), { minLength: 2, maxLength: 4 })
  .map((a) => a.join(''));
const division = fc.constantFrom('省', '市', '区', '县', '自治州', '新区', '旗');
const township = fc.constantFrom('镇', '乡', '街道');
const body = fc.constantFrom('人民政府', '办事处', '发展和改革委员会', '住房和城乡建设局', '财政局');

describe('place names from org names', () => {
  it('reads the divisions a name starts with, and the place a 管理处 is named for', () => {
    assert.deepEqual(placeWords('江州市青山区人民政府'), ['江州市', '江州', '青山区', '青山']);
    assert.deepEqual(placeWords('青山县城关镇人民政府'), ['青山县', '青山', '城关镇', '城关']);
    assert.deepEqual(placeWords('青山区沙井街道办事处'), ['青山区', '青山', '沙井街道', '沙井']);
    assert.deepEqual(placeWords('青山区凤凰洲管理处'), ['青山区', '青山', '凤凰洲']);
    assert.deepEqual(placeWords('广西壮族自治区南宁市人民政府').slice(0, 1), ['广西壮族自治区']);
  });

  it('finds no place where the name has none (乡 of 城乡, 市 of 城市, an abbreviation)', () => {
    assert.deepEqual(placeWords('住房和城乡建设局'), []);
    assert.deepEqual(placeWords('城市管理局'), []);
    assert.deepEqual(placeWords('区发改委'), []);
    assert.deepEqual(placeWords('国家税务总局江州市税务局'), []);
  });

  it('property: every place of a chain of divisions is found, each with its stem, and nothing outside the name', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stem, division), { minLength: 1, maxLength: 3 }),
        fc.option(fc.tuple(stem, township)),
        body,
        (chain, town, office) => {
          const places = [...chain, ...(town ? [town] : [])];
          const name =
            places.map(([s, d]) => s + d).join('') +
            (town && !/^(人民政府|办事处)$/.test(office) ? '人民政府' : office);
          const words = placeWords(name);
          for (const [s, d] of places) {
            assert.ok(words.includes(s + d), `${name}: ${s + d} in ${words}`);
            assert.ok(words.includes(s), `${name}: ${s} in ${words}`);
          }
          for (const w of words) assert.ok(w.length >= 2 && name.includes(w), `${name}: ${w}`);
        },
      ),
    );
  });
});
