import type pg from 'pg';
import { analyticsSettings, CLOCK_KINDS } from '../../domain/rates.ts';
import { withTx } from '../../store/db.ts';
import { REPEAT } from './count-sql.ts';

/**
 * The pre-aggregated dashboard counts (migration 020): per organisation × local day × grouping set, the counts of
 * `CaseCounts` summed over the cases registered that day, and the handling-time distribution. Days are rebuilt from
 * the raw cases — never patched by deltas — so a built day equals the raw computation by construction; the
 * triggers note which days changed (analytics_dirty) and `refreshRollup` rebuilds them.
 */

/** The dimensions a rollup row may keep, in grouping() bit order (leftmost = most significant bit). */
export const DIMS = ['unit_id', 'department_id', 'category_id', 'kind', 'channel', 'severity', 'handler_id', 'first_responder_id', 'building'] as const;
export type Dim = (typeof DIMS)[number];

/**
 * The grouping sets kept. A query uses the smallest set holding every dimension it filters or groups by (and the
 * whole set when the caller's visibility depends on the unit, department, handler and first responder).
 */
export const GROUPING_SETS: readonly (readonly Dim[])[] = [
  // One dimension each: what the organisation-wide dashboard reads, a day's rows bounded by that dimension's values.
  [], ['kind'], ['channel'], ['severity'], ['handler_id'], ['department_id'], ['category_id'], ['unit_id'],
  // The unit filter (a unit's subtree or its department), surges (category × unit), hot issues (… × building).
  ['unit_id', 'department_id'], ['unit_id', 'category_id'], ['unit_id', 'category_id', 'building'],
  // What a role that is not organisation-wide needs to see its cases (rates and trends of its scope).
  ['unit_id', 'department_id', 'handler_id', 'first_responder_id'],
  DIMS,
];

/** PostgreSQL's grouping() mask of a set: bit set = dimension summed over. */
export const maskOf = (set: readonly Dim[]) => DIMS.reduce((m, d, i) => (set.includes(d) ? m : m | (1 << (DIMS.length - 1 - i))), 0);

/**
 * The grouping sets also kept per UTC hour (analytics_hourly, migration 024), read for the partial days at a
 * period's ends: all but the finest, whose rows are single cases anyway.
 */
export const HOURLY_SETS = GROUPING_SETS.filter((s) => s.length < DIMS.length);
export const hasHourly = (set: readonly Dim[]) => HOURLY_SETS.includes(set);
/** The grouping sets also kept per local month (analytics_monthly, migration 024): the same. */
export const MONTHLY_SETS = HOURLY_SETS;
export const hasMonthly = (set: readonly Dim[]) => MONTHLY_SETS.includes(set);

/** The smallest grouping set holding every needed dimension. */
export function groupingSetFor(needed: readonly Dim[]): readonly Dim[] {
  return GROUPING_SETS.find((s) => needed.every((d) => s.includes(d))) ?? DIMS;
}

/** The summed columns of analytics_daily, in CaseCounts' names (clocks as `<kind>_ended` / `<kind>_met`). */
export const SUM_COLUMNS = [
  'registered', 'merged', 'withdrawn', 'invalid', 'malicious', 'valid', 'direct_answer', 'resolved', 'visited', 'visit_resolved',
  'visit_satisfied', 'visit_basically_satisfied', 'visit_dissatisfied', 'reopened', 'escalated', 'extended', 'repeat',
  ...CLOCK_KINDS.flatMap((k) => [`${k}_ended`, `${k}_met`]),
  // The handling time's exact mean (migration 028): valid cases with an ended working-hours resolve clock, their hours.
  'handled', 'handled_hours',
] as const;
export type SumColumn = (typeof SUM_COLUMNS)[number];

/** The SQL type of a summed column: counts are int, the exact sum of handling hours is numeric (order-free sums). */
export const sumType = (col: SumColumn) => (col === 'handled_hours' ? 'numeric' : 'int');
/** `sum(<alias><col>)` cast to the column's type. */
export const sumOf = (col: SumColumn, alias = '') => `sum(${alias}${col})::${sumType(col)}`;

/** The rollup's layout: a rollup built with another layout (other sets or columns) is rebuilt before it is read. */
export const ROLLUP_LAYOUT = `v4:${GROUPING_SETS.map((g) => maskOf(g)).join(',')}:hourly:${HOURLY_SETS.map((g) => maskOf(g)).join(',')}`
  + `:monthly:${MONTHLY_SETS.map((g) => maskOf(g)).join(',')}:${SUM_COLUMNS.join(',')}`;

const VALID_F = `f.status not in ('merged','withdrawn') and f.validity not in ('invalid','malicious')`;
const flag = (cond: string) => `case when ${cond} then 1 else 0 end`;

/** Per case: its day, dimensions and 0/1 (or clock) contributions to each summed column. */
export const FACTS = (tz: string, repeatDays: string, where: string) => `
  select f.org_id, (f.created_at at time zone ${tz})::date as day, date_trunc('hour', f.created_at, 'UTC') as hour, f.unit_id, f.department_id, f.category_id, f.kind, f.channel, f.severity,
         f.handler_id, f.first_responder_id, nullif(split_part(coalesce(f.customer_room, ''), '-', 1), '') as building,
         1 as registered,
         ${flag(`f.status = 'merged'`)} as merged,
         ${flag(`f.status = 'withdrawn'`)} as withdrawn,
         ${flag(`f.status <> 'merged' and f.validity = 'invalid'`)} as invalid,
         ${flag(`f.status <> 'merged' and f.validity = 'malicious'`)} as malicious,
         ${flag(VALID_F)} as valid,
         ${flag(`${VALID_F} and f.direct_answer`)} as direct_answer,
         ${flag(`${VALID_F} and (f.resolved_at is not null or f.visited_at is not null)`)} as resolved,
         ${flag(`${VALID_F} and f.visited_at is not null`)} as visited,
         ${flag(`${VALID_F} and f.visited_at is not null and f.visit_resolved`)} as visit_resolved,
         ${flag(`${VALID_F} and f.visited_at is not null and f.visit_satisfaction = 'satisfied'`)} as visit_satisfied,
         ${flag(`${VALID_F} and f.visited_at is not null and f.visit_satisfaction = 'basically_satisfied'`)} as visit_basically_satisfied,
         ${flag(`${VALID_F} and f.visited_at is not null and f.visit_satisfaction = 'dissatisfied'`)} as visit_dissatisfied,
         ${flag(`${VALID_F} and f.reopen_count > 0`)} as reopened,
         ${flag(`${VALID_F} and f.escalation_level > 0`)} as escalated,
         ${flag(`${VALID_F} and k.extended`)} as extended,
         ${flag(`${VALID_F} and ${REPEAT(repeatDays).replaceAll('c.', 'f.')}`)} as repeat,
         ${CLOCK_KINDS.map((kind) => `case when ${VALID_F} then k.${kind}_ended else 0 end as ${kind}_ended, case when ${VALID_F} then k.${kind}_met else 0 end as ${kind}_met`).join(',\n         ')},
         ${flag(`${VALID_F} and k.hours is not null`)} as handled,
         case when ${VALID_F} then coalesce(k.hours::numeric, 0) else 0 end as handled_hours,
         case when ${VALID_F} then round_handling_hours(k.hours) end as hours
    from cases f
    cross join lateral (
      select coalesce(bool_or(jsonb_array_length(k.extensions) > 0), false) as extended,
             ${CLOCK_KINDS.map((kind) => `count(*) filter (where k.kind = '${kind}' and k.state in ('met','breached'))::int as ${kind}_ended, count(*) filter (where k.kind = '${kind}' and k.state = 'met' and k.breached_at is null)::int as ${kind}_met`).join(',\n             ')},
             max(k.used / 60.0) filter (where k.kind = 'resolve' and k.state in ('met','breached') and k.unit like 'working%') as hours
        from case_clocks k where k.org_id = f.org_id and k.case_id = f.id) k
   where ${where}`;

const GROUPING = `grouping(${DIMS.join(', ')})`;
const SETS = (extra: string, sets = GROUPING_SETS) => sets.map((s) => `(org_id, day${s.map((d) => `, ${d}`).join('')}${extra})`).join(', ');

/** Rebuilds the given local days (sorted) of one organisation from the raw cases. */
async function rebuildDays(tx: pg.PoolClient, orgId: string, tz: string, repeatDays: number, days: string[]) {
  const params: unknown[] = [orgId, tz, repeatDays, days, days[0], days.at(-1)];
  // The range lets the planner use the (org_id, created_at) index; the day list keeps exactly the days asked for.
  const where = `f.org_id = $1 and f.created_at >= ($5::date::timestamp at time zone $2) and f.created_at < (($6::date + 1)::timestamp at time zone $2)
                 and (f.created_at at time zone $2)::date = any($4::date[])`;
  await tx.query('delete from analytics_daily where org_id = $1 and day = any($2::date[])', [orgId, days]);
  await tx.query('delete from analytics_handling where org_id = $1 and day = any($2::date[])', [orgId, days]);
  await tx.query('delete from analytics_hourly where org_id = $1 and day = any($2::date[])', [orgId, days]);
  await tx.query('delete from analytics_hourly_handling where org_id = $1 and day = any($2::date[])', [orgId, days]);
  const dims = DIMS.join(', ');
  const sums = SUM_COLUMNS.map((c) => sumOf(c)).join(', ');
  // Rows are inserted in grouping-set and time order, so a read of one set's days or hours touches few pages.
  await tx.query(
    `with facts as materialized (${FACTS('$2', '$3', where)}),
          counts as (insert into analytics_daily (org_id, day, gset, ${dims}, ${SUM_COLUMNS.join(', ')})
                     select org_id, day, ${GROUPING}, ${dims}, ${sums} from facts group by grouping sets (${SETS('')}) order by 3, 2),
          hourly as (insert into analytics_hourly (org_id, day, hour, gset, ${dims}, ${SUM_COLUMNS.join(', ')})
                     select org_id, day, hour, ${GROUPING}, ${dims}, ${sums} from facts group by grouping sets (${SETS(', hour', HOURLY_SETS)}) order by 4, 3),
          hourly_handling as (insert into analytics_hourly_handling (org_id, day, hour, gset, ${dims}, hours, n)
                     select org_id, day, hour, ${GROUPING}, ${dims}, hours, count(*)::int from facts where hours is not null
                      group by grouping sets (${SETS(', hour, hours', HOURLY_SETS)}))
     insert into analytics_handling (org_id, day, gset, ${dims}, hours, n)
     select org_id, day, ${GROUPING}, ${dims}, hours, count(*)::int from facts where hours is not null group by grouping sets (${SETS(', hours')})`,
    params,
  );
}

/** Recomputes the months holding the given days from their days' rows (analytics_daily is up to date for them). */
async function rebuildMonths(tx: pg.PoolClient, orgId: string, days: string[]) {
  if (!days.length) return;
  const months = [...new Set(days.map((d) => `${d.slice(0, 7)}-01`))].sort();
  const params = [orgId, months, MONTHLY_SETS.map((g) => maskOf(g)), months[0], months.at(-1)];
  await tx.query('delete from analytics_monthly where org_id = $1 and day = any($2::date[])', params.slice(0, 2));
  await tx.query('delete from analytics_monthly_handling where org_id = $1 and day = any($2::date[])', params.slice(0, 2));
  const dims = DIMS.join(', ');
  const of = `where org_id = $1 and gset = any($3::int[]) and day >= $4::date and day < $5::date + interval '1 month'
                and date_trunc('month', day)::date = any($2::date[])`;
  await tx.query(
    `insert into analytics_monthly (org_id, day, gset, ${dims}, ${SUM_COLUMNS.join(', ')})
     select org_id, date_trunc('month', day)::date, gset, ${dims}, ${SUM_COLUMNS.map((c) => sumOf(c)).join(', ')}
       from analytics_daily ${of} group by org_id, 2, gset, ${dims} order by gset, 2`, params);
  await tx.query(
    `insert into analytics_monthly_handling (org_id, day, gset, ${dims}, hours, n)
     select org_id, date_trunc('month', day)::date, gset, ${dims}, hours, sum(n)::int
       from analytics_handling ${of} group by org_id, 2, gset, ${dims}, hours order by gset, 2`, params);
}

/**
 * Brings one organisation's rollup up to date: rebuilds the days the triggers noted (taking them off the list in
 * the same transaction), or every day when it was never built or its time zone or repeat window changed.
 * Returns how many days were rebuilt (null: all of them).
 */
export async function refreshRollup(pool: pg.Pool, orgId: string): Promise<number | null> {
  return withTx(pool, async (tx) => {
    // One refresher per organisation at a time; a second waits and then finds little left to do.
    await tx.query(`select pg_advisory_xact_lock(hashtext('analytics-rollup'), hashtext($1))`, [orgId]);
    await tx.query('set local jit = off');
    const org = (await tx.query<{ time_zone: string; settings: unknown; s_tz: string | null; s_repeat: number | null; s_layout: string | null }>(
      `select o.time_zone, o.settings, s.time_zone as s_tz, s.repeat_days as s_repeat, s.layout as s_layout
         from organisations o left join analytics_state s on s.org_id = o.id where o.id = $1`, [orgId])).rows[0];
    if (!org) return 0;
    const repeatDays = analyticsSettings(org.settings).repeat_days;
    // The day list is taken first (its own snapshot); the rebuild reads later, so it sees every change listed.
    const dirty = (await tx.query<{ day: string }>('delete from analytics_dirty where org_id = $1 returning day::text', [orgId])).rows;
    if (org.s_tz !== org.time_zone || org.s_repeat !== repeatDays || org.s_layout !== ROLLUP_LAYOUT) {
      await tx.query('delete from analytics_daily where org_id = $1', [orgId]);
      await tx.query('delete from analytics_handling where org_id = $1', [orgId]);
      await tx.query('delete from analytics_hourly where org_id = $1', [orgId]);
      await tx.query('delete from analytics_hourly_handling where org_id = $1', [orgId]);
      await tx.query('delete from analytics_monthly where org_id = $1', [orgId]);
      await tx.query('delete from analytics_monthly_handling where org_id = $1', [orgId]);
      const all = (await tx.query<{ day: string }>(
        `select generate_series((min(created_at) at time zone $2)::date, (max(created_at) at time zone $2)::date, interval '1 day')::date::text as day
           from cases where org_id = $1`, [orgId, org.time_zone])).rows.map((r) => r.day).filter(Boolean);
      for (let i = 0; i < all.length; i += 31) await rebuildDays(tx, orgId, org.time_zone, repeatDays, all.slice(i, i + 31));
      await rebuildMonths(tx, orgId, all);
      await tx.query(
        `insert into analytics_state (org_id, time_zone, repeat_days, layout, built_at) values ($1, $2, $3, $4, now())
         on conflict (org_id) do update set time_zone = excluded.time_zone, repeat_days = excluded.repeat_days, layout = excluded.layout, built_at = excluded.built_at`,
        [orgId, org.time_zone, repeatDays, ROLLUP_LAYOUT]);
      return null;
    }
    const days = [...new Set(dirty.map((d) => d.day))].sort();
    // In chunks of a month's worth of days, so one statement never holds a year of cases.
    for (let i = 0; i < days.length; i += 31) await rebuildDays(tx, orgId, org.time_zone, repeatDays, days.slice(i, i + 31));
    await rebuildMonths(tx, orgId, days);
    return days.length;
  });
}

/** One run of the rollup job: every organisation with noted days, never built, or built with other settings. */
export async function refreshRollups(pool: pg.Pool): Promise<number> {
  const orgs = (await pool.query<{ id: string; time_zone: string; settings: unknown; s_tz: string | null; s_repeat: number | null; s_layout: string | null; dirty: boolean }>(
    `select o.id, o.time_zone, o.settings, s.time_zone as s_tz, s.repeat_days as s_repeat, s.layout as s_layout,
            exists (select 1 from analytics_dirty d where d.org_id = o.id) as dirty
       from organisations o left join analytics_state s on s.org_id = o.id`)).rows
    .filter((o) => o.dirty || o.s_tz !== o.time_zone || o.s_layout !== ROLLUP_LAYOUT || o.s_repeat !== analyticsSettings(o.settings).repeat_days);
  for (const o of orgs) await refreshRollup(pool, o.id);
  return orgs.length;
}
