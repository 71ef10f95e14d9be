import type { Role } from '../../contract/enums.ts';
import type { CaseStatus } from '../../contract/enums.ts';
import { guardRefusal, LIFECYCLE, type ActionRule, type GuardCase } from '../../domain/lifecycle.ts';
import { hasRole, type Actor } from '../context.ts';

/** The fields of a case that decide who may see and act on it. */
export interface CaseScope {
  status: CaseStatus;
  unit_id: string;
  department_id: string | null;
  handler_id: string | null;
  first_responder_id: string;
}

const ORG_WIDE: Role[] = ['admin', 'complaint_center', 'auditor'];

export const isOrgWide = (actor: Actor) => hasRole(actor, ...ORG_WIDE);
export const isHandler = (actor: Actor, c: CaseScope) => c.handler_id === actor.userId;
export const isFirstResponder = (actor: Actor, c: CaseScope) => c.first_responder_id === actor.userId;
export const isInScope = (actor: Actor, unitId: string | null) => unitId !== null && actor.scopeUnitIds.includes(unitId);
const ownsDepartment = (actor: Actor, c: CaseScope) => hasRole(actor, 'department_head') && isInScope(actor, c.department_id);

/** Who sees a case: the organisation-wide roles; anyone whose scope holds its unit or department; its
 * handler; and its first responder, who stays on the case after hand-over. Everyone else gets 404. */
export function canSee(actor: Actor, c: CaseScope): boolean {
  if (isOrgWide(actor)) return true;
  if (isHandler(actor, c) || isFirstResponder(actor, c)) return true;
  if (hasRole(actor, 'handler') && !hasRole(actor, 'department_head', 'unit_manager', 'agent')) {
    return isInScope(actor, c.department_id);
  }
  return isInScope(actor, c.unit_id) || isInScope(actor, c.department_id);
}

/** SQL predicate with the same meaning as `canSee`, for lists (`visibleCases`). Params are appended. */
export function visibleCasesWhere(actor: Actor, params: unknown[], alias = 'c'): string {
  params.push(actor.orgId);
  const org = `${alias}.org_id = $${params.length}`;
  if (isOrgWide(actor)) return org;
  params.push(actor.userId);
  const me = `$${params.length}`;
  params.push(actor.scopeUnitIds);
  const scope = `$${params.length}::uuid[]`;
  const mine = `${alias}.handler_id = ${me} or ${alias}.first_responder_id = ${me}`;
  if (hasRole(actor, 'handler') && !hasRole(actor, 'department_head', 'unit_manager', 'agent')) {
    return `${org} and (${mine} or ${alias}.department_id = any(${scope}))`;
  }
  return `${org} and (${mine} or ${alias}.unit_id = any(${scope}) or ${alias}.department_id = any(${scope}))`;
}

const WORK_ACTIONS = new Set(['return', 'start', 'investigate', 'resolve']);

/** Whether `actor` may take `rule.action` on a case they can see (state is checked separately). */
export function canAct(actor: Actor, rule: ActionRule, c: CaseScope): boolean {
  if (!canSee(actor, c)) return false;
  if (hasRole(actor, 'admin')) return rule.roles.includes('admin') || rule.roles.some((r) => actor.roles.includes(r));
  if (!rule.roles.some((r) => actor.roles.includes(r))) return false;
  if (WORK_ACTIONS.has(rule.action)) {
    // Work is done by the assigned handler, or by the head of the assigned department.
    return isHandler(actor, c) || ownsDepartment(actor, c) || (c.handler_id === null && hasRole(actor, 'handler') && isInScope(actor, c.department_id));
  }
  return true;
}

/** The actions the caller may take now, for the `abilities` field (so the UI never re-implements rules). */
export function abilities(actor: Actor, c: CaseScope & GuardCase): string[] {
  const who = approverOf(actor);
  return LIFECYCLE.filter((r) => r.from.includes(c.status) && canAct(actor, r, c) && guardRefusal(r, c, who) === null).map((r) => r.action);
}

/** The actor as the lifecycle guards see an approver: roles and scope. */
export const approverOf = (actor: Actor) => ({ roles: actor.roles, inScope: (unitId: string) => isInScope(actor, unitId) });

/** Phone numbers: shown in full to these roles; others see them masked and may reveal (logged) if they can act. */
export function seesFullPhone(actor: Actor): boolean {
  return hasRole(actor, 'complaint_center');
}
