/**
 * 养老服务: rows of the catalogue attached to 民政部《养老服务领域基层政务公开标准指引》, issued together with
 * the 社会救助 guideline by 民政部办公厅《关于印发社会救助和养老服务领域基层政务公开标准指引的通知》
 * (民办函〔2019〕52号, 2019-04-30) under 国办发〔2017〕42号 (not 国办发〔2019〕54号, the later 指导意见).
 *
 * The ministry's original was not found. Rebuilt row by row from county and township copies of the table
 * (reference/guidelines/elderly-care_养老服务_reconstructed.csv, 2026-12): each row keeps its 可信度, the
 * copies that support it and what was filled in without a copy. Every limit reads 「制定或获取…之日起10个
 * 工作日内」 (README fact 2). Rows after 老年人补贴 were seen only in one adapted mirror copy (low, 待核对);
 * the rest of the table was not found.
 */
import type { Witness } from '../model.ts';
import { row, type TemplateSet } from './row.ts';

const gov = (name: string, url: string): Witness => ({ name, url, government: true });
const mirror = (name: string, url: string): Witness => ({ name, url, government: false });

const CQFJ = gov(
  '重庆市奉节县某乡镇（2024版）',
  'http://cqfj.gov.cn/index/xz_168/qlianz/zwgk_61082/zfxxgk/jczwgk/ylfwly/bzml/202411/t20241114_13796345.html',
);
const YUNYANG = gov(
  '重庆市云阳县民政局（2024年）',
  'https://yunyang.gov.cn/bm_257/xmzj/zwgk_62088/zfxxgkml/jczfxxgk_1/ylfw/bzml/202401/t20240118_12836675.html',
);
const HT = mirror(
  'ht-tannery.com（镜像，与云阳县副本逐字相同）',
  'http://ht-tannery.com/news-show-37752.html',
);
const DACHUAN = gov('四川省达州市达川区民政局（2023）', 'http://www.dachuan.gov.cn/xxgk-show-140954.html');
const WL = gov('浙江省温岭市（2023）', 'http://www.wl.gov.cn/col/col1229339010/index.html');
const YR = gov('yr.gov.cn 县民政局', 'http://www.yr.gov.cn/info/2220/33001.htm');
const AHSHANGPIN = mirror(
  'ahshangpin.com（镜像，某市辖区，2020）',
  'http://ahshangpin.com/hfzf/ylfw/202012/a43f34fe8bd54ac3a6985e9e1ae4f2d5.shtml',
);
const HEYANG = gov('陕西省合阳县（2021）', 'http://www.heyang.gov.cn/info/2769/60557.htm');
const YNFQ = gov('云南省富宁县某乡（乡级目录）', 'https://www.ynfq.gov.cn/info/13053/170942.htm');
const DAHEKOU = mirror(
  'easterncoast.cn（镜像，大河口乡，繁体，本地改写）',
  'https://easterncoast.cn/Pages_963_90048.aspx',
);
const DALANG = mirror(
  'veladacinema.com（镜像，东莞市大朗镇，本地改写）',
  'http://veladacinema.com/dalang/zt/jczwgksdly/cszhzf',
);
const CHAOYANG = mirror(
  'hellobeijing.org（镜像，汕头市潮阳区，重排改写）',
  'https://hellobeijing.org/cy/ztzl/zwgksxbzml/ylfw/index',
);
const MINQIN = mirror('GitHub 爬虫配置中的甘肃省民勤县栏目名（minqin.gov.cn）', '');

const FIRST_THREE = [CQFJ, YUNYANG, HT, DACHUAN, WL, YR, AHSHANGPIN, HEYANG];
const BASIS = '信息公开规定';
const COUNTY = '县级人民政府民政部门';
/** Not seen in a county copy (the township copy ynfq writes 乡人民政府): filled in for both levels. */
const BOTH = '县级人民政府民政部门、乡镇人民政府（街道办事处）';
const WEB3 = ['政府网站', '两微一端', '政府服务中心'];
const WEB2 = ['政府网站', '政府服务中心'];
const COUNTY_ONLY = { level: ['county' as const] };

export const ELDERLY_CARE: TemplateSet = {
  domain: '养老服务',
  scope: 'township',
  source:
    '民政部《养老服务领域基层政务公开标准指引》所附标准目录（民政部办公厅《关于印发社会救助和养老服务领域基层政务公开标准指引的通知》民办函〔2019〕52号，2019年4月30日，依据国办发〔2017〕42号印发）。未找到民政部原文；按县、乡公布的目录副本逐行整理（如 http://cqfj.gov.cn 、https://yunyang.gov.cn 、https://www.ynfq.gov.cn 的副本），每行注明可信度和见证副本；标“待核对”的行请对照本省版本核对',
  isSample: false,
  /** 2: rebuilt from the copies found (revision 1 was typed from memory). */
  revision: 2,
  entries: [
    row(
      '养老服务通用政策',
      '国家和地方层面养老服务相关法律、法规、政策文件',
      '●文件名称 ●文号 ●发文部门',
      BASIS,
      '制定或获取文件之日起10个工作日内',
      COUNTY,
      WEB3,
      {
        ...COUNTY_ONLY,
        confidence: 'high',
        confidenceNote: '高：文字8份一致',
        witnesses: FIRST_THREE,
        note: '渠道取 cqfj/yunyang/ht-tannery 三份的勾选；勾选列取 yunyang/ht-tannery/yr（全社会、主动、县级）。dachuan、wl、yr、ahshangpin 把依据、主体改为本地写法；合阳改写了公开内容',
      },
    ),
    row(
      '养老服务扶持政策措施清单',
      '',
      '●扶持政策措施名称 ●扶持对象 ●实施部门 ●扶持政策措施内容和标准',
      BASIS,
      '制定或获取扶持政策措施之日起10个工作日内',
      COUNTY,
      WEB3,
      {
        ...COUNTY_ONLY,
        confidence: 'high',
        confidenceNote: '高：8份一致',
        witnesses: FIRST_THREE,
        note: '副本中该行只有一个事项单元格，判断为一级/二级合并（二级事项空）',
      },
    ),
    row(
      '养老机构投资指南',
      '',
      '●本区域养老机构投资环境简介 ●养老机构投资审批条件及依据 ●养老机构投资审批流程 ●养老机构投资审批涉及部门和联系方式',
      BASIS,
      '制定或获取指南之日起10个工作日内',
      COUNTY,
      WEB3,
      {
        ...COUNTY_ONLY,
        confidence: 'high',
        confidenceNote: '高：8份一致',
        witnesses: FIRST_THREE,
        note: '一级/二级合并（二级事项空）',
      },
    ),
    row(
      '养老服务业务办理',
      '养老机构备案',
      '●备案申请材料清单及样式 ●备案流程 ●办理部门 ●办理时限 ●办理时间、地点 ●咨询电话',
      BASIS,
      '制定或获取备案政策之日起10个工作日内',
      COUNTY,
      WEB2,
      {
        confidence: 'medium',
        confidenceNote: '文字高（5份）；主体/渠道/层级中',
        witnesses: [HEYANG, DACHUAN, AHSHANGPIN, YNFQ, CHAOYANG],
        note: '主体取合阳县副本（乡级副本 ynfq 写“乡人民政府”）；渠道取乡级副本 ynfq 的勾选（未见县级模板副本的勾选）；层级：ynfq 勾乡级，潮阳勾县级，原文层级未见，两级都勾',
      },
    ),
    row(
      '养老服务业务办理',
      '养老服务扶持补贴',
      '●养老服务扶持补贴名称(建设补贴、运营补贴等) ●各项养老服务扶持补贴依据 ●各项养老服务扶持补贴对象 ●各项养老服务扶持补贴申请条件 ●各项养老服务扶持补贴内容和标准 ●各项养老服务扶持补贴方式 ●补贴申请材料清单及样式 ●办理流程 ●办理部门 ●办理时限 ●办理时间、地点 ●咨询电话',
      BASIS,
      '制定或获取扶持补贴政策之日起10个工作日内',
      BOTH,
      WEB2,
      {
        confidence: 'medium_high',
        confidenceNote: '中高：全文仅 ynfq 一份完整，heyang/dachuan 前半一致',
        witnesses: [YNFQ, HEYANG, DACHUAN],
        note: '公开主体未见县级模板副本（ynfq 写“乡人民政府”），暂填县、乡两级；渠道取 ynfq；层级原文未见，两级都勾',
      },
    ),
    row(
      '养老服务业务办理',
      '老年人补贴',
      '●老年人补贴名称(高龄津贴、养老服务补贴、护理补贴等) ●各项老年人补贴依据 ●各项老年人补贴对象 ●各项老年人补贴内容和标准 ●各项老年人补贴方式 ●补贴申请材料清单及格式 ●办理流程 ●办理部门 ●办理时限 ●办理时间、地点 ●咨询电话',
      BASIS,
      '制定或获取补贴政策之日起10个工作日内',
      BOTH,
      WEB2,
      {
        confidence: 'medium',
        confidenceNote:
          '中：ynfq 截至“●办理”；尾部取自大河口乡（繁体、一级改名）与东莞大朗（“样式”而非“格式”）；时限仅东莞大朗、潮阳两份改编副本',
        witnesses: [YNFQ, DAHEKOU, DALANG, CHAOYANG],
        note: '公开主体、渠道未见任何副本，按上一行暂填；对象、方式、层级未见原文勾选（√?）；依据另见东莞大朗副本列本地文件',
      },
    ),
    row(
      '养老服务行业管理信息',
      '养老机构备案信息',
      '本行政区域已备案养老机构数量；本行政区域已备案养老机构名称、机构地址、床位数量等基本信息',
      '《老年人权益保障法》、《养老机构管理办法》、《信息公开条例》及相关规定',
      '信息形成或者变更之日起20个工作日内',
      COUNTY,
      WEB2,
      {
        ...COUNTY_ONLY,
        confidence: 'low',
        confidenceNote: '低：仅一份改编副本；一级事项名另见民勤县栏目名',
        witnesses: [CHAOYANG, MINQIN],
        note: '序号与位置未知；依据、主体、渠道、勾选取潮阳改编副本；时限未见原文（潮阳写“每20个工作日更新”），暂按条例第二十六条填写；潮阳原文作“已备案养老机构案数量”（疑为笔误）',
      },
    ),
    row(
      '养老服务行业管理信息',
      '养老机构评估信息',
      '本行政区域养老机构评估事项(综合评估、标准评定等)申请数量, 本行政区域养老机构评估总体结果(综合评估、标准评…',
      '《老年人权益保障法》、《养老机构管理办法》、《信息公开条例》及相关规定',
      '信息形成或者变更之日起20个工作日内',
      COUNTY,
      WEB2,
      {
        ...COUNTY_ONLY,
        confidence: 'low',
        confidenceNote: '低：仅一份改编副本，且被截断',
        witnesses: [CHAOYANG],
        note: '一级事项未见（按上一行推定）；公开内容被截断；依据、时限、主体、渠道、勾选均未见，按上一行暂填',
      },
    ),
  ],
};
