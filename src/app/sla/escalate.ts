import { AppError } from '../../contract/errors.ts';
import { one } from '../../store/db.ts';
import type { CaseRow } from '../cases/case-row.ts';
import type { Ctx } from '../context.ts';
import { manualLevel, type LadderLevel } from '../../domain/ladder.ts';
import { raiseEscalationLevels, staffDirectory, writeEvents, writeNotifications } from './notify.ts';

/** Adds fields to the data of the event the lifecycle just wrote for `action`, and returns its id. */
export async function annotateLastEvent(ctx: Ctx, caseId: string, action: string, data: Record<string, unknown>): Promise<number | null> {
  const row = await one<{ id: number }>(
    ctx.tx,
    `update case_events set data = coalesce(data, '{}'::jsonb) || $4::jsonb
      where org_id = $1 and id = (select max(id) from case_events where org_id = $1 and case_id = $2 and action = $3)
      returning id`,
    [ctx.actor.orgId, caseId, action, JSON.stringify(data)],
  );
  return row?.id ?? null;
}

/**
 * Manual escalation (DOMAIN.md §4: customer dissatisfied, handler cannot decide, emotional customer): the case
 * climbs one level above where it is (never to the handler, who is the one escalating) and that level is told.
 * @throws escalation_at_top when an explicit escalate finds the case already at the top of its ladder
 */
export async function escalateManually(ctx: Ctx, c: CaseRow, ladder: readonly LadderLevel[], why: { kind: string; reason: string; action: string }) {
  const level = manualLevel(ladder, c.escalation_level);
  // A dissatisfied return visit on a case already at the top reopens it without climbing further; only an
  // explicit escalate request is refused there.
  if (level === null && why.action !== 'escalate') return null;
  if (level === null) throw new AppError('escalation_at_top', [{ path: 'level', code: 'escalation_at_top', message: String(c.escalation_level) }], { level: c.escalation_level });
  const { target, userIds } = await staffDirectory(ctx.tx).recipients(c, ladder[level - 1]!.target);
  const now = ctx.clock.now();
  const trigger = why.action === 'escalate' ? 'manual' : 'customer_dissatisfied';
  // automatic: a rule escalated it (a dissatisfied return visit), not somebody's explicit escalate request.
  const data = { level, target, recipients: userIds, trigger, kind: why.kind, automatic: trigger !== 'manual' };
  // The explicit escalate action's own event carries the step; a dissatisfied return visit gets an escalate event
  // of the same shape after the reopen it caused.
  let eventId: number | null;
  if (why.action === 'escalate') eventId = await annotateLastEvent(ctx, c.id, 'escalate', data);
  else {
    await writeEvents(ctx.tx, [{ orgId: c.org_id, caseId: c.id, at: now, actorId: ctx.actor.userId, action: 'escalate', note: why.reason, data }]);
    eventId = await annotateLastEvent(ctx, c.id, 'escalate', {});
  }
  await writeNotifications(ctx.tx, [{
    orgId: c.org_id, caseId: c.id, recipientIds: userIds, kind: 'escalation', level,
    dedupeKey: `manual:${c.id}:${eventId ?? `${why.action}:${c.reopen_count}:${level}`}`,
    payload: { case_number: c.number, subject: c.subject, level, target, reason: why.reason, kind: why.kind, by: ctx.actor.userId },
  }], now);
  await raiseEscalationLevels(ctx.tx, [{ orgId: c.org_id, caseId: c.id, level }]);
  return data;
}

/** Crisis and major cases reach the top level at once (DOMAIN.md §4; 003 第三篇). */
export async function notifyTopLevel(ctx: Ctx, c: CaseRow, ladder: readonly LadderLevel[]) {
  const level = ladder.length;
  const { target, userIds } = await staffDirectory(ctx.tx).recipients(c, ladder[level - 1]?.target ?? 'complaint_center');
  const now = ctx.clock.now();
  const data = { level, target, recipients: userIds, trigger: 'severity', severity: c.severity, automatic: true };
  await writeEvents(ctx.tx, [{ orgId: c.org_id, caseId: c.id, at: now, actorId: ctx.actor.userId, action: 'escalate', note: null, data }]);
  await writeNotifications(ctx.tx, [{
    orgId: c.org_id, caseId: c.id, recipientIds: userIds, kind: 'top_level', level,
    dedupeKey: `top:${c.id}:${c.severity}`,
    payload: { case_number: c.number, subject: c.subject, severity: c.severity, level, target },
  }], now);
  await raiseEscalationLevels(ctx.tx, [{ orgId: c.org_id, caseId: c.id, level }]);
}

/** A supervision notice 督办 from a manager: whoever works the case (and their department's heads) is told. */
export async function superviseCase(ctx: Ctx, c: CaseRow, note: string, deadline: string | undefined) {
  const dir = staffDirectory(ctx.tx);
  const heads = (await dir.recipients({ ...c, handler_id: null }, 'department_head')).userIds;
  const recipients = [...new Set([...(await dir.responsible(c)), ...(c.department_id ? heads : [])])].filter((id) => id !== ctx.actor.userId);
  const eventId = await annotateLastEvent(ctx, c.id, 'supervise', { recipients });
  await writeNotifications(ctx.tx, [{
    orgId: c.org_id, caseId: c.id, recipientIds: recipients, kind: 'supervision', level: null,
    dedupeKey: `supervise:${c.id}:${eventId ?? ctx.clock.now().getTime()}`,
    payload: { case_number: c.number, subject: c.subject, note, deadline: deadline ?? null, by: ctx.actor.userId },
  }], ctx.clock.now());
}
