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
} as const;

export type Role = keyof typeof ROLES;
export const ROLE_KEYS = Object.keys(ROLES) as Role[];

/** Roles whose holders see every org of the district, not only their own subtree. */
export const DISTRICT_WIDE_ROLES: readonly Role[] = ['openness_admin', 'leader', 'sysadmin'];

/** The permission list: permission → roles that hold it. The system actor (jobs, CLI) holds all. */
export const PERMISSIONS = {
  'org.read': ['openness_admin', 'leader', 'sysadmin', 'editor', 'reviewer', 'confidentiality_reviewer', 'handler'],
  'org.manage': ['sysadmin'],
  'user.read': ['sysadmin', 'openness_admin'],
  'user.manage': ['sysadmin'],
  'audit.read': ['sysadmin', 'openness_admin'],
  'jobs.read': ['sysadmin', 'openness_admin'],
  'token.manage': ['sysadmin'],
  'settings.manage': ['sysadmin'],
  'dashboard.read': ['openness_admin', 'leader', 'sysadmin', 'editor', 'reviewer', 'confidentiality_reviewer', 'handler'],
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
  'privacy.scan': ['openness_admin', 'leader', 'sysadmin', 'editor', 'reviewer', 'confidentiality_reviewer', 'handler'],
  'privacy.rules.manage': ['openness_admin', 'sysadmin'],
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
  return actor.kind === 'system' || (actor.kind === 'user' && actor.roles.some((r) => DISTRICT_WIDE_ROLES.includes(r)));
}
