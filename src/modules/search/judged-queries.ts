/**
 * The judged query set: realistic queries a citizen or official types, each with the demo-corpus
 * items (keys in src/seed/corpus.ts) a person judged relevant before seeing the ranking.
 * `first`: the item that must come first (exact 文号 lookups).
 */
export interface JudgedQuery {
  q: string;
  relevant: string[];
  first?: string;
}

export const JUDGED_QUERIES: JudgedQuery[] = [
  { q: '减税降费', relevant: ['jsjf-policy', 'jsjf-interp', 'jsjf-news-1', 'jsjf-news-2', 'jsjf-notice'] },
  { q: '营商环境 政策', relevant: ['yshj-policy', 'yshj-interp'] },
  {
    q: '疫情 核酸检测',
    relevant: ['yq-notice-1', 'yq-notice-2', 'yq-news-1', 'yq-news-2', 'xq-hs-price', 'xq-sj-yiqing'],
  },
  {
    q: '规范性文件 2022',
    relevant: ['gfxwj-fees', 'gfxwj-list', 'gfxwj-clean', 'zjd-policy', 'gfz45', 'gfxwj-old'],
  },
  { q: '洪府办发[2022]66号', relevant: ['hfb66', 'zwgk-plan'], first: 'hfb66' },
  { q: '国办发（２０２２）８号', relevant: ['gbf8', 'zwgk-plan'], first: 'gbf8' },
  { q: '赣府厅字【2022】45号', relevant: ['gfz45', 'gfxwj-fees'], first: 'gfz45' },
  { q: '红府发［2022］5号', relevant: ['szjj-policy', 'gfxwj-list'], first: 'szjj-policy' },
  { q: '红谷滩 数字经济', relevant: ['szjj-policy', 'szjj-interp', 'szjj-news-1', 'szjj-news-2', 'xq-5g'] },
  { q: '财政 预算', relevant: ['cz-budget', 'cz-sangong', 'cz-dept-budget', 'cz-final'] },
  { q: '乡村振兴', relevant: ['xczx-policy', 'xczx-news', 'zjd-policy', 'zjd-interp', 'xq-nongye'] },
  { q: '宅基地', relevant: ['zjd-policy', 'zjd-interp', 'xczx-policy'] },
  { q: '河湖长制', relevant: ['hhz-notice', 'hhz-news'] },
  { q: '空气质量', relevant: ['kqzl-data', 'kqzl-news'] },
  { q: '安全生产', relevant: ['aqsc-notice', 'aqsc-news', 'aqsc-zjf', 'xq-yjya', 'xq-fangxun', 'xq-shiwu'] },
  {
    q: '重大项目',
    relevant: [
      'zdxm-list',
      'zdxm-news',
      'zdxm-approval',
      'zfzw-bond',
      'szjj-news-1',
      'xq-zhaobiao',
      'xq-tudi',
    ],
  },
  {
    q: '稳岗就业',
    relevant: ['wgjy-policy', 'wgjy-interp', 'wgjy-news', 'wgjy-notice', 'zwgk-xwfb', 'xq-cyjh'],
  },
  { q: '稳岗返还', relevant: ['wgjy-interp', 'wgjy-notice', 'wgjy-policy'] },
  { q: '中小微企业 纾困', relevant: ['zxw-policy', 'zxw-interp', 'zxw-news', 'yq-policy', 'xq-jinrong'] },
  { q: '政府债务', relevant: ['zfzw-data', 'zfzw-bond'] },
  { q: '直达资金', relevant: ['zdzj-1', 'zdzj-2'] },
  { q: '收费目录清单', relevant: ['sfml-admin', 'sfml-fund', 'sfml-ent'] },
  { q: '依申请公开', relevant: ['ysqgk-guide', 'ysqgk-news', 'zwgk-plan'] },
  { q: '政务公开 工作要点', relevant: ['zwgk-plan', 'hfb66', 'gbf8'] },
  { q: '健康码', relevant: ['yq-jkm', 'yq-notice-1'] },
  { q: '留抵退税', relevant: ['jsjf-policy', 'jsjf-interp', 'jsjf-news-1'] },
  {
    q: '沙井街办',
    relevant: [
      'yq-news-1',
      'hhz-news',
      'zwgk-sj',
      'xq-gongshui',
      'xq-sj-yiqing',
      'yq-notice-2',
      'slh-gz',
      'zcd-notice',
    ],
  },
  { q: '老旧小区改造', relevant: ['xq-ljxq', 'zfzw-bond', 'zdxm-list'] },
  { q: '三公经费', relevant: ['cz-sangong', 'cz-budget'] },
  { q: '企业开办', relevant: ['yshj-news-1', 'yshj-policy', 'yshj-interp'] },
  { q: '核酸检测价格', relevant: ['xq-hs-price'] },
  { q: '专精特新', relevant: ['xq-zhuanjing', 'zxw-policy'] },
  { q: '政府信息公开 年度报告', relevant: ['zwgk-report', 'ysqgk-news'] },
  { q: '双随机一公开', relevant: ['yshj-news-2', 'yshj-policy'] },
  {
    q: '營商環境',
    relevant: ['yshj-policy', 'yshj-interp', 'yshj-news-1', 'yshj-news-2', 'yshj-notice', 'yshj-report'],
  },
  { q: '一网通办', relevant: ['yshj-policy', 'yshj-news-1', 'szjj-news-2'] },
  // Issue 24: synonyms and abbreviations (the pages use the full name only).
  { q: '低保', relevant: ['dibao-std'], first: 'dibao-std' },
  { q: '低保申请条件', relevant: ['dibao-std'], first: 'dibao-std' },
  { q: '公租房', relevant: ['gzf-list'], first: 'gzf-list' },
  // Looser match: no item has every word.
  { q: '高校毕业生就业', relevant: ['gxbys-guide', 'xq-cyjh', 'wgjy-policy', 'wgjy-interp'] },
  { q: '优化营商环境措施解读', relevant: ['yshj-interp', 'yshj-policy'] },
  // Pinyin of words jieba used to split (适/老化, 助/餐点), of body words, and initials.
  { q: 'shilaohua', relevant: ['slh-gz'], first: 'slh-gz' },
  { q: 'shlh', relevant: ['slh-gz'], first: 'slh-gz' },
  { q: 'zhucandian', relevant: ['zcd-notice', 'slh-gz'] },
  { q: 'dibao', relevant: ['dibao-std'], first: 'dibao-std' },
  { q: 'gongzufang', relevant: ['gzf-list'], first: 'gzf-list' },
  { q: 'zjd', relevant: ['zjd-policy', 'zjd-interp', 'xczx-policy'] },
];
