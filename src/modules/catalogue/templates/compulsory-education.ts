/**
 * 义务教育: rows for 教育部《义务教育领域基层政务公开标准指引》 (issued under 国办发〔2019〕54号), typed
 * from memory. The guideline's text was not found in the reference material available to us (searched
 * 2026-11-26). What could be checked: a news report of its issue names 10 一级事项 — 政策文件、教育概况、
 * 民办学校信息、财务信息、招生管理、学生管理、教师管理、重要政策执行情况、教育督导公开、校园安全
 * (http://qiwenreping.com/politics/2019-06/19/c_1124645417.htm , a copy of a 新华社 report), and county
 * copies of the catalogue write the limit as 信息形成或者变更之日起20个工作日内; the rows below do not yet
 * follow those 一级事项 and were not checked item by item. Most rows are the county education bureau's
 * (县级); the enrolment row's limit ("招生工作开始前") is kept as written — the parser reports it.
 */
import { row, type TemplateSet } from './row.ts';

const STD = '信息形成或变更之日起20个工作日内';
const BUREAU = '县级教育行政部门';

export const COMPULSORY_EDUCATION: TemplateSet = {
  domain: '义务教育',
  scope: 'township',
  source:
    '据教育部2019年印发之《义务教育领域基层政务公开标准指引》整理（国办发〔2019〕54号部署），未找到原文，未逐条核对；指引的 10 个一级事项（政策文件、教育概况、民办学校信息、财务信息、招生管理、学生管理、教师管理、重要政策执行情况、教育督导公开、校园安全）尚未逐项录入',
  isSample: false,
  entries: [
    row(
      '政策法规',
      '政策文件',
      '义务教育相关法律、法规、规章和规范性文件',
      '《中华人民共和国义务教育法》《中华人民共和国政府信息公开条例》',
      STD,
      BUREAU,
      ['政府网站', '政务新媒体'],
      { level: ['county'] },
    ),
    row(
      '招生入学',
      '招生政策',
      '招生范围（学区划分）、招生条件、招生程序、时间安排、咨询电话',
      '《中华人民共和国义务教育法》',
      '每年招生工作开始前',
      BUREAU,
      ['政府网站', '政务新媒体', '公开栏'],
      { level: ['county'] },
    ),
    row(
      '学生资助',
      '资助政策',
      '家庭经济困难学生生活补助等资助项目、资助对象、资助标准、申请程序',
      '《中华人民共和国义务教育法》',
      STD,
      BUREAU,
      ['政府网站', '政务新媒体'],
      { level: ['county'] },
    ),
    row(
      '教育收费',
      '收费项目',
      '收费项目、收费标准、收费依据、投诉电话',
      '《中华人民共和国义务教育法》',
      STD,
      BUREAU,
      ['政府网站', '公开栏'],
      { level: ['county'] },
    ),
  ],
};
