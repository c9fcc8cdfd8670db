/**
 * Policy interpretation (政策解读) vocabulary shared by publishing (content) and the normative
 * library: one list, so an interpretation item's points and the library's 解读率 records use the
 * same keys. Pure constants, no imports — either module can import it without a cycle.
 */

/** The seven points a good interpretation covers (seed (二)8, rules.md §5). */
export const KEY_POINTS = {
  background: '政策背景',
  purpose: '出台目的',
  measures: '重要举措',
  differences: '新旧政策差异',
  scope: '影响范围',
  standards: '管理执行标准及注意事项',
  benefits: '惠企利民举措及享受条件',
} as const;
export type KeyPoint = keyof typeof KEY_POINTS;
export const KEY_POINT_KEYS = Object.keys(KEY_POINTS) as KeyPoint[];

/** Forms of interpretation (rules.md §5). */
export const INTERPRETATION_FORMS = {
  text: '文字解读',
  graphic: '图表图解',
  video: '视频动漫',
  briefing: '新闻发布会/吹风会',
} as const;
export type InterpretationForm = keyof typeof INTERPRETATION_FORMS;
