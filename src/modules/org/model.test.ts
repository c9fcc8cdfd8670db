import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ORG_KINDS, reviewBodyOf, type OrgKind } from './model.ts';

type O = { id: number; name: string; kind: OrgKind; parentId: number | null; reviewBody: string };
const o = (id: number, name: string, kind: OrgKind, parentId: number | null, reviewBody = ''): O => ({
  id,
  name,
  kind,
  parentId,
  reviewBody,
});

// A county tree without the city in it: the site names its 上级人民政府.
const tree = [
  o(1, '某县人民政府', 'government', null),
  o(2, '某县发展和改革委员会', 'department', 1),
  o(3, '某县城关街道办事处', 'agency', 1),
  o(4, '某县青山镇人民政府', 'township', 1),
  o(5, '青山镇社会事务办公室', 'other', 4),
  o(6, '国家税务总局某县税务局', 'vertical', 1, '国家税务总局某市税务局'),
  o(7, '某县海关', 'vertical', 1),
];
const PARENT = '某市人民政府';

describe('reviewBodyOf (行政复议法 2023)', () => {
  it('names the 本级人民政府 for a 工作部门, without the former 上一级主管部门 option', () => {
    assert.equal(reviewBodyOf(tree, 2, '2026-03-01', PARENT), '某县人民政府');
  });
  it('names the 上一级人民政府 for the county government itself and for a 乡镇', () => {
    assert.equal(reviewBodyOf(tree, 1, '2026-03-01', PARENT), '某市人民政府');
    assert.equal(reviewBodyOf(tree, 4, '2026-03-01', PARENT), '某县人民政府');
  });
  it('names the government that set up a 派出机关', () => {
    assert.equal(reviewBodyOf(tree, 3, '2026-03-01', PARENT), '某县人民政府');
  });
  it('names the body the office set for a 垂直管理 org, and the generic 上一级主管部门 when unset', () => {
    assert.equal(reviewBodyOf(tree, 6, '2026-03-01', PARENT), '国家税务总局某市税务局');
    assert.equal(reviewBodyOf(tree, 7, '2026-03-01', PARENT), '上一级主管部门');
  });
  it('names the nearest government above a body of a 乡镇', () => {
    assert.equal(reviewBodyOf(tree, 5, '2026-03-01', PARENT), '某县青山镇人民政府');
  });
  it('keeps the pre-2024 wording for a department decision dated before 2024-01-01', () => {
    assert.equal(reviewBodyOf(tree, 2, '2023-12-31', PARENT), '某县人民政府或上一级主管部门');
    assert.equal(reviewBodyOf(tree, 2, '2024-01-01', PARENT), '某县人民政府');
  });
  it('never names the deciding body itself, on any tree, kind and date', () => {
    const kinds = Object.keys(ORG_KINDS) as OrgKind[];
    const arbTree = fc
      .array(fc.tuple(fc.constantFrom(...kinds), fc.nat()), { minLength: 1, maxLength: 12 })
      .map((rows) =>
        rows.map(([kind, p], i) => o(i + 1, `机关${i + 1}`, kind, i === 0 ? null : (p % i) + 1)),
      );
    fc.assert(
      fc.property(arbTree, fc.nat(), fc.integer({ min: 2019, max: 2035 }), (orgs, pick, year) => {
        const org = orgs[pick % orgs.length];
        const body = reviewBodyOf(orgs, org.id, `${year}-06-01`, PARENT);
        assert.ok(body.length > 0, 'a body is named');
        assert.ok(
          !body.startsWith(org.name + '或') && body !== org.name,
          `${org.kind} ${org.name} → ${body}`,
        );
      }),
    );
  });
});
