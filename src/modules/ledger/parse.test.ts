import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Org } from '../org/model.ts';
import { SEED_PLAN_PATH } from './seed.ts';
import { parseWorkPlan, resolveUnits, splitUnitNames } from './parse.ts';

const T = '各乡、街办、管理处';
const G1 = '强化重点领域信息公开';
const G2 = '细化政务公开重点工作';
const G3 = '优化政务公开平台建设';
const ONGOING = { kind: 'ongoing' };
const by = (date: string) => ({ kind: 'by', date });
const then = (date: string) => ({ kind: 'byThenOngoing', date });

/** The seed's ledger, read by hand: [序号, group, 目标任务, start of 任务内容, 责任单位, deadline]. */
const EXPECTED: [number, string, string, string, string[], unknown][] = [
  [1, G1, '数字经济发展领域', '在区政府网站开设数字经济', ['区政府办公室', '区政数局'], by('2022-07-31')],
  [
    2,
    G1,
    '数字经济发展领域',
    '集中公开数字经济发展领域',
    ['区发改委', '区政数局', '区科工局', '区商务局等数字经济工作领导小组成员单位', T],
    then('2022-07-31'),
  ],
  [3, G1, '优化营商环境领域', '对标最高标准', ['区发改委', '区政数局'], ONGOING],
  [
    4,
    G1,
    '优化营商环境领域',
    '加大优化营商环境领域',
    ['区发改委', '区政数局', '区金融办', '区商务局', '区财政局', '区税务局', '区市场监督管理局等有关部门', T],
    ONGOING,
  ],
  [5, G1, '新冠肺炎疫情防控领域', '继续做好常态化疫情防控', ['区卫健委等有关部门', T], ONGOING],
  [
    6,
    G1,
    '新冠肺炎疫情防控领域',
    '进一步加强公民个人信息保护',
    ['区卫健委', '区政数局等有关部门', T],
    ONGOING,
  ],
  [
    7,
    G1,
    '其他重点领域',
    '着重做好扩大有效投资',
    ['区发改委', '区商务局', '区中小企业局', '区人社局等有关部门', T],
    ONGOING,
  ],
  [8, G1, '其他重点领域', '继续做好财政预决算', ['区财政局', T], ONGOING],
  [
    9,
    G1,
    '其他重点领域',
    '做好农村宅基地制度改革试点',
    ['区农业农村局(区乡村振兴局)', '区资规分局', T],
    ONGOING,
  ],
  [10, G1, '其他重点领域', '加大环境空气质量', ['区生态环境局', T], ONGOING],
  [11, G1, '其他重点领域', '做好重大项目建设', ['区住建局', '区应急管理局', T], ONGOING],
  [12, G2, '推进规范性文件集中公开', '通过区政府网站集中公开', ['区政府各部门', T], then('2022-12-31')],
  [
    13,
    G2,
    '推进基层政务公开标准化规范化建设',
    '按照《江西省人民政府政务公开办公室',
    ['沙井街办'],
    by('2022-10-10'),
  ],
  [14, G2, '推进基层政务公开标准化规范化建设', '参照“十县百乡”建设要求', [T], then('2022-12-31')],
  [
    15,
    G2,
    '推进政府信息公开申请规范办理',
    '认真贯彻《中华人民共和国政府信息公开条例》',
    ['区政府办公室'],
    by('2022-06-30'),
  ],
  [16, G2, '推进政府信息公开申请规范办理', '规范高效办理政府信息公开申请', ['区政府各部门', T], ONGOING],
  [17, G2, '推进政策性文件解读规范化', '综合应用文字解读', ['区政府各部门', T], ONGOING],
  [18, G2, '推进政策性文件解读规范化', '2022年,全区行政规范性文件', ['区政府各部门', T], then('2022-12-31')],
  [19, G2, '推进政策性文件解读规范化', '建立政府政策例行吹风会机制', ['区政府各部门', T], ONGOING],
  [
    20,
    G3,
    '加强政府网站与政务新媒体规范管理',
    '合理设置专题专栏',
    ['区政府办公室', '区政数局'],
    by('2022-12-31'),
  ],
  [
    21,
    G3,
    '加强政府网站与政务新媒体规范管理',
    '完善政务新媒体矩阵建设',
    ['区政府办公室', '区政数局'],
    ONGOING,
  ],
  [22, G3, '加强政府网站与政务新媒体规范管理', '加强内容建设', ['区政府各部门', T], ONGOING],
  [
    23,
    G3,
    '加强线下政务公开平台建设',
    '依托政务服务大厅等线下资源',
    ['区政数局', '其他具备条件的区政府有关部门', T],
    ONGOING,
  ],
];

describe('parseWorkPlan on the seed document', () => {
  const plan = parseWorkPlan(readFileSync(SEED_PLAN_PATH, 'utf8'));

  it('reads the title, year and the three source documents with their 文号', () => {
    assert.equal(plan.title, '2022年红谷滩区政务公开工作要点');
    assert.equal(plan.year, 2022);
    assert.deepEqual(
      plan.sourceDocuments.map((d) => d.docNumber),
      ['国办发〔2022〕8号', '赣府厅字〔2022〕45号', '洪府办发〔2022〕66号'],
    );
    assert.match(plan.sourceDocuments[0].title, /^国务院办公厅关于印发2022年政务公开工作要点的通知$/);
    assert.deepEqual(plan.problems, []);
  });

  it('reads sections 一、二、三 with the numbered points 1–10', () => {
    assert.deepEqual(
      plan.sections.map((s) => `${s.number}、${s.title}`),
      ['一、总体要求', '二、目标任务', '三、保障措施'],
    );
    const points = plan.sections[1].subsections.flatMap((s) => s.points);
    assert.deepEqual(
      points.map((p) => p.number),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.equal(points[0].title, '数字经济发展领域');
    assert.match(points[5].text, /沙井街办要在2022年10月上旬报送/);
    assert.equal(points[9].title, '加强线下政务公开平台建设');
    assert.deepEqual(
      plan.sections[2].subsections.map((s) => s.title),
      ['加强组织领导', '改进工作作风', '抓好工作落实'],
    );
    assert.match(plan.sections[2].subsections[2].text, /约谈或通报批评/);
  });

  it('reads exactly the 23 tasks with group, target, content, units and deadline', () => {
    assert.equal(plan.ledgerTitle, '红谷滩区2022年政务公开工作要点任务台账');
    assert.equal(plan.tasks.length, 23);
    for (const [n, group, target, contentStart, units, deadline] of EXPECTED) {
      const t = plan.tasks[n - 1];
      assert.equal(t.number, n);
      assert.equal(t.group, group, `task ${n} group`);
      assert.equal(t.target, target, `task ${n} target`);
      assert.ok(t.content.startsWith(contentStart), `task ${n} content: ${t.content.slice(0, 30)}`);
      assert.ok(
        /[。%]$|以上。$/.test(t.content),
        `task ${n} content ends a sentence: ${t.content.slice(-10)}`,
      );
      assert.deepEqual(t.unitNames, units, `task ${n} units`);
      assert.deepEqual(t.deadline, deadline, `task ${n} deadline`);
    }
    assert.equal(plan.tasks[1].deadlineText, '2022年7月底前完成,并持续推进');
  });

  it('reports a broken ledger instead of guessing', () => {
    const text =
      '2022年某区政务公开工作要点\n一、总体要求 略。 某区2022年政务公开工作要点任务台账 序号 目标任务 任务内容 责任单位 工作时限 (一)分组 1 目标 内容。 区发改委 2022年13月底前完成 3 目标 内容。 区发改委 持续推进';
    const p = parseWorkPlan(text);
    assert.ok(
      p.problems.some((x) => /第 1 项的工作时限/.test(x)),
      p.problems.join('\n'),
    );
    assert.ok(
      p.problems.some((x) => /应为序号 2/.test(x)),
      p.problems.join('\n'),
    );
    assert.ok(
      parseWorkPlan('只有标题').problems.some((x) => /没有找到任务台账/.test(x)),
      "parseWorkPlan('只有标题').problems.some((x) => /没有找到任务台账/.test(x))",
    );
  });
});

describe('splitUnitNames and resolveUnits', () => {
  it('keeps 各乡、街办、管理处 whole when splitting on 、 and ，', () => {
    assert.deepEqual(splitUnitNames('区财政局，各乡、街办、管理处'), ['区财政局', T]);
    assert.deepEqual(splitUnitNames('各乡、街办、管理处、区政数局'), [T, '区政数局']);
  });

  const org = (
    id: number,
    shortName: string,
    kind: Org['kind'],
    parentId: number | null,
    aliases: string[] = [],
  ): Org => ({
    id,
    name: shortName,
    shortName,
    code: `C${id}`,
    kind,
    parentId,
    aliases,
    sortOrder: id,
    isSample: false,
    foiDesk: { address: '', postcode: '', phone: '', fax: '', hours: '' },
    letterNumberPattern: '',
    reviewBody: '',
  });
  const orgs = [
    org(1, '南昌市', 'government', null),
    org(2, '红谷滩区', 'government', 1),
    org(3, '区发改委', 'department', 2),
    org(4, '区商务局', 'department', 2),
    org(5, '区市场监管局', 'department', 2, ['区市场监督管理局']),
    org(6, '沙井街办', 'township', 2),
    org(7, '卫东街办', 'township', 2),
    org(8, '市某局', 'department', 1),
  ];

  it('expands collective terms to the district tree, strips 等… suffixes and reports unknown names', () => {
    const r = resolveUnits(
      [
        '区发改委',
        '区商务局等数字经济工作领导小组成员单位',
        '区市场监督管理局等有关部门',
        T,
        '区不存在局',
        '其他具备条件的区政府有关部门',
      ],
      orgs,
      2,
    );
    assert.deepEqual(r.orgIds, [3, 4, 5, 6, 7]);
    assert.deepEqual(r.unknown, ['区不存在局']);
    assert.deepEqual(r.notes, [
      '区商务局等数字经济工作领导小组成员单位',
      '区市场监督管理局等有关部门',
      '其他具备条件的区政府有关部门',
    ]);
    const all = resolveUnits(['区政府各部门'], orgs, 2);
    assert.deepEqual(all.orgIds, [3, 4, 5], 'departments under the district only, not the city’s');
  });
});
