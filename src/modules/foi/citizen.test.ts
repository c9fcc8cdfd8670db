import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { residentIdCheckChar } from '../../lib/identifiers.ts';
import { shanghaiDate } from '../../lib/time.ts';
import { bearer, buildTestApp, Session, type TestApp } from '../../../test/helpers.ts';

const person = `36011219800110321${residentIdCheckChar('36011219800110321')}`;
const wrongPerson = person.slice(0, 17) + (person[17] === '1' ? '2' : '1');

/** A tiny SMTP listener (RFC 5321 happy path, no STARTTLS offered) that keeps each message's DATA. */
function smtpListener(): Promise<{ server: Server; port: number; mails: string[] }> {
  const mails: string[] = [];
  const server = createServer((sock) => {
    let buf = '';
    let inData = false;
    sock.write('220 test ESMTP\r\n');
    sock.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mails.push(buf.slice(0, end));
          buf = buf.slice(end + 5);
          inData = false;
          sock.write('250 OK\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl).toUpperCase();
        buf = buf.slice(nl + 2);
        if (line.startsWith('EHLO')) sock.write('250-test\r\n250 8BITMIME\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          sock.write('354 go\r\n');
        } else if (line.startsWith('QUIT')) sock.end('221 bye\r\n');
        else sock.write('250 OK\r\n');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port, mails }),
    ),
  );
}

/** Decodes the quoted-printable or base64 parts of a raw message, enough to read its text. */
function readableMail(raw: string): string {
  const parts = raw.split(/\r\n--[^\r\n]+\r\n/);
  return parts
    .map((p) => {
      const [head, ...rest] = p.split('\r\n\r\n');
      const body = rest.join('\r\n\r\n');
      if (/content-transfer-encoding:\s*base64/i.test(head))
        return Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8');
      if (/content-transfer-encoding:\s*quoted-printable/i.test(head))
        return Buffer.from(
          body
            .replace(/=\r\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8');
      return p;
    })
    .join('\n');
}

describe('依申请公开 form, the citizen’s side: identity documents, organisations, 确认信息, e-mailed receipt', () => {
  let t: TestApp;
  let gkb: Record<string, string>;
  let orgId: number;
  before(async () => {
    t = await buildTestApp();
    gkb = await bearer(t, 'gkb');
    orgId = (
      await t.ctx.db
        .selectFrom('orgs')
        .select('id')
        .where('short_name', '=', '区发改委')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t.close());

  const good = (over: Record<string, string> = {}) => ({
    applicantType: 'natural',
    applicantName: '赵六',
    idType: 'resident',
    idNumber: person,
    phone: '13807915678',
    orgId: String(orgId),
    description: '某年度预算文件',
    ...over,
  });
  const formPage = async (s: Session) => {
    const page = await s.get('/ysqgk/apply');
    return {
      token: /name="formToken" value="([^"]+)"/.exec(page.body)![1],
      csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1],
    };
  };
  const count = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('foi_applications')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const decode = (html: string) =>
    html
      .replaceAll('&amp;', '&')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>');

  it('gives the same Chinese field messages on the online form and the JSON API for the same bad input, and writes nothing', async () => {
    const bad: [string, Record<string, string>, string][] = [
      ['wrong ID check digit', { idNumber: wrongPerson }, 'idNumber'],
      ['passport in a wrong format', { idType: 'passport', idNumber: 'E12#45' }, 'idNumber'],
      ['港澳通行证 in a wrong format', { idType: 'hk_macao', idNumber: 'H1234' }, 'idNumber'],
      ['台湾通行证 in a wrong format', { idType: 'taiwan', idNumber: '1234567' }, 'idNumber'],
      [
        '外国人永久居留身份证 in a wrong format',
        { idType: 'foreign_pr', idNumber: '812345678901234567' },
        'idNumber',
      ],
      [
        'an organisation without 法定代表人',
        {
          applicantType: 'commercial',
          applicantName: '某某科技有限公司',
          idType: '',
          idNumber: '91360100MA35ABCDE0',
        },
        'legalRepresentative',
      ],
    ];
    const before = await count();
    for (const [label, over, field] of bad) {
      const api = await t.app.inject({
        method: 'POST',
        url: '/api/v1/foi/applications',
        headers: gkb,
        payload: { ...good(over), orgId, channel: 'in_person', receivedOn: shanghaiDate(t.clock.now()) },
      });
      assert.equal(api.statusCode, 400, `${label}: API ${api.body}`);
      const fields = api.json().error.fields as Record<string, string>;
      assert.ok(fields[field], `${label}: API names ${field}: ${JSON.stringify(fields)}`);
      const s = new Session(t.app);
      const { token, csrf } = await formPage(s);
      const form = await s.post('/ysqgk/apply', { ...good(over), formToken: token, step: 'check' }, { csrf });
      assert.equal(form.statusCode, 400, `${label}: form ${form.statusCode}`);
      for (const [k, message] of Object.entries(fields))
        assert.ok(
          decode(form.body).includes(message),
          `${label}: the form shows the API's message for ${k}: ${message}`,
        );
      assert.match(form.body, /申请信息有误/, `${label}: the summary`);
    }
    assert.equal(await count(), before, 'nothing written');
  });

  it('shows a 确认信息 page before submitting; 返回修改 keeps every input; 确认提交 gives the receipt and keeps the ID sealed', async () => {
    const s = new Session(t.app);
    const { token, csrf } = await formPage(s);
    const before = await count();
    const org = good({
      applicantType: 'commercial',
      applicantName: '某某科技有限公司',
      idType: '',
      idNumber: '91360100MA35ABCDE0',
      legalRepresentative: '李四',
      contactPerson: '王五',
    });
    // The credit code above has a wrong check character: fix it the way a person would after the message.
    const { creditCodeCheckChar } = await import('../../lib/identifiers.ts');
    org.idNumber = `91360100MA35ABCDE${creditCodeCheckChar('91360100MA35ABCDE')}`;
    const check = await s.post('/ysqgk/apply', { ...org, formToken: token, step: 'check' }, { csrf });
    assert.equal(check.statusCode, 200, check.body.slice(0, 400));
    assert.match(check.body, /请核对申请信息/);
    assert.match(check.body, /法定代表人或负责人<\/dt><dd>李四/);
    assert.match(check.body, /联系人<\/dt><dd>王五/);
    assert.match(check.body, /统一社会信用代码<\/dt><dd>9136\*+/, 'the code partly masked on screen');
    assert.match(
      check.body,
      new RegExp(`name="formToken" value="${token}"`),
      'the same form token travels on',
    );
    assert.equal(await count(), before, 'nothing stored by the check step');

    const edit = await s.post('/ysqgk/apply', { ...org, formToken: token, step: 'edit' }, { csrf });
    assert.equal(edit.statusCode, 200);
    for (const v of [org.applicantName, org.idNumber, '李四', '王五', org.description])
      assert.ok(edit.body.includes(v), `返回修改 keeps ${v}`);
    assert.match(edit.body, /<option value="commercial" selected/, 'the applicant type is kept');

    const passport = good({ idType: 'passport', idNumber: 'e1234 5678', email: '' });
    const check2 = await s.post('/ysqgk/apply', { ...passport, formToken: token, step: 'check' }, { csrf });
    assert.match(check2.body, /护照<\/dt><dd>E123\*?5678|护照<\/dt><dd>E12345678/, 'normalised number shown');
    const done = await s.post('/ysqgk/apply', { ...passport, formToken: token, step: 'submit' }, { csrf });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /申请已提交/);
    const number = /id="receipt-number">([^<]+)</.exec(done.body)![1];
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    assert.equal(row.id_type, 'passport');
    assert.match(row.applicant_id_number, /^enc1\./, 'the document number is sealed at rest');
    assert.ok(!row.applicant_id_number.includes('E12345678'), 'not in clear');
    const detail = await t.app.inject({ url: `/api/v1/foi/applications/${row.id}`, headers: gkb });
    assert.ok(!detail.body.includes('E12345678'), 'the API detail does not leak the number');
  });

  it('registers an organisation through the API with 法定代表人 and 联系人', async () => {
    const { creditCodeCheckChar } = await import('../../lib/identifiers.ts');
    const code = `91360100MA35ABC12${creditCodeCheckChar('91360100MA35ABC12')}`;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/foi/applications',
      headers: gkb,
      payload: {
        ...good({
          applicantType: 'research',
          applicantName: '某研究院',
          idType: '',
          idNumber: code,
          legalRepresentative: '周八',
          contactPerson: '吴九',
        }),
        orgId,
        channel: 'in_person',
        receivedOn: shanghaiDate(t.clock.now()),
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    const row = await t.ctx.db
      .selectFrom('foi_applications')
      .selectAll()
      .where('id', '=', r.json().application.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.id_type, row.legal_representative, row.contact_person],
      ['credit_code', '周八', '吴九'],
    );
  });

  it('offers the 申请表 as Word with the same fields as the online form, and it opens back', async () => {
    const guide = await t.app.inject('/ysqgk');
    assert.match(guide.body, /href="\/ysqgk\/form\.docx"/, 'the guide links the form');
    const r = await t.app.inject('/ysqgk/form.docx');
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /wordprocessingml/);
    const xml = strFromU8(unzipSync(r.rawPayload)['word/document.xml']);
    const text = xml.replace(/<[^>]+>/g, '');
    for (const label of [
      '政府信息公开申请表',
      '申请人类型',
      '姓名',
      '证件类型',
      '居民身份证',
      '护照',
      '港澳居民来往内地通行证',
      '台湾居民来往大陆通行证',
      '外国人永久居留身份证',
      '证件号码',
      '联系电话',
      '电子邮箱',
      '通信地址',
      '统一社会信用代码',
      '法定代表人或负责人',
      '联系人姓名',
      '受理机关',
      '所需信息的内容描述',
      '文号',
      '文件标题',
      '信息的载体形式',
      '获取信息的方式',
      '当面领取',
      '网上获取',
    ])
      assert.ok(text.includes(label), `the form has ${label}`);
  });

  it('leads the 信息公开目录’s 依申请公开 tile to the guide page', async () => {
    const xxgk = await t.app.inject('/xxgk');
    assert.equal(xxgk.statusCode, 200);
    assert.match(xxgk.body, /<a href="\/ysqgk">依申请公开<\/a>/);
    assert.doesNotMatch(xxgk.body, /href="\/columns\/xxgk-ysqgk"/);
    const col = await t.app.inject('/columns/xxgk-ysqgk');
    assert.equal(col.statusCode, 302, 'the empty column leads to the guide');
    assert.equal(col.headers.location, '/ysqgk');
  });

  it('e-mails the receipt when an address was given and SMTP is set: number, the code emphasised, a tracking link without the code', async () => {
    const smtp = await smtpListener();
    const saved = t.ctx.config.smtp;
    (t.ctx.config as { smtp?: unknown }).smtp = {
      host: '127.0.0.1',
      port: smtp.port,
      from: 'gongkai@example.gov.cn',
    };
    try {
      const s = new Session(t.app);
      const { token, csrf } = await formPage(s);
      const res = await s.post(
        '/ysqgk/apply',
        { ...good({ email: 'zhao@example.com' }), formToken: token, step: 'submit' },
        { csrf },
      );
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /回执已发送到您填写的电子邮箱/);
      const number = /id="receipt-number">([^<]+)</.exec(res.body)![1];
      const code = /id="receipt-code"[^>]*>([^<]+)</.exec(res.body)![1].trim();
      assert.equal(smtp.mails.length, 1, 'one mail');
      const mail = readableMail(smtp.mails[0]);
      assert.match(mail, /To: zhao@example\.com/i);
      assert.ok(mail.includes(number), 'the number');
      assert.ok(
        mail.includes(`<strong style="font-size:1.4em;letter-spacing:0.1em">${code}</strong>`),
        'the code emphasised',
      );
      assert.ok(mail.includes(`/ysqgk/track?number=${encodeURIComponent(number)}`), 'the tracking link');
      const urls = mail.match(/https?:\/\/[^\s"<>]+/g) ?? [];
      assert.ok(urls.length > 0, 'there is a link');
      for (const u of urls) assert.ok(!u.includes(code), `the code is in no URL: ${u}`);
    } finally {
      (t.ctx.config as { smtp?: unknown }).smtp = saved;
      smtp.server.close();
    }
  });
});
