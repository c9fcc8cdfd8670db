/**
 * Letter templates (答复书 and notices), pure. Each template is a set of named text blocks with
 * {占位符}; an org may override any block (foi_letter_blocks). Every reply letter names the applicant,
 * the application number and receipt date, the decision with its legal basis and reasons, how to get
 * the information, and the remedy (rules.md §2; 行政复议法第二十条: 60 days; 行政诉讼法第四十六条: 6 months).
 */
import { chineseDate } from '../../../lib/time.ts';
import { OUTCOMES, type OutcomeCode } from '../outcomes.ts';
import type { LetterKind } from '../model.ts';

export const TEMPLATE_KEYS = {
  'reply.disclosed': '答复书（予以公开）',
  'reply.partial': '答复书（部分公开）',
  'reply.withheld': '答复书（不予公开）',
  'reply.unavailable': '答复书（无法提供）',
  'reply.rejected': '答复书（不予处理）',
  'reply.other': '答复书（其他处理）',
  correction: '补正申请通知书',
  extension: '延长答复期限通知书',
  consultation: '征求意见函',
  fee: '收取信息处理费通知书',
} as const;
export type TemplateKey = keyof typeof TEMPLATE_KEYS;

export const BLOCK_NAMES = {
  title: '标题',
  opening: '开头',
  decision: '决定及理由',
  access: '获取方式',
  remedy: '救济途径',
  closing: '结尾',
} as const;
export type BlockName = keyof typeof BLOCK_NAMES;

const REMEDY =
  '如对本答复不服，可以自收到本答复书之日起六十日内向{复议机关}申请行政复议，或者自收到本答复书之日起六个月内依法向人民法院提起行政诉讼。';
const OPENING =
  '{申请人}：\n本机关于{收到日期}收到您提出的政府信息公开申请（申请编号：{申请编号}），申请获取“{申请内容}”。';

export const DEFAULT_BLOCKS: Record<TemplateKey, Record<BlockName, string>> = {
  'reply.disclosed': {
    title: '政府信息公开申请答复书',
    opening: OPENING,
    decision: '经审查，您申请获取的政府信息属于公开范围。根据{法律依据}的规定，本机关决定予以公开。{理由}',
    access: '现按照您要求的{获取方式}提供该信息，请查收。',
    remedy: REMEDY,
    closing: '特此答复。',
  },
  'reply.partial': {
    title: '政府信息公开申请答复书',
    opening: OPENING,
    decision:
      '经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据{法律依据}的规定，本机关决定向您提供可以公开的部分，不予公开的部分及理由如下：{理由}',
    access: '可以公开的部分现按照您要求的{获取方式}提供，请查收。',
    remedy: REMEDY,
    closing: '特此答复。',
  },
  'reply.withheld': {
    title: '政府信息公开申请答复书',
    opening: OPENING,
    decision:
      '经审查，您申请获取的政府信息{结果说明}。根据{法律依据}的规定，本机关决定不予公开。理由：{理由}',
    access: '本答复不涉及向您提供信息。',
    remedy: REMEDY,
    closing: '特此答复。',
  },
  'reply.unavailable': {
    title: '政府信息公开申请答复书',
    opening: OPENING,
    decision: '经查，{结果说明}。根据{法律依据}的规定，本机关无法向您提供该信息。{理由}',
    access: '如您能提供更明确的信息名称、文号或其他特征描述，可以重新提出申请。',
    remedy: REMEDY,
    closing: '特此答复。',
  },
  'reply.rejected': {
    title: '政府信息公开申请答复书',
    opening: OPENING,
    decision: '经审查，您的申请{结果说明}。根据{法律依据}的规定，本机关不予处理。{理由}',
    access: '本答复不涉及向您提供信息。',
    remedy: REMEDY,
    closing: '特此告知。',
  },
  'reply.other': {
    title: '政府信息公开申请处理告知书',
    opening: OPENING,
    decision: '{结果说明}。{法律依据说明}{理由}',
    access: '本告知不涉及向您提供信息。',
    remedy: REMEDY,
    closing: '特此告知。',
  },
  correction: {
    title: '补正申请通知书',
    opening: OPENING,
    decision:
      '经审查，您的申请内容不明确，{理由}。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您于收到本通知之日起{补正期限}个工作日内（即{补正截止日}前）对申请作出补正，说明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。答复期限自本机关收到补正的申请之日起计算。',
    access: '补正材料可以当面提交、邮寄或通过网上申请平台提交，请注明申请编号。',
    remedy: '无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。',
    closing: '特此通知。',
  },
  extension: {
    title: '延长答复期限通知书',
    opening: OPENING,
    decision:
      '因{理由}，本机关不能在法定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长二十个工作日，延长后的答复期限为{新答复期限}。',
    access: '本机关将在延长后的期限内作出答复。',
    remedy: '',
    closing: '特此告知。',
  },
  consultation: {
    title: '政府信息公开征求意见函',
    opening:
      '{征求对象}：\n本机关于{收到日期}收到政府信息公开申请（申请编号：{申请编号}），申请获取“{申请内容}”。',
    decision:
      '经审查，该信息公开可能损害第三方合法权益（或涉及其他机关）。根据《中华人民共和国政府信息公开条例》第三十二条、第三十四条的规定，现书面征求意见。请于收到本函之日起十五个工作日内（即{意见截止日}前）提出意见。',
    access: '第三方逾期未提出意见的，由本机关依照条例规定决定是否公开；其他机关逾期未答复的，视为同意公开。',
    remedy: '',
    closing: '特此函告。',
  },
  fee: {
    title: '收取信息处理费通知书',
    opening: OPENING,
    decision: '根据{收费依据}的规定，本机关决定向您收取信息处理费。{收费说明}',
    access:
      '请于收到本通知次日起二十个工作日内（即{缴费截止日}前）缴纳信息处理费，缴费方式：{缴费方式}。缴费后本机关将按规定提供信息。',
    remedy: '逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。' + REMEDY,
    closing: '特此通知。',
  },
};

/** Short phrase per outcome for {结果说明}. */
const OUTCOME_PHRASE: Partial<Record<OutcomeCode, string>> = {
  'withheld.state_secret': '属于国家秘密',
  'withheld.law_forbids': '属于法律、行政法规禁止公开的信息',
  'withheld.security_stability': '公开后可能危及国家安全、公共安全、经济安全、社会稳定',
  'withheld.third_party': '涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害',
  'withheld.internal_affairs': '属于行政机关的人事管理、后勤管理、内部工作流程等内部事务信息',
  'withheld.process_info': '属于行政机关在履行行政管理职能过程中形成的过程性信息',
  'withheld.enforcement_file': '属于行政执法案卷信息',
  'withheld.query_matter': '属于行政查询事项，应按照相关法律、行政法规的规定办理',
  'unavailable.not_held': '本机关未制作、获取您申请的政府信息，或该信息不属于本机关负责公开',
  'unavailable.needs_creation': '您申请的信息需要本机关对现有政府信息进行加工、分析，属于需要另行制作的信息',
  'unavailable.unclear': '您补正后的申请内容仍不明确',
  'rejected.petition': '属于以政府信息公开申请的形式进行信访、投诉、举报等活动',
  'rejected.duplicate': '属于重复申请，本机关已就相同内容作出过答复',
  'rejected.publication': '要求提供的是公开出版物，请通过公开渠道获取',
  'rejected.excessive': '申请公开政府信息的数量、频次明显超过合理范围，且无正当理由',
  'rejected.confirm_reissue': '属于要求行政机关确认或者重新出具已获取信息',
  'other.no_correction': '您无正当理由逾期未补正，视为放弃申请，本机关不再处理该申请',
  'other.unpaid_fee': '您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该申请',
  'other.other': '本机关对您的申请作如下处理',
};

export function templateKeyFor(kind: LetterKind, outcome: OutcomeCode | null): TemplateKey {
  if (kind === 'reply') return `reply.${outcome ? OUTCOMES[outcome].family : 'disclosed'}` as TemplateKey;
  return kind;
}

/** The variables a letter is filled with. */
export interface LetterVars {
  orgName: string;
  applicantName: string;
  /** Whom the letter addresses (rules.md §2): a natural person 「您」, an organisation 「你单位」. */
  addressee: Addressee;
  number: string;
  receivedOn: string | null;
  description: string;
  issuedOn: string;
  outcome?: OutcomeCode | null;
  reason?: string;
  delivery?: string;
  /** The one 复议机关 (org/model.ts reviewBodyOf, on the letter's date). */
  reviewBody: string;
  correctionPeriod?: number;
  correctionDeadline?: string | null;
  newDueDate?: string | null;
  consultationParty?: string;
  consultationDeadline?: string | null;
  feeExplanation?: string;
  feePaymentDeadline?: string | null;
  howToPay?: string;
}

export interface Letter {
  key: TemplateKey;
  title: string;
  /** The letter's own 文号 (e.g. 某发改依复〔2026〕3号); '' on a letter of before numbering. */
  docNumber: string;
  /** The application's number (申请编号). */
  applicationNumber: string;
  paragraphs: string[];
  /** The handler's contact line (联系人、联系电话); '' when nothing is known. */
  contact: string;
  signature: string;
  date: string;
}

export type Addressee = 'person' | 'organisation';

/** 您 for a natural person, 你单位 for a legal person or other organisation (rules.md §2). */
export const addresseeOf = (applicantType: string): Addressee =>
  applicantType === 'natural' ? 'person' : 'organisation';

/**
 * Addresses a template's text to one applicant type, never both: 「您」 (and the old 「您（单位）」)
 * become 「你单位」 for an organisation, 「你单位」 becomes 「您」 for a person. Applied to the template
 * (default or the org's override) before the applicant's own words are filled in, so those stay as typed.
 */
export function addressTo(text: string, addressee: Addressee): string {
  return addressee === 'organisation'
    ? text.replace(/您（单位）|您\(单位\)|您/g, '你单位')
    : text.replace(/您（单位）|您\(单位\)|你单位/g, '您');
}

/** A 文号 from an org's pattern ({year}, {seq}). */
export function formatLetterNumber(pattern: string, year: number, seq: number): string {
  return pattern.replaceAll('{year}', String(year)).replaceAll('{seq}', String(seq));
}

/** The pattern for an org that has set none: its short name + 依申〔year〕seq号. */
export const defaultLetterNumberPattern = (shortName: string) =>
  `${shortName.trim() || '本机关'}依申〔{year}〕{seq}号`;

/** The contact line: 联系人 and 联系电话, whichever is known. */
export function contactLine(handlerName: string, phone: string): string {
  const parts = [
    handlerName.trim() && `联系人：${handlerName.trim()}`,
    phone.trim() && `联系电话：${phone.trim()}`,
  ].filter(Boolean);
  return parts.join('；');
}

const cn = (d: string | null | undefined) => (d ? chineseDate(d) : '（待定）');

/** Fills a template's blocks (org overrides first) into a letter. */
export function buildLetter(
  key: TemplateKey,
  v: LetterVars,
  overrides: Record<string, string> = {},
  numbering: { docNumber: string; contact: string } = { docNumber: '', contact: '' },
): Letter {
  const basis = v.outcome ? OUTCOMES[v.outcome].basis : '';
  const vars: Record<string, string> = {
    申请人: v.applicantName,
    申请编号: v.number,
    收到日期: cn(v.receivedOn),
    申请内容: v.description.length > 80 ? `${v.description.slice(0, 80)}……` : v.description,
    法律依据: basis || '《中华人民共和国政府信息公开条例》',
    法律依据说明: basis ? `依据：${basis}。` : '',
    结果说明: addressTo((v.outcome && OUTCOME_PHRASE[v.outcome]) ?? '', v.addressee),
    理由: v.reason?.trim() ? v.reason.trim() : '',
    获取方式: v.delivery || '适当的方式',
    复议机关: v.reviewBody,
    补正期限: String(v.correctionPeriod ?? 15),
    补正截止日: cn(v.correctionDeadline),
    新答复期限: cn(v.newDueDate),
    征求对象: v.consultationParty || '（第三方）',
    意见截止日: cn(v.consultationDeadline),
    收费依据: '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）',
    收费说明: v.feeExplanation ?? '',
    缴费截止日: cn(v.feePaymentDeadline),
    缴费方式: v.howToPay ?? '持本通知到本机关政务公开窗口缴纳，或按通知所附账户转账（请注明申请编号）',
    机关: v.orgName,
  };
  const fill = (s: string) =>
    s.replace(/\{([\u4e00-\u9fff]+)\}/g, (m, name: string) => (name in vars ? vars[name] : m));
  // A consultation letter goes to the third party or agency, not to the applicant.
  const address = (t: string) => (key === 'consultation' ? t : addressTo(t, v.addressee));
  const block = (b: BlockName) => fill(address(overrides[`${key}.${b}`] ?? DEFAULT_BLOCKS[key][b]));
  const paragraphs = (['opening', 'decision', 'access', 'remedy', 'closing'] as BlockName[])
    .flatMap((b) => block(b).split('\n'))
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    key,
    title: block('title'),
    docNumber: numbering.docNumber,
    applicationNumber: v.number,
    paragraphs,
    contact: numbering.contact,
    signature: v.orgName,
    date: chineseDate(v.issuedOn),
  };
}
