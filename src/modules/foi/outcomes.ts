/**
 * The outcome codes of a closed FOI case (办理结果), exactly as rules.md §2: each maps to one row of
 * table 三 of the annual report (国办公开办函〔2021〕30号) and to the legal basis a reply letter cites.
 */

export interface OutcomeDef {
  /** Row label in table 三 of the annual report. */
  row: string;
  /** Family of the reply letter template. */
  family: 'disclosed' | 'partial' | 'withheld' | 'unavailable' | 'rejected' | 'other';
  /** Typical legal basis cited in the reply letter (empty where the rules give none). */
  basis: string;
}

export const OUTCOMES = {
  disclosed: {
    row: '（一）予以公开',
    family: 'disclosed',
    basis: '《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项',
  },
  partial: {
    row: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    family: 'partial',
    basis: '《中华人民共和国政府信息公开条例》第三十七条',
  },
  'withheld.state_secret': {
    row: '（三）不予公开 1.属于国家秘密',
    family: 'withheld',
    basis: '《中华人民共和国政府信息公开条例》第十四条',
  },
  'withheld.law_forbids': {
    row: '（三）不予公开 2.其他法律行政法规禁止公开',
    family: 'withheld',
    basis: '《中华人民共和国政府信息公开条例》第十四条',
  },
  'withheld.security_stability': {
    row: '（三）不予公开 3.危及“三安全一稳定”',
    family: 'withheld',
    basis: '《中华人民共和国政府信息公开条例》第十四条',
  },
  'withheld.third_party': {
    row: '（三）不予公开 4.保护第三方合法权益',
    family: 'withheld',
    basis: '《中华人民共和国政府信息公开条例》第十五条、第三十二条',
  },
  'withheld.internal_affairs': {
    row: '（三）不予公开 5.属于三类内部事务信息',
    family: 'withheld',
    basis: '《中华人民共和国政府信息公开条例》第十六条第一款',
  },
  'withheld.process_info': {
    row: '（三）不予公开 6.属于四类过程性信息',
    family: 'withheld',
    basis: '《中华人民共和国政府信息公开条例》第十六条第二款',
  },
  'withheld.enforcement_file': {
    row: '（三）不予公开 7.属于行政执法案卷',
    family: 'withheld',
    basis: '《中华人民共和国政府信息公开条例》第十六条第二款',
  },
  'withheld.query_matter': {
    row: '（三）不予公开 8.属于行政查询事项',
    family: 'withheld',
    basis: '《中华人民共和国政府信息公开条例》第三十六条第（七）项',
  },
  'unavailable.not_held': {
    row: '（四）无法提供 1.本机关不掌握相关政府信息',
    family: 'unavailable',
    basis: '《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项',
  },
  'unavailable.needs_creation': {
    row: '（四）无法提供 2.没有现成信息需要另行制作',
    family: 'unavailable',
    basis: '《中华人民共和国政府信息公开条例》第三十八条',
  },
  'unavailable.unclear': {
    row: '（四）无法提供 3.补正后申请内容仍不明确',
    family: 'unavailable',
    basis: '《中华人民共和国政府信息公开条例》第三十条',
  },
  'rejected.petition': {
    row: '（五）不予处理 1.信访举报投诉类申请',
    family: 'rejected',
    basis: '《中华人民共和国政府信息公开条例》第三十九条第一款',
  },
  'rejected.duplicate': {
    row: '（五）不予处理 2.重复申请',
    family: 'rejected',
    basis: '《中华人民共和国政府信息公开条例》第三十六条第（六）项',
  },
  'rejected.publication': {
    row: '（五）不予处理 3.要求提供公开出版物',
    family: 'rejected',
    basis: '《中华人民共和国政府信息公开条例》第三十九条第二款',
  },
  'rejected.excessive': {
    row: '（五）不予处理 4.无正当理由大量反复申请',
    family: 'rejected',
    basis: '《中华人民共和国政府信息公开条例》第三十五条',
  },
  'rejected.confirm_reissue': {
    row: '（五）不予处理 5.要求行政机关确认或重新出具已获取信息',
    family: 'rejected',
    basis: '',
  },
  'other.no_correction': {
    row: '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    family: 'other',
    basis: '《中华人民共和国政府信息公开条例》第三十条',
  },
  'other.unpaid_fee': {
    row: '（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    family: 'other',
    basis: '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
  },
  'other.other': { row: '（六）其他处理 3.其他', family: 'other', basis: '' },
} as const satisfies Record<string, OutcomeDef>;

export type OutcomeCode = keyof typeof OUTCOMES;
export const OUTCOME_CODES = Object.keys(OUTCOMES) as OutcomeCode[];

export const isOutcomeCode = (s: string): s is OutcomeCode => s in OUTCOMES;

/** Applicant types: the seven numeric columns of table 三 (six plus 总计). */
export const APPLICANT_TYPES = {
  natural: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  publicInterest: '社会公益组织',
  legalServices: '法律服务机构',
  otherOrg: '其他',
} as const;

export type ApplicantType = keyof typeof APPLICANT_TYPES;
export const APPLICANT_TYPE_KEYS = Object.keys(APPLICANT_TYPES) as ApplicantType[];

/** Receipt channels and how each fixes the receipt date (条例第三十一条). */
export const CHANNELS = {
  in_person: '当面提交',
  registered_mail: '邮寄（需签收）',
  ordinary_letter: '平常信函',
  online: '互联网',
  fax: '传真',
} as const;

export type Channel = keyof typeof CHANNELS;

/** 行政复议 / 行政诉讼 results as table 四 counts them. */
export const REVIEW_RESULTS = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
} as const;
export type ReviewResult = keyof typeof REVIEW_RESULTS;
