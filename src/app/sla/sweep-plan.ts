import type { BusinessCalendar } from '../../domain/calendar.ts';
import { markBreached, warningThresholdsCrossed, clockStatus } from '../../domain/sla.ts';
import { nextCheck, toClock, withClock, type ClockRow } from './clock-row.ts';
import { levelDueAt, type LadderLevel } from '../../domain/ladder.ts';

export type SweepStep =
  | { type: 'warning'; threshold: number }
  | { type: 'breach'; dueAt: Date }
  | { type: 'escalate'; level: number; target: LadderLevel['target']; scheduledAt: Date };

/**
 * What the sweeper does with one clock at `now` (pure): warnings for thresholds newly crossed, the breach when
 * the due time has passed, then every escalation level whose time has come — several at once after downtime,
 * each exactly once because the row remembers how far it got. Warnings missed while already overdue are
 * marked without notifying (the breach says more).
 */
export function planSweep(cal: BusinessCalendar, row: ClockRow, thresholds: readonly number[], ladder: readonly LadderLevel[], now: Date): { row: ClockRow; steps: SweepStep[] } {
  let r: ClockRow = { ...row, warned: [...row.warned] };
  const steps: SweepStep[] = [];
  if (r.met_at || !r.segment_start) return { row: { ...r, next_check_at: null }, steps };

  const clock = toClock(r);
  const overdue = now.getTime() > clock.dueAt.getTime();
  if (r.state === 'running') {
    const crossed = warningThresholdsCrossed(clockStatus(cal, clock, now).fraction, thresholds).filter((t) => t > 0 && t < 1 && !r.warned.includes(t));
    for (const t of crossed) {
      if (!overdue) steps.push({ type: 'warning', threshold: t });
      r.warned.push(t);
    }
    if (overdue) r = withClock(r, markBreached(clock, now));
  }
  if (r.state === 'breached' && !r.breach_recorded) {
    steps.push({ type: 'breach', dueAt: r.due_at });
    r.breach_recorded = true;
    r.escalation_step = 0;
    r.next_escalation_at = levelDueAt(cal, ladder, 0, r.due_at);
  }
  while (r.breach_recorded && r.state === 'breached' && r.next_escalation_at && r.next_escalation_at.getTime() <= now.getTime() && r.escalation_step < ladder.length) {
    const level = ladder[r.escalation_step]!;
    steps.push({ type: 'escalate', level: r.escalation_step + 1, target: level.target, scheduledAt: r.next_escalation_at });
    r.escalation_step += 1;
    r.next_escalation_at = levelDueAt(cal, ladder, r.escalation_step, r.next_escalation_at);
  }
  r.warned.sort((a, b) => a - b);
  // A check time not after `now` (a threshold landing exactly now) is retried a second later, not in a loop.
  const next = nextCheck(cal, r, thresholds, ladder, now);
  const retry = next && next.getTime() <= now.getTime() ? new Date(now.getTime() + 1000) : next;
  return { row: { ...r, next_check_at: retry }, steps };
}
