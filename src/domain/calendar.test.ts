import { describe, expect, it } from 'vitest';
import {
  addNaturalDays,
  addNaturalHours,
  addWorkingDays,
  addWorkingMinutes,
  businessCalendar,
  isWorkingDay,
  localParts,
  periodIssues,
  validatePeriods,
  workingMinutesBetween,
  yearsWithoutOfficialData,
  zonedTime,
  type Period,
} from './calendar.ts';
import { officialCalendarRows, officialYears } from './official-holidays.ts';

/** 'YYYY-MM-DD HH:MM' in Beijing time → Date. */
const bj = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
/** Date → 'YYYY-MM-DD HH:MM' in Beijing time, as a manager would write it. */
const fmt = (d: Date) => {
  const p = localParts(d, 'Asia/Shanghai');
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

// 09:00–12:00 and 13:30–18:00 (7.5 h = 450 working minutes a day), with mainland China's official days.
const cal = businessCalendar({ days: officialCalendarRows(), knownYears: officialYears() });

describe('official holiday data', () => {
  it('knows 2026 and not yet 2027 or 2040', () => {
    expect(officialYears()).toContain(2026);
    expect(officialYears()).not.toContain(2027);
    expect(officialYears()).not.toContain(2040);
  });

  it('lists the 2026 Spring Festival and National Day with their make-up working days', () => {
    const rows = officialCalendarRows();
    const closed = rows.filter((r) => r.kind === 'closed' && r.date.startsWith('2026-02')).map((r) => r.date);
    expect(closed).toEqual(['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    const makeUp = rows.filter((r) => r.kind === 'working' && r.date.startsWith('2026')).map((r) => `${r.date} ${r.name}`);
    expect(makeUp).toEqual([
      "2026-01-04 New Year's Day",
      '2026-02-14 Spring Festival',
      '2026-02-28 Spring Festival',
      '2026-05-09 Labour Day',
      '2026-09-20 National Day',
      '2026-10-10 National Day',
    ]);
  });
});

describe('isWorkingDay', () => {
  it.each([
    { date: '2026-03-10', working: true, why: 'an ordinary Tuesday' },
    { date: '2026-03-14', working: false, why: 'an ordinary Saturday' },
    { date: '2026-02-14', working: true, why: 'the Saturday made up before Spring Festival' },
    { date: '2026-02-16', working: false, why: 'a Monday inside Spring Festival' },
    { date: '2026-02-23', working: false, why: 'the last day of Spring Festival, a Monday' },
    { date: '2026-02-24', working: true, why: 'the first Tuesday back after Spring Festival' },
    { date: '2026-02-28', working: true, why: 'the Saturday made up after Spring Festival' },
    { date: '2026-09-20', working: true, why: 'the Sunday made up before National Day' },
    { date: '2026-10-07', working: false, why: 'the last day of National Day' },
    { date: '2026-10-10', working: true, why: 'the Saturday made up after National Day' },
    { date: '2040-10-01', working: true, why: 'a Monday in a year without official data' },
  ])('treats $date as working=$working ($why)', ({ date, working }) => {
    expect(isWorkingDay(cal, date)).toBe(working);
  });

  it("lets the organisation's own days override the official ones", () => {
    const own = businessCalendar({
      days: [...officialCalendarRows(), { date: '2026-03-10', kind: 'closed' }, { date: '2026-10-02', kind: 'working' }],
    });
    expect(isWorkingDay(own, '2026-03-10')).toBe(false);
    expect(isWorkingDay(own, '2026-10-02')).toBe(true);
  });
});

describe('addWorkingMinutes', () => {
  it.each([
    { from: '2026-03-10 11:50', minutes: 30, due: '2026-03-10 13:50', why: 'skips the lunch break' },
    { from: '2026-03-10 12:30', minutes: 30, due: '2026-03-10 14:00', why: 'starts counting after lunch when submitted during it' },
    { from: '2026-03-10 17:00', minutes: 60, due: '2026-03-10 18:00', why: 'ends at close of business when the day is used up exactly' },
    { from: '2026-03-10 19:00', minutes: 30, due: '2026-03-11 09:30', why: 'starts the next morning when submitted after hours' },
    { from: '2026-03-10 07:00', minutes: 30, due: '2026-03-10 09:30', why: 'starts at opening when submitted before it' },
    { from: '2026-03-13 17:30', minutes: 60, due: '2026-03-16 09:30', why: 'skips an ordinary weekend' },
    { from: '2026-02-13 17:30', minutes: 60, due: '2026-02-14 09:30', why: 'works on the make-up Saturday' },
    { from: '2026-02-14 17:00', minutes: 120, due: '2026-02-24 10:00', why: 'skips the whole Spring Festival' },
    { from: '2026-10-01 10:00', minutes: 60, due: '2026-10-08 10:00', why: 'starts after National Day when submitted during it' },
    { from: '2026-03-10 10:17', minutes: 0, due: '2026-03-10 10:17', why: 'returns the start for zero minutes' },
  ])('$from + $minutes working minutes → $due ($why)', ({ from, minutes, due }) => {
    expect(fmt(addWorkingMinutes(cal, bj(from), minutes))).toBe(due);
  });

  it('rejects a negative amount', () => {
    expect(() => addWorkingMinutes(cal, bj('2026-03-10 10:00'), -1)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    { a: '2026-03-10 11:50', b: '2026-03-10 13:50', minutes: 30, why: 'lunch does not count' },
    { a: '2026-03-10 00:00', b: '2026-03-11 00:00', minutes: 450, why: 'a full working day is 7.5 hours' },
    { a: '2026-03-14 00:00', b: '2026-03-15 00:00', minutes: 0, why: 'an ordinary Saturday is empty' },
    { a: '2026-02-14 00:00', b: '2026-02-15 00:00', minutes: 450, why: 'a make-up Saturday is a full day' },
    { a: '2026-09-30 17:00', b: '2026-10-08 10:00', minutes: 120, why: 'National Day does not count' },
    { a: '2026-03-11 10:00', b: '2026-03-10 10:00', minutes: 0, why: 'an empty range is zero' },
  ])('counts $minutes minutes from $a to $b ($why)', ({ a, b, minutes }) => {
    expect(workingMinutesBetween(cal, bj(a), bj(b))).toBe(minutes);
  });

  it.each([
    { from: '2026-03-10 09:00', minutes: 1 },
    { from: '2026-03-10 11:59', minutes: 91 },
    { from: '2026-02-13 16:00', minutes: 900 },
    { from: '2026-09-29 14:45', minutes: 30 * 450 },
  ])('is the inverse of addWorkingMinutes from $from for $minutes minutes', ({ from, minutes }) => {
    const start = bj(from);
    expect(workingMinutesBetween(cal, start, addWorkingMinutes(cal, start, minutes))).toBe(minutes);
  });
});

describe('addWorkingDays', () => {
  it.each([
    { from: '2026-03-10 10:00', days: 3, due: '2026-03-13 18:00', why: 'Tuesday + 3 is Friday close of business' },
    { from: '2026-09-30 19:30', days: 3, due: '2026-10-10 18:00', why: 'the evening before National Day: Oct 8, Oct 9 and the make-up Saturday Oct 10' },
    { from: '2026-03-14 10:00', days: 3, due: '2026-03-18 18:00', why: 'a Saturday submission counts from Monday' },
    { from: '2026-02-13 10:00', days: 1, due: '2026-02-14 18:00', why: 'the make-up Saturday is the next working day' },
    { from: '2026-02-14 10:00', days: 1, due: '2026-02-24 18:00', why: 'Spring Festival is skipped' },
    { from: '2026-09-18 10:00', days: 1, due: '2026-09-20 18:00', why: 'the make-up Sunday is the next working day' },
    { from: '2026-10-03 10:00', days: 1, due: '2026-10-08 18:00', why: 'a holiday submission counts from the first day back' },
    { from: '2026-03-14 10:00', days: 0, due: '2026-03-16 18:00', why: 'zero days on a weekend means Monday close of business' },
    { from: '2040-09-28 10:00', days: 3, due: '2040-10-03 18:00', why: 'a year without official data falls back to Mon–Fri' },
  ])('$from + $days working days → $due ($why)', ({ from, days, due }) => {
    expect(fmt(addWorkingDays(cal, bj(from), days))).toBe(due);
  });

  it('computes a 30-working-day deadline in well under a millisecond', () => {
    const runs = 500;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) addWorkingDays(cal, new Date(bj('2026-01-05 10:00').getTime() + i * 3_600_000), 30);
    expect((performance.now() - t0) / runs).toBeLessThan(1);
  });
});

describe('natural time', () => {
  it.each([
    { from: '2026-03-10 10:00', days: 2, due: '2026-03-12 18:00', why: 'ends at close of business of the 2nd day' },
    { from: '2026-03-12 10:00', days: 2, due: '2026-03-16 18:00', why: 'a Saturday deadline moves to Monday' },
    { from: '2026-09-28 10:00', days: 3, due: '2026-10-08 18:00', why: 'a deadline on National Day moves to the first day back' },
    { from: '2026-02-12 10:00', days: 2, due: '2026-02-14 18:00', why: 'a make-up Saturday can be the deadline' },
  ])('$from + $days natural days → $due ($why)', ({ from, days, due }) => {
    expect(fmt(addNaturalDays(cal, bj(from), days))).toBe(due);
  });

  it('adds natural hours straight through nights and holidays', () => {
    expect(fmt(addNaturalHours(bj('2026-09-30 19:30'), 24))).toBe('2026-10-01 19:30');
  });
});

describe('yearsWithoutOfficialData', () => {
  it.each([
    { from: '2026-03-10 10:00', to: '2026-10-10 18:00', years: [] },
    { from: '2026-12-28 10:00', to: '2027-01-08 18:00', years: [2027] },
    { from: '2040-09-28 10:00', to: '2040-10-03 18:00', years: [2040] },
    { from: '2026-12-31 23:30', to: '2026-12-31 23:59', years: [] },
  ])('reports $years for $from … $to', ({ from, to, years }) => {
    expect(yearsWithoutOfficialData(cal, bj(from), bj(to))).toEqual(years);
  });
});

describe('validatePeriods', () => {
  it.each<{ periods: Period[]; codes: string[] }>([
    { periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '18:00' }], codes: [] },
    { periods: [{ start: '00:00', end: '24:00' }], codes: [] },
    { periods: [{ start: '09:00', end: '12:00' }, { start: '12:00', end: '18:00' }], codes: [] },
    { periods: [], codes: ['periods_empty'] },
    { periods: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }], codes: ['period_overlap'] },
    { periods: [{ start: '13:30', end: '18:00' }, { start: '09:00', end: '12:00' }], codes: ['period_unsorted'] },
    { periods: [{ start: '9:00', end: '12:00' }], codes: ['period_invalid'] },
    { periods: [{ start: '14:00', end: '13:00' }], codes: ['period_invalid'] },
    { periods: [{ start: '24:00', end: '24:00' }], codes: ['period_invalid'] },
  ])('returns $codes for $periods', ({ periods, codes }) => {
    expect(validatePeriods(periods)).toEqual(codes);
  });

  it('names the offending period in its issue path', () => {
    const issues = periodIssues([{ start: '09:00', end: '12:00' }, { start: '10:00', end: '11:00' }, { start: 'x', end: '18:00' }]);
    expect(issues.map((i) => `${i.path} ${i.code}`)).toEqual(['periods[2] period_invalid', 'periods[1] period_overlap']);
  });
});

describe('time zones', () => {
  it('reads local parts in the calendar zone', () => {
    expect(localParts(new Date('2026-09-30T16:00:00Z'), 'Asia/Shanghai')).toMatchObject({ date: '2026-10-01', hour: 0, weekday: 4 });
  });

  it.each([
    { date: '2026-03-08', time: '02:30', zone: 'America/New_York', iso: '2026-03-08T07:30:00.000Z', why: 'a time skipped by DST lands after the gap' },
    { date: '2026-11-01', time: '01:30', zone: 'America/New_York', iso: '2026-11-01T05:30:00.000Z', why: 'a repeated time takes the first occurrence' },
    { date: '2026-10-01', time: '18:00', zone: 'Asia/Shanghai', iso: '2026-10-01T10:00:00.000Z', why: 'Beijing is UTC+8' },
    { date: '2026-10-01', time: '24:00', zone: 'Asia/Shanghai', iso: '2026-10-01T16:00:00.000Z', why: '24:00 is the next midnight' },
  ])('zonedTime $date $time $zone → $iso ($why)', ({ date, time, zone, iso }) => {
    expect(zonedTime(date, time, zone).toISOString()).toBe(iso);
  });

  it('keeps close of business at 18:00 local across a DST change', () => {
    const berlin = businessCalendar({ timeZone: 'Europe/Berlin' });
    // Friday before the 2026-03-29 switch to summer time; Monday 18:00 CEST is 16:00 UTC.
    expect(addWorkingDays(berlin, new Date('2026-03-27T09:00:00Z'), 1).toISOString()).toBe('2026-03-30T16:00:00.000Z');
    expect(workingMinutesBetween(berlin, new Date('2026-03-27T16:00:00Z'), new Date('2026-03-30T08:00:00Z'))).toBe(120);
  });
});

describe('local wall-clock time', () => {
  it('agrees with Intl at every instant, across changes of offset (DST, half-hour and 45-minute zones)', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns'];
    const formats = new Map(zones.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })]));
    const intl = (d: Date, timeZone: string) => {
      const f = formats.get(timeZone)!;
      const p = Object.fromEntries(f.formatToParts(d).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
      return [p.year, p.month, p.day, p.hour! % 24, p.minute, p.second];
    };
    // Random instants from 2000 to 2040, and every minute around the 2026 changes in New York and Lord Howe.
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const instants = Array.from({ length: 3000 }, () => Date.UTC(2000, 0, 1) + Math.floor(rnd() * 40 * 365 * 86_400_000));
    for (const around of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6), Date.UTC(2026, 3, 4, 15), Date.UTC(2026, 9, 3, 15, 30)]) {
      for (let m = -90; m <= 90; m++) instants.push(around + m * 60_000 + 17_000);
    }
    for (const timeZone of zones) {
      for (const t of instants) {
        const p = localParts(new Date(t), timeZone);
        expect([p.year, p.month, p.day, p.hour, p.minute, p.second], `${timeZone} ${new Date(t).toISOString()}`).toEqual(intl(new Date(t), timeZone));
      }
    }
  });
});
