import { AppError } from '../../contract/errors.ts';
import type { BusinessCalendar } from '../../domain/calendar.ts';
import {
  extendClock, extensionAllowed, meetClock, pauseClock, resumeClock, retargetClock, startClock,
  type ClockKind, type SlaTarget,
} from '../../domain/sla.ts';
import { many } from '../../store/db.ts';
import type { CaseRow } from '../cases/case-row.ts';
import type { Ctx } from '../context.ts';
import { calendarFor } from './calendars.ts';
import { CLOCK_SELECT, nextCheck, newClockRow, saveClocks, toClock, withClock, type ClockRow } from './clock-row.ts';
import { annotateLastEvent, escalateManually, notifyTopLevel, superviseCase } from './escalate.ts';
import { caseFacts, ladderOf, loadSlaEnv, targetsFor, type SlaEnv } from './policies.ts';

const START_AT_REGISTER: readonly ClockKind[] = ['acknowledge', 'first_contact', 'resolve'];
const TOP_SEVERITIES = ['major', 'crisis'];

/** Clocks each action stops: done on time → met, late → breached (with its breach time). */
const MEETS: Record<string, readonly ClockKind[]> = {
  accept: ['acknowledge'],
  answer: ['acknowledge', 'first_contact', 'resolve'],
  feedback: ['first_contact'],
  resolve: ['acknowledge', 'first_contact', 'resolve'],
  visit: ['visit'],
  'visit+reopen': ['visit'],
  reopen: ['visit'],
  close: ['acknowledge', 'first_contact', 'resolve', 'visit'],
  merge: ['acknowledge', 'first_contact', 'resolve', 'visit'],
  withdraw: ['acknowledge', 'first_contact', 'resolve', 'visit'],
};

/** Actions that touch clocks or notify; the rest (assign, transfer, return, start, comment…) leave clocks as they are. */
const RELEVANT = new Set([...Object.keys(MEETS), 'register', 'suspend', 'resume', 'escalate', 'extend', 'supervise']);

interface Work {
  ctx: Ctx;
  c: CaseRow;
  cal: BusinessCalendar;
  env: SlaEnv;
  now: Date;
  clocks: Map<ClockKind, ClockRow>;
  changed: Set<ClockKind>;
}

function put(w: Work, row: ClockRow) {
  w.clocks.set(row.kind, row);
  w.changed.add(row.kind);
}

function start(w: Work, kind: ClockKind, target: SlaTarget, policy: string | null, ladderId: string | null, from: Date) {
  const prev = w.clocks.get(kind);
  put(w, newClockRow(w.c.org_id, w.c.id, startClock(w.cal, kind, target, from), target, policy, ladderId, prev ? prev.cycle + 1 : 1));
}

/**
 * Keeps a case's clocks in step with its lifecycle, inside the action's transaction (registered on caseHooks):
 * starts them at registration, stops them when their step is done, pauses them while suspended, recomputes them
 * (keeping the time used) when triage changes kind, severity or category, restarts the resolve clock on reopen,
 * and carries out the escalate / extend / supervise actions. A transfer or return changes nothing: the clock runs on.
 * @throws extension_not_allowed, escalation_at_top, validation_failed
 */
export async function onCaseChange(ctx: Ctx, c: CaseRow, action: string, before: CaseRow | null): Promise<void> {
  if (!RELEVANT.has(action)) return;
  const env = await loadSlaEnv(ctx.tx, c.org_id);
  const rows = await many<ClockRow>(ctx.tx, `select ${CLOCK_SELECT} from case_clocks where org_id = $1 and case_id = $2`, [c.org_id, c.id]);
  const w: Work = {
    ctx, c, env, now: ctx.clock.now(), cal: await calendarFor(ctx.tx, c.org_id, c.unit_id),
    clocks: new Map(rows.map((r) => [r.kind, r])), changed: new Set(),
  };
  const needsTargets = ['register', 'accept', 'reopen', 'visit+reopen', 'resolve', 'extend'].includes(action);
  const resolved = needsTargets ? targetsFor(env, await caseFacts(ctx.tx, c)) : null;
  const ladder = ladderOf(env, w.clocks.get('resolve')?.ladder_id ?? resolved?.ladderId ?? null);

  for (const kind of MEETS[action] ?? []) {
    const r = w.clocks.get(kind);
    if (r && !r.met_at) put(w, withClock(r, meetClock(toClock(r), w.now, w.cal)));
  }

  if (action === 'register' && resolved) {
    for (const kind of START_AT_REGISTER) {
      const target = resolved.targets[kind];
      if (target) start(w, kind, target, resolved.presets[kind] ?? null, resolved.ladderId, c.created_at);
    }
  }
  if (action === 'accept' && resolved && before) {
    const triageChanged = before.kind !== c.kind || before.severity !== c.severity || before.category_id !== c.category_id || before.validity !== c.validity;
    if (triageChanged) retarget(w, resolved);
  }
  if (action === 'resolve' && resolved?.targets.visit) start(w, 'visit', resolved.targets.visit, resolved.presets.visit ?? null, resolved.ladderId, w.now);
  if ((action === 'reopen' || action === 'visit+reopen') && resolved?.targets.resolve) {
    start(w, 'resolve', resolved.targets.resolve, resolved.presets.resolve ?? null, resolved.ladderId, w.now);
  }
  if (action === 'suspend') {
    for (const r of w.clocks.values()) if (r.segment_start && !r.met_at) put(w, withClock(r, pauseClock(w.cal, toClock(r), w.now)));
  }
  if (action === 'resume') {
    for (const r of w.clocks.values()) if (r.state === 'paused' && !r.met_at) put(w, withClock(r, resumeClock(w.cal, toClock(r), w.now)));
  }
  if (action === 'extend') await extend(w, resolved?.maxExtension ?? null);

  for (const kind of w.changed) {
    const r = w.clocks.get(kind)!;
    r.next_check_at = nextCheck(w.cal, r, env.thresholds, ladderOf(env, r.ladder_id), w.now);
  }
  await saveClocks(ctx.tx, [...w.changed].map((k) => w.clocks.get(k)!), w.now);

  const becameTop = TOP_SEVERITIES.includes(c.severity) && (c.validity !== 'pending' || action === 'register') && (!before || !TOP_SEVERITIES.includes(before.severity));
  if ((action === 'register' || action === 'accept') && becameTop) await notifyTopLevel(ctx, c, ladder);
  if (action === 'escalate') {
    const last = await lastEventData(ctx, c.id, 'escalate');
    await escalateManually(ctx, c, ladder, { kind: String(last.kind ?? 'other'), reason: String(last.reason ?? ''), action: 'escalate' });
  }
  if (action === 'visit+reopen') {
    await escalateManually(ctx, c, ladder, { kind: 'customer_dissatisfied', reason: c.visit_comment ?? 'dissatisfied_return_visit', action: 'visit+reopen' });
  }
  if (action === 'supervise') {
    const last = await lastEventData(ctx, c.id, 'supervise');
    await superviseCase(ctx, c, String(last.note ?? ''), typeof last.deadline === 'string' ? last.deadline : undefined);
  }
}

/** Triage changed: every unmet clock takes its new target keeping the time used; clocks the new policy adds start
 * from registration (a major case's first-contact clock counts from when the customer called). */
function retarget(w: Work, resolved: ReturnType<typeof targetsFor>) {
  for (const kind of START_AT_REGISTER) {
    const target = resolved.targets[kind];
    const r = w.clocks.get(kind);
    if (!target) continue;
    if (!r) {
      start(w, kind, target, resolved.presets[kind] ?? null, resolved.ladderId, w.c.created_at);
      continue;
    }
    if (r.met_at || (r.target.amount === target.amount && r.target.unit === target.unit)) continue;
    const next = retargetClock(w.cal, toClock(r), target, w.now);
    put(w, { ...withClock(r, next), target, policy: resolved.presets[kind] ?? r.policy, ladder_id: resolved.ladderId ?? r.ladder_id });
  }
}

async function lastEventData(ctx: Ctx, caseId: string, action: string): Promise<Record<string, unknown>> {
  const rows = await many<{ data: Record<string, unknown> | null; note: string | null }>(
    ctx.tx,
    'select data, note from case_events where org_id = $1 and case_id = $2 and action = $3 order by id desc limit 1',
    [ctx.actor.orgId, caseId, action],
  );
  return { ...(rows[0]?.data ?? {}), ...(rows[0]?.note ? { reason: rows[0].note, note: rows[0].note } : {}) };
}

/** An extension 延期: needs room under the policy's limit; keeps `original_due_at`; a breached clock pushed into
 * the future runs again and a later breach escalates afresh (a new cycle). */
async function extend(w: Work, maxExtension: SlaTarget | null) {
  const data = await lastEventData(w.ctx, w.c.id, 'extend');
  const kind = (data.clock as ClockKind | undefined) ?? 'resolve';
  const extra: SlaTarget = { amount: Number(data.amount), unit: data.unit as SlaTarget['unit'] };
  const r = w.clocks.get(kind);
  if (!r || r.met_at) throw new AppError('validation_failed', [{ path: 'clock', code: 'no_open_clock', message: kind }]);
  const limit = kind === 'resolve' ? maxExtension : null;
  if (!extensionAllowed(w.cal, toClock(r), extra, limit)) {
    throw new AppError('extension_not_allowed', [{ path: 'amount', code: limit ? 'exceeds_max_extension' : 'no_extension_allowed', message: limit ? `${limit.amount} ${limit.unit}` : kind }], {
      max: limit ? `${limit.amount} ${limit.unit}` : '0',
    });
  }
  const next = extendClock(w.cal, toClock(r), extra, w.now);
  const record = { at: w.now, by: w.ctx.actor.userId, approver_id: data.approver_id, reason: data.reason, amount: extra.amount, unit: extra.unit, previous_due_at: r.due_at, due_at: next.dueAt };
  const rearmed = r.state === 'breached' && next.state === 'running';
  put(w, {
    ...withClock(r, next),
    extensions: [...r.extensions, record],
    ...(rearmed ? { cycle: r.cycle + 1, breach_recorded: false, escalation_step: 0, next_escalation_at: null } : {}),
  });
  await annotateLastEvent(w.ctx, w.c.id, 'extend', { original_due_at: r.original_due_at, previous_due_at: r.due_at, due_at: next.dueAt });
}
