/**
 * 村务公开 (used for 居务公开 too): the items and frequencies of 《中华人民共和国村民委员会组织法》第三十条
 * — 一般事项至少每季度公布一次；集体财务往来较多的，财务收支情况应当每月公布一次；涉及村民利益的重大事项应当随时公布.
 */
import { row, type TemplateSet } from './row.ts';

const BASIS = '《中华人民共和国村民委员会组织法》第三十条';
const SUBJECT = '村（居）民委员会（乡镇人民政府、街道办事处指导）';
const BOARD = ['村务公开栏', '居务公开栏'];
const VILLAGERS = { audience: ['specific' as const], level: ['township' as const] };

export const VILLAGE_AFFAIRS: TemplateSet = {
  domain: '村（居）务公开',
  scope: 'village',
  source: '《中华人民共和国村民委员会组织法》第三十条（全国人民代表大会常务委员会）',
  isSample: false,
  revision: 1,
  entries: [
    row(
      '村务决策',
      '村民会议、村民代表会议决定事项',
      '由村民会议、村民代表会议讨论决定的事项及其实施情况',
      BASIS,
      '每季度公布一次',
      SUBJECT,
      BOARD,
      VILLAGERS,
    ),
    row(
      '资金物资',
      '救灾救助、补贴补助',
      '政府拨付和接受社会捐赠的救灾救助、补贴补助等资金、物资的管理使用情况',
      BASIS,
      '每季度公布一次',
      SUBJECT,
      BOARD,
      VILLAGERS,
    ),
    row(
      '协助政府工作',
      '协助开展工作情况',
      '村（居）民委员会协助人民政府开展工作的情况',
      BASIS,
      '每季度公布一次',
      SUBJECT,
      BOARD,
      VILLAGERS,
    ),
    row(
      '财务公开',
      '财务收支情况',
      '集体财务收支情况（集体财务往来较多的）',
      BASIS,
      '每月公布一次',
      SUBJECT,
      BOARD,
      VILLAGERS,
    ),
    row(
      '重大事项',
      '涉及村（居）民利益的重大事项',
      '涉及本村（社区）村（居）民利益、村（居）民普遍关心的重大事项',
      BASIS,
      '随时公布',
      SUBJECT,
      BOARD,
      VILLAGERS,
    ),
  ],
};
