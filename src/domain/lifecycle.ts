import type { CaseStatus, Role, Severity } from '../contract/enums.ts';
import { approvalPartsFor, type ApprovalPending, type Approver } from './process-rules.ts';

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
  /** A rule over the case's data (and who asks) that can refuse the step; abilities and the API both read it. */
  guard?: (c: GuardCase, who: Approver) => GuardRefusal | null;
}

/** The fields of a case the guards read. */
export interface GuardCase {
  status: CaseStatus;
  validity: string;
  severity: Severity;
  approval_pending: ApprovalPending | null;
  crisis_decided_at: unknown;
}
export type GuardRefusal = 'transition_not_allowed' | 'approval_pending' | 'crisis_decision_required' | 'nothing_to_approve' | 'decision_not_needed' | 'forbidden_action';

/** Visit, feedback and close wait for a pending sign-off or authority approval (003 第二篇 3.5.3, 001 原则 5). */
const approved = (c: GuardCase): GuardRefusal | null => (c.approval_pending ? 'approval_pending' : null);
/** Nobody answers a crisis case before the top level has decided (003 第三篇 "不要擅自回应"). */
const crisisDecided = (c: GuardCase): GuardRefusal | null => (c.severity === 'crisis' && !c.crisis_decided_at ? 'crisis_decision_required' : null);
/** Close from accepted only what triage found invalid or malicious (the customer got the explanation);
 * a valid case goes on to be assigned, or is answered on the spot. */
const closable = (c: GuardCase): GuardRefusal | null =>
  c.status === 'accepted' && c.validity !== 'invalid' && c.validity !== 'malicious' ? 'transition_not_allowed' : approved(c);
/** Approve / reject: something is pending and this approver may decide a part of it. */
const mayApprove = (c: GuardCase, who: Approver): GuardRefusal | null => {
  if (!c.approval_pending) return 'nothing_to_approve';
  return approvalPartsFor(c.approval_pending, who).length > 0 ? null : 'forbidden_action';
};

const OPEN: readonly CaseStatus[] = ['registered', 'accepted', 'assigned', 'in_progress', 'suspended'];
const DISPATCHERS: readonly Role[] = ['agent', 'complaint_center', 'unit_manager', 'admin'];
const WORKERS: readonly Role[] = ['handler', 'department_head'];
const MANAGERS: readonly Role[] = ['department_head', 'unit_manager', 'complaint_center', 'admin'];
const TOP: readonly Role[] = ['complaint_center', 'admin'];
const EVERYONE: readonly Role[] = ['agent', 'handler', 'department_head', 'unit_manager', 'complaint_center', 'admin'];

export const LIFECYCLE: readonly ActionRule[] = [
  { action: 'accept', from: ['registered'], to: 'accepted', requires: ['category_id', 'severity', 'validity'], roles: [...DISPATCHERS, 'department_head'], versioned: true },
  // Settled on the spot, any kind (004 场景一 "受理人现场向顾客解释处理就能关闭的投诉"); counts as a direct answer.
  { action: 'answer', from: ['registered', 'accepted'], to: 'closed', requires: ['answer'], roles: DISPATCHERS, versioned: true, guard: crisisDecided },
  { action: 'assign', from: ['accepted', 'assigned'], to: 'assigned', requires: ['department_id'], roles: [...DISPATCHERS, 'department_head'], versioned: true },
  { action: 'transfer', from: ['assigned', 'in_progress'], to: 'assigned', requires: ['department_id', 'reason'], roles: [...DISPATCHERS, 'department_head'], versioned: true },
  { action: 'return', from: ['assigned', 'in_progress'], to: 'accepted', requires: ['reason'], roles: WORKERS, versioned: true },
  { action: 'start', from: ['assigned'], to: 'in_progress', requires: [], roles: WORKERS, versioned: true },
  { action: 'investigate', from: ['in_progress'], to: null, requires: ['findings'], roles: WORKERS, versioned: true },
  { action: 'resolve', from: ['in_progress'], to: 'resolved', requires: ['resolution', 'remedy'], roles: WORKERS, versioned: true, guard: crisisDecided },
  { action: 'approve_resolution', from: ['resolved'], to: null, requires: [], roles: MANAGERS, versioned: true, guard: mayApprove },
  { action: 'reject_resolution', from: ['resolved'], to: 'in_progress', requires: ['reason'], roles: MANAGERS, versioned: true, guard: mayApprove },
  { action: 'decide', from: OPEN, to: null, requires: ['decision'], roles: TOP, versioned: true, guard: (c) => (c.severity === 'crisis' ? null : 'decision_not_needed') },
  { action: 'feedback', from: ['resolved'], to: null, requires: ['note'], roles: [...DISPATCHERS, ...WORKERS], versioned: true, guard: approved },
  // Not reached: the case stays resolved and can be visited again (the handler overrides the status).
  { action: 'visit', from: ['resolved'], to: 'visited', requires: ['reached', 'method'], roles: DISPATCHERS, versioned: true, guard: approved },
  { action: 'close', from: ['accepted', 'resolved', 'visited'], to: 'closed', requires: [], roles: DISPATCHERS, versioned: true, guard: closable },
  { action: 'reopen', from: ['resolved', 'visited', 'closed'], to: 'in_progress', requires: ['reason'], roles: DISPATCHERS, versioned: true },
  { action: 'suspend', from: ['assigned', 'in_progress'], to: 'suspended', requires: ['reason'], roles: [...WORKERS, 'complaint_center', 'agent'], versioned: true },
  { action: 'resume', from: ['suspended'], to: 'previous', requires: [], roles: [...WORKERS, 'complaint_center', 'agent'], versioned: true },
  // A crisis case is not folded into another case or ended before the top level has decided either.
  { action: 'merge', from: OPEN, to: 'merged', requires: ['parent_case_id'], roles: DISPATCHERS, versioned: true, guard: crisisDecided },
  { action: 'withdraw', from: OPEN, to: 'withdrawn', requires: ['reason'], roles: DISPATCHERS, versioned: true, guard: crisisDecided },
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

/** Why the guard of `rule` refuses the step now, or null. */
export function guardRefusal(rule: ActionRule, c: GuardCase, who: Approver): GuardRefusal | null {
  return rule.guard ? rule.guard(c, who) : null;
}
