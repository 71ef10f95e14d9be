import { describe, expect, it } from 'vitest';
import { businessCalendar, localParts } from './calendar.ts';
import { officialCalendarRows, officialYears } from './official-holidays.ts';
import { SLA_PRESETS, resolveTargets, type SlaFacts, type SlaFamily } from './sla-presets.ts';
import {
  capClock,
  clockStatus,
  deadlineFor,
  extendClock,
  extensionAllowed,
  markBreached,
  meetClock,
  nextCheckAt,
  pauseClock,
  resumeClock,
  retargetClock,
  startClock,
  warningThresholdsCrossed,
  type SlaTarget,
} from './sla.ts';

const bj = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const fmt = (d: Date | null) => {
  if (!d) return null;
  const p = localParts(d, 'Asia/Shanghai');
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

// 09:00–12:00 and 13:30–18:00 (450 working minutes a day) with mainland China's official days.
const cal = businessCalendar({ days: officialCalendarRows(), knownYears: officialYears() });
const threeWorkingDays: SlaTarget = { amount: 3, unit: 'working_days' };

describe('deadlineFor', () => {
  it.each<{ start: string; target: SlaTarget; due: string }>([
    { start: '2026-03-10 10:00', target: { amount: 3, unit: 'working_days' }, due: '2026-03-13 18:00' },
    { start: '2026-09-30 19:30', target: { amount: 3, unit: 'working_days' }, due: '2026-10-10 18:00' },
    { start: '2026-03-10 11:50', target: { amount: 2, unit: 'working_hours' }, due: '2026-03-10 15:20' },
    { start: '2026-09-30 19:30', target: { amount: 24, unit: 'natural_hours' }, due: '2026-10-01 19:30' },
    { start: '2026-09-28 10:00', target: { amount: 3, unit: 'natural_days' }, due: '2026-10-08 18:00' },
  ])('gives $due for $target.amount $target.unit from $start', ({ start, target, due }) => {
    expect(fmt(deadlineFor(cal, bj(start), target))).toBe(due);
  });
});

describe('a clock', () => {
  it('starts running with the working minutes to its deadline as its budget', () => {
    const clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));
    // Tuesday 10:00–18:00 is 390 minutes, then three full days of 450.
    expect(clock).toMatchObject({ state: 'running', budget: 390 + 3 * 450, used: 0 });
    expect(fmt(clock.dueAt)).toBe('2026-03-13 18:00');
  });

  it('adds the working time lost while suspended across a holiday to the deadline', () => {
    let clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-09-28 10:00'));
    expect(fmt(clock.dueAt)).toBe('2026-10-08 18:00');
    clock = pauseClock(cal, clock, bj('2026-09-30 16:00'));
    expect(clock.used).toBe(390 + 450 + 330);
    clock = resumeClock(cal, clock, bj('2026-10-09 10:00'));
    // 570 minutes left: Friday Oct 9 10:00–18:00 (390), then 180 on the make-up Saturday morning.
    expect(fmt(clock.dueAt)).toBe('2026-10-10 12:00');
    expect(fmt(clock.originalDueAt)).toBe('2026-10-08 18:00');
  });

  it.each([
    { pause: '2026-10-02 10:00', resume: '2026-10-06 15:00', why: 'a pause entirely inside National Day' },
    { pause: '2026-09-30 19:00', resume: '2026-10-08 08:30', why: 'a pause from after hours to before opening' },
  ])('keeps the deadline after $why', ({ pause, resume }) => {
    const started = startClock(cal, 'resolve', threeWorkingDays, bj('2026-09-28 10:00'));
    const clock = resumeClock(cal, pauseClock(cal, started, bj(pause)), bj(resume));
    expect(clock.dueAt).toEqual(started.dueAt);
  });

  it('stops a natural-hours clock for exactly as long as it is suspended', () => {
    let clock = startClock(cal, 'resolve', { amount: 24, unit: 'natural_hours' }, bj('2026-03-10 10:00'));
    clock = pauseClock(cal, clock, bj('2026-03-10 12:00'));
    clock = resumeClock(cal, clock, bj('2026-03-11 09:00'));
    expect(fmt(clock.dueAt)).toBe('2026-03-12 07:00');
  });

  it('ignores pausing a paused clock and resuming a running one', () => {
    const running = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));
    const paused = pauseClock(cal, running, bj('2026-03-11 10:00'));
    expect(pauseClock(cal, paused, bj('2026-03-12 10:00'))).toBe(paused);
    expect(resumeClock(cal, running, bj('2026-03-12 10:00'))).toBe(running);
  });

  it('moves the deadline on an extension but keeps the original due time', () => {
    let clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));
    clock = extendClock(cal, clock, { amount: 4, unit: 'working_days' }, bj('2026-03-12 16:00'));
    expect(fmt(clock.dueAt)).toBe('2026-03-19 18:00');
    expect(fmt(clock.originalDueAt)).toBe('2026-03-13 18:00');
    expect(clock.budget).toBe(1740 + 4 * 450);
    // The extension survives a later suspension: one working hour paused moves the deadline by one hour.
    clock = resumeClock(cal, pauseClock(cal, clock, bj('2026-03-16 09:00')), bj('2026-03-16 10:00'));
    expect(fmt(clock.dueAt)).toBe('2026-03-20 10:00');
  });

  it.each<{ total: string; extensions: SlaTarget[]; allowed: boolean }>([
    { total: '4 days at once', extensions: [{ amount: 4, unit: 'working_days' }], allowed: true },
    { total: '2 + 2 days', extensions: [{ amount: 2, unit: 'working_days' }, { amount: 2, unit: 'working_days' }], allowed: true },
    { total: '4 + 1 days', extensions: [{ amount: 4, unit: 'working_days' }, { amount: 1, unit: 'working_days' }], allowed: false },
    { total: '5 days at once', extensions: [{ amount: 5, unit: 'working_days' }], allowed: false },
  ])('allows extensions of $total within 7 working days in all: $allowed', ({ extensions, allowed }) => {
    let clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));
    let ok = true;
    for (const extra of extensions) {
      ok &&= extensionAllowed(cal, clock, extra, { amount: 4, unit: 'working_days' });
      clock = extendClock(cal, clock, extra, bj('2026-03-12 16:00'));
    }
    expect(ok).toBe(allowed);
  });

  it('keeps the time already used when the severity changes', () => {
    let clock = startClock(cal, 'resolve', { amount: 2, unit: 'natural_days' }, bj('2026-03-10 10:00'));
    clock = pauseClock(cal, clock, bj('2026-03-10 12:00'));
    clock = resumeClock(cal, clock, bj('2026-03-11 12:00'));
    clock = retargetClock(cal, clock, { amount: 10, unit: 'natural_days' }, bj('2026-03-11 14:00'));
    expect(clock.used).toBe(240);
    expect(fmt(clock.originalDueAt)).toBe('2026-03-20 18:00');
    // The new limit from the start, plus the 24 hours the clock was suspended.
    expect(fmt(clock.dueAt)).toBe('2026-03-21 18:00');
    expect(clock.state).toBe('running');
  });

  it('converts used time into working minutes when the unit changes', () => {
    let clock = startClock(cal, 'resolve', { amount: 24, unit: 'natural_hours' }, bj('2026-03-10 10:00'));
    clock = retargetClock(cal, clock, threeWorkingDays, bj('2026-03-10 14:00'));
    expect(clock).toMatchObject({ unit: 'working_days', used: 150, budget: 1740 });
    expect(fmt(clock.dueAt)).toBe('2026-03-13 18:00');
  });

  it('keeps a paused clock paused when retargeted', () => {
    let clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));
    clock = pauseClock(cal, clock, bj('2026-03-10 11:00'));
    clock = retargetClock(cal, clock, { amount: 5, unit: 'working_days' }, bj('2026-03-12 10:00'));
    expect(clock).toMatchObject({ state: 'paused', segmentStart: null, used: 60, budget: 390 + 5 * 450 });
  });
});

describe('triage keeps the working time used, exactly', () => {
  it('does not add the off-hours gap between registration and a 01:52 triage (deadline stays 18:00)', () => {
    // Registered Tuesday 17:00 on 3 working days, triaged at 01:52 to 2 working days: 60 working minutes were used
    // (17:00–18:00), none at night, so the deadline is what 2 working days from 17:00 give: Thursday 18:00.
    let clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 17:00'));
    clock = retargetClock(cal, clock, { amount: 2, unit: 'working_days' }, bj('2026-03-11 01:52'));
    expect(fmt(clock.dueAt)).toBe('2026-03-12 18:00');
    expect(clock.used).toBe(60);
  });

  it('measures the time used again in the new unit from the start, so the deadline is the new limit from the start', () => {
    let clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 17:00'));
    clock = retargetClock(cal, clock, { amount: 2, unit: 'natural_days' }, bj('2026-03-11 01:52'));
    expect(fmt(clock.dueAt)).toBe('2026-03-12 18:00');
    expect(clock.used).toBe(8 * 60 + 52);
    expect(clock.state).toBe('running');
    expect(clock.breachedAt).toBeNull();
  });

  it('breaches a clock AT the recomputed deadline when it has already passed, not at the triage instant', () => {
    let clock = startClock(cal, 'resolve', { amount: 10, unit: 'natural_days' }, bj('2026-03-10 10:00'));
    clock = retargetClock(cal, clock, { amount: 2, unit: 'natural_days' }, bj('2026-03-13 09:00'));
    expect(clock.state).toBe('breached');
    expect(fmt(clock.breachedAt)).toBe('2026-03-12 18:00');
    expect(fmt(clock.dueAt)).toBe('2026-03-12 18:00');
  });

  it('leaves the paused spans out when measuring again after a suspension', () => {
    let clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));
    clock = pauseClock(cal, clock, bj('2026-03-10 12:00'));
    clock = resumeClock(cal, clock, bj('2026-03-11 12:00'));
    clock = retargetClock(cal, clock, { amount: 2, unit: 'natural_days' }, bj('2026-03-11 14:00'));
    // 2 h before the pause and 2 h after it: 240 elapsed minutes; the 24 h suspension is left out.
    expect(clock.used).toBe(240);
    expect(fmt(clock.dueAt)).toBe('2026-03-13 18:00');
  });
});

describe('limits', () => {
  it.each([
    { at: '2026-03-10 10:00', due: '2026-03-10 18:00', why: 'the same working day, before the shift ends' },
    { at: '2026-03-10 19:00', due: '2026-03-11 18:00', why: 'after hours: the next working day' },
    { at: '2026-09-30 19:30', due: '2026-10-08 18:00', why: 'before National Day: the first working day after it' },
  ])('ends a same-day limit ($at) at $due ($why)', ({ at, due }) => {
    expect(fmt(deadlineFor(cal, bj(at), { amount: 1, unit: 'end_of_working_day' }))).toBe(due);
  });

  it('counts a deadline the customer asked for when it is sooner than the policy', () => {
    let clock = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));
    clock = capClock(cal, clock, bj('2026-03-11 12:00'), bj('2026-03-10 10:00'));
    expect(fmt(clock.dueAt)).toBe('2026-03-11 12:00');
    expect(clock.budget).toBe(390 + 180);
    const later = capClock(cal, startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00')), bj('2026-04-01 12:00'), bj('2026-03-10 10:00'));
    expect(fmt(later.dueAt)).toBe('2026-03-13 18:00');
  });
});

describe('clockStatus', () => {
  const started = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));

  it.each([
    { now: '2026-03-10 10:00', state: 'running', remaining: 1740, breachedAt: null },
    { now: '2026-03-11 18:00', state: 'running', remaining: 900, breachedAt: null },
    { now: '2026-03-13 18:00', state: 'running', remaining: 0, breachedAt: null },
    { now: '2026-03-14 10:00', state: 'breached', remaining: 0, breachedAt: '2026-03-13 18:00' },
    { now: '2026-03-16 10:00', state: 'breached', remaining: -60, breachedAt: '2026-03-13 18:00' },
  ])('reads $state with $remaining minutes left at $now', ({ now, state, remaining, breachedAt }) => {
    const status = clockStatus(cal, started, bj(now));
    expect(status).toMatchObject({ state, remaining });
    expect(fmt(status.breachedAt)).toBe(breachedAt);
    expect(status.fraction).toBeCloseTo((1740 - remaining) / 1740);
  });

  it('shows a paused clock with the deadline it would have if resumed now', () => {
    const paused = pauseClock(cal, started, bj('2026-03-11 18:00'));
    const status = clockStatus(cal, paused, bj('2026-03-16 09:00'));
    expect(status).toMatchObject({ state: 'paused', remaining: 900 });
    expect(fmt(status.dueAt)).toBe('2026-03-17 18:00');
  });

  it.each([
    { at: '2026-03-13 18:00', state: 'met', breachedAt: null },
    { at: '2026-03-16 09:30', state: 'breached', breachedAt: '2026-03-13 18:00' },
  ])('records a clock met at $at as $state', ({ at, state, breachedAt }) => {
    const met = meetClock(started, bj(at), cal);
    expect(met).toMatchObject({ state, segmentStart: null });
    expect(fmt(met.metAt)).toBe(at);
    expect(fmt(met.breachedAt)).toBe(breachedAt);
    expect(clockStatus(cal, met, bj('2026-04-01 10:00')).state).toBe(state);
  });

  it('is marked breached by the sweeper only after the due time', () => {
    expect(markBreached(started, bj('2026-03-13 18:00')).state).toBe('running');
    expect(markBreached(started, bj('2026-03-13 18:01'))).toMatchObject({ state: 'breached', breachedAt: started.dueAt });
  });

  it('returns to running when an extension is granted after a breach, keeping the breach on record', () => {
    const breached = markBreached(started, bj('2026-03-16 09:00'));
    const extended = extendClock(cal, breached, { amount: 2, unit: 'working_days' }, bj('2026-03-16 09:00'));
    expect(extended.state).toBe('running');
    expect(fmt(extended.dueAt)).toBe('2026-03-17 18:00');
    expect(fmt(extended.breachedAt)).toBe('2026-03-13 18:00');
  });
});

describe('warnings', () => {
  it.each([
    { fraction: 0.2, crossed: [] },
    { fraction: 0.5, crossed: [0.5] },
    { fraction: 0.85, crossed: [0.5, 0.8] },
    { fraction: 1.3, crossed: [0.5, 0.8] },
  ])('at $fraction of the time, thresholds $crossed are crossed', ({ fraction, crossed }) => {
    expect(warningThresholdsCrossed(fraction, [0.8, 0.5])).toEqual(crossed);
  });

  const started = startClock(cal, 'resolve', threeWorkingDays, bj('2026-03-10 10:00'));
  it.each([
    // 50 % of 1740 is 870 minutes: Tuesday 390 + Wednesday 450 + 30 on Thursday.
    { warned: [], next: '2026-03-12 09:30' },
    // 80 % is 1392 minutes: 1290 by Thursday evening + 102 on Friday.
    { warned: [0.5], next: '2026-03-13 10:42' },
    { warned: [0.5, 0.8], next: '2026-03-13 18:00' },
  ])('checks the clock next at $next when $warned are already warned', ({ warned, next }) => {
    expect(fmt(nextCheckAt(cal, started, [0.5, 0.8], warned))).toBe(next);
  });

  it.each([
    { name: 'paused', clock: pauseClock(cal, started, bj('2026-03-11 10:00')) },
    { name: 'met', clock: meetClock(started, bj('2026-03-11 10:00'), cal) },
    { name: 'breached', clock: markBreached(started, bj('2026-03-16 10:00')) },
  ])('does not schedule a check for a $name clock', ({ clock }) => {
    expect(nextCheckAt(cal, clock, [0.5, 0.8], [])).toBeNull();
  });
});

describe('SLA presets: one family per organisation, triage picks a row within it', () => {
  it.each<{ name: string; family: SlaFamily; facts: SlaFacts; resolve: string; firstContact?: string; preset: string; maxExtension: SlaTarget | null }>([
    { name: 'a general complaint', family: 'general', facts: { kind: 'complaint', unitKind: 'project' }, resolve: '3 working_days', preset: 'general_complaint', maxExtension: { amount: 4, unit: 'working_days' } },
    { name: 'a general complaint triaged minor (never 004\'s 2 natural days)', family: 'general', facts: { kind: 'complaint', severity: 'minor' }, resolve: '3 working_days', preset: 'general_complaint', maxExtension: { amount: 4, unit: 'working_days' } },
    { name: 'a general complaint triaged major', family: 'general', facts: { kind: 'complaint', severity: 'major' }, resolve: '3 working_days', preset: 'general_complaint', maxExtension: { amount: 4, unit: 'working_days' } },
    { name: 'an inquiry', family: 'general', facts: { kind: 'inquiry', unitKind: 'project' }, resolve: '24 natural_hours', preset: 'inquiry', maxExtension: null },
    { name: 'a property inquiry triaged minor (never 2 days)', family: 'property', facts: { kind: 'inquiry', severity: 'minor' }, resolve: '24 natural_hours', preset: 'inquiry', maxExtension: null },
    { name: 'a minor property complaint', family: 'property', facts: { kind: 'complaint', severity: 'minor' }, resolve: '2 natural_days', preset: 'minor', maxExtension: { amount: 3, unit: 'natural_days' } },
    { name: 'an important property complaint', family: 'property', facts: { kind: 'complaint', severity: 'important' }, resolve: '3 natural_days', preset: 'important', maxExtension: { amount: 7, unit: 'natural_days' } },
    { name: 'a major property complaint', family: 'property', facts: { kind: 'complaint', severity: 'major' }, resolve: '10 natural_days', firstContact: '2 natural_days', preset: 'major', maxExtension: null },
    { name: 'a store complaint of an agency chain', family: 'agency_chain', facts: { kind: 'complaint', severity: 'minor', unitKind: 'store' }, resolve: '5 working_days', preset: 'real_estate_store', maxExtension: null },
    { name: 'a media exposure of a store (its clarify clock apart)', family: 'agency_chain', facts: { kind: 'complaint', channel: 'media', unitKind: 'store' }, resolve: '5 working_days', preset: 'real_estate_store', maxExtension: null },
    { name: 'a restaurant 一类 complaint', family: 'restaurant', facts: { kind: 'complaint', severity: 'minor' }, resolve: '1 end_of_working_day', preset: 'restaurant_complaint', maxExtension: null },
  ])('gives $name a resolve limit of $resolve (preset $preset)', ({ family, facts, resolve, firstContact, preset, maxExtension }) => {
    const resolved = resolveTargets(SLA_PRESETS, facts, family);
    const show = (t?: SlaTarget) => (t ? `${t.amount} ${t.unit}` : undefined);
    expect(show(resolved.targets.resolve)).toBe(resolve);
    expect(show(resolved.targets.first_contact)).toBe(firstContact);
    expect(resolved.presets.resolve).toBe(preset);
    expect(resolved.maxExtension).toEqual(maxExtension);
    expect(show(resolved.targets.visit)).toBe('24 natural_hours');
  });

  it('gives a media exposure 5 days to clarify, in every family (003 第一篇 二(一))', () => {
    for (const family of ['general', 'property', 'agency_chain', 'restaurant'] as const) {
      expect(resolveTargets(SLA_PRESETS, { kind: 'complaint', channel: 'media' }, family).targets.clarify).toEqual({ amount: 5, unit: 'natural_days' });
    }
  });

  it('names the project manager for a minor property extension and the company manager for an important one (004 五)', () => {
    expect(resolveTargets(SLA_PRESETS, { kind: 'complaint', severity: 'minor' }, 'property').extensionApprover).toBe('project_manager');
    expect(resolveTargets(SLA_PRESETS, { kind: 'complaint', severity: 'important' }, 'property').extensionApprover).toBe('company_manager');
  });
});
