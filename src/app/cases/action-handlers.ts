import type { z } from 'zod';
import type { ActionName, ActionRequests } from '../../contract/cases.ts';
import { AppError } from '../../contract/errors.ts';
import type { ApprovalPending } from '../../contract/case-record.ts';
import { approvalPartsFor, isDissatisfied, needsSignoff, rolesWithAuthority, withinAuthority } from '../../domain/process-rules.ts';
import { one } from '../../store/db.ts';
import { hasRole, type Ctx } from '../context.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { loadProcessSettings } from '../orgs/process-settings.ts';
import { assertCategory, assertUnit, assertUser, nearestNonDepartment } from '../refs.ts';
import { approverOf, canSee, checkDepartmentMove, isInScope } from './case.policy.ts';
import type { CaseRow } from './case-row.ts';

type Body<A extends ActionName> = z.infer<(typeof ActionRequests)[A]>;

/** What an action changes: columns to set, the note/data of its event, and follow-up events. */
export interface ActionEffect {
  patch: Partial<Record<keyof CaseRow, unknown>>;
  note?: string | null;
  data?: unknown;
  /** The status this step leaves the case in, when not the table's (a visit that did not reach the customer). */
  status?: CaseRow['status'];
  /** The name the change hooks see, when not the action's: a visit that did not reach the customer meets no clock. */
  hookAs?: string;
  /** Status override (e.g. a dissatisfied return visit reopens the case). */
  then?: { action: string; to: CaseRow['status']; note: string; patch: Partial<Record<keyof CaseRow, unknown>> };
  /** Extra result for the caller (e.g. the revealed phone number). */
  result?: Record<string, unknown>;
}

const issue = (path: string, code: string, message = code) => new AppError('validation_failed', [{ path, code, message }]);
const MANAGERS = ['department_head', 'unit_manager', 'complaint_center', 'admin'];

type Handler<A extends ActionName> = (ctx: Ctx, c: CaseRow, body: Body<A>) => Promise<ActionEffect>;

const handlers: { [A in ActionName]: Handler<A> } = {
  async accept(ctx, c, b) {
    await assertCategory(ctx.tx, c.org_id, b.category_id, 'category_id');
    if (b.validity === 'invalid' && !b.invalid_explanation) throw issue('invalid_explanation', 'required');
    if (b.validity === 'malicious') {
      if (!b.malicious_reason) throw issue('malicious_reason', 'required');
      if (!b.malicious_reviewer_id) throw issue('malicious_reviewer_id', 'required');
      await assertUser(ctx.tx, c.org_id, b.malicious_reviewer_id, 'malicious_reviewer_id', MANAGERS);
    }
    return {
      patch: {
        kind: b.kind ?? c.kind, category_id: b.category_id, severity: b.severity, severity_given: true, validity: b.validity,
        invalid_explanation: b.invalid_explanation ?? null, malicious_reason: b.malicious_reason ?? null,
        malicious_reviewer_id: b.malicious_reviewer_id ?? null, accepted_at: ctx.clock.now(),
      },
      note: b.note ?? b.invalid_explanation ?? b.malicious_reason ?? null,
      data: { category_id: b.category_id, severity: b.severity, validity: b.validity },
    };
  },
  async answer(ctx, c, b) {
    // Settled on the spot: what was promised must lie within the actor's own authority (001 原则 5) — there is
    // no later step at which someone else could approve it.
    const settings = await loadProcessSettings(ctx.tx, c.org_id);
    // A kind and severity whose resolution the department head must sign off is not settled at the desk either.
    if (needsSignoff(settings, c.kind, c.severity)) throw new AppError('signoff_required', { kind: c.kind, severity: c.severity });
    if (b.remedy?.amount) {
      if (!withinAuthority(settings.authority_limits, ctx.actor.roles, b.remedy.amount)) {
        throw new AppError('authority_limit_exceeded', [{ path: 'remedy.amount', code: 'authority_limit_exceeded', message: String(b.remedy.amount) }], { amount: b.remedy.amount });
      }
    }
    const now = ctx.clock.now();
    return {
      patch: {
        answer: b.answer, remedy: b.remedy ? JSON.stringify(b.remedy) : null, direct_answer: true,
        validity: c.validity === 'pending' ? 'valid' : c.validity, accepted_at: c.accepted_at ?? now, closed_at: now,
      },
      note: b.answer,
      data: { direct_answer: true, ...(b.remedy ? { remedy: b.remedy } : {}) },
    };
  },
  async assign(ctx, c, b) {
    const dept = await assertUnit(ctx.tx, c.org_id, b.department_id, 'department_id', ['department']);
    // Assigning stays inside the case's unit; moving it elsewhere is an explicit cross-unit transfer.
    checkDepartmentMove(ctx.actor, c, dept, false);
    if (b.handler_id) await assertUser(ctx.tx, c.org_id, b.handler_id, 'handler_id', ['handler', 'department_head'], b.department_id);
    return {
      patch: { department_id: b.department_id, handler_id: b.handler_id ?? null, assigned_at: ctx.clock.now(), return_reason: null },
      note: b.note ?? null,
      data: { department_id: b.department_id, handler_id: b.handler_id ?? null },
    };
  },
  async transfer(ctx, c, b) {
    const dept = await assertUnit(ctx.tx, c.org_id, b.department_id, 'department_id', ['department']);
    const crossUnit = checkDepartmentMove(ctx.actor, c, dept, b.cross_unit ?? false);
    if (b.handler_id) await assertUser(ctx.tx, c.org_id, b.handler_id, 'handler_id', ['handler', 'department_head'], b.department_id);
    if (b.department_id === c.department_id && (b.handler_id ?? null) === c.handler_id) throw issue('department_id', 'same_as_current');
    // A cross-unit transfer moves the case to the department's own store/project with it.
    const unitId = crossUnit ? await nearestNonDepartment(ctx.tx, c.org_id, dept.id) : c.unit_id;
    return {
      patch: { department_id: b.department_id, handler_id: b.handler_id ?? null, assigned_at: ctx.clock.now(), ...(crossUnit ? { unit_id: unitId } : {}) },
      note: b.reason,
      data: { from_department_id: c.department_id, department_id: b.department_id, handler_id: b.handler_id ?? null, ...(crossUnit ? { cross_unit: true, from_unit_id: c.unit_id, unit_id: unitId } : {}) },
    };
  },
  async return(_ctx, c, b) {
    return { patch: { department_id: null, handler_id: null, return_reason: b.reason }, note: b.reason, data: { department_id: c.department_id } };
  },
  async start(_ctx, _c, b) {
    return { patch: {}, note: b.note ?? null };
  },
  async investigate(_ctx, _c, b) {
    const { version: _v, ...investigation } = b;
    return { patch: { investigation: JSON.stringify(investigation) }, note: b.findings, data: investigation };
  },
  async resolve(ctx, c, b) {
    const pending = await approvalsNeeded(ctx, c, b.remedy.amount);
    return {
      patch: { resolution: b.resolution, remedy: JSON.stringify(b.remedy), resolved_at: ctx.clock.now(), approval_pending: pending ? JSON.stringify(pending) : null },
      note: b.resolution,
      data: { remedy: b.remedy, ...(pending ? { approval_pending: pending } : {}) },
    };
  },
  async approve_resolution(ctx, c, b) {
    const parts = approvalPartsFor(c.approval_pending, approverOf(ctx.actor));
    const rest: ApprovalPending = { ...c.approval_pending };
    for (const p of parts) delete rest[p];
    const done = Object.keys(rest).length === 0;
    return { patch: { approval_pending: done ? null : JSON.stringify(rest) }, note: b.note ?? null, data: { approved: parts, ...(done ? {} : { still_pending: rest }) } };
  },
  async reject_resolution(ctx, c, b) {
    const parts = approvalPartsFor(c.approval_pending, approverOf(ctx.actor));
    // Back to work as after a reopening: the clocks see a reopen (a fresh resolve clock; the visit clock stops).
    return { patch: { approval_pending: null, resolved_at: null }, hookAs: 'reopen', note: b.reason, data: { rejected: parts } };
  },
  async decide(ctx, _c, b) {
    return { patch: { crisis_decision: b.decision, crisis_decided_at: ctx.clock.now(), crisis_decided_by: ctx.actor.userId }, note: b.decision };
  },
  async feedback(_ctx, _c, b) {
    return { patch: { feedback_note: b.note }, note: b.note };
  },
  async visit(ctx, c, b) {
    const base = { visit_reached: b.reached, visit_method: b.method, visit_comment: b.comment ?? null };
    if (!b.reached) {
      // Not reached: recorded as an attempt; the case stays resolved and can be visited again.
      return { patch: base, status: 'resolved', hookAs: 'visit_attempt', note: b.comment ?? null, data: { reached: false, method: b.method } };
    }
    const patch = { ...base, visit_satisfaction: b.satisfaction, visit_resolved: b.resolved, visited_at: ctx.clock.now() };
    const effect: ActionEffect = { patch, note: b.comment ?? null, data: { reached: true, resolved: b.resolved, satisfaction: b.satisfaction, method: b.method } };
    if (isDissatisfied(b)) {
      effect.then = { action: 'reopen', to: 'in_progress', note: 'dissatisfied_return_visit', patch: { reopen_count: c.reopen_count + 1, resolved_at: null } };
    }
    return effect;
  },
  async close(ctx, c, b) {
    if (c.status === 'resolved' && !b.reason) throw issue('reason', 'required', 'closing without a return visit needs a reason');
    return { patch: { close_reason: b.reason ?? null, closed_at: ctx.clock.now() }, note: b.reason ?? null };
  },
  async reopen(_ctx, c, b) {
    return { patch: { reopen_count: c.reopen_count + 1, closed_at: null, resolved_at: null, approval_pending: null }, note: b.reason };
  },
  async suspend(_ctx, c, b) {
    return { patch: { suspended_from: c.status, suspend_reason: b.reason }, note: b.reason };
  },
  async resume(_ctx, _c, b) {
    return { patch: { suspended_from: null, suspend_reason: null }, note: b.note ?? null };
  },
  async merge(ctx, c, b) {
    if (b.parent_case_id === c.id) throw new AppError('merge_invalid', [{ path: 'parent_case_id', code: 'self', message: 'self' }], { reason: 'self' });
    const parent = await one<CaseRow>(ctx.tx, 'select * from cases where org_id = $1 and id = $2', [c.org_id, b.parent_case_id]);
    if (!parent || !canSee(ctx.actor, parent)) throw new AppError('merge_invalid', [{ path: 'parent_case_id', code: 'not_found', message: b.parent_case_id }], { reason: 'not_found' });
    if (['merged', 'withdrawn'].includes(parent.status)) {
      throw new AppError('merge_invalid', [{ path: 'parent_case_id', code: 'parent_' + parent.status, message: parent.number }], { reason: parent.status });
    }
    await ctx.tx.query(
      `insert into case_events (org_id, case_id, at, actor_id, action, note, data) values ($1, $2, $3, $4, 'merged_in', $5, $6)`,
      [c.org_id, parent.id, ctx.clock.now(), ctx.actor.userId, b.note ?? null, JSON.stringify({ child_case_id: c.id, child_number: c.number })],
    );
    return { patch: { parent_case_id: parent.id, closed_at: ctx.clock.now() }, note: b.note ?? null, data: { parent_case_id: parent.id, parent_number: parent.number } };
  },
  async withdraw(ctx, _c, b) {
    return { patch: { withdraw_reason: b.reason, closed_at: ctx.clock.now() }, note: b.reason };
  },
  async comment(_ctx, _c, b) {
    return { patch: {}, note: b.note };
  },
  async escalate(_ctx, _c, b) {
    return { patch: {}, note: b.reason, data: { kind: b.kind } };
  },
  async extend(_ctx, _c, b) {
    if ((b.unit === 'working_days' || b.unit === 'natural_days') && !Number.isInteger(b.amount)) throw issue('amount', 'whole_days_only');
    // A request: the SLA module checks the policy's limit and names who decides (approve_extension).
    return { patch: {}, note: b.reason, data: { clock: b.clock, amount: b.amount, unit: b.unit } };
  },
  async judge_media_report(_ctx, c, b) {
    if (c.channel !== 'media') throw issue('channel', 'media_only', 'only a media exposure is judged');
    return { patch: {}, note: b.note ?? null, data: { verdict: b.verdict } };
  },
  async clarify(_ctx, c, b) {
    if (c.channel !== 'media') throw issue('channel', 'media_only', 'only a media exposure is clarified');
    return { patch: {}, note: b.note ?? null, data: { medium: b.medium, medium_level: b.medium_level, published_on: b.published_on } };
  },
  async approve_extension(_ctx, _c, b) {
    return { patch: {}, note: b.note ?? null, data: { clock: b.clock } };
  },
  async reject_extension(_ctx, _c, b) {
    return { patch: {}, note: b.reason, data: { clock: b.clock, reason: b.reason } };
  },
  async supervise(_ctx, _c, b) {
    return { patch: {}, note: b.note, data: { deadline: b.deadline ?? null } };
  },
  async reveal_phone(ctx, c, b) {
    // Every reveal is audited with its reason, beside the case's own timeline.
    const fields = ['customer_phone', ...(c.customer_email ? ['customer_email'] : [])];
    await recordAudit(ctx.tx, ctx.actor, ctx.clock.now(), { action: 'reveal_phone', case_id: c.id, customer_id: c.customer_id, fields, reason: b.reason });
    return { patch: {}, note: b.reason, data: { fields }, result: { customer_phone: c.customer_phone, customer_email: c.customer_email } };
  },
};

/**
 * What a resolution needs before the customer is told: the resolving department head's sign-off where the
 * organisation requires it for this kind and severity (003 第二篇 3.5.3, 004 签字认可) — unless that head is the
 * one resolving; and, for a compensation above the resolver's limit, a role whose limit covers it (001 原则 5).
 */
async function approvalsNeeded(ctx: Ctx, c: CaseRow, amount: number | undefined): Promise<ApprovalPending | null> {
  const settings = await loadProcessSettings(ctx.tx, c.org_id);
  const pending: ApprovalPending = {};
  const resolverIsHead = hasRole(ctx.actor, 'department_head') && isInScope(ctx.actor, c.department_id);
  if (c.department_id && !resolverIsHead && needsSignoff(settings, c.kind, c.severity)) pending.signoff = { department_id: c.department_id };
  if (amount && !withinAuthority(settings.authority_limits, ctx.actor.roles, amount)) {
    pending.authority = { amount, roles: rolesWithAuthority(settings.authority_limits, amount) };
  }
  return Object.keys(pending).length > 0 ? pending : null;
}

export function handlerFor(action: ActionName): Handler<ActionName> {
  return handlers[action] as Handler<ActionName>;
}
