import type { ErrorIssue } from '../contract/errors.ts';
import { localParts } from './local-time.ts';

/**
 * Business-calendar arithmetic (DOMAIN.md §3): working days are Mon–Fri unless an override says otherwise
 * (public holidays, make-up working days 调休, the organisation's own days), and working time is the
 * calendar's periods on those days, in the calendar's time zone. Pure: every instant is passed in.
 *
 * Working time is the union of the instant intervals [day + period.start, day + period.end) over working
 * days, so "working minutes" are elapsed minutes inside those intervals.
 */

export type TimeOfDay = string; // 'HH:MM'; '24:00' is allowed as the end of the last period
export interface Period {
  start: TimeOfDay;
  end: TimeOfDay;
}
export interface BusinessCalendar {
  timeZone: string;
  periods: Period[];
  days: ReadonlyMap<string, 'closed' | 'working'>;
  knownYears: ReadonlySet<number>;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_PERIODS: readonly Period[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A calendar with no working day in this many consecutive days is treated as broken rather than looped on. */
const MAX_DAYS_WITHOUT_WORK = 3_660;

// ---------------------------------------------------------------------------------------------------------
// Local dates as day numbers (days since 1970-01-01), so walking the calendar is integer arithmetic.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(localDate: string): number {
  const m = DATE_RE.exec(localDate);
  if (!m) throw new RangeError(`invalid local date: ${localDate}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY;
}

function dateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function yearOf(day: number): number {
  return new Date(day * DAY).getUTCFullYear();
}

/** Adds `days` calendar days to a 'YYYY-MM-DD' date. */
export function addLocalDays(localDate: string, days: number): string {
  return dateOf(dayNumber(localDate) + days);
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of 'HH:MM', or null when malformed; '24:00' only when `allowEndOfDay`. */
function minuteOfDay(time: TimeOfDay, allowEndOfDay = false): number | null {
  if (allowEndOfDay && time === '24:00') return 1440;
  const m = TIME_RE.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Time zones without a library: Intl gives local wall-clock parts; offsets are derived from them.

export { localParts, type LocalParts } from './local-time.ts';

/** UTC offset of `timeZone` at instant `t`, in ms (Asia/Shanghai: +8 h). */
function offsetAt(t: number, timeZone: string): number {
  const p = localParts(new Date(t), timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** The instant of local wall-clock time `wall` (ms, as if UTC); a time skipped by DST maps to after the gap. */
function wallToInstant(wall: number, timeZone: string): number {
  const o1 = offsetAt(wall, timeZone);
  const o2 = offsetAt(wall - o1, timeZone);
  if (o1 === o2) return wall - o1;
  const o3 = offsetAt(wall - o2, timeZone);
  return o3 === o2 ? wall - o2 : wall - Math.min(o1, o2);
}

/** The instant of `time` ('HH:MM', or '24:00' = next midnight) on `localDate` in `timeZone`. */
export function zonedTime(localDate: string, time: TimeOfDay, timeZone: string): Date {
  const minutes = minuteOfDay(time, true);
  if (minutes === null) throw new RangeError(`invalid time of day: ${time}`);
  return new Date(wallToInstant(dayNumber(localDate) * DAY + minutes * MINUTE, timeZone));
}

/**
 * Per (zone, day): the day's UTC offset when it is the same all day, else null (a DST switch day, which is
 * converted exactly). Bounded so a long-running sweeper does not grow it without limit.
 */
const dayOffsets = new Map<string, number | null>();

function dayOffset(day: number, timeZone: string): number | null {
  const key = `${timeZone}|${day}`;
  let off = dayOffsets.get(key);
  if (off === undefined) {
    const atStart = offsetAt(wallToInstant(day * DAY, timeZone), timeZone);
    const atEnd = offsetAt(wallToInstant((day + 1) * DAY, timeZone) - 1, timeZone);
    off = atStart === atEnd ? atStart : null;
    if (dayOffsets.size >= 50_000) dayOffsets.clear();
    dayOffsets.set(key, off);
  }
  return off;
}

/** Instant (ms) of `minute` minutes after local midnight of `day`. */
function instantOf(day: number, minute: number, timeZone: string): number {
  const wall = day * DAY + minute * MINUTE;
  const off = dayOffset(day, timeZone);
  return off === null ? wallToInstant(wall, timeZone) : wall - off;
}

// ---------------------------------------------------------------------------------------------------------
// Calendar rules

/** Whether `localDate` ('YYYY-MM-DD') is a working day: an override wins, otherwise Mon–Fri. */
export function isWorkingDay(cal: BusinessCalendar, localDate: string): boolean {
  const override = cal.days.get(localDate);
  if (override) return override === 'working';
  const weekday = new Date(dayNumber(localDate) * DAY).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function isWorkingDayNumber(cal: BusinessCalendar, day: number): boolean {
  const override = cal.days.get(dateOf(day));
  if (override) return override === 'working';
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return weekday !== 0 && weekday !== 6;
}

/** Every issue with a calendar's working periods, with its path; empty when they are usable. */
export function periodIssues(periods: readonly Period[]): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  if (periods.length === 0) {
    issues.push({ path: 'periods', code: 'periods_empty', message: 'A working day needs at least one period.' });
  }
  const valid: { index: number; start: number; end: number }[] = [];
  periods.forEach((p, index) => {
    const start = minuteOfDay(p.start);
    const end = minuteOfDay(p.end, true);
    if (start === null || end === null || end <= start) {
      issues.push({ path: `periods[${index}]`, code: 'period_invalid', message: 'A period is HH:MM–HH:MM and ends after it starts.' });
    } else {
      valid.push({ index, start, end });
    }
  });
  for (let i = 1; i < valid.length; i++) {
    const prev = valid[i - 1];
    const cur = valid[i];
    if (prev && cur && cur.start < prev.start) {
      issues.push({ path: `periods[${cur.index}]`, code: 'period_unsorted', message: 'Periods must be listed in order.' });
    }
  }
  const sorted = [...valid].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && cur.start < prev.end) {
      issues.push({ path: `periods[${Math.max(prev.index, cur.index)}]`, code: 'period_overlap', message: 'Periods must not overlap.' });
    }
  }
  return issues;
}

/** Error codes for a calendar's working periods ('periods_empty', 'period_invalid', 'period_unsorted', 'period_overlap'); empty = ok. */
export function validatePeriods(periods: readonly Period[]): string[] {
  return [...new Set(periodIssues(periods).map((i) => i.code))];
}

interface Span {
  start: number;
  end: number;
}

/** Periods as minutes after midnight, parsed once per calendar object. */
const parsedPeriods = new WeakMap<readonly Period[], Span[]>();

function spans(cal: BusinessCalendar): Span[] {
  let result = parsedPeriods.get(cal.periods);
  if (!result) {
    const codes = validatePeriods(cal.periods);
    if (codes.length > 0) throw new RangeError(`invalid business calendar periods: ${codes.join(', ')}`);
    result = cal.periods.map((p) => ({ start: minuteOfDay(p.start) ?? 0, end: minuteOfDay(p.end, true) ?? 0 }));
    parsedPeriods.set(cal.periods, result);
  }
  return result;
}

function closeOfBusinessMinute(cal: BusinessCalendar): number {
  const all = spans(cal);
  return all[all.length - 1]?.end ?? 0;
}

function localDay(cal: BusinessCalendar, at: Date): number {
  return dayNumber(localParts(at, cal.timeZone).date);
}

function nextWorkingDay(cal: BusinessCalendar, day: number): number {
  for (let d = day, n = 0; n < MAX_DAYS_WITHOUT_WORK; d++, n++) {
    if (isWorkingDayNumber(cal, d)) return d;
  }
  throw new RangeError('business calendar has no working day in ten years');
}

// ---------------------------------------------------------------------------------------------------------
// Arithmetic

/**
 * The instant `minutes` working minutes after `from`. Counting starts at `from` when it is inside working
 * time, else at the next period start; a deadline that uses up a period exactly lands on its end (18:00,
 * not 09:00 the next working day). Zero minutes returns `from`.
 */
export function addWorkingMinutes(cal: BusinessCalendar, from: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`invalid working minutes: ${minutes}`);
  if (minutes === 0) return new Date(from.getTime());
  const periods = spans(cal);
  let remaining = minutes * MINUTE;
  const cursor = from.getTime();
  let idle = 0;
  for (let day = localDay(cal, from); ; day++) {
    if (!isWorkingDayNumber(cal, day)) {
      if (++idle > MAX_DAYS_WITHOUT_WORK) throw new RangeError('business calendar has no working day in ten years');
      continue;
    }
    idle = 0;
    for (const p of periods) {
      const end = instantOf(day, p.end, cal.timeZone);
      if (end <= cursor) continue;
      const start = Math.max(instantOf(day, p.start, cal.timeZone), cursor);
      if (end - start >= remaining) return new Date(start + remaining);
      remaining -= end - start;
    }
  }
}

/** Working minutes in [a, b); 0 when b ≤ a. */
export function workingMinutesBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  const periods = spans(cal);
  const lastDay = localDay(cal, b);
  let total = 0;
  for (let day = localDay(cal, a); day <= lastDay; day++) {
    if (!isWorkingDayNumber(cal, day)) continue;
    for (const p of periods) {
      const start = Math.max(instantOf(day, p.start, cal.timeZone), from);
      const end = Math.min(instantOf(day, p.end, cal.timeZone), to);
      if (end > start) total += end - start;
    }
  }
  return total / MINUTE;
}

/**
 * Day-based deadline: counting starts on the working day after `from`'s local date, and the deadline is close
 * of business of the `days`-th working day (Tuesday 10:00 + 3 → Friday 18:00). Zero days means close of
 * business of `from`'s date, or of the next working day when that is not one.
 */
export function addWorkingDays(cal: BusinessCalendar, from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`invalid working days: ${days}`);
  let day = localDay(cal, from);
  if (days === 0) day = nextWorkingDay(cal, day);
  for (let n = 0; n < days; n++) day = nextWorkingDay(cal, day + 1);
  return new Date(instantOf(day, closeOfBusinessMinute(cal), cal.timeZone));
}

/** `from` plus `hours` elapsed hours, ignoring the calendar (24 h return visit, 24 h inquiry answer). */
export function addNaturalHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 60 * MINUTE);
}

/**
 * Natural-day deadline: close of business of the `days`-th calendar day after `from`'s local date, moved to
 * close of business of the next working day when that day is not a working day.
 */
export function addNaturalDays(cal: BusinessCalendar, from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`invalid natural days: ${days}`);
  const day = nextWorkingDay(cal, localDay(cal, from) + days);
  return new Date(instantOf(day, closeOfBusinessMinute(cal), cal.timeZone));
}

/** Local years touched by [from, to] that the calendar has no official holiday data for (Mon–Fri fallback). */
export function yearsWithoutOfficialData(cal: BusinessCalendar, from: Date, to: Date): number[] {
  const [lo, hi] = from.getTime() <= to.getTime() ? [from, to] : [to, from];
  const missing: number[] = [];
  for (let y = yearOf(localDay(cal, lo)); y <= yearOf(localDay(cal, hi)); y++) {
    if (!cal.knownYears.has(y)) missing.push(y);
  }
  return missing;
}

/**
 * A calendar from its parts with the house defaults (Asia/Shanghai, 09:00–12:00 and 13:30–18:00). Later
 * `days` rows win, so pass official rows first and the organisation's own days after them.
 */
export function businessCalendar(input: {
  timeZone?: string;
  periods?: readonly Period[];
  days?: Iterable<{ date: string; kind: 'closed' | 'working' }>;
  knownYears?: Iterable<number>;
}): BusinessCalendar {
  const days = new Map<string, 'closed' | 'working'>();
  for (const row of input.days ?? []) days.set(row.date, row.kind);
  return {
    timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    periods: (input.periods ?? DEFAULT_PERIODS).map((p) => ({ ...p })),
    days,
    knownYears: new Set(input.knownYears ?? []),
  };
}
