import {
  addNaturalDays,
  addNaturalHours,
  addWorkingDays,
  addWorkingMinutes,
  workingMinutesBetween,
  type BusinessCalendar,
} from './calendar.ts';

/**
 * Time limits and their clocks (DOMAIN.md §3–4). A clock counts "used" time in its own measure — working
 * minutes for working_* units, elapsed minutes for natural_* units — so pausing, resuming, retargeting and
 * extending are arithmetic on a budget, and the due instant is always recomputed from the calendar.
 */

/** `end_of_working_day`: close of business of the working day the clock starts on (the next working day's when it
 * starts after hours or on a closed day) — 004's same-day feedback "当天下班前反馈"; its amount is ignored. */
export type SlaUnit = 'natural_hours' | 'natural_days' | 'working_hours' | 'working_days' | 'end_of_working_day';
export interface SlaTarget {
  amount: number;
  unit: SlaUnit;
}
/** `clarify`: a media exposure judged false must be clarified in time (003 第一篇 二(一)). */
export type ClockKind = 'acknowledge' | 'first_contact' | 'resolve' | 'visit' | 'clarify';
export type ClockState = 'running' | 'paused' | 'met' | 'breached';

const MINUTE = 60_000;

function isWorking(unit: SlaUnit): boolean {
  return unit === 'working_hours' || unit === 'working_days' || unit === 'end_of_working_day';
}

/** Close of business of `start`'s working day, or of the next working day when `start` is after it. */
function endOfWorkingDay(cal: BusinessCalendar, start: Date): Date {
  const today = addWorkingDays(cal, start, 0);
  return today.getTime() > start.getTime() ? today : addWorkingDays(cal, start, 1);
}

/** The deadline of `target` counted from `start` (day units end at close of business, see calendar.ts). */
export function deadlineFor(cal: BusinessCalendar, start: Date, target: SlaTarget): Date {
  switch (target.unit) {
    case 'natural_hours':
      return addNaturalHours(start, target.amount);
    case 'natural_days':
      return addNaturalDays(cal, start, target.amount);
    case 'working_hours':
      return addWorkingMinutes(cal, start, target.amount * 60);
    case 'working_days':
      return addWorkingDays(cal, start, target.amount);
    case 'end_of_working_day':
      return endOfWorkingDay(cal, start);
  }
}

/** Minutes in [a, b) in the unit's measure: working minutes for working_* units, elapsed minutes otherwise. */
export function measure(cal: BusinessCalendar, unit: SlaUnit, a: Date, b: Date): number {
  if (isWorking(unit)) return workingMinutesBetween(cal, a, b);
  return Math.max(0, (b.getTime() - a.getTime()) / MINUTE);
}

/** The instant `minutes` (in the unit's measure) after `from`; the inverse of `measure`. */
export function advance(cal: BusinessCalendar, unit: SlaUnit, from: Date, minutes: number): Date {
  if (isWorking(unit)) return addWorkingMinutes(cal, from, minutes);
  return new Date(from.getTime() + minutes * MINUTE);
}

export interface Clock {
  kind: ClockKind;
  unit: SlaUnit;
  startedAt: Date;
  dueAt: Date;
  /** The due time before any extension (or as set by the latest retarget); extensions never move it. */
  originalDueAt: Date;
  /** Minutes in the clock's measure from start to due, including granted extensions. */
  budget: number;
  /** Minutes consumed before the current running segment (may be fractional). */
  used: number;
  /** Start of the current running segment; null when paused, met or stopped. */
  segmentStart: Date | null;
  state: ClockState;
  metAt: Date | null;
  /** When the clock first went past its due time; kept as history after an extension or a pause. */
  breachedAt: Date | null;
  /** The spans the clock was paused (the last one open while paused), so the time used can be measured again
   * exactly in another unit when triage changes the target. Absent on clocks stored before it was kept. */
  pausedSpans?: PausedSpan[];
}

export interface PausedSpan {
  from: Date;
  to: Date | null;
}

/** Time used from `start` to `at` in `unit`'s measure, leaving out the paused spans. */
export function usedBetween(cal: BusinessCalendar, unit: SlaUnit, start: Date, spans: readonly PausedSpan[], at: Date): number {
  let used = measure(cal, unit, start, at);
  for (const s of spans) {
    const from = new Date(Math.max(s.from.getTime(), start.getTime()));
    const to = new Date(Math.min((s.to ?? at).getTime(), at.getTime()));
    used -= measure(cal, unit, from, to);
  }
  return Math.max(0, used);
}

/** The instant at which `minutes` of unpaused time (in `unit`'s measure) had been used since `start`. */
export function instantOfUsed(cal: BusinessCalendar, unit: SlaUnit, start: Date, spans: readonly PausedSpan[], minutes: number): Date {
  let cursor = start;
  let left = minutes;
  for (const s of [...spans].sort((a, b) => a.from.getTime() - b.from.getTime())) {
    if (s.from.getTime() > cursor.getTime()) {
      const seg = measure(cal, unit, cursor, s.from);
      if (seg >= left) return advance(cal, unit, cursor, left);
      left -= seg;
    }
    if (!s.to) return s.from;
    if (s.to.getTime() > cursor.getTime()) cursor = s.to;
  }
  return advance(cal, unit, cursor, left);
}

/** `used` including the running segment up to `at`. */
function usedAt(cal: BusinessCalendar, clock: Clock, at: Date): number {
  if (!clock.segmentStart) return clock.used;
  return clock.used + measure(cal, clock.unit, clock.segmentStart, at);
}

/** Due instant when the remaining budget starts counting at `at`; never earlier than `at`. */
function dueFrom(cal: BusinessCalendar, unit: SlaUnit, at: Date, remaining: number): Date {
  return remaining > 0 ? advance(cal, unit, at, remaining) : new Date(at.getTime());
}

function isStopped(clock: Clock): boolean {
  return clock.metAt !== null;
}

/** A running clock for `target` started at `start`. */
export function startClock(cal: BusinessCalendar, kind: ClockKind, target: SlaTarget, start: Date): Clock {
  const dueAt = deadlineFor(cal, start, target);
  return {
    kind,
    unit: target.unit,
    startedAt: start,
    dueAt,
    originalDueAt: dueAt,
    budget: measure(cal, target.unit, start, dueAt),
    used: 0,
    segmentStart: start,
    state: 'running',
    metAt: null,
    breachedAt: null,
    pausedSpans: [],
  };
}

/** Suspends the clock (case suspended while waiting on the customer): time stops counting. No-op unless running. */
export function pauseClock(cal: BusinessCalendar, clock: Clock, at: Date): Clock {
  if (!clock.segmentStart || isStopped(clock)) return clock;
  const overdue = at.getTime() > clock.dueAt.getTime();
  return {
    ...clock,
    used: usedAt(cal, clock, at),
    segmentStart: null,
    state: 'paused',
    breachedAt: clock.breachedAt ?? (overdue ? clock.dueAt : null),
    pausedSpans: [...(clock.pausedSpans ?? []), { from: at, to: null }],
  };
}

/** Resumes a paused clock: the rest of the budget counts from `at`. No-op unless paused. */
export function resumeClock(cal: BusinessCalendar, clock: Clock, at: Date): Clock {
  if (clock.state !== 'paused' || isStopped(clock)) return clock;
  const remaining = clock.budget - clock.used;
  return {
    ...clock,
    dueAt: dueFrom(cal, clock.unit, at, remaining),
    segmentStart: at,
    state: remaining > 0 ? 'running' : 'breached',
    breachedAt: clock.breachedAt ?? (remaining > 0 ? null : at),
    pausedSpans: (clock.pausedSpans ?? []).map((s) => (s.to ? s : { ...s, to: at })),
  };
}

/**
 * Applies a new target after triage changed kind, severity or category: the time used since the start is measured
 * again in the new target's own unit (paused spans left out), so the deadline is the one the new target gives
 * from the start — the hours between registration and triage are neither added nor lost. When that deadline has
 * already passed, the clock is breached AT it (not at the triage instant); else it runs on with no breach.
 * Extensions granted under the old target do not carry over.
 */
export function retargetClock(cal: BusinessCalendar, clock: Clock, target: SlaTarget, at: Date): Clock {
  if (isStopped(clock)) return clock;
  const spans = clock.pausedSpans ?? [];
  const originalDueAt = deadlineFor(cal, clock.startedAt, target);
  const budget = measure(cal, target.unit, clock.startedAt, originalDueAt);
  const used = usedBetween(cal, target.unit, clock.startedAt, spans, at);
  const remaining = budget - used;
  const running = clock.segmentStart !== null;
  const crossedAt = remaining <= 0 ? instantOfUsed(cal, target.unit, clock.startedAt, spans, budget) : null;
  return {
    ...clock,
    unit: target.unit,
    originalDueAt,
    budget,
    // A running clock folds its current segment into `used` and starts a new one at `at`.
    used,
    segmentStart: running ? at : null,
    dueAt: crossedAt ?? (running ? advance(cal, target.unit, at, remaining) : dueFrom(cal, target.unit, at, remaining)),
    state: running ? (crossedAt ? 'breached' : 'running') : 'paused',
    breachedAt: crossedAt,
  };
}

/**
 * Caps the clock at a deadline the customer asked for (004 五 "或按客户要求的期限"), when it is sooner than the
 * clock's own: due time and original due time become it, the budget shrinks to match. Past already → breached at it.
 */
export function capClock(cal: BusinessCalendar, clock: Clock, deadline: Date, at: Date): Clock {
  if (isStopped(clock) || deadline.getTime() >= clock.dueAt.getTime()) return clock;
  const budget = usedBetween(cal, clock.unit, clock.startedAt, clock.pausedSpans ?? [], deadline);
  const past = deadline.getTime() < at.getTime();
  return {
    ...clock,
    budget,
    dueAt: deadline,
    originalDueAt: deadline,
    ...(clock.segmentStart ? { state: past ? 'breached' : 'running' } : {}),
    breachedAt: past ? deadline : clock.breachedAt,
  };
}

/**
 * Grants an extension 延期: the due time moves later by `extra`, counted from the current due time (for a paused
 * clock, the due time it would have if resumed at `at`). The budget grows by the same amount in the clock's
 * measure, so later pauses keep the extension; `originalDueAt` is kept. An extension that puts the due time
 * in the future returns a breached clock to running (its `breachedAt` stays as history).
 */
export function extendClock(cal: BusinessCalendar, clock: Clock, extra: SlaTarget, at: Date): Clock {
  if (isStopped(clock)) return clock;
  const currentDue = clock.segmentStart ? clock.dueAt : dueFrom(cal, clock.unit, at, clock.budget - clock.used);
  const newDue = deadlineFor(cal, currentDue, extra);
  const budget = clock.budget + measure(cal, clock.unit, currentDue, newDue);
  if (!clock.segmentStart) return { ...clock, budget, dueAt: newDue };
  const breached = newDue.getTime() < at.getTime();
  return { ...clock, budget, dueAt: newDue, state: breached ? 'breached' : 'running' };
}

/**
 * Stops the clock because its step was done at `at`: `met` when on time, else `breached`. Pass the calendar to
 * fold the running segment into `used`, so the final fraction is exact.
 */
export function meetClock(clock: Clock, at: Date, cal?: BusinessCalendar): Clock {
  if (isStopped(clock)) return clock;
  const used = cal ? usedAt(cal, clock, at) : clock.used;
  const late = clock.segmentStart ? at.getTime() > clock.dueAt.getTime() : clock.used > clock.budget;
  return {
    ...clock,
    used,
    segmentStart: null,
    state: late ? 'breached' : 'met',
    metAt: at,
    breachedAt: late ? (clock.breachedAt ?? (clock.segmentStart ? clock.dueAt : at)) : clock.breachedAt,
  };
}

/** Records a breach the sweeper found: a running clock past its due time becomes `breached`. */
export function markBreached(clock: Clock, now: Date): Clock {
  if (clock.state !== 'running' || now.getTime() <= clock.dueAt.getTime()) return clock;
  return { ...clock, state: 'breached', breachedAt: clock.breachedAt ?? clock.dueAt };
}

export interface ClockStatus {
  state: ClockState;
  /** For a paused clock: the due time if it were resumed at `now`. */
  dueAt: Date;
  /** Minutes left in the clock's measure; negative when overdue. */
  remaining: number;
  /** Used / budget, including the running segment. */
  fraction: number;
  breachedAt: Date | null;
}

/** Where the clock stands at `now`; a running clock past its due time reads as breached. */
export function clockStatus(cal: BusinessCalendar, clock: Clock, now: Date): ClockStatus {
  const used = isStopped(clock) ? clock.used : usedAt(cal, clock, now);
  const remaining = clock.budget - used;
  const fraction = clock.budget > 0 ? used / clock.budget : used > 0 ? Infinity : 1;
  if (isStopped(clock)) return { state: clock.state, dueAt: clock.dueAt, remaining, fraction, breachedAt: clock.breachedAt };
  if (!clock.segmentStart) {
    return { state: 'paused', dueAt: dueFrom(cal, clock.unit, now, remaining), remaining, fraction, breachedAt: clock.breachedAt };
  }
  const overdue = now.getTime() > clock.dueAt.getTime();
  return {
    state: overdue ? 'breached' : clock.state === 'breached' ? 'breached' : 'running',
    dueAt: clock.dueAt,
    remaining,
    fraction,
    breachedAt: clock.breachedAt ?? (overdue ? clock.dueAt : null),
  };
}

/** The warning thresholds (e.g. 0.5, 0.8 of the time) that `fraction` has reached, ascending. */
export function warningThresholdsCrossed(fraction: number, thresholds: readonly number[]): number[] {
  return [...new Set(thresholds)].filter((t) => fraction >= t).sort((a, b) => a - b);
}

/**
 * When the sweeper must next look at this clock: the earliest of the next un-warned threshold and the due time.
 * A threshold already passed but not yet warned gives a time in the past (look now). Null when the clock is
 * paused, met or already recorded as breached.
 */
export function nextCheckAt(cal: BusinessCalendar, clock: Clock, thresholds: readonly number[], alreadyWarned: readonly number[]): Date | null {
  if (!clock.segmentStart || clock.state !== 'running' || isStopped(clock)) return null;
  const segmentStart = clock.segmentStart;
  let next = clock.dueAt.getTime();
  for (const t of thresholds) {
    if (t <= 0 || t >= 1 || alreadyWarned.includes(t)) continue;
    const left = t * clock.budget - clock.used;
    const at = left > 0 ? advance(cal, clock.unit, segmentStart, left).getTime() : segmentStart.getTime();
    next = Math.min(next, at);
  }
  return new Date(next);
}



/**
 * Whether extending the clock by `extra` stays within `maxExtension` counted from the original due time
 * (both in the clock's measure, so earlier extensions count against the limit).
 */
export function extensionAllowed(cal: BusinessCalendar, clock: Clock, extra: SlaTarget, maxExtension: SlaTarget | null): boolean {
  if (!maxExtension) return false;
  const limit = measure(cal, clock.unit, clock.originalDueAt, deadlineFor(cal, clock.originalDueAt, maxExtension));
  const granted = clock.budget - measure(cal, clock.unit, clock.startedAt, clock.originalDueAt);
  const wanted = measure(cal, clock.unit, clock.dueAt, deadlineFor(cal, clock.dueAt, extra));
  return granted + wanted <= limit;
}
