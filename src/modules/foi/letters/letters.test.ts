import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { creditCodeCheckChar, residentIdCheckChar } from '../../../lib/identifiers.ts';
import { systemActor } from '../../../context.ts';
import { bearer, buildTestApp, loginAs, type Session, type TestApp } from '../../../../test/helpers.ts';
import { createOrg, getOrg, updateOrg, type OrgInput } from '../../org/service.ts';
import type { OrgKind } from '../../org/model.ts';
import { getSiteInfo } from '../../portal/service.ts';
import { saveTemplateBlock } from './service.ts';
import { addressTo } from './templates.ts';

const person = () => {
  const first = '36011219800110123';
  return first + residentIdCheckChar(first);
};
const creditCode = () => {
  const first = '91360100MA35X1234';
  return first + creditCodeCheckChar(first)!;
};

/** The paragraphs of a DOCX, read back from word/document.xml in the zip. */
function docxParagraphs(buf: Buffer): string[] {
  const xml = strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter(Boolean);
}

describe('letters right in law (复议机关, 您/你单位, 文号, contact line, stored as issued)', () => {
  let t: TestApp;
  let gkb: Record<string, string>;
  let staff: Session;
  const actor = systemActor('test');
  const orgs: Record<string, { id: number; name: string; body: string }> = {};
  let parentGovernment: string;

  before(async () => {
    t = await buildTestApp({ start: '2026-12-20T02:00:00Z' });
    gkb = await bearer(t, 'gkb');
    staff = await loginAs(t.app, 'gkb');
    parentGovernment = (await getSiteInfo(t.ctx.db)).parentGovernment;
    const make = async (
      key: string,
      name: string,
      kind: OrgKind,
      parent: string | null,
      extra: Partial<OrgInput> = {},
    ) => {
      const o = await createOrg(t.ctx, actor, {
        name,
        shortName: key,
        code: `T${Object.keys(orgs).length + 1}X`,
        kind,
        parentId: parent ? orgs[parent].id : null,
        foiDesk: { phone: `0791-8800000${Object.keys(orgs).length}` },
        ...extra,
      });
      orgs[key] = { id: o.id, name: o.name, body: '' };
    };
    await make('县府', '某县人民政府', 'government', null);
    await make('县发改', '某县发展和改革委员会', 'department', '县府', {
      letterNumberPattern: '某发改依复〔{year}〕{seq}号',
    });
    await make('街道', '某县城关街道办事处', 'agency', '县府');
    await make('镇', '某县青山镇人民政府', 'township', '县府');
    await make('税务', '国家税务总局某县税务局', 'vertical', '县府', {
      reviewBody: '国家税务总局某市税务局',
    });
    await make('海关', '某县海关', 'vertical', '县府');
    // The body each letter must name (行政复议法 2023, rules.md §2).
    orgs['县府'].body = parentGovernment;
    orgs['县发改'].body = '某县人民政府';
    orgs['街道'].body = '某县人民政府';
    orgs['镇'].body = '某县人民政府';
    orgs['税务'].body = '国家税务总局某市税务局';
    orgs['海关'].body = '上一级主管部门';
  });
  after(() => t.close());

  const register = async (orgId: number, applicantType: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/foi/applications',
      headers: gkb,
      payload: {
        channel: 'in_person',
        receivedOn: '2026-12-01',
        orgId,
        applicantType,
        applicantName: applicantType === 'natural' ? '张三' : '某某科技有限公司',
        idNumber: applicantType === 'natural' ? person() : creditCode(),
        legalRepresentative: applicantType === 'natural' ? '' : '李四',
        phone: '13807911234',
        description: '2025年度某项目的审批文件',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().application.id as number;
  };
  const event = async (id: number, body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/foi/applications/${id}/events`,
      headers: gkb,
      payload: body,
    });
    assert.equal(res.statusCode, 201, res.body);
  };
  const docx = async (id: number, ref: string) => {
    const res = await staff.get(`/admin/foi/${id}/letters/${ref}.docx`);
    assert.equal(res.statusCode, 200, res.body);
    return docxParagraphs(res.rawPayload);
  };

  it('names the right 复议机关 (never the deciding org), 您 or 你单位, a 文号 and a contact line, for every org kind × outcome × applicant type', async () => {
    const outcomes = [
      'disclosed',
      'partial',
      'withheld.process_info',
      'unavailable.not_held',
      'rejected.petition',
      'other.other',
    ];
    for (const key of Object.keys(orgs)) {
      const org = orgs[key];
      for (const outcome of outcomes) {
        for (const applicantType of ['natural', 'commercial']) {
          const id = await register(org.id, applicantType);
          await event(id, { type: 'closed', on: '2026-12-18', outcome, reason: '经核查' });
          const paragraphs = await docx(id, 'reply');
          const label = `${key} ${outcome} ${applicantType}`;
          const remedy = paragraphs.find((p) => p.includes('行政复议'));
          assert.ok(remedy, `${label}: no remedy paragraph in ${paragraphs.join('\n')}`);
          assert.ok(remedy.includes(`六十日内向${org.body}申请行政复议`), `${label}: ${remedy}`);
          assert.ok(remedy.includes('六个月内'), `${label}: ${remedy}`);
          assert.ok(!remedy.includes(org.name), `${label} names the deciding org: ${remedy}`);
          assert.ok(!paragraphs.join('').includes('红谷滩'), `${label}: a hard-coded district`);
          const text = paragraphs.join('\n');
          if (applicantType === 'natural') {
            assert.ok(text.includes('您') && !text.includes('你单位'), `${label}: ${text}`);
          } else {
            assert.ok(text.includes('你单位') && !text.includes('您'), `${label}: ${text}`);
          }
          assert.ok(!text.includes('您（单位）'), label);
          const number =
            key === '县发改' ? /^某发改依复〔2026〕\d+号$/ : new RegExp(`^${key}依申〔2026〕\\d+号$`);
          assert.ok(
            paragraphs.some((p) => number.test(p)),
            `${label}: no 文号 in ${text}`,
          );
          assert.ok(
            text.includes('联系人：') && text.includes('联系电话：0791-8800000'),
            `${label}: no contact line`,
          );
        }
      }
    }
  });

  it('keeps the pre-2024 wording for a department decision dated before 2024', async () => {
    const id = await t.app
      .inject({
        method: 'POST',
        url: '/api/v1/foi/applications',
        headers: gkb,
        payload: {
          channel: 'in_person',
          receivedOn: '2023-12-01',
          orgId: orgs['县发改'].id,
          applicantType: 'natural',
          applicantName: '王五',
          idNumber: person(),
          phone: '13807911234',
          description: '2023年某文件',
        },
      })
      .then((r) => r.json().application.id as number);
    await event(id, { type: 'closed', on: '2023-12-20', outcome: 'disclosed' });
    const remedy = (await docx(id, 'reply')).find((p) => p.includes('行政复议'))!;
    assert.match(remedy, /向某县人民政府或上一级主管部门申请行政复议/);
  });

  it('numbers letters per org and year without gaps or repeats, also when issued at once', async () => {
    const org = orgs['镇'];
    const ids = await Promise.all(Array.from({ length: 6 }, () => register(org.id, 'natural')));
    await Promise.all(ids.map((id) => event(id, { type: 'closed', on: '2026-12-18', outcome: 'disclosed' })));
    const rows = await t.ctx.db
      .selectFrom('foi_letters')
      .select(['seq', 'doc_number', 'year'])
      .where('org_id', '=', org.id)
      .execute();
    const seqs = rows.map((r) => r.seq).sort((a, b) => a - b);
    assert.deepEqual(
      seqs,
      Array.from({ length: seqs.length }, (_, i) => i + 1),
    );
    assert.equal(new Set(rows.map((r) => r.doc_number)).size, rows.length);
    assert.ok(
      rows.every((r) => r.year === 2026),
      'all in the letter year 2026',
    );
  });

  it('reprints a letter exactly as issued after the org, its template and the case change', async () => {
    const org = orgs['县发改'];
    const id = await register(org.id, 'natural');
    await event(id, {
      type: 'correction_requested',
      on: '2026-12-02',
      periodDays: 10,
      reason: '未写明文件年份',
    });
    const correctionBefore = await docx(id, 'correction');
    const htmlBefore = (await staff.get(`/admin/foi/${id}/letters/correction.html`)).body;
    // The correction arrives, then the org is renamed, its phone and pattern change, its template too.
    await event(id, { type: 'correction_received', on: '2026-12-07' });
    const o = await getOrg(t.ctx.db, org.id);
    await updateOrg(t.ctx, actor, org.id, {
      ...o,
      name: '某县发展和改革局',
      foiDesk: { phone: '0791-99999999' },
      letterNumberPattern: '新格式〔{year}〕{seq}号',
    });
    await saveTemplateBlock(t.ctx, actor, org.id, 'correction', 'closing', '（改过的结尾）');
    const correctionAfter = await docx(id, 'correction');
    assert.deepEqual(correctionAfter, correctionBefore);
    assert.equal((await staff.get(`/admin/foi/${id}/letters/correction.html`)).body, htmlBefore);
    const text = correctionAfter.join('\n');
    assert.ok(!text.includes('（待定）'), text);
    // 10 working days after 2026-12-02 (a Wednesday): 2026-12-16.
    assert.match(text, /10个工作日内（即2026年12月16日前）/);
    assert.match(text, /某发改依复〔2026〕\d+号/);
    // The letters list names the stored letter with its 文号.
    const d = (await t.app.inject({ url: `/api/v1/foi/applications/${id}`, headers: gkb })).json();
    assert.equal(d.letters[0].kind, 'correction');
    assert.match(d.letters[0].docNumber, /^某发改依复〔2026〕\d+号$/);
  });

  it('addresses a template to one applicant type, whatever the org wrote', () => {
    addressCases.forEach(([input, person_, org]) => {
      assert.equal(addressTo(input, 'person'), person_);
      assert.equal(addressTo(input, 'organisation'), org);
    });
  });
});

const addressCases: [string, string, string][] = [
  ['收到您（单位）提出的申请', '收到您提出的申请', '收到你单位提出的申请'],
  ['请您于十日内', '请您于十日内', '请你单位于十日内'],
  ['向你单位提供', '向您提供', '向你单位提供'],
];
