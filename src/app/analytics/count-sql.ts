import type pg from 'pg';
import type { AnalyticsScope } from '../../contract/analytics.ts';
import { CLOCK_KINDS, emptyCounts, type CaseCounts, type ClockKind } from '../../domain/rates.ts';
import { readPool } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import { visibleCasesWhere } from '../cases/case.policy.ts';

/**
 * The SQL that counts, shared by the raw path (rates-query.ts: the reference, every figure straight from the cases)
 * and the rollup path (rollup-query.ts: full days from analytics_daily, the rest from the cases).
 */

/**
 * Runs one analytics query with JIT off (in its own transaction, `set local`): on the shared 2-core machine the
 * planner's JIT compile of these wide aggregates took ~3.6 s for a 2.5 s query (EXPLAIN ANALYZE, 100k cases).
 */
export async function analyticsMany<T>(db: pg.Pool, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = await analyticsSnapshot(db, async (q) => [await q<T>(sql, params)]);
  return rows!;
}

export type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Runs several analytics queries on one read-only repeatable-read snapshot (JIT off), so they see the same data.
 * `serial`: no parallel workers — for the rollup reads, a few thousand rows where starting workers on a shared
 * 2-core machine cost more than they saved (EXPLAIN ANALYZE at 1M cases: 15 ms with 2 workers, 6 ms without).
 */
export async function analyticsSnapshot<R>(db: pg.Pool, fn: (q: Query) => Promise<R>, opts: { serial?: boolean } = {}): Promise<R> {
  const client = await readPool(db).connect();
  try {
    // One round trip for the three.
    await client.query(`begin isolation level repeatable read read only; set local jit = off${opts.serial ? '; set local max_parallel_workers_per_gather = 0' : ''}`);
    const r = await fn(async <T>(sql: string, params: unknown[]) => (await client.query(sql, params)).rows as T[]);
    await client.query('commit');
    return r;
  } catch (err) {
    await client.query('rollback').catch(() => undefined); // cleanup only: the original error is rethrown
    throw err;
  } finally {
    client.release();
  }
}

/** A case that counts in the process rates: not merged into another, not withdrawn, not invalid or malicious. */
export const VALID = `c.status not in ('merged','withdrawn') and c.validity not in ('invalid','malicious')`;

/**
 * What the actor may see and the list filters (everything of the scope but the period); `c` may be a rollup row.
 * `visibility` replaces what the actor may see by a part of it (scopeSubtreeWhere, ownOutsideSubtreeWhere).
 */
export function filtersWhere(actor: Actor, s: Omit<AnalyticsScope, 'from' | 'to'>, params: unknown[], visibility = visibleCasesWhere): string {
  const where = [visibility(actor, params)];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (s.kind) add((p) => `c.kind = ${p}`, s.kind);
  if (s.channel) add((p) => `c.channel = ${p}`, s.channel);
  if (s.severity) add((p) => `c.severity = ${p}`, s.severity);
  if (s.handler_id) add((p) => `c.handler_id = ${p}`, s.handler_id);
  // The same semantics as the case list (list-cases.ts), so a figure's drill-through lists exactly its cases.
  if (s.category_id) add((p) => `c.category_id = any(array(select id from categories where org_id = c.org_id and (id = ${p} or parent_id = ${p})))`, s.category_id);
  if (s.unit_id) add((p) => `(c.unit_id = any(array(select id from units where org_id = c.org_id and ${p} = any(path))) or c.department_id = ${p})`, s.unit_id);
  return where.join(' and ');
}

/** Registration time (or another time column) within any of the half-open ranges [from, to). */
export function rangesWhere(ranges: readonly (readonly [string, string])[], params: unknown[], column = 'c.created_at'): string {
  if (!ranges.length) return 'false';
  return '(' + ranges.map(([a, b]) => `(${column} >= $${params.push(a)} and ${column} < $${params.push(b)})`).join(' or ') + ')';
}

/** The SQL of the scope: what the actor may see, the period (registration time) and the list filters. */
export function scopeWhere(actor: Actor, s: AnalyticsScope, params: unknown[]): string {
  const where = filtersWhere(actor, s, params);
  params.push(s.from);
  const from = `$${params.length}`;
  params.push(s.to);
  return `${where} and c.created_at >= ${from} and c.created_at < $${params.length}`;
}

/** The counting columns of one group (see CaseCounts; the formulas in docs/analytics.md). */
export const COUNT_COLUMNS = (repeatDaysParam: string) => `
  count(*)::int as registered,
  count(*) filter (where c.status = 'merged')::int as merged,
  count(*) filter (where c.status = 'withdrawn')::int as withdrawn,
  count(*) filter (where c.status <> 'merged' and c.validity = 'invalid')::int as invalid,
  count(*) filter (where c.status <> 'merged' and c.validity = 'malicious')::int as malicious,
  count(*) filter (where ${VALID})::int as valid,
  count(*) filter (where ${VALID} and c.direct_answer)::int as direct_answer,
  count(*) filter (where ${VALID} and (c.resolved_at is not null or c.visited_at is not null))::int as resolved,
  count(*) filter (where ${VALID} and c.visited_at is not null)::int as visited,
  count(*) filter (where ${VALID} and c.visited_at is not null and c.visit_resolved)::int as visit_resolved,
  count(*) filter (where ${VALID} and c.visited_at is not null and c.visit_satisfaction = 'satisfied')::int as visit_satisfied,
  count(*) filter (where ${VALID} and c.visited_at is not null and c.visit_satisfaction = 'basically_satisfied')::int as visit_basically_satisfied,
  count(*) filter (where ${VALID} and c.visited_at is not null and c.visit_satisfaction = 'dissatisfied')::int as visit_dissatisfied,
  count(*) filter (where ${VALID} and c.reopen_count > 0)::int as reopened,
  count(*) filter (where ${VALID} and c.escalation_level > 0)::int as escalated,
  count(*) filter (where ${VALID} and ${REPEAT(repeatDaysParam)})::int as repeat`;

/** A case whose customer had another (not merged) case in the same category within N days before. */
export const REPEAT = (repeatDaysParam: string) => `c.customer_id is not null and c.category_id is not null and exists (
    select 1 from cases p where p.org_id = c.org_id and p.customer_id = c.customer_id and p.category_id = c.category_id
       and p.id <> c.id and p.status <> 'merged' and p.created_at < c.created_at
       and p.created_at >= c.created_at - make_interval(days => ${repeatDaysParam}::int))`;

// `extended` is counted here, over the clocks already joined, rather than by a probe per case in COUNT_COLUMNS.
export const CLOCK_COLUMNS = `count(distinct c.id) filter (where jsonb_array_length(k.extensions) > 0)::int as extended, ` + CLOCK_KINDS.map((k) => `
  count(*) filter (where k.kind = '${k}' and k.state in ('met','breached'))::int as ${k}_ended,
  count(*) filter (where k.kind = '${k}' and k.state = 'met' and k.breached_at is null)::int as ${k}_met`).join(',');

/** The resolve clocks behind the handling time: valid cases, clock ended, in a working-hours unit. */
export const HANDLING_CLOCK = `k.org_id = c.org_id and k.case_id = c.id and k.kind = 'resolve'`;
export const HANDLING_WHERE = `${VALID} and k.state in ('met','breached') and k.unit like 'working%'`;

export type Row = Record<string, number | string | null>;

export function toCounts(r: Row | undefined, k: Row | undefined): CaseCounts {
  const c = emptyCounts();
  if (r) for (const key of Object.keys(c) as (keyof CaseCounts)[]) if (key !== 'clocks') (c[key] as number) = Number(r[key] ?? 0);
  if (k) c.extended = Number(k.extended ?? 0);
  if (k) for (const kind of CLOCK_KINDS) c.clocks[kind as ClockKind] = { ended: Number(k[`${kind}_ended`] ?? 0), met: Number(k[`${kind}_met`] ?? 0) };
  return c;
}

export interface HandlingStats { n: number; mean: number | null; median: number | null; p90: number | null }
export const noHandling = (): HandlingStats => ({ n: 0, mean: null, median: null, p90: null });
/** A breakdown group's handling time: how many and the exact mean (no distribution per group, docs/analytics.md). */
export interface HandlingMean { n: number; mean: number | null }

/**
 * The handling time of a scope: `n` cases and the exact sum of their hours give the mean; the median and p90 come
 * from the distribution of the rounded hours (value → how many, `round_handling_hours`), computed as PostgreSQL
 * computes `percentile_cont(0.5)` (linear interpolation between the two middle rows) and `percentile_disc(0.9)`
 * (the first row whose position reaches ceil(0.9 × n)), so the rollup path gives the raw path's figures.
 */
export function handlingStats(n: number, sum: number, dist: ReadonlyMap<number, number>): HandlingStats {
  if (!n) return noHandling();
  const values = [...dist.entries()].filter(([, k]) => k > 0).sort((a, b) => a[0] - b[0]);
  const at = (row: number) => { // 0-based row of the sorted multiset
    let seen = 0;
    for (const [v, k] of values) {
      seen += k;
      if (row < seen) return v;
    }
    return values.at(-1)![0];
  };
  const pos = 0.5 * (n - 1), lo = Math.floor(pos), hi = Math.ceil(pos);
  const a = at(lo), b = at(hi);
  const median = lo === hi ? a : a + (b - a) * (pos - lo);
  const p90 = at(Math.max(1, Math.ceil(0.9 * n)) - 1);
  return { n, mean: sum / n, median, p90 };
}
