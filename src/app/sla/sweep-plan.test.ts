import { describe, expect, it } from 'vitest';
import { businessCalendar } from '../../domain/calendar.ts';
import { officialCalendarRows, officialYears } from '../../domain/official-holidays.ts';
import { startClock } from '../../domain/sla.ts';
import { newClockRow } from './clock-row.ts';
import { DEFAULT_LADDER, ladderIssues, manualLevel } from '../../domain/ladder.ts';
import { planSweep } from './sweep-plan.ts';

const bj = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const cal = businessCalendar({ days: officialCalendarRows(), knownYears: officialYears() });
const row = () => newClockRow('org', 'case', startClock(cal, 'resolve', { amount: 3, unit: 'working_days' }, bj('2026-03-10 10:00')), { amount: 3, unit: 'working_days' }, 'general_complaint', null);

describe('planning a sweep of one clock', () => {
  it('warns once per threshold, then breaches and escalates level by level', () => {
    let r = row();
    let p = planSweep(cal, r, [0.5, 0.8], DEFAULT_LADDER, bj('2026-03-12 11:00'));
    expect(p.steps).toEqual([{ type: 'warning', threshold: 0.5 }]);
    r = p.row;
    expect(planSweep(cal, r, [0.5, 0.8], DEFAULT_LADDER, bj('2026-03-12 11:01')).steps).toEqual([]);
    p = planSweep(cal, r, [0.5, 0.8], DEFAULT_LADDER, bj('2026-03-13 18:01'));
    // Level 1 is the department head, at once (the handler was warned at 50 % and 80 %).
    expect(p.steps).toEqual([{ type: 'breach', dueAt: bj('2026-03-13 18:00') }, { type: 'escalate', level: 1, target: 'department_head', scheduledAt: bj('2026-03-13 18:00') }]);
    expect(p.row.next_check_at).toEqual(bj('2026-03-16 18:00')); // the unit manager one working day later
  });

  it('catches up every level due after downtime at once, and then has nothing left to do', () => {
    const p = planSweep(cal, row(), [0.5, 0.8], DEFAULT_LADDER, bj('2026-04-01 09:00'));
    expect(p.steps.map((s) => (s.type === 'escalate' ? s.level : s.type))).toEqual(['breach', 1, 2, 3]);
    expect(p.row.next_check_at).toBeNull();
    expect(planSweep(cal, p.row, [0.5, 0.8], DEFAULT_LADDER, bj('2026-05-01 09:00')).steps).toEqual([]);
  });
});

describe('escalation ladders', () => {
  it('must climb and end at the company complaint center', () => {
    expect(ladderIssues(DEFAULT_LADDER)).toEqual([]);
    expect(ladderIssues(DEFAULT_LADDER.slice(0, 2)).map((i) => i.code)).toEqual(['ladder_without_top']);
  });

  it('climbs on breach from the department head to the unit manager to the complaint center (003 第一篇 三(三), 004 五)', () => {
    expect(DEFAULT_LADDER.map((l) => l.target)).toEqual(['department_head', 'unit_manager', 'complaint_center']);
  });

  it('takes a manual escalation one level at a time, to the top', () => {
    expect([0, 1, 2, 3].map((l) => manualLevel(DEFAULT_LADDER, l))).toEqual([1, 2, 3, null]);
    const withHandler = [{ target: 'handler' as const, delay: { amount: 0, unit: 'natural_hours' as const } }, ...DEFAULT_LADDER];
    expect(manualLevel(withHandler, 0)).toBe(2);
  });
});
