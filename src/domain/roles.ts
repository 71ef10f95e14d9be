import type { Role } from '../contract/enums.ts';

/**
 * What each role may do, as one table (issue 7 "Roles"). The policies in src/app, the route guard in
 * src/server and the `abilities` served to the UI all read it, and test/permissions-routes.test.ts is
 * generated from it over every route.
 *
 * - read: see cases (within the role's scope), customers who have such a case, reference data.
 * - register: record what a customer raised (a new case, into a unit of the actor's scope).
 * - act: take lifecycle steps on a case, comment, upload evidence, acknowledge notifications.
 * - reveal: see a masked phone number or e-mail address in full, with a reason, in the audit log.
 * - administer: units, users, categories, SLA settings.
 * - audit: read the audit log.
 * - analyse: see the rates, reports and dashboards (issue 10), within the role's scope.
 * - export: download case lists and reports as files (masked as the role sees them).
 * - account: keep the accountability ledger (fines, appeals), corrective actions and reviews (issue 12).
 */
export const ABILITIES = ['read', 'register', 'act', 'reveal', 'administer', 'audit', 'analyse', 'export', 'account'] as const;
export type Ability = (typeof ABILITIES)[number];

export interface RoleRights {
  abilities: readonly Ability[];
  /** Sees every unit's cases and customers; everyone else sees the subtree of their own unit. */
  org_wide: boolean;
  /** Sees customers' phone numbers and e-mail addresses in full; everyone else sees them masked. */
  sees_contact: boolean;
  /**
   * May move a case to a department of another unit (an explicit cross-unit transfer): `any` unit, or
   * only `within_scope` (both the case's unit and the target department in the actor's scope, e.g. a
   * regional manager between two of the region's projects), or `none`.
   */
  cross_unit: 'any' | 'within_scope' | 'none';
}

const STAFF: readonly Ability[] = ['read', 'register', 'act', 'reveal'];
/** Staff who are judged by the rates and answer for their units. */
const MANAGER: readonly Ability[] = [...STAFF, 'analyse', 'export'];

export const ROLE_RIGHTS: Record<Role, RoleRights> = {
  agent: { abilities: STAFF, org_wide: false, sees_contact: false, cross_unit: 'none' },
  handler: { abilities: STAFF, org_wide: false, sees_contact: false, cross_unit: 'none' },
  department_head: { abilities: MANAGER, org_wide: false, sees_contact: false, cross_unit: 'none' },
  unit_manager: { abilities: MANAGER, org_wide: false, sees_contact: false, cross_unit: 'within_scope' },
  complaint_center: { abilities: [...MANAGER, 'account'], org_wide: true, sees_contact: true, cross_unit: 'any' },
  admin: { abilities: [...MANAGER, 'administer', 'audit', 'account'], org_wide: true, sees_contact: true, cross_unit: 'any' },
  // The auditor reads everything and changes nothing (not even a reveal: contacts stay masked).
  auditor: { abilities: ['read', 'audit', 'analyse', 'export'], org_wide: true, sees_contact: false, cross_unit: 'none' },
};

/** Whether any of `roles` grants `ability`. */
export function rolesMay(roles: readonly Role[], ability: Ability): boolean {
  return roles.some((r) => ROLE_RIGHTS[r]?.abilities.includes(ability));
}

export const rolesOrgWide = (roles: readonly Role[]) => roles.some((r) => ROLE_RIGHTS[r]?.org_wide);
export const rolesSeeContact = (roles: readonly Role[]) => roles.some((r) => ROLE_RIGHTS[r]?.sees_contact);

/** The widest cross-unit transfer right any of `roles` has. */
export function rolesCrossUnit(roles: readonly Role[]): RoleRights['cross_unit'] {
  const rights = roles.map((r) => ROLE_RIGHTS[r]?.cross_unit);
  if (rights.includes('any')) return 'any';
  if (rights.includes('within_scope')) return 'within_scope';
  return 'none';
}

/** The organisation-level rights of someone holding `roles`, as served to the UI. */
export function rightsOf(roles: readonly Role[]): { abilities: Ability[]; org_wide: boolean; sees_contact: boolean; cross_unit: RoleRights['cross_unit'] } {
  return {
    abilities: ABILITIES.filter((a) => rolesMay(roles, a)),
    org_wide: rolesOrgWide(roles),
    sees_contact: rolesSeeContact(roles),
    cross_unit: rolesCrossUnit(roles),
  };
}
