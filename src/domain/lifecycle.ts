import type { CaseStatus, Role } from '../contract/enums.ts';

/**
 * The case lifecycle as data (DOMAIN.md §2). The API, the policies, the abilities returned to the UI and
 * the docs all read this one table. `to: null` keeps the status; `to: 'previous'` returns to the status
 * the case was suspended from.
 */
export interface ActionRule {
  action: string;
  from: readonly CaseStatus[];
  to: CaseStatus | null | 'previous';
  /** Fields the request must carry (checked by the action's request schema too). */
  requires: readonly string[];
  /** Roles that may take the action, subject to the relation checks in case.policy.ts. */
  roles: readonly Role[];
  /** Whether the request must carry the case's current `version` (optimistic concurrency). */
  versioned: boolean;
}

const OPEN: readonly CaseStatus[] = ['registered', 'accepted', 'assigned', 'in_progress', 'suspended'];
const DISPATCHERS: readonly Role[] = ['agent', 'complaint_center', 'unit_manager', 'admin'];
const WORKERS: readonly Role[] = ['handler', 'department_head'];
const MANAGERS: readonly Role[] = ['department_head', 'unit_manager', 'complaint_center', 'admin'];
const EVERYONE: readonly Role[] = ['agent', 'handler', 'department_head', 'unit_manager', 'complaint_center', 'admin'];

export const LIFECYCLE: readonly ActionRule[] = [
  { action: 'accept', from: ['registered'], to: 'accepted', requires: ['category_id', 'severity', 'validity'], roles: [...DISPATCHERS, 'department_head'], versioned: true },
  { action: 'answer', from: ['registered', 'accepted'], to: 'closed', requires: ['answer'], roles: DISPATCHERS, versioned: true },
  { action: 'assign', from: ['accepted', 'assigned'], to: 'assigned', requires: ['department_id'], roles: [...DISPATCHERS, 'department_head'], versioned: true },
  { action: 'transfer', from: ['assigned', 'in_progress'], to: 'assigned', requires: ['department_id', 'reason'], roles: [...DISPATCHERS, 'department_head'], versioned: true },
  { action: 'return', from: ['assigned', 'in_progress'], to: 'accepted', requires: ['reason'], roles: WORKERS, versioned: true },
  { action: 'start', from: ['assigned'], to: 'in_progress', requires: [], roles: WORKERS, versioned: true },
  { action: 'investigate', from: ['in_progress'], to: null, requires: ['findings'], roles: WORKERS, versioned: true },
  { action: 'resolve', from: ['in_progress'], to: 'resolved', requires: ['resolution', 'remedy'], roles: WORKERS, versioned: true },
  { action: 'feedback', from: ['resolved'], to: null, requires: ['note'], roles: [...DISPATCHERS, ...WORKERS], versioned: true },
  { action: 'visit', from: ['resolved'], to: 'visited', requires: ['satisfaction', 'resolved'], roles: DISPATCHERS, versioned: true },
  { action: 'close', from: ['accepted', 'resolved', 'visited'], to: 'closed', requires: [], roles: DISPATCHERS, versioned: true },
  { action: 'reopen', from: ['resolved', 'visited', 'closed'], to: 'in_progress', requires: ['reason'], roles: DISPATCHERS, versioned: true },
  { action: 'suspend', from: ['assigned', 'in_progress'], to: 'suspended', requires: ['reason'], roles: [...WORKERS, 'complaint_center', 'agent'], versioned: true },
  { action: 'resume', from: ['suspended'], to: 'previous', requires: [], roles: [...WORKERS, 'complaint_center', 'agent'], versioned: true },
  { action: 'merge', from: OPEN, to: 'merged', requires: ['parent_case_id'], roles: DISPATCHERS, versioned: true },
  { action: 'withdraw', from: OPEN, to: 'withdrawn', requires: ['reason'], roles: DISPATCHERS, versioned: true },
  { action: 'comment', from: [...OPEN, 'resolved', 'visited', 'closed'], to: null, requires: ['note'], roles: EVERYONE, versioned: false },
  // SLA (DOMAIN.md §4): manual escalation, extension 延期 with a reason and an approver, supervision notice 督办.
  { action: 'escalate', from: [...OPEN, 'resolved', 'visited'], to: null, requires: ['reason', 'kind'], roles: EVERYONE, versioned: true },
  // Extension 延期: the handler asks; the person the SLA policy names decides (004 五), checked by the SLA module.
  { action: 'extend', from: OPEN, to: null, requires: ['amount', 'unit', 'reason'], roles: [...DISPATCHERS, ...WORKERS], versioned: true },
  { action: 'approve_extension', from: OPEN, to: null, requires: [], roles: MANAGERS, versioned: true },
  { action: 'reject_extension', from: OPEN, to: null, requires: ['reason'], roles: MANAGERS, versioned: true },
  // Media exposure (003 第一篇 二(一)): judge the report; if false, clarify in the original or a same-level medium.
  { action: 'judge_media_report', from: OPEN, to: null, requires: ['verdict'], roles: MANAGERS, versioned: true },
  { action: 'clarify', from: OPEN, to: null, requires: ['medium', 'medium_level', 'published_on'], roles: [...DISPATCHERS, ...WORKERS], versioned: true },
  { action: 'supervise', from: [...OPEN, 'resolved'], to: null, requires: ['note'], roles: MANAGERS, versioned: false },
  { action: 'reveal_phone', from: [...OPEN, 'resolved', 'visited', 'closed', 'merged', 'withdrawn'], to: null, requires: ['reason'], roles: EVERYONE, versioned: false },
];

const byAction = new Map(LIFECYCLE.map((r) => [r.action, r]));

export function ruleFor(action: string): ActionRule | undefined {
  return byAction.get(action);
}

export function isTransitionAllowed(action: string, status: CaseStatus): boolean {
  return byAction.get(action)?.from.includes(status) ?? false;
}

/** The status after `action`; `previous` resolves to the status the case was suspended from. */
export function targetStatus(rule: ActionRule, current: CaseStatus, suspendedFrom: CaseStatus | null): CaseStatus {
  if (rule.to === null) return current;
  if (rule.to === 'previous') return suspendedFrom ?? 'assigned';
  return rule.to;
}

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['closed', 'merged', 'withdrawn'];
export const OPEN_STATUSES = OPEN;

/** A return visit this unhappy reopens the case (DOMAIN.md §2 return visit: dissatisfied → reopen). */
export function isDissatisfied(satisfaction: number, resolved: boolean): boolean {
  return !resolved || satisfaction <= 2;
}
