import type { ErrorIssue } from '../contract/errors.ts';
import type { BusinessCalendar } from './calendar.ts';
import { deadlineFor, type SlaTarget } from './sla.ts';

/**
 * Escalation ladders (DOMAIN.md §4) as plain data: department head → unit manager → company complaint center, each
 * level reached a delay after the one below.
 *
 * `cases.escalation_level` is the highest rung (1-based, counted on the case's ladder) that has been told about the
 * case, whatever told it — a breach, a manual escalation, a dissatisfied customer, a crisis, a takeover; 0: none.
 * Every such step is one `escalate` event on the timeline with data { level, target, recipients, trigger, … }. Pure (no I/O); it belongs in domain/ and lives here only
 * because this change may not add files there.
 */

import { ESCALATION_TARGETS, type EscalationTarget } from '../contract/enums.ts';

export { ESCALATION_TARGETS, type EscalationTarget };
export const TOP_TARGET: EscalationTarget = 'complaint_center';

export interface LadderLevel {
  target: EscalationTarget;
  /** Time after the level below was reached (level 1: after the breach). */
  delay: SlaTarget;
}

/**
 * On breach the department head hears first (the handler was already warned at 50 % / 80 % of the time), then the
 * unit manager, then the company complaint center (003 第一篇 三(三), 004 五).
 */
export const DEFAULT_LADDER: readonly LadderLevel[] = [
  { target: 'department_head', delay: { amount: 0, unit: 'natural_hours' } },
  { target: 'unit_manager', delay: { amount: 1, unit: 'working_days' } },
  { target: 'complaint_center', delay: { amount: 1, unit: 'working_days' } },
];

const rank = (t: EscalationTarget) => ESCALATION_TARGETS.indexOf(t);

/** Every issue with a ladder, with its path: it must climb strictly and end at the top (the complaint center). */
export function ladderIssues(levels: readonly LadderLevel[]): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  if (levels.length === 0) issues.push({ path: 'levels', code: 'ladder_empty', message: 'A ladder needs at least one level.' });
  levels.forEach((l, i) => {
    const prev = levels[i - 1];
    if (prev && rank(l.target) <= rank(prev.target)) {
      issues.push({ path: `levels[${i}].target`, code: 'ladder_not_climbing', message: 'Each level must be above the one before it.' });
    }
    if ((l.delay.unit === 'working_days' || l.delay.unit === 'natural_days') && !Number.isInteger(l.delay.amount)) {
      issues.push({ path: `levels[${i}].delay.amount`, code: 'whole_days_only', message: 'Day delays are whole days.' });
    }
  });
  const last = levels[levels.length - 1];
  if (last && last.target !== TOP_TARGET) {
    issues.push({ path: `levels[${levels.length - 1}].target`, code: 'ladder_without_top', message: 'A ladder must end at the company complaint center.' });
  }
  return issues;
}

/** When level `step + 1` (1-based) is due, given the time the level below was reached (or the breach time). */
export function levelDueAt(cal: BusinessCalendar, ladder: readonly LadderLevel[], step: number, from: Date): Date | null {
  const level = ladder[step];
  return level ? deadlineFor(cal, from, level.delay) : null;
}

/**
 * The level a manual escalation reaches from `current` (0 = not escalated): the next one up, skipping the
 * handler level (the handler is who escalates). Null when the case is already at the top.
 */
export function manualLevel(ladder: readonly LadderLevel[], current: number): number | null {
  let level = current + 1;
  while (ladder[level - 1]?.target === 'handler') level++;
  return level <= ladder.length ? level : null;
}
