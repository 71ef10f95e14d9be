import type { BusinessCalendar } from '../../domain/calendar.ts';
import { nextCheckAt, type Clock, type ClockKind, type ClockState, type SlaTarget, type SlaUnit } from '../../domain/sla.ts';
import type { Db } from '../../store/db.ts';
import type { LadderLevel } from '../../domain/ladder.ts';

/** A row of `case_clocks`: a domain Clock plus what the sweeper remembers about warnings and escalation. */
export interface ClockRow {
  org_id: string;
  case_id: string;
  kind: ClockKind;
  cycle: number;
  policy: string | null;
  target: SlaTarget;
  ladder_id: string | null;
  unit: SlaUnit;
  started_at: Date;
  due_at: Date;
  original_due_at: Date;
  budget: number;
  used: number;
  segment_start: Date | null;
  state: ClockState;
  met_at: Date | null;
  breached_at: Date | null;
  breach_recorded: boolean;
  warned: number[];
  escalation_step: number;
  next_escalation_at: Date | null;
  next_check_at: Date | null;
  extensions: unknown[];
  /** Spans the clock was paused; JSON dates as stored. */
  paused_spans: { from: Date | string; to: Date | string | null }[];
  /** A deadline the customer asked for, recorded when it is sooner than the policy's and so counts. */
  requested_due_at: Date | null;
  /** An extension asked for and not yet decided (who may decide it is in approver_ids). */
  extension_request: ExtensionRequest | null;
}

export interface ExtensionRequest {
  requested_at: string;
  requested_by: string;
  amount: number;
  unit: SlaUnit;
  reason: string;
  approver: string;
  approver_ids: string[];
  event_id: number | null;
}

export const CLOCK_KINDS: readonly ClockKind[] = ['acknowledge', 'first_contact', 'resolve', 'visit', 'clarify'];

export function toClock(r: ClockRow): Clock {
  return {
    kind: r.kind, unit: r.unit, startedAt: r.started_at, dueAt: r.due_at, originalDueAt: r.original_due_at,
    budget: r.budget, used: r.used, segmentStart: r.segment_start, state: r.state, metAt: r.met_at, breachedAt: r.breached_at,
    pausedSpans: (r.paused_spans ?? []).map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) })),
  };
}

/** The row with the clock's fields replaced. */
export function withClock(r: ClockRow, c: Clock): ClockRow {
  return {
    ...r, unit: c.unit, started_at: c.startedAt, due_at: c.dueAt, original_due_at: c.originalDueAt, budget: c.budget,
    used: c.used, segment_start: c.segmentStart, state: c.state, met_at: c.metAt, breached_at: c.breachedAt,
    paused_spans: c.pausedSpans ?? r.paused_spans ?? [],
  };
}

/** A fresh row for a clock that has just started (a new cycle when it replaces an older one). */
export function newClockRow(orgId: string, caseId: string, clock: Clock, target: SlaTarget, policy: string | null, ladderId: string | null, cycle = 1): ClockRow {
  return withClock(
    {
      org_id: orgId, case_id: caseId, kind: clock.kind, cycle, policy, target, ladder_id: ladderId, unit: clock.unit,
      started_at: clock.startedAt, due_at: clock.dueAt, original_due_at: clock.originalDueAt, budget: 0, used: 0,
      segment_start: null, state: 'running', met_at: null, breached_at: null, breach_recorded: false, warned: [],
      escalation_step: 0, next_escalation_at: null, next_check_at: null, extensions: [], paused_spans: [],
      requested_due_at: null, extension_request: null,
    },
    clock,
  );
}

const min = (dates: (Date | null)[]) =>
  dates.reduce<Date | null>((m, d) => (d && (!m || d.getTime() < m.getTime()) ? d : m), null);

/**
 * When the sweeper must next look at a clock: a warning threshold or the due time while running, at once for a
 * breach not yet acted on, the next escalation level after that; never for a paused or stopped clock.
 */
export function nextCheck(cal: BusinessCalendar, r: ClockRow, thresholds: readonly number[], ladder: readonly LadderLevel[], now: Date): Date | null {
  if (r.met_at || !r.segment_start) return null;
  if (r.state === 'running') return nextCheckAt(cal, toClock(r), thresholds, r.warned);
  if (r.state !== 'breached') return null;
  if (!r.breach_recorded) return r.breached_at && r.breached_at.getTime() < now.getTime() ? r.breached_at : now;
  return r.escalation_step < ladder.length ? min([r.next_escalation_at]) : null;
}

const COLUMNS = [
  'org_id', 'case_id', 'kind', 'cycle', 'policy', 'target', 'ladder_id', 'unit', 'started_at', 'due_at', 'original_due_at',
  'budget', 'used', 'segment_start', 'state', 'met_at', 'breached_at', 'breach_recorded', 'warned', 'escalation_step',
  'next_escalation_at', 'next_check_at', 'extensions', 'paused_spans', 'requested_due_at', 'extension_request', 'updated_at',
] as const;
const TYPES: Record<(typeof COLUMNS)[number], string> = {
  org_id: 'uuid', case_id: 'uuid', kind: 'text', cycle: 'int', policy: 'text', target: 'jsonb', ladder_id: 'uuid', unit: 'text',
  started_at: 'timestamptz', due_at: 'timestamptz', original_due_at: 'timestamptz', budget: 'float8', used: 'float8',
  segment_start: 'timestamptz', state: 'text', met_at: 'timestamptz', breached_at: 'timestamptz', breach_recorded: 'bool',
  warned: 'float8[]', escalation_step: 'int', next_escalation_at: 'timestamptz', next_check_at: 'timestamptz', extensions: 'jsonb',
  paused_spans: 'jsonb', requested_due_at: 'timestamptz', extension_request: 'jsonb',
  updated_at: 'timestamptz',
};
const RECORD = COLUMNS.map((c) => `${c} ${TYPES[c]}`).join(', ');

/** One clock row as the JSON record clockUpsertSql reads (Dates become ISO strings). */
function record(r: ClockRow, now: Date): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const c of COLUMNS) o[c] = c === 'updated_at' ? now : c === 'target' || c === 'extensions' || c === 'paused_spans' ? (r[c] ?? []) : (r[c] ?? null);
  return o;
}

/** Inserts or replaces clock rows in one statement (used by the case hook and by the sweeper's batch). */
export async function saveClocks(db: Db, rows: ClockRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const params: unknown[] = [];
  await db.query(clockUpsertSql(rows, now, params), params);
}

/** The upsert of `rows` as SQL, its parameters appended to `params` (so it can also be a CTE of a larger statement,
 * e.g. the registration's, issue 8; `onlyIf`: a condition in that statement, e.g. that its case was written;
 * `newCase`: the statement inserts the case, so the clocks are inserted, never replaced). */
export function clockUpsertSql(rows: ClockRow[], now: Date, params: unknown[], opts: { onlyIf?: string; newCase?: boolean } = {}): string {
  // One JSON parameter for all the rows (not an array per column): one value for the driver to write and PostgreSQL
  // to parse, typed by the record definition.
  params.push(JSON.stringify(rows.map((r) => record(r, now))));
  const insert = `insert into case_clocks (${COLUMNS.join(', ')})
     select ${COLUMNS.join(', ')} from jsonb_to_recordset($${params.length}::jsonb) as t(${RECORD})${opts.onlyIf ? ` where ${opts.onlyIf}` : ''}`;
  // A case being inserted has no clocks to replace: a plain insert (no conflict check, no update triggers).
  if (opts.newCase) return insert;
  return `${insert}
     on conflict (org_id, case_id, kind) do update set ${COLUMNS.filter((c) => !['org_id', 'case_id', 'kind'].includes(c))
       .map((c) => `${c} = excluded.${c}`)
       .join(', ')}`;
}

export const CLOCK_SELECT = `org_id, case_id, kind, cycle, policy, target, ladder_id, unit, started_at, due_at, original_due_at,
  budget, used, segment_start, state, met_at, breached_at, breach_recorded, warned, escalation_step, next_escalation_at,
  next_check_at, extensions, paused_spans, requested_due_at, extension_request`;
