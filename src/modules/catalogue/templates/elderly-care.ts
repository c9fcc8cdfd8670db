/**
 * 养老服务: rows for 民政部《养老服务领域基层政务公开标准指引》 (issued under 国办发〔2019〕54号), typed from
 * memory. Neither the guideline nor a county copy of its catalogue was found in the reference material
 * available to us (searched 2026-11-26), so no row has been checked against it. 养老机构备案 is done by
 * the county civil-affairs department, so its rows are 县级 only.
 */
import { row, type TemplateSet } from './row.ts';

const STD = '信息形成或变更之日起20个工作日内';
const BOTH = '县级民政部门、乡镇人民政府（街道办事处）';

export const ELDERLY_CARE: TemplateSet = {
  domain: '养老服务',
  scope: 'township',
  source:
    '据民政部2019年印发之《养老服务领域基层政务公开标准指引》整理（国办发〔2019〕54号部署），未找到原文，未逐条核对',
  isSample: false,
  entries: [
    row(
      '政策法规',
      '政策文件',
      '养老服务相关法律、法规、规章和规范性文件',
      '《中华人民共和国老年人权益保障法》《中华人民共和国政府信息公开条例》',
      STD,
      BOTH,
      ['政府网站', '政务新媒体', '公开查阅点', '便民服务站'],
    ),
    row(
      '养老机构',
      '备案办事指南',
      '备案条件、备案材料、办理流程、办理时限、受理机构、咨询电话',
      '《中华人民共和国老年人权益保障法》《养老机构管理办法》',
      STD,
      '县级民政部门',
      ['政府网站', '政务新媒体', '政务服务中心'],
      { level: ['county'] },
    ),
    row(
      '养老机构',
      '监督检查结果',
      '对养老机构监督检查的结果',
      '《养老机构管理办法》',
      STD,
      '县级民政部门',
      ['政府网站'],
      { level: ['county'] },
    ),
    row(
      '老年人福利',
      '高龄津贴等补贴办事指南',
      '补贴对象、补贴标准、申请材料、办理流程、办理时限、受理机构、咨询电话',
      '《中华人民共和国老年人权益保障法》',
      STD,
      BOTH,
      ['政府网站', '政务新媒体', '政务服务中心', '便民服务站', '公开栏'],
    ),
    row(
      '老年人福利',
      '补贴发放对象',
      '补贴对象姓名、补贴类别、补贴金额（不公开个人隐私信息）',
      '《中华人民共和国老年人权益保障法》',
      STD,
      BOTH,
      ['村务公开栏', '居务公开栏'],
    ),
    row(
      '养老服务设施',
      '设施名录',
      '辖区养老机构和社区（村）养老服务设施的名称、地址、联系方式、服务内容',
      '《中华人民共和国老年人权益保障法》',
      STD,
      BOTH,
      ['政府网站', '政务新媒体', '便民服务站', '公开栏'],
    ),
  ],
};
