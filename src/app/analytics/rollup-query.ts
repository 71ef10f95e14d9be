import type { AnalyticsScope } from '../../contract/analytics.ts';
import { emptyCounts, type CaseCounts } from '../../domain/rates.ts';
import type { Actor } from '../context.ts';
import { isOrgWide } from '../cases/case.policy.ts';
import { CLOCK_COLUMNS, COUNT_COLUMNS, filtersWhere, HANDLING_CLOCK, HANDLING_WHERE, rangesWhere, toCounts, type Query, type Row } from './count-sql.ts';
import { groupingSetFor, maskOf, rollupUsable, SUM_COLUMNS, type Dim } from './rollup.ts';

/**
 * The rollup path of the analytics queries: a period [from, to) is cut into the local days it holds whole — read
 * from analytics_daily — and the rest — the partial days at its ends and any day the triggers noted as changed
 * since its rollup was built — counted from the raw cases with the raw path's SQL. The two are added, so every
 * figure equals the raw computation (test/analytics-rollup.test.ts); only the amount of raw work shrinks.
 */

/** More changed days than this in one period: the rollup is far behind (bulk load), read everything raw. */
const MAX_DIRTY_DAYS = 62;

export interface SpanPlan {
  /** Whole local days [dayFrom, dayTo) read from the rollup, except `dirty`. */
  dayFrom: string | null;
  dayTo: string | null;
  dirty: string[];
  /** Read from the raw cases: the partial days at the ends and the dirty days. */
  ranges: [string, string][];
}

/** How a period splits between the rollup and the raw cases, in the organisation's time zone. */
export async function planSpan(q: Query, orgId: string, tz: string, from: string, to: string): Promise<SpanPlan | null> {
  const [b] = await q<{ d1: string; d2: string; s1: Date; s2: Date; whole: boolean }>(
    `with b as (select ($2::timestamptz at time zone $1)::date as f0, ($3::timestamptz at time zone $1)::date as d2),
          c as (select case when (f0::timestamp at time zone $1) >= $2::timestamptz then f0 else f0 + 1 end as d1, d2 from b)
     select d1::text, d2::text, d1::timestamp at time zone $1 as s1, d2::timestamp at time zone $1 as s2, d1 < d2 as whole from c`,
    [tz, from, to],
  );
  if (!b?.whole) return { dayFrom: null, dayTo: null, dirty: [], ranges: [[from, to]] };
  const dirty = await q<{ day: string; s: Date; e: Date }>(
    `select day::text, day::timestamp at time zone $2 as s, (day + 1)::timestamp at time zone $2 as e
       from (select distinct day from analytics_dirty where org_id = $1 and day >= $3::date and day < $4::date) d order by day`,
    [orgId, tz, b.d1, b.d2],
  );
  if (dirty.length > MAX_DIRTY_DAYS) return null;
  const raw: [Date, Date][] = [];
  if (b.s1.getTime() > new Date(from).getTime()) raw.push([new Date(from), b.s1]);
  for (const d of dirty) raw.push([d.s, d.e]);
  if (new Date(to).getTime() > b.s2.getTime()) raw.push([b.s2, new Date(to)]);
  // Adjacent ranges joined: fewer ORs for the planner.
  const ranges: [Date, Date][] = [];
  for (const r of raw) {
    const last = ranges.at(-1);
    if (last && last[1].getTime() === r[0].getTime()) last[1] = r[1];
    else ranges.push([r[0], r[1]]);
  }
  return { dayFrom: b.d1, dayTo: b.d2, dirty: dirty.map((d) => d.day), ranges: ranges.map(([a, z]) => [a.toISOString(), z.toISOString()]) };
}

/** The dimensions a scope's filters and the caller's visibility need in a rollup row. */
export function scopeDims(actor: Actor, s: Omit<AnalyticsScope, 'from' | 'to'>): Dim[] {
  const d: Dim[] = [];
  if (!isOrgWide(actor)) d.push('unit_id', 'department_id', 'handler_id', 'first_responder_id');
  if (s.kind) d.push('kind');
  if (s.channel) d.push('channel');
  if (s.severity) d.push('severity');
  if (s.handler_id) d.push('handler_id');
  if (s.category_id) d.push('category_id');
  if (s.unit_id) d.push('unit_id', 'department_id');
  return d;
}

/** The rollup rows of a plan's whole days, as SQL over alias `c`: the from-list and the where (appends params). */
export function rollupWhere(actor: Actor, s: Omit<AnalyticsScope, 'from' | 'to'>, plan: SpanPlan, dims: readonly Dim[], params: unknown[]): string {
  const where = filtersWhere(actor, s, params);
  const gset = maskOf(groupingSetFor([...dims, ...scopeDims(actor, s)]));
  return `${where} and c.gset = $${params.push(gset)} and c.day >= $${params.push(plan.dayFrom)}::date and c.day < $${params.push(plan.dayTo)}::date
    and c.day <> all($${params.push(plan.dirty)}::date[])`;
}

export type Source = 'raw' | 'rollup';
/** A group expression over alias `c` (a case or a rollup row), `u` (its unit) and `cat` (its category). */
export type GroupFn = (params: unknown[], source: Source) => string;
export interface Group { counts: CaseCounts; dist: Map<number, number> }

const JOINS = `left join units u on u.org_id = c.org_id and u.id = c.unit_id left join categories cat on cat.org_id = c.org_id and cat.id = c.category_id`;

/**
 * Grouped counts and handling-time distributions of a scope through the rollup (null when the rollup cannot be
 * read: never built, built with other settings, or too far behind — the caller reads the raw cases).
 */
export async function groupedRollup(q: Query, actor: Actor, s: AnalyticsScope, group: GroupFn, dims: readonly Dim[], repeatDays: number): Promise<Map<string, Group> | null> {
  const usable = await rollupUsable(q, actor.orgId);
  if (!usable) return null;
  const plan = await planSpan(q, actor.orgId, usable.tz, s.from, s.to);
  if (!plan) return null;
  const out = new Map<string, Group>();
  const keyOf = (r: Row) => (r.key === null ? '' : String(r.key));
  const entry = (key: string) => {
    let e = out.get(key);
    if (!e) out.set(key, (e = { counts: emptyCounts(), dist: new Map() }));
    return e;
  };
  const addCounts = (key: string, c: CaseCounts) => {
    const e = entry(key).counts;
    for (const k of Object.keys(c) as (keyof CaseCounts)[]) if (k !== 'clocks') (e[k] as number) += c[k] as number;
    for (const kind of Object.keys(c.clocks) as (keyof CaseCounts['clocks'])[]) {
      e.clocks[kind].ended += c.clocks[kind].ended;
      e.clocks[kind].met += c.clocks[kind].met;
    }
  };
  const addDist = (rows: Row[]) => {
    for (const r of rows) {
      const d = entry(keyOf(r)).dist;
      d.set(Number(r.hours), (d.get(Number(r.hours)) ?? 0) + Number(r.n));
    }
  };

  if (plan.dayFrom) {
    const params: unknown[] = [];
    const g = group(params, 'rollup');
    const where = rollupWhere(actor, s, plan, dims, params);
    const sums = SUM_COLUMNS.map((col) => `sum(c.${col})::int as ${col}`).join(', ');
    const counts = await q<Row>(`select ${g} as key, ${sums} from analytics_daily c ${JOINS} where ${where} group by 1`, params);
    for (const r of counts) addCounts(keyOf(r), toCounts(r, r));
    addDist(await q<Row>(`select ${g} as key, c.hours, sum(c.n)::int as n from analytics_handling c ${JOINS} where ${where} group by 1, 2`, params));
  }
  if (plan.ranges.length) {
    const params: unknown[] = [];
    const g = group(params, 'raw');
    const where = `${filtersWhere(actor, s, params)} and ${rangesWhere(plan.ranges, params)}`;
    const rd = `$${params.push(repeatDays)}`;
    const counts = await q<Row>(`select ${g} as key, ${COUNT_COLUMNS(rd)} from cases c ${JOINS} where ${where} group by 1`, params);
    const p2 = params.slice(0, -1);
    const clocks = await q<Row>(`select ${g} as key, ${CLOCK_COLUMNS} from cases c ${JOINS} join case_clocks k on k.org_id = c.org_id and k.case_id = c.id
                                  where ${where} and c.status not in ('merged','withdrawn') and c.validity not in ('invalid','malicious') group by 1`, p2);
    const clocksByKey = new Map(clocks.map((k) => [keyOf(k), k]));
    for (const r of counts) addCounts(keyOf(r), toCounts(r, clocksByKey.get(keyOf(r))));
    addDist(await q<Row>(`select ${g} as key, (k.used / 60.0)::float8 as hours, count(*)::int as n
                            from cases c ${JOINS} join case_clocks k on ${HANDLING_CLOCK} where ${where} and ${HANDLING_WHERE} group by 1, 2`, p2));
  }
  // A group with no case at all (only rollup rows summing to zero cannot happen: every row counts ≥ 1 case).
  return out;
}
