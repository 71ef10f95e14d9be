import type { BusinessCalendar } from '../../domain/calendar.ts';
import { capClock, meetClock, pauseClock, resumeClock, retargetClock, startClock, type ClockKind, type SlaTarget } from '../../domain/sla.ts';
import { SEVERITIES } from '../../contract/enums.ts';
import { many, one } from '../../store/db.ts';
import { CASE_COLUMNS, type CaseRow } from '../cases/case-row.ts';
import type { Ctx } from '../context.ts';
import { calendarFor } from './calendars.ts';
import { CLOCK_SELECT, nextCheck, newClockRow, saveClocks, toClock, withClock, type ClockRow } from './clock-row.ts';
import { annotateLastEvent, escalateManually, notifyTopLevel, superviseCase } from './escalate.ts';
import { approveExtension, rejectExtension, requestExtension } from './extension-requests.ts';
import { writeEvents } from './notify.ts';
import { caseFacts as loadCaseFacts, ladderOf, loadSlaEnv, targetsFor, type SlaEnv } from './policies.ts';
import { caseFactsIn, type OrgConfig } from '../orgs/org-config.ts';
import { judgeMediaReport, recordClarification } from './media-exposure.ts';
import { takeOver } from './takeover.ts';

const START_AT_REGISTER: readonly ClockKind[] = ['acknowledge', 'first_contact', 'resolve'];
const TOP_SEVERITIES = ['major', 'crisis'];

/** Clocks each action stops: done on time → met, late → breached (with its breach time). */
const MEETS: Record<string, readonly ClockKind[]> = {
  accept: ['acknowledge'],
  answer: ['acknowledge', 'first_contact', 'resolve'],
  feedback: ['first_contact'],
  resolve: ['acknowledge', 'first_contact', 'resolve'],
  visit: ['visit'],
  clarify: ['clarify'],
  'visit+reopen': ['visit'],
  reopen: ['visit'],
  close: ['acknowledge', 'first_contact', 'resolve', 'visit'],
  merge: ['acknowledge', 'first_contact', 'resolve', 'visit'],
  withdraw: ['acknowledge', 'first_contact', 'resolve', 'visit'],
};

/** Actions that touch clocks or notify; the rest (assign, transfer, return, start, comment…) leave clocks as they are. */
const RELEVANT = new Set([...Object.keys(MEETS), 'register', 'suspend', 'resume', 'escalate', 'extend', 'approve_extension', 'reject_extension', 'supervise', 'judge_media_report']);

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
  const row = newClockRow(w.c.org_id, w.c.id, startClock(w.cal, kind, target, from), target, policy, ladderId, prev ? prev.cycle + 1 : 1);
  // The customer's deadline was asked for the case as first raised, not for a reopened one.
  put(w, prev ? row : withRequested(w, row));
}

/** A deadline the customer asked for counts on the resolve clock when it is sooner (004 五 "或按客户要求的期限"). */
function withRequested(w: Work, r: ClockRow): ClockRow {
  const asked = w.c.requested_due_at;
  if (r.kind !== 'resolve' || !asked || r.met_at) return r;
  const capped = capClock(w.cal, toClock(r), asked, w.now);
  // Not sooner than the policy's deadline: it does not count (and no longer does after a retarget).
  if (capped.dueAt.getTime() !== asked.getTime()) return { ...r, requested_due_at: null };
  return { ...withClock(r, capped), requested_due_at: asked };
}

/** When the clocks of a case start: when the organisation received what the customer raised (a letter read days
 * later, a 12345 transfer), not when it was typed in. */
const receivedAt = (c: CaseRow) => c.received_at ?? c.created_at;

/**
 * Keeps a case's clocks in step with its lifecycle, inside the action's transaction (called by registerCase and takeAction themselves, so no caller can forget it):
 * starts them at registration, stops them when their step is done, pauses them while suspended, recomputes them
 * (keeping the time used) when triage changes kind, severity or category, restarts the resolve clock on reopen,
 * and carries out the escalate / extend / supervise actions. A transfer or return changes nothing: the clock runs on.
 * Returns the case's clocks as this change left them (a registration answers with them without reading them back).
 * @throws extension_not_allowed, escalation_at_top, validation_failed
 */
export async function onCaseChange(ctx: Ctx, c: CaseRow, action: string, before: CaseRow | null): Promise<ClockRow[]> {
  if (!RELEVANT.has(action)) return [];
  // A registration brings the organisation's configuration it has just read, and a new case has no clocks yet.
  const cfg = ctx.config;
  const env = cfg?.sla ?? (await loadSlaEnv(ctx.tx, c.org_id));
  const rows = action === 'register' ? [] : await many<ClockRow>(ctx.tx, `select ${CLOCK_SELECT} from case_clocks where org_id = $1 and case_id = $2`, [c.org_id, c.id]);
  const w: Work = {
    ctx, c, env, now: ctx.clock.now(), cal: await calendarFor(ctx.tx, c.org_id, c.unit_id, cfg?.version),
    clocks: new Map(rows.map((r) => [r.kind, r])), changed: new Set(),
  };
  const caseFacts = (x: CaseRow) => (cfg ? Promise.resolve(caseFactsIn(cfg, x)) : loadCaseFacts(ctx.tx, x));
  if (action === 'visit+reopen') w.c = await raiseSeverityIfDissatisfied(w, c);
  const needsTargets = ['register', 'accept', 'reopen', 'visit+reopen', 'resolve', 'extend', 'judge_media_report'].includes(action);
  const resolved = needsTargets ? targetsFor(env, await caseFacts(w.c)) : null;
  // Whether the case was under a takeover policy before the reopen restarts its clock.
  const storeRules = action === 'visit+reopen' ? targetsFor(env, await caseFacts(before ?? c)) : null;
  const ladder = ladderOf(env, w.clocks.get('resolve')?.ladder_id ?? resolved?.ladderId ?? null);

  for (const kind of MEETS[action] ?? []) {
    const r = w.clocks.get(kind);
    if (r && !r.met_at) put(w, withClock(r, meetClock(toClock(r), w.now, w.cal)));
  }

  if (action === 'register' && resolved) startAtRegister(w, resolved);
  if (action === 'accept' && resolved && before) {
    const triageChanged = before.kind !== c.kind || before.severity !== c.severity || before.category_id !== c.category_id || before.validity !== c.validity;
    if (triageChanged) retarget(w, resolved);
  }
  const failedStoreClock = action === 'visit+reopen' && storeRules?.takeover ? w.clocks.get('resolve') : undefined;
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
  if (action === 'judge_media_report' || action === 'clarify') await mediaStep(w, action, resolved);
  if (action === 'extend') await extend(w, resolved);
  if (action === 'approve_extension' || action === 'reject_extension') await decideExtension(w, action);

  setNextChecks(w);
  await saveClocks(ctx.tx, [...w.changed].map((k) => w.clocks.get(k)!), w.now);

  const becameTop = TOP_SEVERITIES.includes(c.severity) && (c.validity !== 'pending' || action === 'register') && (!before || !TOP_SEVERITIES.includes(before.severity));
  if ((action === 'register' || action === 'accept') && becameTop) await notifyTopLevel(ctx, c, ladder);
  if (action === 'escalate') {
    const last = await lastEventData(ctx, c.id, 'escalate');
    await escalateManually(ctx, c, ladder, { kind: String(last.kind ?? 'other'), reason: String(last.reason ?? ''), action: 'escalate' });
  }
  if (action === 'visit+reopen' && storeRules?.takeover) {
    // 003 第一篇 三(三): a dissatisfied customer moves the store's case to the company complaint center, and the
    // store's resolve clock counts as failed.
    const failed = failedStoreClock ? { clock: 'resolve', cycle: failedStoreClock.cycle, due_at: failedStoreClock.due_at, met_at: failedStoreClock.met_at, state: 'breached' } : undefined;
    if (failed) await writeEvents(ctx.tx, [{ orgId: c.org_id, caseId: c.id, at: w.now, actorId: null, action: 'sla_breach', note: null, data: { ...failed, cause: 'customer_dissatisfied' } }]);
    await takeOver(ctx.tx, w.c, { now: w.now, actorId: ctx.actor.userId, cause: 'customer_dissatisfied', ladderLength: ladder.length, bumpVersion: false, ...(failed ? { failedClock: failed } : {}) });
  } else if (action === 'visit+reopen') {
    await escalateManually(ctx, w.c, ladder, { kind: 'customer_dissatisfied', reason: c.visit_comment ?? 'dissatisfied_return_visit', action: 'visit+reopen' });
  }
  if (action === 'supervise') {
    const last = await lastEventData(ctx, c.id, 'supervise');
    await superviseCase(ctx, c, String(last.note ?? ''), typeof last.deadline === 'string' ? last.deadline : undefined);
  }
  return [...w.clocks.values()];
}

function startAtRegister(w: Work, resolved: ReturnType<typeof targetsFor>) {
  for (const kind of START_AT_REGISTER) {
    const target = resolved.targets[kind];
    if (target) start(w, kind, target, resolved.presets[kind] ?? null, resolved.ladderId, receivedAt(w.c));
  }
}

function setNextChecks(w: Work) {
  for (const kind of w.changed) {
    const r = w.clocks.get(kind)!;
    r.next_check_at = nextCheck(w.cal, r, w.env.thresholds, ladderOf(w.env, r.ladder_id), w.now);
  }
}

/** Whether registering a case of this severity does nothing to its SLA but start clocks (no top-level notice). */
export const registerStartsOnlyClocks = (severity: string) => !TOP_SEVERITIES.includes(severity);

/** What a registration's clocks depend on, known before the case is written. */
export type RegisterFacts = Pick<CaseRow, 'org_id' | 'id' | 'unit_id' | 'kind' | 'channel' | 'severity' | 'severity_given' | 'validity' | 'category_id' | 'requested_due_at' | 'received_at' | 'created_at'>;

/**
 * The clocks a registration starts, as onCaseChange(…, 'register') would, computed before the case is written so
 * that they go into the same statement (issue 8). Null where registering does more than start clocks (a major or
 * crisis case notifies the top level): the caller then writes the case and calls onCaseChange.
 */
export async function plannedRegisterClocks(ctx: Ctx & { config: OrgConfig }, c: RegisterFacts): Promise<ClockRow[] | null> {
  if (!registerStartsOnlyClocks(c.severity)) return null;
  const cfg = ctx.config;
  // Only the columns above are read on the way (start, withRequested, receivedAt, caseFactsIn).
  const w: Work = {
    ctx, c: c as CaseRow, env: cfg.sla, now: ctx.clock.now(), cal: await calendarFor(ctx.tx, c.org_id, c.unit_id, cfg.version),
    clocks: new Map(), changed: new Set(),
  };
  startAtRegister(w, targetsFor(cfg.sla, caseFactsIn(cfg, c)));
  setNextChecks(w);
  return [...w.clocks.values()];
}

/** Triage changed: every unmet clock takes its new target keeping the time used; clocks the new policy adds start
 * from registration (a major case's first-contact clock counts from when the customer called). */
function retarget(w: Work, resolved: ReturnType<typeof targetsFor>) {
  for (const kind of START_AT_REGISTER) {
    const target = resolved.targets[kind];
    const r = w.clocks.get(kind);
    if (!target) continue;
    if (!r) {
      start(w, kind, target, resolved.presets[kind] ?? null, resolved.ladderId, receivedAt(w.c));
      continue;
    }
    if (r.met_at) continue;
    if (r.target.amount === target.amount && r.target.unit === target.unit) {
      // Same limit under another row (e.g. property_complaint → minor): only the row it runs on changes.
      const policy = resolved.presets[kind] ?? r.policy;
      if (policy !== r.policy) put(w, { ...r, policy, ladder_id: resolved.ladderId ?? r.ladder_id });
      continue;
    }
    const next = withRequested(w, withClock(r, retargetClock(w.cal, toClock(r), target, w.now)));
    // A clock that runs again starts a new cycle of warnings and escalation; one that is now breached has its
    // breach recorded by the sweeper (at the recomputed deadline); an earlier breach stays on the timeline.
    const rearm = next.state !== r.state ? { cycle: r.cycle + 1, breach_recorded: false, escalation_step: 0, next_escalation_at: null, warned: [] } : {};
    put(w, { ...next, ...rearm, target, policy: resolved.presets[kind] ?? r.policy, ladder_id: resolved.ladderId ?? r.ladder_id });
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

/** An extension request 延期 by the handler: the policy says how much is allowed and who decides. */
async function extend(w: Work, resolved: ReturnType<typeof targetsFor> | null) {
  const data = await lastEventData(w.ctx, w.c.id, 'extend');
  const kind = (data.clock as ClockKind | undefined) ?? 'resolve';
  const extra: SlaTarget = { amount: Number(data.amount), unit: data.unit as SlaTarget['unit'] };
  const eventId = await annotateLastEvent(w.ctx, w.c.id, 'extend', {});
  const r = w.clocks.get(kind);
  const next = await requestExtension(w.ctx, w.c, w.cal, r, { kind, extra, reason: String(data.reason ?? ''), eventId }, {
    maxExtension: resolved?.maxExtension ?? null, approver: resolved?.extensionApprover ?? null,
  });
  put(w, next);
  await annotateLastEvent(w.ctx, w.c.id, 'extend', {
    status: 'requested', approver: next.extension_request?.approver, approver_ids: next.extension_request?.approver_ids, due_at: r?.due_at, original_due_at: r?.original_due_at,
  });
}

/** The named approver decides a waiting extension request. */
async function decideExtension(w: Work, action: 'approve_extension' | 'reject_extension') {
  const data = await lastEventData(w.ctx, w.c.id, action);
  const kind = (data.clock as ClockKind | undefined) ?? 'resolve';
  const r = w.clocks.get(kind);
  const next = action === 'approve_extension' ? approveExtension(w.ctx, w.cal, r, kind) : rejectExtension(w.ctx, r, kind, String(data.reason ?? ''));
  put(w, next);
  await annotateLastEvent(w.ctx, w.c.id, action, { clock: kind, original_due_at: next.original_due_at, previous_due_at: r?.due_at, due_at: next.due_at });
}

const rank = (s: string) => SEVERITIES.indexOf(s as never);

/** Restaurant (003 第三篇): a 一类 complaint whose customer is still dissatisfied becomes 二类 — the policy names the
 * severity it rises to. Returns the case as it is now. */
async function raiseSeverityIfDissatisfied(w: Work, c: CaseRow): Promise<CaseRow> {
  const rules = targetsFor(w.env, await loadCaseFacts(w.ctx.tx, c));
  const to = rules.dissatisfiedSeverity;
  if (!to || rank(to) <= rank(c.severity)) return c;
  const row = await one<CaseRow>(w.ctx.tx, `update cases c set severity = $3, severity_given = true where c.org_id = $1 and c.id = $2 returning ${CASE_COLUMNS}`, [c.org_id, c.id, to]);
  await writeEvents(w.ctx.tx, [{
    orgId: c.org_id, caseId: c.id, at: w.now, actorId: w.ctx.actor.userId, action: 'escalate', note: null,
    data: { trigger: 'reclassified', cause: 'customer_dissatisfied', severity_from: c.severity, severity_to: to, level: c.escalation_level, automatic: true },
  }]);
  return row ?? c;
}

/** Media exposure (003 第一篇 二(一)): judged false, the 5-day clarify clock runs from when the exposure was received;
 * the clarification stops it (MEETS). */
async function mediaStep(w: Work, action: 'judge_media_report' | 'clarify', resolved: ReturnType<typeof targetsFor> | null) {
  const data = await lastEventData(w.ctx, w.c.id, action);
  if (action === 'clarify') {
    const input = { medium: String(data.medium), medium_level: data.medium_level as 'original' | 'same_level', published_on: String(data.published_on) };
    await recordClarification(w.ctx, w.c, input, w.cal.timeZone);
    return;
  }
  const verdict = data.verdict === 'false' ? 'false' : 'true';
  await judgeMediaReport(w.ctx, w.c, verdict);
  if (verdict === 'false') {
    const target = resolved?.targets.clarify ?? { amount: 5, unit: 'natural_days' };
    start(w, 'clarify', target, resolved?.presets.clarify ?? null, resolved?.ladderId ?? null, receivedAt(w.c));
  }
}
