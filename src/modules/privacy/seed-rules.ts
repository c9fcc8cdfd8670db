/**
 * The 错敏词 list every installation starts with (loaded by the privacy migration; staff maintain it
 * at /admin/privacy/expressions afterwards). Real cases only:
 * - institutions abolished or renamed by the 2018 State Council reform (《国务院机构改革方案》,
 *   十三届全国人大一次会议 2018-03-17), earlier reforms (2008, 2013) and the 2023 reform
 *   (《党和国家机构改革方案》), plus the local names a district still sees in old drafts (named generically: every office's list);
 *   民政部, 司法部, 审计署 and others that kept their names are deliberately absent;
 * - policies and documents that were replaced (营业税 → 增值税 2016, 暂住证 → 居住证 2016, …);
 * - common misspellings in official writing (截止目前 → 截至目前, …);
 * - sensitive usages from 新华社《新闻报道中的禁用词》 (2016 edition) — these are serious and block.
 * Outdated institution names are not flagged after 原/前 (expressions.ts), so history stays writable.
 */
import type { ExpressionRule } from './expressions.ts';

const outdated = (term: string, suggestion: string, note: string, exceptions?: string[]): ExpressionRule => ({
  term,
  suggestion,
  severity: 'warning',
  kind: 'outdated',
  note,
  ...(exceptions ? { exceptions } : {}),
});
const wrong = (
  term: string,
  suggestion: string,
  note: string,
  severity: 'serious' | 'warning' = 'warning',
  exceptions?: string[],
): ExpressionRule => ({
  term,
  suggestion,
  severity,
  kind: 'wrong',
  note,
  ...(exceptions ? { exceptions } : {}),
});
const sensitive = (term: string, suggestion: string, note: string): ExpressionRule => ({
  term,
  suggestion,
  severity: 'serious',
  kind: 'sensitive',
  note,
});

const R2018 = '2018年国务院机构改革已撤销/更名，指现机构时应使用新名称；指历史时写“原…”';
const R2023 = '2023年党和国家机构改革已撤销/更名，指现机构时应使用新名称；指历史时写“原…”';
const R2013 = '2013年国务院机构改革已撤销/更名；指历史时写“原…”';
const R2008 = '2008年国务院机构改革已撤销/更名；指历史时写“原…”';
const LOCAL = '2019年区级机构改革后的名称；指历史时写“原…”';
const XINHUA = '新华社《新闻报道中的禁用词》（2016年版）';

export const SEED_EXPRESSION_RULES: ExpressionRule[] = [
  // 2018 State Council reform
  outdated('国家工商行政管理总局', '国家市场监督管理总局', R2018),
  outdated('国家工商总局', '国家市场监督管理总局', R2018),
  outdated('国家质量监督检验检疫总局', '国家市场监督管理总局（出入境检验检疫职责划入海关总署）', R2018),
  outdated('国家质检总局', '国家市场监督管理总局', R2018),
  outdated('国家食品药品监督管理总局', '国家市场监督管理总局／国家药品监督管理局', R2018),
  outdated('国家食药监总局', '国家市场监督管理总局／国家药品监督管理局', R2018),
  outdated('国土资源部', '自然资源部', R2018),
  outdated('国家海洋局', '自然资源部', R2018),
  outdated('国家测绘地理信息局', '自然资源部', R2018),
  outdated('环境保护部', '生态环境部', R2018),
  outdated('环保部', '生态环境部', R2018),
  outdated('国家卫生和计划生育委员会', '国家卫生健康委员会', R2018),
  outdated('国家卫计委', '国家卫生健康委员会', R2018),
  outdated('农业部', '农业农村部', R2018),
  outdated('文化部', '文化和旅游部', R2018),
  outdated('国家旅游局', '文化和旅游部', R2018),
  outdated('监察部', '国家监察委员会', '2018年3月撤销，职责划入国家监察委员会；指历史时写“原监察部”'),
  outdated('国家预防腐败局', '国家监察委员会', R2018),
  outdated('国家安全生产监督管理总局', '应急管理部', R2018),
  outdated('国家安监总局', '应急管理部', R2018),
  outdated('国务院法制办公室', '司法部', R2018),
  outdated('国务院法制办', '司法部', R2018),
  outdated('国家新闻出版广电总局', '国家广播电视总局／国家新闻出版署', R2018),
  outdated('国家林业局', '国家林业和草原局', R2018),
  outdated('国家粮食局', '国家粮食和物资储备局', R2018),
  outdated('国家外国专家局', '科学技术部（国家外国专家局牌子）', R2018),
  outdated(
    '中国银行业监督管理委员会',
    '国家金融监督管理总局',
    '2018年并入中国银保监会，2023年组建国家金融监督管理总局',
  ),
  outdated('中国银监会', '国家金融监督管理总局', '2018年并入中国银保监会，2023年组建国家金融监督管理总局'),
  outdated(
    '中国保险监督管理委员会',
    '国家金融监督管理总局',
    '2018年并入中国银保监会，2023年组建国家金融监督管理总局',
  ),
  outdated('中国保监会', '国家金融监督管理总局', '2018年并入中国银保监会，2023年组建国家金融监督管理总局'),
  outdated('中国银保监会', '国家金融监督管理总局', R2023),
  outdated('国家乡村振兴局', '农业农村部', R2023),
  outdated(
    '国务院扶贫开发领导小组办公室',
    '农业农村部（原国家乡村振兴局职责）',
    '2021年改为国家乡村振兴局，2023年职责划入农业农村部',
  ),
  outdated(
    '国务院扶贫办',
    '农业农村部（原国家乡村振兴局职责）',
    '2021年改为国家乡村振兴局，2023年职责划入农业农村部',
  ),
  // 2013 and 2008 reforms
  outdated('卫生部', '国家卫生健康委员会', R2013),
  outdated('国家人口和计划生育委员会', '国家卫生健康委员会', R2013),
  outdated('铁道部', '国家铁路局／中国国家铁路集团有限公司', R2013),
  outdated('国家电力监管委员会', '国家能源局', R2013),
  outdated('人事部', '人力资源和社会保障部', R2008),
  outdated('劳动和社会保障部', '人力资源和社会保障部', R2008),
  outdated('建设部', '住房和城乡建设部', R2008, ['城乡建设部']),
  outdated('信息产业部', '工业和信息化部', R2008),
  // The tax services were merged in 2018 (国税地税征管体制改革).
  outdated('国家税务局', '国家税务总局（各地合并后的税务局）', '2018年国税地税机构合并'),
  outdated('地方税务局', '税务局', '2018年国税地税机构合并'),
  outdated('区国税局', '区税务局（国家税务总局的区税务局）', '2018年国税地税机构合并'),
  outdated('区地税局', '区税务局（国家税务总局的区税务局）', '2018年国税地税机构合并'),
  // Local names (区/市 level)
  outdated('区工商局', '区市场监管局', LOCAL),
  outdated('区工商行政管理局', '区市场监督管理局', LOCAL),
  outdated('区质监局', '区市场监管局', LOCAL),
  outdated('区食药监局', '区市场监管局', LOCAL),
  outdated('区卫计委', '区卫健委', LOCAL),
  outdated('区卫生和计划生育委员会', '区卫生健康委员会', LOCAL),
  outdated('市卫计委', '市卫健委', LOCAL),
  outdated('区安监局', '区应急管理局', LOCAL),
  outdated('区农业局', '区农业农村局', LOCAL),
  outdated('区国土资源局', '自然资源和规划部门（市自然资源和规划局的区分局）', LOCAL),
  outdated('区国土局', '自然资源和规划部门（市自然资源和规划局的区分局）', LOCAL),
  outdated('区环保局', '生态环境部门（市生态环境局的区分局）', LOCAL),
  outdated('区旅游局', '区文化和旅游局', LOCAL),
  // Replaced policies and documents
  outdated(
    '新型农村合作医疗',
    '城乡居民基本医疗保险',
    '2016年起城镇居民医保与新农合整合为城乡居民基本医疗保险（国发〔2016〕3号）',
    ['原新型农村合作医疗'],
  ),
  outdated('暂住证', '居住证', '《居住证暂行条例》2016年1月1日起施行'),
  outdated('营业税', '增值税', '2016年5月1日全面营改增，2017年《营业税暂行条例》废止', [
    '营业税改征增值税',
    '营业税改增值税',
    '营业税金',
  ]),
  outdated('劳动教养', '（劳动教养制度已于2013年废止）', '2013年12月全国人大常委会决定废止劳动教养制度', [
    '废止劳动教养',
    '劳动教养制度已',
  ]),
  outdated(
    '政府信息公开条例（2007年）',
    '《中华人民共和国政府信息公开条例》（2019年修订）',
    '国务院令第711号，2019年5月15日起施行',
  ),
  // Common misspellings in official writing
  wrong('截止目前', '截至目前', '“截至”表示到某时为止，“截止”表示停止；“截止目前”为常见错误'),
  wrong('截止到', '截至', '“截至”已含“到”之意'),
  wrong('再接再励', '再接再厉', '常见错别字'),
  wrong('一如继往', '一如既往', '常见错别字'),
  wrong('按步就班', '按部就班', '常见错别字'),
  wrong('迫不急待', '迫不及待', '常见错别字'),
  wrong('坐谈会', '座谈会', '常见错别字'),
  wrong('布署', '部署', '常见错别字'),
  wrong('既使', '即使', '常见错别字'),
  wrong('穿流不息', '川流不息', '常见错别字'),
  wrong('政府信息公开条列', '政府信息公开条例', '法规名称错别字', 'serious'),
  wrong('中华人民共合国', '中华人民共和国', '国名错误属严重表述错误（国办秘函〔2019〕19号）', 'serious'),
  wrong('中华人名共和国', '中华人民共和国', '国名错误属严重表述错误（国办秘函〔2019〕19号）', 'serious'),
  wrong('中国共产党党章', '《中国共产党章程》', '党章全称为《中国共产党章程》'),
  wrong('十九大', '党的十九大', '正式文件中应写“党的十九大”或“中国共产党第十九次全国代表大会”', 'warning', [
    '党的十九大',
    '十九大以来',
    '十九大报告',
    '十九大精神',
    '第十九次全国代表大会',
  ]),
  wrong('二十大', '党的二十大', '正式文件中应写“党的二十大”或“中国共产党第二十次全国代表大会”', 'warning', [
    '党的二十大',
    '二十大以来',
    '二十大报告',
    '二十大精神',
  ]),
  // Sensitive usages (serious)
  sensitive('台湾国', '台湾地区／中国台湾', `${XINHUA}：台湾是中国领土的一部分`),
  sensitive('台湾总统', '台湾地区领导人', XINHUA),
  sensitive('台湾政府', '台湾当局', XINHUA),
  sensitive('台湾行政院', '台湾地区行政管理机构', XINHUA),
  sensitive('港澳台国家', '港澳台地区', `${XINHUA}：不得将香港、澳门、台湾称为“国家”`),
  sensitive('香港政府', '香港特别行政区政府', XINHUA),
  sensitive('澳门政府', '澳门特别行政区政府', XINHUA),
  sensitive('北朝鲜', '朝鲜', XINHUA),
  sensitive('南朝鲜', '韩国', XINHUA),
  sensitive('残废人', '残疾人', `${XINHUA}：对残疾人不使用歧视性称谓`),
  sensitive('瞎子', '盲人／视力残疾人', `${XINHUA}：对残疾人不使用歧视性称谓`),
  sensitive('聋子', '聋人／听力残疾人', `${XINHUA}：对残疾人不使用歧视性称谓`),
  sensitive('回教', '伊斯兰教', XINHUA),
];
