import type { AnalyticsScope } from '../../contract/analytics.ts';
import { analyticsSettings, emptyCounts, type CaseCounts } from '../../domain/rates.ts';
import type { Actor } from '../context.ts';
import { isOrgWide, ownOutsideSubtreeWhere, scopeSubtreeWhere, subtreeDims, visibleCasesWhere } from '../cases/case.policy.ts';
import { filtersWhere, rangesWhere, toCounts, type Query, type Row } from './count-sql.ts';
import { FACTS, groupingSetFor, hasHourly, hasMonthly, maskOf, ROLLUP_LAYOUT, SUM_COLUMNS, sumOf, sumType, type Dim } from './rollup.ts';

/**
 * The rollup path of the analytics queries: a period [from, to) is cut into the local days it holds whole — read
 * from analytics_daily —, the whole UTC hours of the partial days at its ends — read from analytics_hourly — and the
 * rest — the partial hours at its ends and any day the triggers noted as changed since its rollup was built —
 * counted from the raw cases with the rollup build's own per-case SQL. The parts are added in one statement, so every
 * figure equals the raw computation (test/analytics-rollup.test.ts), and the work no longer grows with the cases per
 * day once a day's rows hold every value of the dimensions read (docs/analytics.md).
 */

/** More changed days than this in one period: the rollup is far behind (bulk load), read everything raw. */
const MAX_DIRTY_DAYS = 62;

export interface SpanPlan {
  /** The organisation's time zone (the rollup was built in it). */
  tz: string;
  /** Whole local days [dayFrom, dayTo) read from analytics_daily, except `dirty` and the months read whole. */
  dayFrom: string | null;
  dayTo: string | null;
  dirty: string[];
  /** Whole local months (first days) [monthFrom, monthTo) read from analytics_monthly, except `dirtyMonths`. */
  monthFrom: string | null;
  monthTo: string | null;
  dirtyMonths: string[];
  /** Whole UTC hours read from analytics_hourly (inside the partial days at the ends that are not dirty). */
  hours: [string, string][];
  /** Read from the raw cases: the partial hours at the ends and the dirty days. */
  ranges: [string, string][];
}

const HOUR = 3_600_000;

/** Adjacent ranges joined (fewer ORs for the planner), as ISO strings. */
function joined(rs: [number, number][]): [string, string][] {
  const out: [number, number][] = [];
  for (const r of [...rs].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && last[1] === r[0]) last[1] = r[1];
    else out.push([r[0], r[1]]);
  }
  return out.map(([a, z]) => [new Date(a).toISOString(), new Date(z).toISOString()]);
}

/** The first day of the month after the one of `day` (YYYY-MM-DD). */
function nextMonth(day: string): string {
  const y = Number(day.slice(0, 4)), m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Which levels of the rollup a read may use (the grouping set must have them; months only when no group needs days). */
export interface Levels { hourly: boolean; monthly: boolean }

/**
 * How a period splits between the rollup's months, days and hours and the raw cases, in one round trip; null when
 * the rollup cannot be read (never built, built with other settings or layout, or too far behind — read raw).
 * Without `hourly` the partial days are read raw whole; without `monthly` whole months are read as days.
 */
export async function planRead(q: Query, orgId: string, from: string, to: string, levels: Levels): Promise<SpanPlan | null> {
  const { hourly } = levels;
  const [b] = await q<{
    tz: string; settings: unknown; s_tz: string | null; s_repeat: number | null; s_layout: string | null;
    f0: string; d1: string; d2: string; s1: Date; s2: Date; dirty: { day: string; s: string; e: string }[];
  }>(
    `with o as (select o.time_zone as tz, o.settings, s.time_zone as s_tz, s.repeat_days as s_repeat, s.layout as s_layout
                  from organisations o left join analytics_state s on s.org_id = o.id where o.id = $1),
          b as (select tz, ($2::timestamptz at time zone tz)::date as f0, ($3::timestamptz at time zone tz)::date as d2 from o),
          c as (select f0, case when (f0::timestamp at time zone tz) >= $2::timestamptz then f0 else f0 + 1 end as d1, d2, tz from b)
     select o.tz, o.settings, o.s_tz, o.s_repeat, o.s_layout, c.f0::text, c.d1::text, c.d2::text,
            c.d1::timestamp at time zone c.tz as s1, c.d2::timestamp at time zone c.tz as s2,
            coalesce((select json_agg(json_build_object('day', d.day::text, 's', d.day::timestamp at time zone c.tz, 'e', (d.day + 1)::timestamp at time zone c.tz))
                        from (select distinct day from analytics_dirty where org_id = $1 and day >= c.f0 and day <= c.d2) d), '[]') as dirty
       from o, c`,
    [orgId, from, to],
  );
  if (!b || b.s_tz !== b.tz || b.s_repeat !== analyticsSettings(b.settings).repeat_days || b.s_layout !== ROLLUP_LAYOUT) return null;
  if (b.dirty.length > MAX_DIRTY_DAYS) return null;
  const dirty = new Map(b.dirty.map((d) => [d.day, d]));
  const f = new Date(from).getTime(), t = new Date(to).getTime(), s1 = b.s1.getTime(), s2 = b.s2.getTime();
  const whole = b.d1 < b.d2;
  // The partial days, each within one local day: before the first whole day and after the last (or the one or
  // two days the period touches when it holds no whole day).
  const pieces: [number, number, string][] = [];
  if (b.d1 <= b.d2) {
    if (f < s1) pieces.push([f, s1, b.f0]);
    if (s2 < t) pieces.push([s2, t, b.d2]);
  } else pieces.push([f, t, b.d2]);
  const raw: [number, number][] = [], hours: [number, number][] = [];
  for (const [a, z, day] of pieces) {
    const h1 = Math.ceil(a / HOUR) * HOUR, h2 = Math.floor(z / HOUR) * HOUR;
    if (!hourly || dirty.has(day) || h1 >= h2) raw.push([a, z]);
    else {
      if (a < h1) raw.push([a, h1]);
      hours.push([h1, h2]);
      if (h2 < z) raw.push([h2, z]);
    }
  }
  const dirtyWhole = whole ? b.dirty.filter((d) => d.day >= b.d1 && d.day < b.d2) : [];
  for (const d of dirtyWhole) raw.push([new Date(d.s).getTime(), new Date(d.e).getTime()]);
  // Whole months inside the whole days; one holding a noted day is read from its (other) days.
  const m1 = whole ? (b.d1.endsWith('-01') ? b.d1 : nextMonth(b.d1)) : null, m2 = whole ? `${b.d2.slice(0, 8)}01` : null;
  const months = levels.monthly && m1 && m2 && m1 < m2;
  return {
    tz: b.tz, dayFrom: whole ? b.d1 : null, dayTo: whole ? b.d2 : null, dirty: dirtyWhole.map((d) => d.day),
    monthFrom: months ? m1 : null, monthTo: months ? m2 : null,
    dirtyMonths: months ? [...new Set(dirtyWhole.map((d) => `${d.day.slice(0, 8)}01`))].filter((m) => m >= m1 && m < m2) : [],
    hours: joined(hours), ranges: joined(raw),
  };
}

/** The dimensions a scope's filters and the caller's visibility need in a rollup row. */
export function scopeDims(actor: Actor, s: Omit<AnalyticsScope, 'from' | 'to'>): Dim[] {
  return [...(isOrgWide(actor) ? [] : (['unit_id', 'department_id', 'handler_id', 'first_responder_id'] as const)), ...filterDims(s)];
}

/** The dimensions a scope's list filters need in a rollup row. */
export function filterDims(s: Omit<AnalyticsScope, 'from' | 'to'>): Dim[] {
  const d: Dim[] = [];
  if (s.kind) d.push('kind');
  if (s.channel) d.push('channel');
  if (s.severity) d.push('severity');
  if (s.handler_id) d.push('handler_id');
  if (s.category_id) d.push('category_id');
  if (s.unit_id) d.push('unit_id', 'department_id');
  return d;
}

/** The grouping set a read of `dims` by the actor within the scope's filters uses. */
export const readSet = (actor: Actor, s: Omit<AnalyticsScope, 'from' | 'to'>, dims: readonly Dim[]) => groupingSetFor([...dims, ...scopeDims(actor, s)]);

/** The levels a set has, months only when allowed (a group by day or week needs the days). */
export const levelsOf = (set: readonly Dim[], months = true): Levels => ({ hourly: hasHourly(set), monthly: months && hasMonthly(set) });

export interface RollupSource {
  table: 'analytics_daily' | 'analytics_hourly' | 'analytics_monthly';
  handling: 'analytics_handling' | 'analytics_hourly_handling' | 'analytics_monthly_handling';
  where: string;
}

/**
 * The rollup rows of a plan (its whole months, days and hours) as SQL over alias `c`; `filters` gives the
 * visibility and list filters (called first in each where, appending its params), then the plan's params follow.
 */
export function rollupSources(filters: () => string, plan: SpanPlan, set: readonly Dim[], params: unknown[]): RollupSource[] {
  const out: RollupSource[] = [];
  const gset = maskOf(set);
  if (plan.monthFrom) {
    out.push({
      table: 'analytics_monthly', handling: 'analytics_monthly_handling',
      where: `${filters()} and c.gset = $${params.push(gset)} and c.day >= $${params.push(plan.monthFrom)}::date
              and c.day < $${params.push(plan.monthTo)}::date and c.day <> all($${params.push(plan.dirtyMonths)}::date[])`,
    });
  }
  if (plan.dayFrom && plan.dayTo) {
    // The days of the months read whole are left out (but those of a month holding a noted day): as ranges of days,
    // each an index range, so the rows of the months read whole are never visited.
    const spans: [string, string][] = plan.monthFrom && plan.monthTo
      ? [[plan.dayFrom, plan.monthFrom], [plan.monthTo, plan.dayTo], ...plan.dirtyMonths.map((m): [string, string] => [m, nextMonth(m)])]
      : [[plan.dayFrom, plan.dayTo]];
    const ranges = spans.filter(([a, z]) => a < z);
    if (ranges.length) {
      const visible = filters(); // first, as the callers expect (their params before the plan's)
      const days = ranges.map(([a, z]) => `(c.day >= $${params.push(a)}::date and c.day < $${params.push(z)}::date)`);
      out.push({
        table: 'analytics_daily', handling: 'analytics_handling',
        where: `${visible} and c.gset = $${params.push(gset)} and (${days.join(' or ')}) and c.day <> all($${params.push(plan.dirty)}::date[])`,
      });
    }
  }
  if (plan.hours.length) {
    out.push({
      table: 'analytics_hourly', handling: 'analytics_hourly_handling',
      where: `${filters()} and c.gset = $${params.push(gset)} and ${rangesWhere(plan.hours, params, 'c.hour')}`,
    });
  }
  return out;
}

/**
 * The raw cases of the period [from, to) that are an actor's own (handler or first responder) outside its scope
 * subtree (ownOutsideSubtreeWhere), as rollup-shaped rows like rawFacts: found on the handler and first-responder
 * indexes, so the work grows with the actor's own cases, not with the organisation's. Appends params.
 */
export function ownOutsideFacts(actor: Actor, tz: string, from: string, to: string, repeatDays: number, params: unknown[]): string {
  const tzp = `$${params.push(tz)}`, rd = `$${params.push(repeatDays)}`;
  return `(${FACTS(tzp, rd, `${ownOutsideSubtreeWhere(actor, params, 'f')} and f.created_at >= $${params.push(from)} and f.created_at < $${params.push(to)}`)})`;
}

/** Up to this many own cases outside its subtree in a period, a scoped actor's are read raw (~0.05 ms a case with its clocks). */
const OWN_RAW_MAX = 500;

/** Whether the actor has at most `max` own cases outside its subtree in [from, to) (an index probe, bounded). */
async function fewOwnOutside(q: Query, actor: Actor, from: string, to: string, max: number): Promise<boolean> {
  const params: unknown[] = [];
  const where = `${ownOutsideSubtreeWhere(actor, params, 'f')} and f.created_at >= $${params.push(from)} and f.created_at < $${params.push(to)}`;
  const [r] = await q<{ n: number }>(`select count(*)::int as n from (select 1 from cases f where ${where} limit $${params.push(max + 1)}) x`, params);
  return (r?.n ?? 0) <= max;
}

/**
 * The raw cases of a plan's ranges as rollup-shaped rows (the build's per-case SQL: day, dimensions, 0/1 counts,
 * handling hours), as a from-item; the caller filters them with filtersWhere over alias `c`. Appends params.
 */
export function rawFacts(orgId: string, plan: SpanPlan, repeatDays: number, params: unknown[]): string {
  const tz = `$${params.push(plan.tz)}`, rd = `$${params.push(repeatDays)}`;
  return `(${FACTS(tz, rd, `f.org_id = $${params.push(orgId)} and ${rangesWhere(plan.ranges, params, 'f.created_at')}`)})`;
}

export type Source = 'raw' | 'rollup';
/**
 * A group expression over alias `c` — a case (`raw`) or a rollup-shaped row (`rollup`: a rollup row or a raw case
 * through rawFacts, both with a local `day`) —, `u` (its unit) and `cat` (its category).
 */
export type GroupFn = (params: unknown[], source: Source) => string;
/** A group's counts, its handled cases with the exact sum of their hours, and (when asked) the rounded hours' distribution. */
export interface Group { counts: CaseCounts; handled: { n: number; sum: number }; dist: Map<number, number> }

const JOINS = `left join units u on u.org_id = c.org_id and u.id = c.unit_id left join categories cat on cat.org_id = c.org_id and cat.id = c.category_id`;

export interface GroupedOptions {
  /** false when a group needs the day (a breakdown by day or week): no month rows. */
  months?: boolean;
  /** Read the handling-time distribution (median, p90): only for a scope's total, never per breakdown group. */
  dist?: boolean;
  /** At most this many own cases outside a scoped actor's subtree are read raw (default OWN_RAW_MAX), more from the finest set. */
  ownRawMax?: number;
}

/**
 * Grouped counts (and, with `dist`, handling-time distributions) of a scope through the rollup (null when the rollup
 * cannot be read: never built, built with other settings, or too far behind — the caller reads the raw cases). One
 * round trip plans the period, one statement adds the months, days, hours and the raw rest.
 */
export async function groupedRollup(
  q: Query, actor: Actor, s: AnalyticsScope, group: GroupFn, dims: readonly Dim[], repeatDays: number, opts: GroupedOptions = {},
): Promise<Map<string, Group> | null> {
  const { months = true, dist = false, ownRawMax = OWN_RAW_MAX } = opts;
  // An actor that is not organisation-wide sees its scope subtree's cases — read from a set with its unit and
  // department, not the finest (a few cases per row, growing with the cases) — and its own cases outside the
  // subtree; the two parts are disjoint and together what it may see (case.policy.ts). Its own cases outside are
  // read raw when few (a manager's), else from the finest set like before (a front desk that took thousands).
  const orgWide = isOrgWide(actor);
  const reads: { set: readonly Dim[]; visibility: typeof visibleCasesWhere }[] = [
    orgWide ? { set: readSet(actor, s, dims), visibility: visibleCasesWhere } : { set: groupingSetFor([...dims, ...filterDims(s), ...subtreeDims(actor)]), visibility: scopeSubtreeWhere },
  ];
  const ownRaw = !orgWide && (await fewOwnOutside(q, actor, s.from, s.to, ownRawMax));
  if (!orgWide && !ownRaw) reads.push({ set: readSet(actor, s, dims), visibility: ownOutsideSubtreeWhere });
  const plans: SpanPlan[] = [];
  for (const r of reads) {
    const plan = await planRead(q, actor.orgId, s.from, s.to, levelsOf(r.set, months));
    if (!plan) return null;
    plans.push(plan);
  }
  const params: unknown[] = [];
  const g = group(params, 'rollup');
  const sums = SUM_COLUMNS.map((col) => `${sumOf(col, 'c.')} as ${col}`).join(', ');
  const none = SUM_COLUMNS.map((col) => `null::${sumType(col)} as ${col}`).join(', ');
  const parts: string[] = [];
  const add = (counts: string, handling: string, where: string, n: string) => {
    parts.push(`select 'c' as t, ${g} as key, ${sums}, null::float8 as hours, null::int as n from ${counts} c ${JOINS} where ${where} group by 2`);
    if (dist) parts.push(`select 'h', ${g}, ${none}, c.hours, ${n} from ${handling} c ${JOINS} where ${where} and c.hours is not null group by 2, c.hours`);
  };
  const ctes: string[] = [];
  for (const [i, { set, visibility }] of reads.entries()) {
    const plan = plans[i]!;
    for (const r of rollupSources(() => filtersWhere(actor, s, params, visibility), plan, set, params)) add(r.table, r.handling, r.where, 'sum(c.n)::int');
    if (plan.ranges.length) {
      ctes.push(`facts${i} as materialized ${rawFacts(actor.orgId, plan, repeatDays, params)}`);
      add(`facts${i}`, `facts${i}`, filtersWhere(actor, s, params, visibility), 'count(*)::int');
    }
  }
  if (ownRaw) {
    ctes.push(`own as materialized ${ownOutsideFacts(actor, plans[0]!.tz, s.from, s.to, repeatDays, params)}`);
    add('own', 'own', filtersWhere(actor, s, params, ownOutsideSubtreeWhere), 'count(*)::int');
  }
  const facts = ctes.length ? `with ${ctes.join(', ')} ` : '';
  const out = new Map<string, Group>();
  if (!parts.length) return out;
  const entry = (key: string) => {
    let e = out.get(key);
    if (!e) out.set(key, (e = { counts: emptyCounts(), handled: { n: 0, sum: 0 }, dist: new Map() }));
    return e;
  };
  for (const r of await q<Row & { t: 'c' | 'h' }>(facts + parts.join(' union all '), params)) {
    const key = r.key === null ? '' : String(r.key);
    if (r.t === 'h') {
      const d = entry(key).dist;
      d.set(Number(r.hours), (d.get(Number(r.hours)) ?? 0) + Number(r.n));
      continue;
    }
    const grp = entry(key), e = grp.counts, c = toCounts(r, r);
    grp.handled.n += Number(r.handled ?? 0);
    grp.handled.sum += Number(r.handled_hours ?? 0);
    for (const k of Object.keys(c) as (keyof CaseCounts)[]) if (k !== 'clocks') (e[k] as number) += c[k] as number;
    for (const kind of Object.keys(c.clocks) as (keyof CaseCounts['clocks'])[]) {
      e.clocks[kind].ended += c.clocks[kind].ended;
      e.clocks[kind].met += c.clocks[kind].met;
    }
  }
  return out;
}
