import type pg from 'pg';
import { AppError, type ErrorIssue } from '../../contract/errors.ts';
import { workingMinutesBetween, yearsWithoutOfficialData, type BusinessCalendar } from '../../domain/calendar.ts';
import { clockStatus, type ClockKind } from '../../domain/sla.ts';
import { many } from '../../store/db.ts';
import type { ExtraFilter } from '../cases/list-cases.ts';
import type { Actor } from '../context.ts';
import { calendarMemo } from './calendars.ts';
import { CLOCK_SELECT, toClock, type ClockRow } from './clock-row.ts';
import { mediaExposures, type MediaExposure } from './media-exposure.ts';

export interface ClockView {
  state: 'running' | 'paused' | 'met' | 'breached';
  policy: string | null;
  target: ClockRow['target'];
  started_at: Date;
  due_at: Date;
  original_due_at: Date;
  met_at: Date | null;
  breached_at: Date | null;
  /** Minutes left in the clock's own measure (working minutes for working_* targets); negative when overdue. */
  remaining_minutes: number | null;
  /** Working minutes between now and the due time on the case's calendar; negative when overdue. */
  remaining_working_minutes: number | null;
  escalation_level: number;
  extensions: unknown[];
  /** A deadline the customer asked for; set when it is sooner than the policy's and is the one that counts. */
  requested_due_at: Date | null;
  /** What set `due_at`: the policy, or the customer's requested deadline (004 五 "或按客户要求的期限"). */
  deadline_source: 'policy' | 'customer_request';
  /** An extension asked for and waiting for the person the policy names. */
  extension_request: ClockRow['extension_request'];
}

export interface SlaView {
  clocks: Partial<Record<ClockKind, ClockView>>;
  escalation_level: number;
  /** Deadlines that fall in a year without official holiday data (the calendar falls back to Mon–Fri). */
  calendar_warnings: { code: 'no_official_calendar'; year: number; clock: ClockKind }[];
  /** A media exposure's verdict, clarification and whether it is treated as true (003 第一篇 二(一)). */
  media_exposure?: MediaExposure;
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The `sla` field of case views: every clock's state, due time, original due time, breach time and the working
 * time left, read at `now` (a running clock past its due time reads as breached before the sweeper gets to it).
 */
export async function slaViews(pool: pg.Pool, actor: Actor, ids: string[], now: Date): Promise<Map<string, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  const [clocks, cases, media] = await Promise.all([
    many<ClockRow>(pool, `select ${CLOCK_SELECT} from case_clocks where org_id = $1 and case_id = any($2::uuid[])`, [actor.orgId, ids]),
    many<{ id: string; unit_id: string; escalation_level: number }>(pool, 'select id, unit_id, escalation_level from cases where org_id = $1 and id = any($2::uuid[])', [actor.orgId, ids]),
    mediaExposures(pool, actor.orgId, ids),
  ]);
  const calendar = calendarMemo(pool);
  return slaViewsOf(cases, clocks, media, (unitId) => calendar(actor.orgId, unitId), now);
}

/** The `sla` field of case views from what is in hand: the cases, their clocks and media exposures (a registration
 * answers with what it has just written, issue 8). */
export async function slaViewsOf(
  cases: { id: string; unit_id: string; escalation_level: number }[], clocks: ClockRow[], media: Map<string, MediaExposure>,
  calendar: (unitId: string | null) => Promise<BusinessCalendar>, now: Date,
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const views = new Map<string, SlaView>();
  for (const c of cases) views.set(c.id, { clocks: {}, escalation_level: c.escalation_level, calendar_warnings: [] });
  const unitOf = new Map(cases.map((c) => [c.id, c.unit_id]));
  for (const r of clocks) {
    const view = views.get(r.case_id);
    if (!view) continue;
    const cal = await calendar(unitOf.get(r.case_id) ?? null);
    const s = clockStatus(cal, toClock(r), now);
    const open = !r.met_at;
    const working = !open ? null : s.dueAt.getTime() >= now.getTime() ? workingMinutesBetween(cal, now, s.dueAt) : -workingMinutesBetween(cal, s.dueAt, now);
    view.clocks[r.kind] = {
      state: s.state, policy: r.policy, target: r.target, started_at: r.started_at, due_at: s.dueAt, original_due_at: r.original_due_at,
      met_at: r.met_at, breached_at: s.breachedAt, remaining_minutes: open ? round(s.remaining) : null,
      remaining_working_minutes: working === null ? null : round(working), escalation_level: r.escalation_step, extensions: r.extensions,
      requested_due_at: r.requested_due_at, deadline_source: r.requested_due_at ? 'customer_request' : 'policy', extension_request: r.extension_request,
    };
    if (open) {
      for (const year of yearsWithoutOfficialData(cal, r.started_at, s.dueAt)) view.calendar_warnings.push({ code: 'no_official_calendar', year, clock: r.kind });
    }
  }
  for (const [id, m] of media) {
    const v = views.get(id);
    if (v) v.media_exposure = m;
  }
  for (const [id, v] of views) out.set(id, { sla: v, escalation_level: v.escalation_level });
  return out;
}

export const CLOCK_STATES = ['running', 'paused', 'met', 'breached'] as const;

/** SQL, on a clock `k`, for each state as `slaViews` reports it at the time in `now`. */
const STATE_SQL: Record<(typeof CLOCK_STATES)[number], (now: () => string) => string> = {
  running: (now) => `k.met_at is null and k.state = 'running' and k.due_at >= ${now()}`,
  paused: () => `k.met_at is null and k.state = 'paused'`,
  met: () => `k.state = 'met'`,
  breached: (now) => `(k.state = 'breached' or (k.state = 'running' and k.due_at < ${now()}))`,
};

const clockExists = (where: string) => `exists (select 1 from case_clocks k where k.org_id = c.org_id and k.case_id = c.id and ${where})`;
const CLOCK_NAMES = ['acknowledge', 'first_contact', 'resolve', 'visit'] as const;

/**
 * The case-list filters SLA adds: `overdue=1` (any clock past due and not met), `due_within_hours=N` (any running
 * clock due in the next N hours), `escalated=1`, `clock_state=running|paused|met|breached` (comma-separated for
 * several) of the resolve clock, or of `clock=acknowledge|first_contact|resolve|visit`. Takes them out of the query
 * and returns SQL predicates on the cases alias `c`.
 * @throws validation_failed listing every bad value
 */
export function slaListFilters(query: Record<string, unknown>, now: () => Date): { filters: ExtraFilter[]; rest: Record<string, unknown> } {
  const { overdue, due_within_hours, escalated, clock_state, clock, ...rest } = query;
  const issues: ErrorIssue[] = [];
  const filters: ExtraFilter[] = [];
  const flag = (name: string, v: unknown) => {
    if (v === undefined) return null;
    if (v === '1' || v === 'true') return true;
    if (v === '0' || v === 'false') return false;
    issues.push({ path: name, code: 'invalid_value', message: '1 or 0' });
    return null;
  };
  const param = (params: unknown[], v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const at = now();
  const o = flag('overdue', overdue);
  if (o !== null) filters.push((p) => `${o ? '' : 'not '}${clockExists(STATE_SQL.breached(() => `${param(p, at)}::timestamptz`) + ' and k.met_at is null')}`);
  if (due_within_hours !== undefined) {
    const hours = Number(due_within_hours);
    if (typeof due_within_hours !== 'string' || !(hours > 0 && hours <= 24 * 366)) issues.push({ path: 'due_within_hours', code: 'invalid_value', message: '0 < hours ≤ 8784' });
    else filters.push((p) => clockExists(`k.met_at is null and k.state = 'running' and k.due_at >= ${param(p, at)}::timestamptz and k.due_at <= ${param(p, new Date(at.getTime() + hours * 3_600_000))}::timestamptz`));
  }
  const e = flag('escalated', escalated);
  if (e !== null) filters.push(() => (e ? 'c.escalation_level > 0' : 'c.escalation_level = 0'));
  const kind = clock === undefined ? 'resolve' : String(clock);
  if (!(CLOCK_NAMES as readonly string[]).includes(kind)) issues.push({ path: 'clock', code: 'invalid_value', message: CLOCK_NAMES.join('|') });
  if (clock_state !== undefined) {
    const states = typeof clock_state === 'string' ? clock_state.split(',').map((s) => s.trim()) : [];
    const bad = states.length === 0 || states.some((s) => !(CLOCK_STATES as readonly string[]).includes(s));
    if (bad) issues.push({ path: 'clock_state', code: 'invalid_value', message: CLOCK_STATES.join('|') });
    else {
      filters.push((p) => {
        const k = param(p, kind);
        return `(${states.map((s) => clockExists(`k.kind = ${k} and ${STATE_SQL[s as (typeof CLOCK_STATES)[number]](() => `${param(p, at)}::timestamptz`)}`)).join(' or ')})`;
      });
    }
  }
  if (issues.length > 0) throw new AppError('validation_failed', issues);
  return { filters, rest };
}
