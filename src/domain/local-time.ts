/** The wall-clock time of an instant in an IANA time zone (split from calendar.ts). */

export interface LocalParts {
  date: string; // 'YYYY-MM-DD'
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const OFFSET_BUCKET = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * The wall-clock date and time of `date` in `timeZone`. Intl is slow (a deadline or a working-minutes count asks
 * hundreds of times), so the zone's UTC offset is remembered per quarter of an hour: where it is the same at both
 * ends of the quarter (always, but for a quarter holding a change of offset), the wall clock is the instant plus the
 * offset; otherwise Intl answers.
 */
export function localParts(date: Date, timeZone: string): LocalParts {
  const t = date.getTime();
  if (!Number.isFinite(t)) return intlParts(date, timeZone);
  const bucket = Math.floor(t / OFFSET_BUCKET);
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  let off = zone.get(bucket);
  if (off === undefined) {
    const start = bucket * OFFSET_BUCKET;
    const a = intlOffset(start, timeZone);
    off = a === intlOffset(start + OFFSET_BUCKET - 1000, timeZone) ? a : NaN;
    if (zone.size >= 100_000) zone.clear();
    zone.set(bucket, off);
  }
  if (Number.isNaN(off)) return intlParts(date, timeZone);
  const w = new Date(t + off);
  const year = w.getUTCFullYear();
  const month = w.getUTCMonth() + 1;
  const day = w.getUTCDate();
  return {
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    year, month, day, hour: w.getUTCHours(), minute: w.getUTCMinutes(), second: w.getUTCSeconds(), weekday: w.getUTCDay(),
  };
}

/** UTC offset of `timeZone` at whole second `t`, in ms, from Intl. */
function intlOffset(t: number, timeZone: string): number {
  const p = intlParts(new Date(t), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - t;
}

function intlParts(date: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const year = parts.year ?? NaN;
  const month = parts.month ?? NaN;
  const day = parts.day ?? NaN;
  const hour = (parts.hour ?? NaN) % 24; // some ICU versions print midnight as 24
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return {
    date: iso, year, month, day, hour,
    minute: parts.minute ?? NaN,
    second: parts.second ?? NaN,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}
