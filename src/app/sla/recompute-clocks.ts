import { advance, retargetClock, type SlaUnit } from '../../domain/sla.ts';
import { many, type Db } from '../../store/db.ts';
import { calendarMemo } from './calendars.ts';
import { CLOCK_SELECT, nextCheck, saveClocks, toClock, withClock, type ClockRow } from './clock-row.ts';
import { ladderOf, loadSlaEnv } from './policies.ts';

const WORKING: readonly SlaUnit[] = ['working_hours', 'working_days', 'end_of_working_day'];

/**
 * After the working calendar or business hours changed, the open clocks counted in working time get their due times
 * again from the new calendar (a local holiday added on a day a clock spans moves its deadline a working day later).
 * A clock with no extension and no customer's deadline is measured again from its start (as a retarget to the same
 * target would); one with an extension or the customer's deadline keeps its budget and its time used, and only the
 * remainder is counted again from the current running segment. Natural-time clocks and stopped clocks are left alone.
 * It runs in batches (`after`, `limit`: keyset on case and clock kind), each locking its clocks (`for update`) so a
 * case action on the same clock waits for the batch instead of being overwritten; the recompute job
 * (src/jobs/clock-recompute.job.ts) gives each batch its own short transaction.
 * Returns how many clocks changed and the key of the last clock looked at (null when there were none).
 */
export async function recomputeOpenClocks(
  db: Db, orgId: string, now: Date, batch: { after?: ClockKey | null; limit?: number } = {},
): Promise<{ changed: number; last: ClockKey | null }> {
  const after = batch.after ?? null;
  const rows = await many<ClockRow>(
    db,
    `select ${CLOCK_SELECT} from case_clocks k
      where k.org_id = $1 and k.met_at is null and k.unit = any($2::text[]) and k.state in ('running', 'paused')
        and ($3::uuid is null or (k.case_id, k.kind) > ($3::uuid, $4::text))
      order by k.case_id, k.kind limit $5 for update of k`,
    [orgId, WORKING, after?.caseId ?? null, after?.kind ?? '', batch.limit ?? null],
  );
  if (rows.length === 0) return { changed: 0, last: null };
  const tail = rows.at(-1)!;
  const last = { caseId: tail.case_id, kind: tail.kind };
  const cases = await many<{ id: string; unit_id: string }>(db, 'select id, unit_id from cases where org_id = $1 and id = any($2::uuid[])', [orgId, [...new Set(rows.map((r) => r.case_id))]]);
  const unitOf = new Map(cases.map((c) => [c.id, c.unit_id]));
  const calendar = calendarMemo(db);
  const env = await loadSlaEnv(db, orgId);
  const changed: ClockRow[] = [];
  for (const r of rows) {
    const cal = await calendar(orgId, unitOf.get(r.case_id) ?? null);
    const clock = toClock(r);
    let next: ClockRow;
    if ((r.extensions ?? []).length === 0 && !r.requested_due_at) {
      next = withClock(r, retargetClock(cal, clock, r.target, now));
    } else if (clock.segmentStart) {
      next = withClock(r, { ...clock, dueAt: advance(cal, clock.unit, clock.segmentStart, Math.max(0, clock.budget - clock.used)) });
    } else continue; // paused: its due time is computed from the calendar whenever it is read
    if (next.due_at.getTime() === r.due_at.getTime() && next.original_due_at.getTime() === r.original_due_at.getTime()) continue;
    next.next_check_at = nextCheck(cal, next, env.thresholds, ladderOf(env, next.ladder_id), now);
    changed.push(next);
  }
  await saveClocks(db, changed, now);
  return { changed: changed.length, last };
}

/** Where a batch of the recompute ended. */
export interface ClockKey { caseId: string; kind: string }

/**
 * Records that the organisation's calendar (days, business hours, time zone) changed: the recompute job moves the
 * open deadlines. Call it in the transaction that changed the calendar, after the calendar version was bumped.
 */
export async function requestClockRecompute(db: Db, orgId: string, now: Date, by: string | null): Promise<void> {
  await db.query('insert into clock_recompute_requests (org_id, requested_at, requested_by) values ($1, $2, $3)', [orgId, now, by]);
}

/** Whether the organisation's open deadlines are still being recomputed after a calendar change, and since when. */
export async function clockRecomputeStatus(db: Db, orgId: string): Promise<{ pending: boolean; since: Date | null }> {
  const r = await many<{ since: Date | null }>(db, 'select min(requested_at) as since from clock_recompute_requests where org_id = $1', [orgId]);
  const since = r[0]?.since ?? null;
  return { pending: since !== null, since };
}
