/**
 * 社会救助: rows of the standard catalogue attached to 民政部《社会救助领域基层政务公开标准指引》, issued
 * together with the 养老服务 guideline by 民政部办公厅《关于印发社会救助和养老服务领域基层政务公开标准指引的
 * 通知》(民办函〔2019〕52号, 2019-04-30) under 国办发〔2017〕42号 (the 基层政务公开 pilot programme); 国办发〔2019〕54号
 * is the later 指导意见, not the issuing document (reference/guidelines README, fact 1).
 *
 * The guideline's own text could not be found in the reference material available to us. The rows below
 * follow the county and township catalogues that reproduce the guideline's table, which agree with each
 * other row by row (item names, contents, 公开依据, the 10-working-day limit and the 7-working-day
 * 公示 of preliminary lists), checked on 2026-11-26 against:
 *   https://www.tjbd.gov.cn/zwgk/jczwgk/ly/shjzly/202012/t20201216_5039688.html (天津市宝坻区)
 *   http://www.dazhu.gov.cn/xxgk-show-199777.html (四川省大竹县)
 *   http://www.daocheng.gov.cn/jczwgkx(s)j/article/509332 (四川省稻城县，临时救助各行)
 *   http://www.shicheng.gov.cn/scxzf/shjzbzml/202407/5d1663de28994d908f3ced794c1ec349.shtml (江西省石城县)
 *   http://mdx.gov.cn/info/1473/43897.htm (镇级目录)
 * Only rows seen in those copies are included (受灾人员救助 and 特困人员 审批信息 were not seen and are
 * left out). Channels follow the 大竹县 copy (the 宝坻区 copy ticks only 政府网站); the guideline's
 * “社区/企事业单位/村公示栏（电子屏）” is recorded as 公开栏, the offline channel postings are registered for.
 * Check against the 民政部 original before relying on it.
 */
import { row, type TemplateSet } from './row.ts';

/** 公开时限 as the copies write it (the parser reads it as 10 working days after the information is made or obtained). */
const LIMIT = '制定或获取信息之日起10个工作日内';
/** Preliminary lists are also on display for 7 working days; kept as written, so the parser reports that clause. */
const LIMIT_NOTICE = '制定或获取信息之日起10个工作日内，公示7个工作日';
const BOTH = '县级人民政府民政部门、乡镇人民政府（街道办事处）';
const BASIS = '《中华人民共和国政府信息公开条例》及相关规定';
const WEB = ['政府网站', '公开查阅点', '政务服务中心'];
const BOARD = ['政府网站', '公开栏'];
const DIBAO = '《国务院关于进一步加强和改进最低生活保障工作的意见》（国发〔2012〕45号）';
const TEKUN = '《国务院关于进一步健全特困人员救助供养制度的意见》（国发〔2016〕14号）';
const LINSHI = '《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）';

export const SOCIAL_ASSISTANCE: TemplateSet = {
  domain: '社会救助',
  scope: 'township',
  source:
    '民政部《社会救助领域基层政务公开标准指引》所附标准目录（民政部办公厅《关于印发社会救助和养老服务领域基层政务公开标准指引的通知》民办函〔2019〕52号，2019年4月30日，依据国办发〔2017〕42号印发）。未找到民政部原文；按多个县、乡公布的同一目录整理（如 https://www.tjbd.gov.cn/zwgk/jczwgk/ly/shjzly/202012/t20201216_5039688.html 、http://www.dazhu.gov.cn/xxgk-show-199777.html ），未与原文逐条核对',
  isSample: false,
  /** 2: issuing document corrected (was 国办发〔2019〕54号). */
  revision: 2,
  entries: [
    row('综合业务', '政策法规文件', '《社会救助暂行办法》、各地配套政策法规文件', BASIS, LIMIT, BOTH, WEB),
    row('综合业务', '监督检查', '社会救助信访通讯地址、社会救助投诉举报电话', BASIS, LIMIT, BOTH, [
      ...WEB,
      '公开栏',
    ]),
    row(
      '最低生活保障',
      '政策法规文件',
      `${DIBAO}、《最低生活保障审核审批办法（试行）》（民发〔2012〕220号）、各地配套政策法规文件`,
      BASIS,
      LIMIT,
      BOTH,
      WEB,
    ),
    row(
      '最低生活保障',
      '办事指南',
      '办理事项、办理条件、最低生活保障标准、申请材料、办理流程、办理时间、地点、联系方式',
      `${DIBAO}、各地相关政策法规文件`,
      LIMIT,
      BOTH,
      WEB,
    ),
    row(
      '最低生活保障',
      '审核信息',
      '初审对象名单及相关信息',
      `${DIBAO}、各地相关政策法规文件`,
      LIMIT_NOTICE,
      BOTH,
      BOARD,
    ),
    row(
      '最低生活保障',
      '审批信息',
      '低保对象名单及相关信息',
      `${DIBAO}、各地相关政策法规文件`,
      LIMIT,
      BOTH,
      BOARD,
    ),
    row(
      '特困人员救助供养',
      '政策法规文件',
      `${TEKUN}、民政部关于印发《特困人员认定办法》的通知（民发〔2016〕178号）、各地配套政策法规文件`,
      BASIS,
      LIMIT,
      BOTH,
      WEB,
    ),
    row(
      '特困人员救助供养',
      '办事指南',
      '办理事项、办理条件、救助供养标准、申请材料、办理流程、办理时间、地点、联系方式',
      `${TEKUN}、各地相关政策法规文件`,
      LIMIT,
      BOTH,
      WEB,
    ),
    row(
      '特困人员救助供养',
      '审核信息',
      '初审对象名单及相关信息、终止供养名单',
      `${TEKUN}、各地相关政策法规文件`,
      LIMIT,
      BOTH,
      BOARD,
    ),
    row(
      '临时救助',
      '政策法规文件',
      `${LINSHI}、《民政部 财政部关于进一步加强和改进临时救助工作的意见》（民发〔2018〕23号）、各地配套政策法规文件`,
      BASIS,
      LIMIT,
      BOTH,
      WEB,
    ),
    row(
      '临时救助',
      '办事指南',
      '办理事项、办理条件、救助标准、申请材料、办理流程、办理时间、地点、联系方式',
      `${LINSHI}、各地相关政策法规文件`,
      LIMIT,
      BOTH,
      ['政府网站', '政务服务中心', '公开栏'],
    ),
    row(
      '临时救助',
      '审核审批信息',
      '支出型临时救助对象名单、救助金额、救助事由',
      `${LINSHI}、各地相关政策法规文件`,
      LIMIT,
      BOTH,
      BOARD,
    ),
  ],
};
