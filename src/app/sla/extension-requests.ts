import { AppError } from '../../contract/errors.ts';
import type { BusinessCalendar } from '../../domain/calendar.ts';
import { extendClock, extensionAllowed, type ClockKind, type SlaTarget } from '../../domain/sla.ts';
import type { ExtensionApprover } from '../../domain/sla-presets.ts';
import { many, type Db } from '../../store/db.ts';
import type { CaseRow } from '../cases/case-row.ts';
import type { Ctx } from '../context.ts';
import { toClock, withClock, type ClockRow, type ExtensionRequest } from './clock-row.ts';

/**
 * Extensions 延期 (004 五: "超时需经管理处经理批准" / "物业公司经理批准"): the handler asks, the person the policy names
 * decides. Asking changes nothing on the clock — it keeps running until the extension is approved — and the
 * original due time stays on record either way.
 */

/** The people who decide an extension of case `c` under `who`: the manager of the case's project (the nearest unit
 * up its path with one), the company's manager (the root unit's, else the highest manager above the project, else the
 * complaint center), the department's head, or the complaint center;
 * the organisation's administrators when nobody holds that post. */
export async function approversFor(db: Db, c: CaseRow, who: ExtensionApprover): Promise<string[]> {
  const staff = await many<{ id: string; roles: string[]; unit_id: string }>(
    db,
    `select id, roles, unit_id from users where org_id = $1 and active and roles && array['department_head','unit_manager','complaint_center','admin']`,
    [c.org_id],
  );
  const path = (await many<{ path: string[] }>(db, 'select path from units where org_id = $1 and id = $2', [c.org_id, c.unit_id]))[0]?.path ?? [c.unit_id];
  const managersAt = (unitId: string | undefined) => staff.filter((u) => u.unit_id === unitId && u.roles.includes('unit_manager')).map((u) => u.id);
  let ids: string[] = [];
  if (who === 'project_manager') for (let d = path.length - 1; d >= 0 && ids.length === 0; d--) ids = managersAt(path[d]);
  if (who === 'company_manager') {
    // The company's manager; where the company has none, the nearest manager above the project (a region's), then
    // the complaint center: an important case's extension is decided above the project, never by the system account alone.
    for (let d = 0; d < path.length - 1 && ids.length === 0; d++) ids = managersAt(path[d]);
    if (ids.length === 0) ids = staff.filter((u) => u.roles.includes('complaint_center')).map((u) => u.id);
  }
  if (who === 'department_head') ids = staff.filter((u) => u.unit_id === c.department_id && u.roles.includes('department_head')).map((u) => u.id);
  if (who === 'complaint_center') ids = staff.filter((u) => u.roles.includes('complaint_center')).map((u) => u.id);
  if (ids.length === 0) ids = staff.filter((u) => u.roles.includes('admin')).map((u) => u.id);
  return ids;
}

const noOpenClock = (kind: string) => new AppError('validation_failed', [{ path: 'clock', code: 'no_open_clock', message: kind }]);

/**
 * Records an extension request on the clock, naming who decides it.
 * @throws extension_not_allowed (the policy allows none, or not that much), validation_failed (no open clock, a
 * request already waiting)
 */
export async function requestExtension(
  ctx: Ctx, c: CaseRow, cal: BusinessCalendar, r: ClockRow | undefined, ask: { kind: ClockKind; extra: SlaTarget; reason: string; eventId: number | null },
  policy: { maxExtension: SlaTarget | null; approver: ExtensionApprover | null },
): Promise<ClockRow> {
  if (!r || r.met_at) throw noOpenClock(ask.kind);
  const limit = ask.kind === 'resolve' ? policy.maxExtension : null;
  if (!extensionAllowed(cal, toClock(r), ask.extra, limit)) {
    throw new AppError('extension_not_allowed', [{ path: 'amount', code: limit ? 'exceeds_max_extension' : 'no_extension_allowed', message: limit ? `${limit.amount} ${limit.unit}` : ask.kind }], {
      max: limit ? `${limit.amount} ${limit.unit}` : '0',
    });
  }
  if (r.extension_request) throw new AppError('validation_failed', [{ path: 'clock', code: 'extension_pending', message: ask.kind }]);
  const approver = policy.approver ?? 'department_head';
  const request: ExtensionRequest = {
    requested_at: ctx.clock.now().toISOString(), requested_by: ctx.actor.userId, amount: ask.extra.amount, unit: ask.extra.unit,
    reason: ask.reason, approver, approver_ids: await approversFor(ctx.tx, c, approver), event_id: ask.eventId,
  };
  return { ...r, extension_request: request };
}

/** The clock whose extension request `actor` may decide, or why not. @throws validation_failed, forbidden_action */
function pending(ctx: Ctx, r: ClockRow | undefined, kind: ClockKind, action: string): { row: ClockRow; request: ExtensionRequest } {
  if (!r || r.met_at || !r.extension_request) throw new AppError('validation_failed', [{ path: 'clock', code: 'no_extension_request', message: kind }]);
  if (!r.extension_request.approver_ids.includes(ctx.actor.userId)) throw new AppError('forbidden_action', undefined, { action });
  return { row: r, request: r.extension_request };
}

/**
 * Approves the waiting request: the clock gets the extra time from its current due time; `original_due_at` stays.
 * A breached clock pushed into the future runs again, and a later breach escalates afresh (a new cycle).
 */
export function approveExtension(ctx: Ctx, cal: BusinessCalendar, r: ClockRow | undefined, kind: ClockKind): ClockRow {
  const { row, request } = pending(ctx, r, kind, 'approve_extension');
  const now = ctx.clock.now();
  const next = extendClock(cal, toClock(row), { amount: request.amount, unit: request.unit }, now);
  const record = { ...request, status: 'approved', decided_by: ctx.actor.userId, decided_at: now, previous_due_at: row.due_at, due_at: next.dueAt };
  const rearmed = row.state === 'breached' && next.state === 'running';
  return {
    ...withClock(row, next),
    extensions: [...row.extensions, record],
    extension_request: null,
    ...(rearmed ? { cycle: row.cycle + 1, breach_recorded: false, escalation_step: 0, next_escalation_at: null } : {}),
  };
}

/** Rejects the waiting request (with the reason the action requires); the clock is unchanged. */
export function rejectExtension(ctx: Ctx, r: ClockRow | undefined, kind: ClockKind, reason: string): ClockRow {
  const { row, request } = pending(ctx, r, kind, 'reject_extension');
  const record = { ...request, status: 'rejected', decided_by: ctx.actor.userId, decided_at: ctx.clock.now(), rejection_reason: reason };
  return { ...row, extensions: [...row.extensions, record], extension_request: null };
}
