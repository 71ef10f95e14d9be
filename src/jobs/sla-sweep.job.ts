import { every, type RunningJob } from './every.ts';
import type pg from 'pg';
import type { Clock } from '../app/context.ts';
import { calendarMemo } from '../app/sla/calendars.ts';
import { CLOCK_SELECT, saveClocks, type ClockRow } from '../app/sla/clock-row.ts';
import { raiseEscalationLevels, staffDirectory, writeEvents, writeNotifications, type CaseContacts, type EventDraft, type NotificationDraft } from '../app/sla/notify.ts';
import { ladderOf, loadSlaEnv, type SlaEnv } from '../app/sla/policies.ts';
import { planSweep } from '../app/sla/sweep-plan.ts';
import { takeOver } from '../app/sla/takeover.ts';
import { treatAsTrue } from '../app/sla/media-exposure.ts';
import { many, withTx, type Tx } from '../store/db.ts';

export interface SweepCounts {
  claimed: number;
  warnings: number;
  breaches: number;
  escalations: number;
  notifications: number;
  /** Clocks whose case was locked by a user's transaction: looked at again on the next sweep. */
  skipped: number;
  failed: number;
}

const empty = (): SweepCounts => ({ claimed: 0, warnings: 0, breaches: 0, escalations: 0, notifications: 0, skipped: 0, failed: 0 });
const BATCH = 500;

/** The claim: due rows only, through the partial index on next_check_at, so a sweep costs O(due), not O(open). */
export const CLAIM_SQL = `select ${CLOCK_SELECT} from case_clocks
  where next_check_at <= $1 order by next_check_at limit $2 for update skip locked`;
const CLAIM_ORG_SQL = `select ${CLOCK_SELECT} from case_clocks
  where org_id = $3 and next_check_at <= $1 order by next_check_at limit $2 for update skip locked`;

type CaseForSweep = CaseContacts & { number: string; subject: string; escalation_level: number };

/**
 * One pass of the deadline sweeper: claims due clocks (FOR UPDATE SKIP LOCKED, so any number of processes can
 * sweep one database without doing anything twice), sends warnings, records breaches and climbs the escalation
 * ladder, writing events and outbox rows in the same transaction as the clock's new state. Idempotent: a clock
 * remembers what was done and when to look next. `orgId` confines the sweep to one organisation (tests).
 */
export async function sweepOnce(pool: pg.Pool, clock: Clock, limit = 5000, opts: { orgId?: string; log?: (msg: string, data?: unknown) => void } = {}): Promise<SweepCounts> {
  const total = empty();
  const now = clock.now();
  while (total.claimed < limit) {
    const n = Math.min(BATCH, limit - total.claimed);
    const counts = await withTx(pool, (tx) => sweepBatch(tx, now, n, opts));
    for (const k of Object.keys(total) as (keyof SweepCounts)[]) total[k] += counts[k];
    if (counts.claimed < n || counts.claimed === counts.skipped) break;
  }
  return total;
}

async function sweepBatch(tx: Tx, now: Date, n: number, opts: { orgId?: string; log?: (msg: string, data?: unknown) => void }): Promise<SweepCounts> {
  const counts = empty();
  const claimed = await many<ClockRow>(tx, opts.orgId ? CLAIM_ORG_SQL : CLAIM_SQL, opts.orgId ? [now, n, opts.orgId] : [now, n]);
  counts.claimed = claimed.length;
  if (claimed.length === 0) return counts;

  // The cases too, skipping any a user is changing right now (their clocks stay due for the next sweep).
  const cases = await many<CaseForSweep>(
    tx,
    `select c.org_id, c.id, c.number, c.subject, c.unit_id, c.department_id, c.handler_id, c.first_responder_id, c.escalation_level
       from cases c join unnest($1::uuid[], $2::uuid[]) as t(o, i) on c.org_id = t.o and c.id = t.i
       for update of c skip locked`,
    [claimed.map((r) => r.org_id), claimed.map((r) => r.case_id)],
  );
  const byId = new Map(cases.map((c) => [`${c.org_id}|${c.id}`, c]));
  const envs = new Map<string, Promise<SlaEnv>>();
  const env = (orgId: string) => {
    let p = envs.get(orgId);
    if (!p) envs.set(orgId, (p = loadSlaEnv(tx, orgId)));
    return p;
  };
  const calendar = calendarMemo(tx);
  const dir = staffDirectory(tx);

  const saved: ClockRow[] = [];
  const events: EventDraft[] = [];
  const notes: NotificationDraft[] = [];
  const levels: { orgId: string; caseId: string; level: number }[] = [];
  for (const row of claimed) {
    const c = byId.get(`${row.org_id}|${row.case_id}`);
    if (!c) {
      counts.skipped++;
      continue;
    }
    try {
      const e = await env(row.org_id);
      const ladder = ladderOf(e, row.ladder_id);
      const cal = await calendar(row.org_id, c.unit_id);
      const plan = planSweep(cal, row, e.thresholds, ladder, now);
      for (const step of plan.steps) {
        const base = { orgId: c.org_id, caseId: c.id, at: now, actorId: null, note: null };
        const payload = { case_number: c.number, subject: c.subject, clock: row.kind, due_at: plan.row.due_at };
        if (step.type === 'warning') {
          counts.warnings++;
          events.push({ ...base, action: 'sla_warning', data: { clock: row.kind, threshold: step.threshold, due_at: plan.row.due_at } });
          notes.push({ orgId: c.org_id, caseId: c.id, recipientIds: await dir.responsible(c), kind: 'sla_warning', level: null, dedupeKey: `warn:${c.id}:${row.kind}:${row.cycle}:${step.threshold}`, payload: { ...payload, threshold: step.threshold } });
        } else if (step.type === 'breach') {
          counts.breaches++;
          const breach: EventDraft = { ...base, action: 'sla_breach', data: { clock: row.kind, due_at: step.dueAt } };
          if (row.kind === 'clarify' && (await treatAsTrue(tx, [{ orgId: c.org_id, caseId: c.id, dueAt: step.dueAt }])).size > 0) {
            // 003 第一篇 二(一): "逾期未做出澄清的，公司总部将视为所曝光情况属实".
            events.push({ ...base, action: 'media_treated_as_true', data: { clock: 'clarify', due_at: step.dueAt } });
          }
          const takeover = row.kind === 'resolve' && e.policies.find((p) => p.name === row.policy)?.takeover === true;
          // Before a takeover's own event, so the timeline reads breach → takeover.
          if (takeover) await writeEvents(tx, [breach]);
          else events.push(breach);
          if (takeover) {
            // 003 第一篇 三(三): not done in time → the company complaint center takes the case over; the store's
            // clock stays breached, and the ladder has nothing left to climb.
            const moved = await takeOver(tx, c, { now, actorId: null, cause: 'resolve_breached', ladderLength: ladder.length, bumpVersion: true, failedClock: { clock: 'resolve', cycle: row.cycle, due_at: step.dueAt } });
            if (moved) {
              plan.steps.length = 0;
              plan.row.escalation_step = ladder.length;
              plan.row.next_escalation_at = null;
              plan.row.next_check_at = null;
              counts.escalations++;
              break;
            }
          }
        } else {
          counts.escalations++;
          const { target, userIds } = await dir.recipients(c, step.target);
          events.push({ ...base, action: 'escalate', data: { clock: row.kind, level: step.level, target, recipients: userIds, trigger: 'breach', automatic: true, scheduled_at: step.scheduledAt } });
          notes.push({ orgId: c.org_id, caseId: c.id, recipientIds: userIds, kind: 'escalation', level: step.level, dedupeKey: `esc:${c.id}:${row.kind}:${row.cycle}:${step.level}`, payload: { ...payload, level: step.level, target } });
          levels.push({ orgId: c.org_id, caseId: c.id, level: step.level });
        }
      }
      saved.push(plan.row);
    } catch (err) {
      // A clock we cannot compute (e.g. a calendar without working days) must not block the others.
      counts.failed++;
      opts.log?.('sla sweep: clock failed', { case_id: row.case_id, kind: row.kind, error: (err as Error).message });
      saved.push({ ...row, next_check_at: new Date(now.getTime() + 5 * 60_000) });
    }
  }
  await writeEvents(tx, events);
  counts.notifications = await writeNotifications(tx, notes, now);
  await raiseEscalationLevels(tx, levels);
  await saveClocks(tx, saved, now);
  return counts;
}

/**
 * Runs `sweepOnce` every `intervalMs` (default 10 s, so a breach is acted on well within 30 s of its deadline),
 * never overlapping itself. `stop()` waits for a running sweep to finish.
 */
export function startSweeper(opts: { pool: pg.Pool; clock: Clock; intervalMs?: number; orgId?: string; log?: (msg: string, data?: unknown) => void }): RunningJob {
  const scope = { ...(opts.orgId ? { orgId: opts.orgId } : {}), ...(opts.log ? { log: opts.log } : {}) };
  return every('sla sweep', opts.intervalMs ?? 10_000, () => sweepOnce(opts.pool, opts.clock, 5000, scope), opts.log);
}
