/**
 * 义务教育: rows of the catalogue attached to 教育部《义务教育领域基层政务公开标准指引》 (2019, one of the
 * domain guidelines of the 基层政务公开 pilot under 国办发〔2017〕42号; 国办发〔2019〕54号 is the later
 * 指导意见 that has counties carry them out, not the issuing document).
 *
 * The ministry's original was not found. Rebuilt row by row from county and township copies
 * (reference/guidelines/compulsory-education_义务教育_reconstructed.csv, 2026-12): the 10 一级事项 in the order
 * the 新华社 report of the guideline's issue names them, and the limit every copy writes,
 * 「信息形成或者变更之日起20个工作日内」 (README fact 4). No copy reaches past 学生管理: 教师管理, 重要政策执行情况,
 * 教育督导公开 and 校园安全 are known by name only and shipped as one 待核对 row each for the office to fill in.
 */
import type { Witness } from '../model.ts';
import { row, type Row, type TemplateSet } from './row.ts';

const gov = (name: string, url: string): Witness => ({ name, url, government: true });
const mirror = (name: string, url: string): Witness => ({ name, url, government: false });

const NETTECN = mirror(
  'nettecn.com（省教育厅页面镜像）',
  'https://nettecn.com/jyt/zwgk/zfxxgkml/ywjy/bz/202112/t20211229_3264642',
);
const HBXQ = gov(
  '江苏省宿迁市湖滨新区（2021）',
  'https://hbxq.suqian.gov.cn/hbxq/zfzdgk/202111/f469017ad68240cfa0241e7ef25243ea.shtml',
);
const DONGKENG = gov(
  '广东省东莞市东坑镇（2024）',
  'http://www.dg.gov.cn/dk/zt/zwgksxbzml/shbx/content/post_4307660.html',
);
const ZHONGSHAN = mirror(
  'szmaolu.com（镜像，中山市）',
  'http://www.szmaolu.com/zwgk/mulu/content/post_1853301.html',
);
const MINZHONG = mirror(
  'fyjszy.com（镜像，中山市民众镇）',
  'http://m.fyjszy.com/mzz/mzmulu/content/post_1864545.html',
);
const PUER = gov('云南省普洱市', 'https://www.puershi.gov.cn/info/135372/1750972.htm');
const DONGYANG = mirror(
  'cncdsbwlw.com（镜像，浙江省东阳市）',
  'http://cncdsbwlw.com/art/2024/8/29/art_1229506921_59688362.html',
);
const PMMSAP = mirror(
  'pmmsap.com（镜像，某县教育体育局，2021）',
  'http://www.pmmsap.com/lyxzf/c104272/202106/f4a8c3e4c3a0488382dc9d3c8bb256f1.shtml',
);
const SHIYANG = gov(
  '云南省大姚县石羊镇（2023，乡级目录）',
  'http://dayao.gov.cn/info/egovinfo/1007/overt_centent/dyx033-/2023-0913016.htm',
);
const XIANGSHAN = gov(
  '厦门市翔安区香山街道（2024）',
  'http://www.xiangan.gov.cn/mlxa/ztzl/jczw/zjsd/xsjd/202408/t20240809_1063200.htm',
);
const XINHUA = mirror(
  '新华社 2019-06-19 报道（海外网转载）',
  'http://news.haiwainet.cn/n/2019/0619/c3541083-31578002.html',
);

const LIMIT = '信息形成或者变更之日起20个工作日内';
const BUREAU = '县(市、区)教育部门';
const OGI = '《政府信息公开条例》';
const OGI_FULL = '《中华人民共和国政府信息公开条例》';
const PRIVATE =
  '《民办教育促进法》《政府信息公开条例》《国务院关于鼓励社会力量兴办教育 促进民办教育健康发展的若干意见》';
const ENROL =
  '《政府信息公开条例》《教育部关于进一步做好小学升入初中免试就近入学工作的实施意见》《教育部关于推进中小学信息公开工作的意见》';
const STATS = '《中华人民共和国统计法》《中华人民共和国政府信息公开条例》《教育统计管理规定》';
const COUNTY = { level: ['county' as const] };
const FILLED_SUBJECT = '公开主体各副本写本地机构名，按湖滨新区副本的写法填“县(市、区)教育部门”';

/** A 一级事项 known only by name: one row with the domain's limit, for the office to complete. */
const nameOnly = (item1: string): Row =>
  row(
    item1,
    '',
    '（指引原文和各副本均未找到本项内容，仅知一级事项名称；请按本省目录补齐二级事项和公开内容）',
    OGI_FULL,
    LIMIT,
    BUREAU,
    ['政府网站'],
    {
      ...COUNTY,
      confidence: 'name_only',
      confidenceNote: '仅一级事项名（新华社）',
      witnesses: [XINHUA],
      note: '除一级事项名称外各栏均为暂填：时限取本领域各副本的通行写法，依据、主体、渠道、勾选按本领域其他行填写',
    },
  );

export const COMPULSORY_EDUCATION: TemplateSet = {
  domain: '义务教育',
  scope: 'township',
  source:
    '教育部《义务教育领域基层政务公开标准指引》所附标准目录（2019年印发，属国办发〔2017〕42号部署的基层政务公开标准化规范化试点各领域指引）。未找到教育部原文；按县、乡公布的目录副本逐行整理（如 https://hbxq.suqian.gov.cn 、https://www.puershi.gov.cn 、http://dayao.gov.cn 的副本），每行注明可信度和见证副本；一级事项按新华社报道的顺序；标“待核对”的行请对照本省版本核对',
  isSample: false,
  /** 2: rebuilt from the copies found (revision 1 was typed from memory). */
  revision: 2,
  entries: [
    row(
      '政策文件',
      '教育法律',
      '●《中华人民共和国教育法》(2015) ●《中华人民共和国义务教育法》(2015) ●《中华人民共和国民办教育促进法》(2016) ●《中华人民共和国教师法》(2009) ●《中华人民共和国国家通用语言文字法》(2000)',
      OGI,
      LIMIT,
      BUREAU,
      ['政府网站'],
      {
        ...COUNTY,
        confidence: 'medium_high',
        confidenceNote: '中高：法名4份一致；年份仅 nettecn 一份（湖滨新区更新为2018）',
        witnesses: [NETTECN, HBXQ, DONGKENG, ZHONGSHAN],
        note: '勾选取湖滨新区（全社会、主动、县级）；主体取湖滨新区（省教育厅镜像写“教育部门”）',
      },
    ),
    row('政策文件', '规范性文件', '部门和地方政府规章、各类教育政策文件', OGI, LIMIT, BUREAU, ['政府网站'], {
      ...COUNTY,
      confidence: 'high',
      confidenceNote: '高：5份一致',
      witnesses: [DONGKENG, ZHONGSHAN, MINZHONG, PUER, DONGYANG],
      note: `东坑另勾两微一端；县级勾选见普洱（√?）；${FILLED_SUBJECT}`,
    }),
    row(
      '教育概况',
      '教育事业发展主要情况',
      '教育事业发展主要情况',
      STATS,
      LIMIT,
      BUREAU,
      ['政府网站', '两微一端', '公开查阅点'],
      {
        ...COUNTY,
        confidence: 'high',
        confidenceNote: '高：6份一致',
        witnesses: [HBXQ, DONGKENG, DONGYANG, PUER, ZHONGSHAN, PMMSAP],
      },
    ),
    row(
      '教育概况',
      '教育统计数据',
      '学校数据、在校生数据、教师数据、办学条件数据、县级汇总数据',
      STATS,
      LIMIT,
      BUREAU,
      ['政府网站', '两微一端', '公开查阅点'],
      {
        ...COUNTY,
        confidence: 'high',
        confidenceNote: '高：3份全文一致（另2份删减）',
        witnesses: [HBXQ, DONGKENG, DONGYANG, PUER, ZHONGSHAN],
        note: '依据与上一行合并单元格；普洱、中山删减了公开内容',
      },
    ),
    row(
      '教育概况',
      '义务教育学校名录',
      '学校名称、学校地址、办学层次、办学类型、办公电话',
      OGI,
      LIMIT,
      BUREAU,
      ['政府网站', '两微一端', '公开查阅点'],
      {
        ...COUNTY,
        confidence: 'high',
        confidenceNote: '高：5份一致',
        witnesses: [HBXQ, DONGYANG, ZHONGSHAN, MINZHONG, PUER],
      },
    ),
    row(
      '民办学校信息',
      '民办学校办学基本信息',
      '学校名称、办学许可证、办学规模、联系方式',
      PRIVATE,
      LIMIT,
      BUREAU,
      ['政府网站'],
      {
        ...COUNTY,
        confidence: 'medium_high',
        confidenceNote: '中高：3份',
        witnesses: [MINZHONG, PMMSAP, PUER],
        note: `普洱只有二级事项名（三个二级事项合并一格）；渠道和县级勾选取普洱；${FILLED_SUBJECT}`,
      },
    ),
    row(
      '民办学校信息',
      '民办学校设立、变更、终止等事项行政审批、备案信息',
      '●法律依据 ●办理流程 ●审批结果',
      PRIVATE,
      LIMIT,
      BUREAU,
      ['政府网站'],
      {
        ...COUNTY,
        confidence: 'medium',
        confidenceNote: '中：名称2份，内容仅1份',
        witnesses: [PUER, PMMSAP],
        note: `公开内容只见于镜像 pmmsap；依据与上一行合并单元格；渠道和勾选取普洱合并行；${FILLED_SUBJECT}`,
      },
    ),
    row('民办学校信息', '日常监管信息', '●年检结果 ●行政处罚信息', PRIVATE, LIMIT, BUREAU, ['政府网站'], {
      ...COUNTY,
      confidence: 'medium',
      confidenceNote: '中：名称2份，内容仅1份',
      witnesses: [PUER, PMMSAP],
      note: `公开内容只见于镜像 pmmsap；依据与上一行合并单元格；渠道和勾选取普洱合并行；${FILLED_SUBJECT}`,
    }),
    row(
      '财务信息',
      '财务信息',
      '●财务管理及监督办法 ●年度经费预决算信息 ●收费项目及收费标准',
      OGI_FULL,
      LIMIT,
      '县(市、区)教育部门、乡镇中心学校',
      ['政府网站', '公开查阅点'],
      {
        confidence: 'medium_high',
        confidenceNote: '中高：2份一致',
        witnesses: [SHIYANG, PUER],
        note: '石羊镇勾县级+乡级；主体：石羊镇副本写“石羊镇中心学校”，县级副本未见，暂填县、乡两级；渠道取石羊镇副本（部分省略）',
      },
    ),
    row(
      '招生管理',
      '招生政策',
      '各校招生工作实施方案；随迁子女入学办法；部分适龄儿童或少年延缓入学、休学等特殊需求的政策解读等',
      ENROL,
      LIMIT,
      BUREAU,
      ['政府网站'],
      {
        ...COUNTY,
        confidence: 'medium',
        confidenceNote: '中：全文1份，另1份子集',
        witnesses: [MINZHONG, XIANGSHAN],
        note: `全文只见于民众镇镜像，香山街道仅“●随迁子女入学办法”；渠道、层级未见县级副本，暂填政府网站、县级（香山街道另勾两微一端、广播电视、纸质媒体、公开查阅点、公示栏）；${FILLED_SUBJECT}`,
      },
    ),
    row('招生管理', '招生计划', '各校本年度招生计划', ENROL, LIMIT, BUREAU, ['政府网站'], {
      ...COUNTY,
      confidence: 'medium_low',
      confidenceNote: '中低：1份',
      witnesses: [MINZHONG],
      note: `只见于民众镇镜像；渠道、层级暂填；${FILLED_SUBJECT}`,
    }),
    row('招生管理', '招生范围', '招生范围、学区划分详细情况', ENROL, LIMIT, BUREAU, ['政府网站'], {
      ...COUNTY,
      confidence: 'medium',
      confidenceNote: '中：2份',
      witnesses: [MINZHONG, XIANGSHAN],
      note: `渠道、层级未见县级副本，暂填（香山街道另勾两微一端、公开查阅点、公示栏）；${FILLED_SUBJECT}`,
    }),
    row(
      '招生管理',
      '学校介绍',
      '●办学性质 ●办学地点 ●办学规模 ●办学基本条件 ●联系方式等',
      ENROL,
      LIMIT,
      '县(市、区)教育部门、乡镇中心学校',
      ['政府网站', '两微一端', '公开查阅点'],
      {
        confidence: 'low',
        confidenceNote: '低：1份（乡镇选摘）',
        witnesses: [SHIYANG],
        note: '在招生管理内的位置未知；只见于石羊镇乡级目录（主体写“石羊镇中心学校”，勾县级+乡级）',
      },
    ),
    row(
      '学生管理',
      '义务教育学生资助政策',
      '●统一城乡义务教育“两免一补”政策 …（截断，可能还有要素）',
      '《中华人民共和国政府信息公开条例》《国务院关于进一步完善城乡义务教育经费保障机制的通知》',
      LIMIT,
      BUREAU,
      ['政府网站', '两微一端'],
      {
        ...COUNTY,
        confidence: 'low',
        confidenceNote: '低：1份且截断',
        witnesses: [SHIYANG],
        note: '公开内容被截断；勾选未见，暂填全社会、主动、县级；学生管理的其余二级事项未找到',
      },
    ),
    nameOnly('教师管理'),
    nameOnly('重要政策执行情况'),
    nameOnly('教育督导公开'),
    nameOnly('校园安全'),
  ],
};
