/**
 * Sample domains (演示数据): realistic in shape, NOT typed from a guideline. Replace them with the
 * official rows before real use; they carry no source and are marked as samples everywhere they show.
 */
import { row, type TemplateSet } from './row.ts';

const STD = '信息形成或变更之日起20个工作日内';
const TOWN = '乡镇人民政府（街道办事处）';

export const SAMPLE_SETS: TemplateSet[] = [
  {
    domain: '涉农补贴（演示）',
    scope: 'township',
    source: '',
    isSample: true,
    revision: 1,
    entries: [
      row('补贴政策', '政策文件', '涉农补贴政策文件、补贴项目和标准（演示）', '（演示数据）', STD, TOWN, [
        '政府网站',
        '公开栏',
      ]),
      row(
        '补贴发放',
        '发放结果',
        '补贴对象、补贴面积或数量、补贴金额（演示）',
        '（演示数据）',
        '每年6月底前',
        TOWN,
        ['政府网站', '村务公开栏'],
      ),
    ],
  },
  {
    domain: '财政预决算（演示）',
    scope: 'township',
    source: '',
    isSample: true,
    revision: 1,
    entries: [
      row('预算', '部门预算', '乡镇（街道）年度预算及说明（演示）', '（演示数据）', '每年3月底前', TOWN, [
        '政府网站',
        '公开栏',
      ]),
      row(
        '直达资金',
        '分配使用情况',
        '直达资金分配和使用情况（演示）',
        '（演示数据）',
        '每季度结束后15日内',
        TOWN,
        ['政府网站'],
      ),
    ],
  },
];
