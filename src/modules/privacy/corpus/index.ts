/**
 * The labelled corpus the gate is measured on (privacy.corpus.test.ts reports recall and precision;
 * docs/modules/privacy.md carries the figures). Positives: every identifier kind in every written
 * form, generated with valid check digits, in realistic sentences of a district government's
 * documents, plus hand-written cases with names next to the data. Negatives: what looks alike and is
 * public or not personal — 文号, dates, amounts, hotlines, 0791 landlines, credit codes, 索引号,
 * article numbers, postal codes, 18-digit numbers with wrong check digits, card-like numbers failing
 * Luhn, office addresses and e-mails, quantities.
 */
import * as g from './generate.ts';
import { compose, type LabelledCase, type Rng } from './generate.ts';

const NAMES = [
  '张伟',
  '王芳',
  '李娜',
  '刘洋',
  '陈静',
  '杨磊',
  '黄敏',
  '赵强',
  '周杰',
  '吴秀英',
  '徐明',
  '孙丽',
  '胡建国',
  '朱晓红',
  '郭涛',
  '何平',
  '高峰',
  '林小燕',
  '罗刚',
  '欧阳明',
  '熊文华',
  '万志强',
  '涂丽萍',
  '邹建',
  '喻晓东',
];

type Make = (r: Rng) => LabelledCase;

// ---------------------------------------------------------------------------------------------
// Positives without names: the identifier in a sentence.

const idValue = (r: Rng) => g.writeId(r, pick3(r, g.residentId18, g.residentId18X, g.residentId15)(r));
function pick3<T>(r: Rng, a: T, b: T, c: T): T {
  const x = r();
  return x < 0.6 ? a : x < 0.8 ? b : c;
}

const POSITIVE_SENTENCES: Make[] = [
  (r) =>
    compose(
      'id/sentence',
      '经核实，申请人提供的身份证号码为',
      ['resident_id', idValue(r)],
      '，与户籍信息一致。',
    ),
  (r) => compose('id/sentence', '公民身份号码：', ['resident_id', idValue(r)], '\n申请事项：低保待遇复核'),
  (r) => compose('id/table', '序号\t户主\t证件号码\n1\t（略）\t', ['resident_id', idValue(r)], '\t沙井街道'),
  (r) => compose('id/sentence', '补贴对象身份证', ['resident_id', idValue(r)], '已录入系统。'),
  (r) => compose('id/bare', '证件号 ', ['resident_id', idValue(r)], ' 有效期至2030年'),
  (r) =>
    compose(
      'mobile/sentence',
      '来电人手机：',
      ['mobile', g.writeMobile(r, g.mobile(r))],
      '，反映小区夜间施工噪音问题。',
    ),
  (r) =>
    compose('mobile/sentence', '如有疑问请联系经办人，手机', ['mobile', g.writeMobile(r, g.mobile(r))], '。'),
  (r) =>
    compose(
      'mobile/sentence',
      '中奖用户（尾号不公开）联系方式 ',
      ['mobile', g.writeMobile(r, g.mobile(r))],
      ' 已核实',
    ),
  (r) => compose('mobile/list', '联系电话：0791-83888888、', ['mobile', g.writeMobile(r, g.mobile(r))]),
  (r) => compose('mobile/sentence', '请拨打', ['mobile', g.writeMobile(r, g.mobile(r))], '预约办理。'),
  (r) =>
    compose(
      'card/sentence',
      '请将补贴打入以下账户：',
      ['bank_card', g.writeCard(r, g.bankCard(r))],
      '（开户行：中国农业银行南昌红谷滩支行）。',
    ),
  (r) =>
    compose(
      'card/sentence',
      '社保卡金融账号',
      ['bank_card', g.writeCard(r, g.bankCard(r))],
      '，请妥善保管。',
    ),
  (r) => compose('card/bare', '卡号：', ['bank_card', g.writeCard(r, g.bankCard(r))]),
  (r) => compose('passport/sentence', '出境人员护照号码：', ['passport', g.passport(r)], '，已办理备案。'),
  (r) => compose('passport/new', '护照号', ['passport', g.passportNew(r)], '（2019年签发）'),
  (r) =>
    compose(
      'passport/other',
      '外籍人员护照号码 ',
      ['passport', `${g.pick(r, ['P', 'K', 'S', 'D', 'AB', 'X'])}${g.int(r, 1000000, 99999999)}`],
      ' 已登记',
    ),
  (r) => compose('passport/bare', '证件：', ['passport', g.passport(r)], '（因私护照）'),
  (r) => compose('email/sentence', '来信人电子邮箱：', ['email', g.privateEmail(r)], '，已回复。'),
  (r) => compose('email/sentence', '答复书已发送至申请人邮箱', ['email', g.privateEmail(r)], '。'),
  (r) => compose('email/bare', '（', ['email', g.privateEmail(r)], '）'),
  (r) => compose('address/sentence', '家住', ['address', g.homeAddress(r)], '的居民反映停车难。'),
  (r) => compose('address/sentence', '送达地址：', ['address', g.homeAddress(r)], '。'),
  (r) => compose('address/sentence', '现住址为', ['address', g.homeAddress(r)], '，联系人已签收。'),
  (r) => compose('address/bare', '户籍地：', ['address', g.homeAddress(r)]),
];

// ---------------------------------------------------------------------------------------------
// Positives with names next to the data (name_with_pi).

const NAMED: Make[] = [
  (r) =>
    compose(
      'name+id',
      '',
      ['name_with_pi', g.pick(r, NAMES)],
      '，身份证号码',
      ['resident_id', idValue(r)],
      '，申请临时救助。',
    ),
  (r) =>
    compose(
      'name+id',
      '申请人',
      ['name_with_pi', g.pick(r, NAMES)],
      '（公民身份号码：',
      ['resident_id', idValue(r)],
      '）于3月1日提交申请。',
    ),
  (r) =>
    compose('name+mobile', '姓名：', ['name_with_pi', g.pick(r, NAMES)], '，手机：', [
      'mobile',
      g.writeMobile(r, g.mobile(r)),
    ]),
  (r) =>
    compose(
      'name+mobile',
      '投诉人',
      ['name_with_pi', g.pick(r, NAMES)],
      '联系电话',
      ['mobile', g.writeMobile(r, g.mobile(r))],
      '，要求书面答复。',
    ),
  (r) =>
    compose(
      'name+card',
      '',
      ['name_with_pi', g.pick(r, NAMES)],
      '的银行卡号为',
      ['bank_card', g.writeCard(r, g.bankCard(r))],
      '。',
    ),
  (r) =>
    compose(
      'mobile+name',
      '联系人：',
      ['mobile', g.writeMobile(r, g.mobile(r))],
      '（',
      ['name_with_pi', g.pick(r, NAMES)],
      '）',
    ),
  (r) =>
    compose(
      'name+passport',
      '',
      ['name_with_pi', g.pick(r, NAMES)],
      '，护照号码',
      ['passport', g.passport(r)],
      '。',
    ),
  (r) =>
    compose(
      'name+address',
      '',
      ['name_with_pi', g.pick(r, NAMES)],
      '，家住',
      ['address', g.homeAddress(r)],
      '。',
    ),
  (r) =>
    compose('name+email', '', ['name_with_pi', g.pick(r, NAMES)], '，邮箱：', ['email', g.privateEmail(r)]),
];

// Hand-written realistic cases (values generated so check digits are valid).
const HANDWRITTEN: Make[] = [
  (r) =>
    compose(
      'hand/低保公示',
      '红谷滩区2022年3月城乡低保新增对象公示：',
      ['name_with_pi', '熊国平'],
      '，身份证号',
      ['resident_id', g.residentId18(r)],
      '，沙井街道；',
      ['name_with_pi', '涂小兰'],
      '，身份证号',
      ['resident_id', g.residentId18(r)],
      '，卫东街道。',
    ),
  (r) =>
    compose(
      'hand/依申请答复',
      '王某某：\n你（身份证号码：',
      ['resident_id', g.residentId18(r)],
      '）于2022年3月1日通过网上申请平台提出的政府信息公开申请收悉。本机关已于2022年3月2日确认收到。',
    ),
  (r) =>
    compose(
      'hand/行政处罚',
      '当事人：南昌某某餐饮管理有限公司，统一社会信用代码：',
      g.creditCode(r),
      '，法定代表人：',
      ['name_with_pi', '万建华'],
      '，联系电话：',
      ['mobile', g.writeMobile(r, g.mobile(r))],
      '。',
    ),
  (r) =>
    compose(
      'hand/来信',
      '市民',
      ['name_with_pi', '李秋月'],
      '（手机',
      ['mobile', g.writeMobile(r, g.mobile(r))],
      '）来信反映：',
      ['address', g.homeAddress(r)],
      '楼上漏水。',
    ),
  (r) =>
    compose(
      'hand/补贴发放',
      '补贴发放明细：户名',
      ['name_with_pi', '喻春生'],
      '，账号',
      ['bank_card', g.writeCard(r, g.bankCard(r))],
      '，金额3,600.00元。',
    ),
  (r) =>
    compose(
      'hand/出境',
      '经查，',
      ['name_with_pi', '邓海涛'],
      '持有护照',
      ['passport', g.passportNew(r)],
      '，于2022年2月入境。',
    ),
  (r) =>
    compose(
      'hand/疫情',
      '密接人员：',
      ['name_with_pi', '罗春华'],
      '，',
      ['resident_id', g.residentId18(r)],
      '，现住',
      ['address', g.homeAddress(r)],
      '，已落实居家健康监测。',
    ),
  (r) =>
    compose(
      'hand/征集',
      '如有意见，请发送至联系人个人邮箱',
      ['email', g.privateEmail(r)],
      '或致电',
      ['mobile', g.writeMobile(r, g.mobile(r))],
      '。',
    ),
  (r) => compose('hand/老证', '（原15位身份证号', ['resident_id', g.residentId15(r)], '已升位）'),
  (r) =>
    compose(
      'hand/房屋征收',
      '被征收人：',
      ['name_with_pi', '胡桂英'],
      '，房屋坐落：',
      [
        'address',
        `红谷滩区沙井路${g.int(r, 1, 300)}号${g.int(r, 1, 12)}栋${g.int(r, 1, 4)}单元${g.int(r, 1, 7)}0${g.int(r, 1, 4)}室`,
      ],
      '，建筑面积86.5平方米。',
    ),
  // Reported in issue 20: names run into the next word, names next to bank cards and certificates.
  (r) =>
    compose(
      'hand/学生资助',
      '',
      ['name_with_pi', '李娜'],
      '同学，身份证号',
      ['resident_id', g.residentId18(r)],
      '，已获国家助学金。',
    ),
  (r) =>
    compose('hand/审核', '', ['name_with_pi', '赵敏'], '通过手机', ['mobile', g.mobile(r)], '提交了申请。'),
  (r) =>
    compose(
      'hand/补贴发放',
      '户名：',
      ['name_with_pi', '王小明'],
      '，开户行：中国银行南昌分行，卡号',
      ['bank_card', g.writeCard(r, g.bankCard(r, 19))],
      '。',
    ),
  (r) =>
    compose(
      'hand/许可',
      '申请人：',
      ['name_with_pi', '刘洋'],
      ' 证件号',
      ['resident_id', g.residentId18(r)],
      '，申请事项：食品经营许可。',
    ),
  (r) =>
    compose(
      'hand/许可',
      '持证人',
      ['name_with_pi', '陈红'],
      '，证件号码：',
      ['resident_id', g.residentId18(r)],
      '，有效期至2027年12月31日。',
    ),
];

// Hand-written after the scanner was tuned, and not tuned against (the figures report them apart).
const HANDWRITTEN_BLIND: Make[] = [
  (r) =>
    compose(
      'blind',
      '李某，男，1985年5月出生，身份证号码：',
      ['resident_id', g.residentId18(r)],
      '，住',
      [
        'address',
        `红谷滩区丽景路${g.int(r, 1, 99)}号丽景小区${g.int(r, 1, 20)}栋${g.int(r, 1, 4)}单元${g.int(r, 1, 18)}02室`,
      ],
      '。',
    ),
  (r) =>
    compose(
      'blind',
      '手机号：',
      [
        'mobile',
        (() => {
          const m = g.mobile(r);
          return `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`;
        })(),
      ],
      '（微信同号）',
    ),
  (r) =>
    compose(
      'blind',
      '请将材料寄至：',
      [
        'address',
        `南昌市红谷滩区丽景路1号丽景小区${g.int(r, 1, 20)}栋${g.int(r, 1, 4)}单元${g.int(r, 1, 18)}02`,
      ],
      '，王女士收，电话',
      ['mobile', g.mobile(r)],
    ),
  (r) => compose('blind', '工资卡', ['bank_card', g.bankCard(r, 19)], '已冻结。'),
  (r) =>
    compose('blind', '电话号码：', [
      'mobile',
      (() => {
        const m = g.mobile(r);
        return `+86 ${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
      })(),
    ]),
  (r) => compose('blind', 'Email: ', ['email', `zhangsan${g.int(r, 1960, 2005)}@gmail.com`]),
  (r) => compose('blind', '护照号码为', ['passport', g.passport(r)], '的旅客请于当日到社区报备。'),
  (r) =>
    compose(
      'blind',
      '受助人',
      ['name_with_pi', '邹建'],
      '，卡号',
      ['bank_card', g.writeCard(r, g.bankCard(r, 16))],
      '。',
    ),
  (r) =>
    compose(
      'blind',
      '（二）当事人：',
      ['name_with_pi', '程晓燕'],
      '，女，汉族，公民身份号码',
      ['resident_id', g.residentId18(r)],
      '。',
    ),
  (r) => compose('blind', '经办人联系方式：', ['mobile', g.mobile(r)], '、', ['mobile', g.mobile(r)]),
  (r) =>
    compose(
      'blind',
      '户主王某（身份证号后四位',
      `${g.int(r, 1000, 9999)}`,
      '），家庭人口3人。现居',
      ['address', `沙井路${g.int(r, 1, 300)}号${g.int(r, 1, 9)}幢${g.int(r, 1, 12)}0${g.int(r, 1, 4)}室`],
      '。',
    ),
  (r) => compose('blind', '身份证：', ['resident_id', g.residentId18X(r).toLowerCase()], '（末位为小写x）'),
];

// ---------------------------------------------------------------------------------------------
// Negatives: look-alikes in sentences. No spans.

const NEGATIVES: [string, (r: Rng) => string][] = [
  [
    '文号',
    (r) =>
      `根据《南昌市红谷滩区人民政府办公室关于印发2022年政务公开工作要点的通知》（${g.docNumber(r)}）要求，现将有关事项通知如下。`,
  ],
  ['文号', (r) => `现行有效：${g.docNumber(r)}，自${g.date(r)}起施行。`],
  ['日期', (r) => `本通知自${g.date(r)}起施行，有效期至${g.date(r)}。`],
  ['日期', (r) => `报名时间：${g.date(r)} 至 ${g.date(r)}`],
  ['金额', (r) => `本年度预算支出${g.amount(r)}，其中基本支出${g.amount(r)}。`],
  ['金额', (r) => `中标金额：${g.amount(r)}（大写：略）`],
  ['热线', (r) => `咨询电话：${g.hotline(r)}，监督电话：${g.hotline(r)}。`],
  ['热线', (r) => `市民可拨打${g.hotline(r)}政务服务便民热线反映诉求。`],
  [
    '0791座机',
    (r) => `办公电话：0791-8${g.int(r, 1000000, 9999999)}，传真：0791-8${g.int(r, 1000000, 9999999)}`,
  ],
  ['信用代码', (r) => `统一社会信用代码：${g.creditCode(r)}`],
  ['信用代码', (r) => `被许可人：南昌某某科技有限公司（${g.creditCode(r)}）`],
  ['索引号', (r) => `索引号：${g.indexNumber(r)}　发布机构：红谷滩区政务服务数据管理局`],
  [
    '条款',
    (r) => `依据《中华人民共和国政府信息公开条例》${g.articleNumber(r)}和${g.articleNumber(r)}的规定。`,
  ],
  ['错误校验位身份证', (r) => `登记编号${g.wrongCheckId(r)}（系统流水号）`],
  ['错误校验位身份证', (r) => `档案号：${g.wrongCheckId(r)}`],
  ['不符Luhn的卡号', (r) => `合同编号${g.badLuhnCard(r)}`],
  ['不符Luhn的卡号', (r) => `订单号：${g.writeCard(r, g.badLuhnCard(r))}`],
  ['邮编', (r) => `通信地址：南昌市红谷滩区赣江中大道1218号，邮编${g.postalCode(r)}。`],
  ['长编号', (r) => `项目编号：${g.longDocId(r)}`],
  ['长编号', (r) => `不动产单元号${g.longDocId(r)}已注销。`],
  ['单位邮箱', (r) => `单位邮箱：hgt${g.pick(r, ['xxgk', 'zwgk', 'bgs', 'fgw'])}@163.com`],
  ['单位邮箱', (r) => `依申请公开受理邮箱 hgtzwgk@${g.pick(r, ['163.com', 'qq.com', '126.com'])}`],
  [
    '政务邮箱',
    (r) =>
      `电子邮箱：${g.pick(r, ['xxgk', 'zwgk', 'hgtqzf', 'bgs'])}@${g.pick(r, ['nc.gov.cn', 'jiangxi.gov.cn', 'hgt.gov.cn', 'ncu.edu.cn'])}`,
  ],
  [
    '办公地址',
    (r) => `受理地点：红谷滩区市民中心${g.int(r, 1, 5)}号楼${g.int(r, 1, 6)}楼${g.int(r, 101, 620)}室`,
  ],
  [
    '办公地址',
    (r) => `办公地址：红谷滩区赣江中大道1218号区政府大楼${g.int(r, 1, 12)}楼${g.int(r, 101, 1220)}室`,
  ],
  [
    '数量',
    (r) => `新建安置房${g.int(r, 2, 40)}栋${g.int(r, 100, 3000)}套，总建筑面积${g.int(r, 10, 90)}万平方米。`,
  ],
  ['数量', (r) => `建成污水提升泵站${g.int(r, 1, 9)}座，日处理能力${g.int(r, 100, 9000)}吨。`],
  [
    '人口',
    (r) => `常住人口${g.int(r, 10, 99)}.${g.int(r, 1, 9)}万人，户籍人口${g.int(r, 100000, 999999)}人。`,
  ],
  [
    '标准号',
    (r) =>
      `按照GB/T ${g.int(r, 10000, 39999)}-${g.int(r, 2000, 2022)}要求，参照GB ${g.int(r, 10000, 39999)}—${g.int(r, 1999, 2022)}。`,
  ],
  ['车次', (r) => `乘坐G${g.int(r, 1, 9999)}次列车，座位${g.int(r, 1, 16)}车${g.int(r, 1, 20)}F。`],
  [
    '时间',
    (r) =>
      `会议于${g.int(r, 8, 17)}:${g.int(r, 10, 59)}在${g.int(r, 1, 9)}楼会议室召开，时长${g.int(r, 30, 120)}分钟。`,
  ],
  ['历史称谓', () => `原国家工商总局、原环境保护部相关文件继续有效的，按本办法执行。`],
  [
    '年份区间',
    (r) =>
      `${g.int(r, 2000, 2020)}-${g.int(r, 2021, 2030)} ${g.int(r, 2000, 2020)}-${g.int(r, 2021, 2030)}年度规划`,
  ],
  ['百分比', (r) => `同比增长${g.int(r, 1, 99)}.${g.int(r, 1, 9)}%，完成年度目标的${g.int(r, 10, 100)}%。`],
  [
    '网址',
    (r) =>
      `网址：http://www.nchgt.gov.cn/art/${g.int(r, 2018, 2022)}/${g.int(r, 1, 12)}/${g.int(r, 1, 28)}/art_${g.int(r, 10000, 99999)}_${g.int(r, 1000000, 9999999)}.html`,
  ],
  [
    '表格数字',
    (r) =>
      `${g.int(r, 100, 999)} ${g.int(r, 100, 999)} ${g.int(r, 100, 999)} ${g.int(r, 100, 999)}\t${g.int(r, 2019, 2022)}\t${g.int(r, 2019, 2022)}`,
  ],
  [
    '书号',
    (r) =>
      `ISBN 978-7-${g.int(r, 1000, 9999)}-${g.int(r, 1000, 9999)}-${g.int(r, 0, 9)}，定价${g.int(r, 20, 99)}.00元`,
  ],
  [
    '区划代码',
    (r) => `行政区划代码：${g.pick(r, ['360113000000', '360113001000', '360113002000', '360113400000'])}`,
  ],
  [
    '已遮盖',
    (r) =>
      `身份证号码：${g.residentId18(r).slice(0, 4)}**********${g.int(r, 1000, 9999)}，手机：${g.mobile(r).slice(0, 3)}****${g.int(r, 1000, 9999)}，邮箱：z***@163.com`,
  ],
  [
    '已遮盖',
    (r) =>
      `${g.pick(r, NAMES)[0]}*，家住红谷滩区丰和中大道*号绿地小区*栋*单元***室，卡号6222***********${g.int(r, 1000, 9999)}`,
  ],
  [
    '年报数字',
    (r) =>
      `本年新收政府信息公开申请${g.int(r, 10, 500)}件，上年结转${g.int(r, 0, 20)}件，办结${g.int(r, 10, 500)}件。`,
  ],
  ['姓名无个人信息', (r) => `区长${g.pick(r, NAMES)}出席会议并讲话，联系电话12345。`],
];

// Hand-written realistic negatives (written from district documents, not from the scanner's rules).
const HANDWRITTEN_NEGATIVES: string[] = [
  '2022年全区共受理政府信息公开申请136件，其中当面申请12件、网络申请118件、信函申请6件。',
  '联系电话：0791-83988123，地址：南昌市红谷滩区凤凰中大道1000号区行政中心B座12楼1208室，邮编：330038。',
  '根据《南昌市红谷滩区2022年政务公开工作要点》（红府办字〔2022〕15号），现将2022年第一季度工作情况报告如下。',
  '项目总投资12.5亿元，其中中央预算内资金3000万元，地方专项债券资金8000万元。',
  '监督举报电话：12345、0791-83881234；监督邮箱：hgtjw@163.com。',
  '身份证号码、手机号码等个人信息已作隐藏处理。',
  '请于2022年3月31日前将材料报送至区政府办公室（电话：83881234）。',
  '2021年度全区地区生产总值达到1017.6亿元，同比增长8.5%。',
  '卫东街道办事处联系电话：0791-86777123；沙井街道办事处联系电话：0791-86791234。',
  '疫情防控咨询电话：0791-83887777、0791-83886666、0791-83885555。',
  '合同编号：HGTCG-2022-0156，采购预算：1,560,000.00元。',
  '第1号楼至第12号楼共计1368户，安置小区共有9栋住宅楼，其中3栋18层、6栋11层。',
  '本项目共涉及农户1356户，发放补偿款共计2385.6万元。',
  '出租车投诉电话96520，公交服务热线0791-88208620。',
  '《中华人民共和国个人信息保护法》第十三条规定，处理个人信息应当具有明确、合理的目的。',
  '会议定于2022年4月15日（星期五）上午9:00在区行政中心5楼第一会议室召开。',
  '2022年2月21日至2022年3月20日为意见征集期，意见可发送至zwgk@nchgt.gov.cn。',
  '账户名称：南昌市红谷滩区财政局，开户银行：中国建设银行南昌红谷滩支行，账号：36050101380600000123。',
  '网站标识码3601130001，ICP备案号：赣ICP备12345678号，公安机关备案号：赣公网安备 36010902000123号。',
  '全区60岁以上老年人口达5.6万人，占总人口的13.2%。',
  '工单编号：20220315000123（已办结），满意度回访电话12345。',
  '区长信箱：qzxx@hgt.gov.cn；投稿邮箱：hgtxc@126.com。',
  '乘坐地铁1号线、2号线至卫东站，步行约500米。',
  '2019年12月，国务院批复同意设立南昌市红谷滩区，行政区划代码360113。',
  // Reported in issue 20: sequence numbers and flattened tables of numbers read as an old-style ID.
  '序号 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23',
  '序号 名称 数量 1 办公桌 12 2 办公椅 36 3 文件柜 8 4 打印机 5',
  '2019 2020 2021 2022 2023 310 356 402 448 471 36 41 45 49 52',
  '本次共抽检食品样品1200批次，合格率98.75%，不合格样品已全部核查处置。',
];

/** The whole corpus, deterministic. */
export function buildCorpus(seed = 20221): { positives: LabelledCase[]; negatives: LabelledCase[] } {
  const r = g.rng(seed);
  const positives: LabelledCase[] = [];
  for (let round = 0; round < 10; round++) for (const make of POSITIVE_SENTENCES) positives.push(make(r));
  for (let round = 0; round < 8; round++) for (const make of NAMED) positives.push(make(r));
  for (let round = 0; round < 3; round++) for (const make of HANDWRITTEN) positives.push(make(r));
  for (let round = 0; round < 2; round++) for (const make of HANDWRITTEN_BLIND) positives.push(make(r));
  const negatives: LabelledCase[] = [];
  for (let round = 0; round < 10; round++)
    for (const [form, make] of NEGATIVES) negatives.push({ text: make(r), spans: [], form });
  for (const text of HANDWRITTEN_NEGATIVES) negatives.push({ text, spans: [], form: 'hand/反例' });
  return { positives, negatives };
}
