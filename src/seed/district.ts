/**
 * The demo district: 南昌市人民政府 → 红谷滩区人民政府 → every unit the 2022 work plan names, plus a
 * few street offices marked as sample data; and one login per role. Codes and contact details are
 * sample values (is_sample), not the real units' registrations.
 */
import { systemActor, type AppContext } from '../context.ts';
import { createUser } from '../modules/auth/service.ts';
import type { Role } from '../modules/auth/permissions.ts';
import { createOrg, selectAllOrgs } from '../modules/org/service.ts';
import type { FoiDesk, OrgKind } from '../modules/org/model.ts';
import { saveSiteInfo } from '../modules/portal/service.ts';
import type { SiteInfo } from '../web/page.ts';

/** The demo password of every demo account; printed on start. Change it before real use. */
export { DEMO_PASSWORD } from '../modules/auth/model.ts';
import { DEMO_PASSWORD } from '../modules/auth/model.ts';

/** The demo site's identity (sample values), written into settings like any office's setup. */
export const DEMO_SITE: SiteInfo = {
  name: '红谷滩区人民政府',
  sponsor: '南昌市红谷滩区人民政府办公室',
  contact: '0791-00000000（演示）',
  siteCode: '3601000000',
  icp: '赣ICP备00000000号',
  psb: '赣公网安备 36010000000000号',
  level: 'county',
  parentGovernment: '南昌市人民政府',
  numberPrefix: 'HGT',
  sample: true,
};

/** Units the seed plan names: [full name, short name as the plan writes it, aliases]. */
export const SEED_DEPARTMENTS: [string, string, string[]][] = [
  ['红谷滩区人民政府办公室', '区政府办公室', ['区政府办', '区政务公开办公室']],
  ['红谷滩区政务服务和数据管理局', '区政数局', []],
  ['红谷滩区发展和改革委员会', '区发改委', []],
  ['红谷滩区科技和工业信息化局', '区科工局', []],
  ['红谷滩区商务局', '区商务局', []],
  ['红谷滩区金融工作办公室', '区金融办', []],
  ['红谷滩区财政局', '区财政局', []],
  ['国家税务总局南昌市红谷滩区税务局', '区税务局', []],
  ['红谷滩区市场监督管理局', '区市场监管局', ['区市场监督管理局']],
  ['红谷滩区卫生健康委员会', '区卫健委', []],
  ['红谷滩区中小企业发展局', '区中小企业局', []],
  ['红谷滩区人力资源和社会保障局', '区人社局', []],
  [
    '红谷滩区农业农村局（红谷滩区乡村振兴局）',
    '区农业农村局(区乡村振兴局)',
    ['区农业农村局', '区乡村振兴局', '区农业农村局（区乡村振兴局）'],
  ],
  ['南昌市自然资源和规划局红谷滩分局', '区资规分局', []],
  ['红谷滩区生态环境局', '区生态环境局', []],
  ['红谷滩区应急管理局', '区应急管理局', []],
  ['红谷滩区住房和城乡建设局', '区住建局', []],
];

/** 乡、街办、管理处: 沙井街办 is named by the plan; the others are sample data. */
export const SEED_TOWNSHIPS: [string, string, boolean][] = [
  ['红谷滩区沙井街道办事处', '沙井街办', false],
  ['红谷滩区卫东街道办事处', '卫东街办', true],
  ['红谷滩区凤凰洲管理处', '凤凰洲管理处', true],
  ['红谷滩区红角洲管理处', '红角洲管理处', true],
  ['红谷滩区生米街道办事处', '生米街办', true],
  ['红谷滩区厚田乡人民政府', '厚田乡', true],
];

/** One demo login per role: [username, name, role, org short name]. */
export const DEMO_ACCOUNTS: [string, string, Role, string][] = [
  ['admin', '系统管理员（演示）', 'sysadmin', '区政府办公室'],
  ['secadmin', '安全管理员（演示）', 'security_admin', '区政府办公室'],
  ['auditor', '审计管理员（演示）', 'audit_admin', '区政府办公室'],
  ['gkb', '公开办管理员（演示）', 'openness_admin', '区政府办公室'],
  ['leader', '分管领导（演示）', 'leader', '红谷滩区'],
  ['editor', '发改委信息员（演示）', 'editor', '区发改委'],
  ['reviewer', '发改委审核人（演示）', 'reviewer', '区发改委'],
  ['secrecy', '发改委保密审查员（演示）', 'confidentiality_reviewer', '区发改委'],
  ['handler', '发改委承办人（演示）', 'handler', '区发改委'],
  ['sj_editor', '沙井街办信息员（演示）', 'editor', '沙井街办'],
];

/**
 * The demo units' 依申请公开 desks and letter 文号 patterns (sample values): the district's
 * government and its office receive at the 市民中心, the others at their own office.
 */
export function demoDesk(
  name: string,
  shortName: string,
  n: number,
): { foiDesk: FoiDesk; letterNumberPattern: string } {
  const abbr = shortName
    .replace(/^区/, '')
    .replace(/[(（].*$/, '')
    .replace(/(街办|管理处|乡)$/, '');
  const central = shortName === '红谷滩区' || shortName === '区政府办公室';
  return {
    foiDesk: {
      address: central
        ? '南昌市红谷滩区凤凰中大道1000号区市民中心一楼政务公开专区（演示）'
        : `南昌市红谷滩区${name.replace(/^(南昌市)?红谷滩区/, '')}办公楼${(n % 9) + 1}楼（演示）`,
      postcode: '330038',
      phone: `0791-8398${String(8000 + n).slice(-4)}（演示）`,
      fax: central ? '0791-83988001（演示）' : '',
      hours: '工作日 9:00—12:00，13:30—17:30',
    },
    letterNumberPattern:
      shortName === '南昌市' ? '' : `红${abbr === '红谷滩区' ? '府' : abbr}依复〔{year}〕{seq}号`,
  };
}

export async function seedOrgsAndUsers(ctx: AppContext): Promise<void> {
  const actor = systemActor('demo-seed');
  await saveSiteInfo(ctx, actor, DEMO_SITE);
  const org = (
    name: string,
    shortName: string,
    code: string,
    kind: OrgKind,
    parentId: number | null,
    sortOrder: number,
    aliases: string[] = [],
    isSample = false,
  ) =>
    createOrg(ctx, actor, {
      name,
      shortName,
      code,
      kind,
      parentId,
      sortOrder,
      aliases,
      isSample,
      ...demoDesk(name, shortName, sortOrder),
    });
  const city = await org('南昌市人民政府', '南昌市', 'DEMONC0000', 'government', null, 0, ['市政府']);
  const district = await org('南昌市红谷滩区人民政府', '红谷滩区', 'DEMOHGT000', 'government', city.id, 0, [
    '区政府',
    '红谷滩区人民政府',
  ]);
  let i = 1;
  for (const [name, short, aliases] of SEED_DEPARTMENTS) {
    await org(name, short, `DEMOHGT${String(i).padStart(3, '0')}`, 'department', district.id, i, aliases);
    i++;
  }
  for (const [name, short, sample] of SEED_TOWNSHIPS) {
    const kind = name.endsWith('乡人民政府') ? 'township' : 'agency';
    await org(
      name,
      short,
      `DEMOHGT${String(i).padStart(3, '0')}`,
      kind,
      district.id,
      i,
      [short.replace('街办', '街道')],
      sample,
    );
    i++;
  }
  const orgs = await selectAllOrgs(ctx.db);
  for (const [username, displayName, role, orgShort] of DEMO_ACCOUNTS) {
    const o = orgs.find((x) => x.shortName === orgShort)!;
    await createUser(
      ctx,
      actor,
      { username, displayName, orgId: o.id, roles: [role], password: DEMO_PASSWORD },
      { demoSeed: true },
    );
  }
}
