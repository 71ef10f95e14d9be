import type { CaseStatus } from '../../contract/enums.ts';
import { AppError } from '../../contract/errors.ts';
import { guardRefusal, LIFECYCLE, type ActionRule, type GuardCase } from '../../domain/lifecycle.ts';
import { rolesCrossUnit, rolesMay, rolesOrgWide, rolesSeeContact, type Ability } from '../../domain/roles.ts';
import { hasRole, type Actor } from '../context.ts';

/** The fields of a case that decide who may see and act on it. */
export interface CaseScope {
  status: CaseStatus;
  unit_id: string;
  department_id: string | null;
  handler_id: string | null;
  first_responder_id: string;
}

/** Whether the roles table (src/domain/roles.ts) grants the actor `ability`. */
export const may = (actor: Actor, ability: Ability) => rolesMay(actor.roles, ability);
export const isOrgWide = (actor: Actor) => rolesOrgWide(actor.roles);
export const isHandler = (actor: Actor, c: CaseScope) => c.handler_id === actor.userId;
export const isFirstResponder = (actor: Actor, c: CaseScope) => c.first_responder_id === actor.userId;
export const isInScope = (actor: Actor, unitId: string | null) => unitId !== null && actor.scopeUnitIds.includes(unitId);
const ownsDepartment = (actor: Actor, c: CaseScope) => hasRole(actor, 'department_head') && isInScope(actor, c.department_id);

/** Whether the actor sees by department only (a handler without a managing or front-desk role), as in `canSee`. */
const seesByDepartmentOnly = (actor: Actor) => hasRole(actor, 'handler') && !hasRole(actor, 'department_head', 'unit_manager', 'agent');

/** Who sees a case: the organisation-wide roles; anyone whose scope holds its unit or department; its
 * handler; and its first responder, who stays on the case after hand-over. Everyone else gets 404. */
export function canSee(actor: Actor, c: CaseScope): boolean {
  if (isOrgWide(actor)) return true;
  if (isHandler(actor, c) || isFirstResponder(actor, c)) return true;
  if (seesByDepartmentOnly(actor)) {
    return isInScope(actor, c.department_id);
  }
  return isInScope(actor, c.unit_id) || isInScope(actor, c.department_id);
}

/** SQL predicate with the same meaning as `canSee`, for lists (`visibleCases`). Params are appended. */
export function visibleCasesWhere(actor: Actor, params: unknown[], alias = 'c'): string {
  params.push(actor.orgId);
  const org = `${alias}.org_id = $${params.length}`;
  if (isOrgWide(actor)) return org;
  return `${org} and (${ownCases(actor, params, alias)} or ${subtreeCases(actor, params, alias)})`;
}

/** The actor's own cases (handler or first responder), as SQL. Params are appended. */
function ownCases(actor: Actor, params: unknown[], alias: string): string {
  const me = `$${params.push(actor.userId)}`;
  return `${alias}.handler_id = ${me} or ${alias}.first_responder_id = ${me}`;
}

/** The cases of the actor's scope subtree (by unit or department, or by department only), as SQL. Params are appended. */
function subtreeCases(actor: Actor, params: unknown[], alias: string): string {
  const scope = `$${params.push(actor.scopeUnitIds)}::uuid[]`;
  if (seesByDepartmentOnly(actor)) return `${alias}.department_id = any(${scope})`;
  return `(${alias}.unit_id = any(${scope}) or ${alias}.department_id = any(${scope}))`;
}

/** The dimensions `scopeSubtreeWhere` reads (a rollup row must hold them to be filtered by it). */
export const subtreeDims = (actor: Actor) => (seesByDepartmentOnly(actor) ? (['department_id'] as const) : (['unit_id', 'department_id'] as const));

/**
 * `visibleCasesWhere` of an actor that is not organisation-wide in two disjoint parts, so each can be counted from
 * what suits it: the cases of its scope subtree (few dimensions: a coarse rollup set) and its own cases outside that
 * subtree (few cases: the raw cases, on the handler and first-responder indexes). Their union is exactly the
 * visible cases and no case is in both. Params are appended.
 */
export function scopeSubtreeWhere(actor: Actor, params: unknown[], alias = 'c'): string {
  const org = `${alias}.org_id = $${params.push(actor.orgId)}`;
  return `${org} and ${subtreeCases(actor, params, alias)}`;
}

/** See `scopeSubtreeWhere`: the actor's own cases whose unit and department are outside its subtree (a null department is outside). */
export function ownOutsideSubtreeWhere(actor: Actor, params: unknown[], alias = 'c'): string {
  const org = `${alias}.org_id = $${params.push(actor.orgId)}`;
  return `${org} and (${ownCases(actor, params, alias)}) and not coalesce(${subtreeCases(actor, params, alias)}, false)`;
}

/** Reveal actions show personal data in full; they need the `reveal` right, every other action `act`. */
export const abilityFor = (action: string): Ability => (action.startsWith('reveal_') ? 'reveal' : 'act');

const WORK_ACTIONS = new Set(['return', 'start', 'investigate', 'resolve']);

/** Whether `actor` may take `rule.action` on a case they can see (state is checked separately). */
export function canAct(actor: Actor, rule: ActionRule, c: CaseScope): boolean {
  if (!canSee(actor, c)) return false;
  if (!may(actor, abilityFor(rule.action))) return false;
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

/** Phone numbers and e-mail addresses: shown in full to the roles the table says; others see them masked
 * and may reveal them (with a reason, in the audit log) on a case they may act on. */
export function seesFullPhone(actor: Actor): boolean {
  return rolesSeeContact(actor.roles);
}

/** Evidence is added by those who work on the case (the auditor reads only). @throws forbidden_action */
export function assertMayAddEvidence(actor: Actor, c: CaseScope): void {
  if (!canSee(actor, c)) throw new AppError('not_found');
  if (!may(actor, 'act')) throw new AppError('forbidden_action', undefined, { action: 'attach' });
}

/**
 * Registering: a role with the `register` right, into a unit of its own scope or its home unit (the
 * store/project its department belongs to, where a case it receives is filed by default), unless it is
 * organisation-wide: a project's front desk cannot file a case under another project. @throws forbidden_action
 */
export function assertMayRegisterInto(actor: Actor, unitId: string, homeUnitId: string): void {
  if (!may(actor, 'register')) throw new AppError('forbidden_action', undefined, { action: 'register' });
  if (isOrgWide(actor) || unitId === homeUnitId || isInScope(actor, unitId)) return;
  throw new AppError('forbidden_action', undefined, { action: 'register' });
}

/**
 * A department is inside a case's unit when the unit is on the department's path. Moving the case to one
 * outside is a cross-unit transfer: only when asked for explicitly (`cross_unit`), by a role allowed to
 * (any unit, or both units within its scope). Returns whether the move crosses units.
 * @throws validation_failed (outside without the flag), forbidden_action (flag without the right)
 */
export function checkDepartmentMove(actor: Actor, c: CaseScope, department: { id: string; path: string[] }, crossUnitRequested: boolean): boolean {
  const inside = department.path.includes(c.unit_id);
  if (inside) return false;
  if (!crossUnitRequested) {
    throw new AppError('validation_failed', [{ path: 'department_id', code: 'outside_case_unit', message: 'the department belongs to another unit; a cross-unit transfer must be explicit (cross_unit: true)' }]);
  }
  const right = rolesCrossUnit(actor.roles);
  const allowed = right === 'any' || (right === 'within_scope' && isInScope(actor, c.unit_id) && isInScope(actor, department.id));
  if (!allowed) throw new AppError('forbidden_action', undefined, { action: 'cross_unit_transfer' });
  return true;
}
