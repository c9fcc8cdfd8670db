/**
 * Roles and the one permission list. Every use case starts with `requirePermission(actor, '…')`;
 * org scope ("a department sees its own, the openness office sees all") is checked next, against
 * org/service.ts's `orgScope`.
 */
import type { Actor, UserActor } from '../../context.ts';
import { AppError, forbidden } from '../../errors.ts';

/** Roles, with the names staff know them by (product/README.md). */
export const ROLES = {
  openness_admin: '公开办管理员',
  editor: '部门信息员',
  reviewer: '部门审核人',
  confidentiality_reviewer: '保密审查员',
  handler: '承办人',
  leader: '领导',
  sysadmin: '系统管理员',
  // 三员分立 (等保 2.0: separation of the system, security and audit administrators).
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
} as const;

export type Role = keyof typeof ROLES;
export const ROLE_KEYS = Object.keys(ROLES) as Role[];

/** Roles whose holders see every org of the district, not only their own subtree. */
/**
 * 三员: system, security and audit administrator. No account holds two of them (auth/service.ts
 * validateUser); GB/T 22239-2019 8.1.4.2 / 8.1.5.x (三员分立, 权限分离).
 */
export const THREE_ADMIN_ROLES: readonly Role[] = ['sysadmin', 'security_admin', 'audit_admin'];

export const DISTRICT_WIDE_ROLES: readonly Role[] = [
  'openness_admin',
  'leader',
  'sysadmin',
  'security_admin',
];

/** The permission list: permission → roles that hold it. The system actor (jobs, CLI) holds all. */
export const PERMISSIONS = {
  'org.read': [
    'openness_admin',
    'leader',
    'sysadmin',
    'security_admin',
    'editor',
    'reviewer',
    'confidentiality_reviewer',
    'handler',
  ],
  'org.manage': ['sysadmin'],
  // security (三员分立, docs/modules/auth.md): accounts, roles, credentials and second factors are the
  // security administrator's; the audit log is read (and exported) by the audit administrator and the
  // openness office (case histories); nobody alters or deletes audit records (no route does).
  'user.read': ['security_admin', 'sysadmin', 'openness_admin'],
  'user.manage': ['security_admin'],
  'audit.read': ['audit_admin', 'openness_admin'],
  'audit.export': ['audit_admin'],
  'jobs.read': ['sysadmin', 'openness_admin'],
  'token.manage': ['security_admin'],
  'settings.manage': ['sysadmin'],
  'webhooks.manage': ['sysadmin'],
  'dashboard.read': [
    'openness_admin',
    'leader',
    'sysadmin',
    'editor',
    'reviewer',
    'confidentiality_reviewer',
    'handler',
  ],
  // ledger (工作要点与任务台账): units read and report their own tasks; 公开办 manages plans and supervision.
  'ledger.read': ['openness_admin', 'leader', 'sysadmin', 'editor', 'reviewer', 'handler'],
  'ledger.report': ['openness_admin', 'editor'],
  'ledger.manage': ['openness_admin'],
  // channels: media, zones, inquiry, consultation
  'channels.read': [
    'openness_admin',
    'leader',
    'sysadmin',
    'editor',
    'reviewer',
    'confidentiality_reviewer',
    'handler',
  ],
  'media.manage': ['openness_admin', 'editor', 'reviewer'],
  'media.approve': ['openness_admin'],
  'zones.manage': ['openness_admin'],
  'zones.log': ['openness_admin', 'editor', 'reviewer', 'handler'],
  'inquiry.answer': ['openness_admin', 'editor', 'reviewer', 'handler'],
  'inquiry.route': ['openness_admin'],
  'inquiry.publish': ['openness_admin', 'reviewer'],
  'consultation.manage': ['openness_admin', 'editor', 'reviewer'],
  'consultation.moderate': ['openness_admin', 'reviewer'],
  // normative (行政规范性文件库)
  'normative.read': [
    'openness_admin',
    'leader',
    'sysadmin',
    'editor',
    'reviewer',
    'confidentiality_reviewer',
    'handler',
  ],
  'normative.manage': ['openness_admin', 'editor'],
  'normative.exchange': ['openness_admin', 'sysadmin'],
  // foi (依申请公开): read cases (own org, or all for district-wide roles); handle = record events on
  // cases in scope; manage = the openness office's registration, confirmation, routing, extension approval.
  // (not the sysadmin since 三员分立: cases carry applicants' personal data; least privilege)
  'foi.read': ['openness_admin', 'leader', 'handler'],
  'foi.handle': ['openness_admin', 'handler'],
  'foi.manage': ['openness_admin'],
  // calendar (工作日历): enter the State Council's yearly holiday notices.
  'calendar.manage': ['sysadmin', 'openness_admin'],
  // report (政府信息公开工作年度报告): every org writes its own; the openness office reviews all; leaders read.
  'report.read': ['openness_admin', 'leader', 'sysadmin', 'editor', 'reviewer'],
  // 集约化 (src/platform/rollup.ts): the city's figures summed over its districts' sites, for its 公开办 and leaders.
  'city.read': ['openness_admin', 'leader'],
  'report.edit': ['openness_admin', 'editor'],
  // content (publishing)
  'content.read': ['openness_admin', 'leader', 'sysadmin', 'editor', 'reviewer', 'confidentiality_reviewer'],
  'content.edit': ['openness_admin', 'editor'],
  'content.review': ['openness_admin', 'reviewer'],
  'content.confidentiality': ['openness_admin', 'confidentiality_reviewer'],
  'content.publish': ['openness_admin', 'reviewer', 'confidentiality_reviewer'],
  'content.withdraw': ['openness_admin', 'reviewer'],
  'content.gate_override': ['openness_admin', 'reviewer', 'confidentiality_reviewer'],
  'content.structure': ['openness_admin', 'sysadmin'],
  // privacy (the personal-information and expression gate)
  'privacy.scan': [
    'openness_admin',
    'leader',
    'sysadmin',
    'editor',
    'reviewer',
    'confidentiality_reviewer',
    'handler',
  ],
  'privacy.rules.manage': ['openness_admin', 'sysadmin'],
  // search: the synonym and abbreviation list (低保 / 最低生活保障) is the openness office's.
  'search.synonyms.manage': ['openness_admin'],
  // inspection (自查): read health pages and reports (own org and below, or all for district-wide
  // roles); run a check now (units for themselves, the openness office for the site or any unit).
  'inspection.read': ['openness_admin', 'leader', 'sysadmin', 'editor', 'reviewer'],
  'inspection.run': ['openness_admin', 'sysadmin', 'editor', 'reviewer'],
  // catalogue (基层政务公开标准目录): a township keeps its own catalogue and its villages'; 公开办 keeps the
  // district templates and sees every township's coverage.
  'catalogue.read': ['openness_admin', 'leader', 'sysadmin', 'editor', 'reviewer'],
  'catalogue.edit': ['openness_admin', 'editor'],
  'catalogue.template': ['openness_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether the actor holds a permission (staff by role; the system actor always). */
export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.roles.some((r) => allowed.includes(r));
}

/** Throws unless the actor holds the permission; narrows to a staff or system actor. */
export function requirePermission(
  actor: Actor,
  permission: Permission,
): asserts actor is UserActor | Extract<Actor, { kind: 'system' }> {
  if (actor.kind === 'public') throw new AppError('unauthenticated', '请先登录');
  if (!can(actor, permission)) throw forbidden();
}

/** True when the actor's roles reach across the district. */
export function isDistrictWide(actor: Actor): boolean {
  return (
    actor.kind === 'system' ||
    (actor.kind === 'user' && actor.roles.some((r) => DISTRICT_WIDE_ROLES.includes(r)))
  );
}
