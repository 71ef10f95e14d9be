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
 * Call it in the transaction that changed the calendar, after the calendar version was bumped.
 */
export async function recomputeOpenClocks(db: Db, orgId: string, now: Date): Promise<number> {
  const rows = await many<ClockRow>(
    db,
    `select ${CLOCK_SELECT} from case_clocks k
      where k.org_id = $1 and k.met_at is null and k.unit = any($2::text[]) and k.state in ('running', 'paused')`,
    [orgId, WORKING],
  );
  if (rows.length === 0) return 0;
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
  return changed.length;
}
