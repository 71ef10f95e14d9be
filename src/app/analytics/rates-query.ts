import type pg from 'pg';
import type { AnalyticsScope, BreakdownQuery } from '../../contract/analytics.ts';
import { AppError } from '../../contract/errors.ts';
import { analyticsSettings, change, emptyCounts, rates, type AnalyticsSettings, type CaseCounts } from '../../domain/rates.ts';
import { many, one } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import {
  analyticsMany, analyticsSnapshot, CLOCK_COLUMNS, COUNT_COLUMNS, handlingStats, noHandling, scopeWhere, toCounts, VALID,
  type HandlingMean, type HandlingStats, type Row,
} from './count-sql.ts';
import { groupedRollup, type GroupFn } from './rollup-query.ts';
import type { Dim } from './rollup.ts';

export { analyticsMany, scopeWhere, VALID } from './count-sql.ts';

/** The filter of GET /api/v1/cases that lists the cases behind a figure. */
export function drillFilter(s: AnalyticsScope, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const f: Record<string, string | undefined> = {
    created_from: s.from, created_to: s.to, unit_id: s.unit_id, handler_id: s.handler_id, category_id: s.category_id,
    kind: s.kind, channel: s.channel, severity: s.severity, ...extra,
  };
  return Object.fromEntries(Object.entries(f).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Which path counts: `rollup` (the default) reads whole days from the pre-aggregated tables and the rest from the
 * cases; `raw` counts everything from the cases — the reference the rollup must equal (tests compare the two).
 */
export interface PathOptions {
  path?: 'raw' | 'rollup';
  /** At most this many own cases outside a scoped actor's subtree are read raw, more from the finest set (tests: 0). */
  ownRawMax?: number;
}

async function settingsOf(db: pg.Pool, orgId: string): Promise<{ settings: AnalyticsSettings; timeZone: string }> {
  const o = await one<{ settings: unknown; time_zone: string }>(db, 'select settings, time_zone from organisations where id = $1', [orgId]);
  return { settings: analyticsSettings(o?.settings), timeZone: o?.time_zone ?? 'Asia/Shanghai' };
}

/**
 * Handling time (working hours) of the valid cases whose resolve clock ended, from the clock's used working minutes:
 * the exact mean (numeric, so its sum does not depend on the order of the rows) and, with `dist`, the median and p90
 * of the hours at 2 significant figures (`round_handling_hours`, migration 028 — the twin of roundHandlingHours).
 */
const HANDLING_SQL = (whereSql: string, group: string, dist: boolean) => `
  select ${group} as key, count(*)::int as n, avg((k.used / 60.0)::numeric)::float8 as mean${dist ? `,
         percentile_cont(0.5) within group (order by round_handling_hours(k.used / 60.0))::float8 as median,
         percentile_disc(0.9) within group (order by round_handling_hours(k.used / 60.0))::float8 as p90` : ''}
    from cases c join case_clocks k on k.org_id = c.org_id and k.case_id = c.id and k.kind = 'resolve'
   where ${whereSql} and ${VALID} and k.state in ('met','breached') and k.unit like 'working%'
   group by 1`;

type Grouped = Map<string, { counts: CaseCounts; handling: HandlingStats }>;
interface GroupedOptions extends PathOptions { months?: boolean; dist?: boolean }

/** Grouped counts, clock counts and handling times from the raw cases (the reference path). */
async function groupedRaw(db: pg.Pool, actor: Actor, s: AnalyticsScope, groupFn: GroupFn, settings: AnalyticsSettings, dist: boolean): Promise<Grouped> {
  const params: unknown[] = [];
  const group = groupFn(params, 'raw');
  const whereSql = scopeWhere(actor, s, params);
  params.push(settings.repeat_days);
  const rd = `$${params.length}`;
  const from = `cases c left join units u on u.org_id = c.org_id and u.id = c.unit_id left join categories cat on cat.org_id = c.org_id and cat.id = c.category_id`;
  const [counts, clocks, handling] = await Promise.all([
    analyticsMany<Row>(db, `select ${group} as key, ${COUNT_COLUMNS(rd)} from ${from} where ${whereSql} group by 1`, params),
    analyticsMany<Row>(db, `select ${group} as key, ${CLOCK_COLUMNS} from ${from} join case_clocks k on k.org_id = c.org_id and k.case_id = c.id where ${whereSql} and ${VALID} group by 1`, params.slice(0, -1)),
    analyticsMany<Row>(db, HANDLING_SQL(whereSql, group, dist).replace('from cases c', `from ${from}`), params.slice(0, -1)),
  ]);
  const byKey: Grouped = new Map();
  const keyOf = (r: Row) => (r.key === null ? '' : String(r.key));
  for (const r of counts) byKey.set(keyOf(r), { counts: toCounts(r, clocks.find((k) => keyOf(k) === keyOf(r))), handling: noHandling() });
  for (const h of handling) {
    const e = byKey.get(keyOf(h));
    if (e) e.handling = { n: Number(h.n), mean: h.mean as number | null, median: (h.median ?? null) as number | null, p90: (h.p90 ?? null) as number | null };
  }
  return byKey;
}

/**
 * Grouped counts and handling times: through the rollup unless it cannot be read (or the raw path is asked for).
 * Without `dist` (a breakdown) no distribution is read: median and p90 stay null, the count and mean are exact.
 */
async function grouped(db: pg.Pool, actor: Actor, s: AnalyticsScope, groupFn: GroupFn, dims: readonly Dim[], settings: AnalyticsSettings, opts: GroupedOptions): Promise<Grouped> {
  const dist = opts.dist ?? false;
  if (opts.path !== 'raw') {
    const r = await analyticsSnapshot(db, (q) => groupedRollup(q, actor, s, groupFn, dims, settings.repeat_days, { months: opts.months, dist, ownRawMax: opts.ownRawMax }), { serial: true });
    if (r) {
      return new Map([...r].map(([k, g]) => {
        const { n, sum } = g.handled;
        return [k, { counts: g.counts, handling: dist ? handlingStats(n, sum, g.dist) : { n, mean: n ? sum / n : null, median: null, p90: null } }];
      }));
    }
  }
  return groupedRaw(db, actor, s, groupFn, settings, dist);
}

/** The same span shifted back: the previous period of equal length, and the same period a year before. */
export function comparisonSpans(from: string, to: string) {
  const a = new Date(from), b = new Date(to);
  const len = b.getTime() - a.getTime();
  const yearBack = (d: Date) => { const x = new Date(d); x.setUTCFullYear(x.getUTCFullYear() - 1); return x.toISOString(); };
  return { previous: { from: new Date(a.getTime() - len).toISOString(), to: a.toISOString() }, last_year: { from: yearBack(a), to: yearBack(b) } };
}

function checkSpan(s: AnalyticsScope) {
  const len = new Date(s.to).getTime() - new Date(s.from).getTime();
  if (!(len > 0)) throw new AppError('validation_failed', [{ path: 'to', code: 'after_from', message: 'to must be after from' }]);
  if (len > 5 * 366 * 86_400_000) throw new AppError('validation_failed', [{ path: 'to', code: 'too_big', message: 'at most five years' }]);
}

/** The rates of one scope and period, with the previous period and the same period last year. */
export async function scopeRates(db: pg.Pool, actor: Actor, s: AnalyticsScope, opts: PathOptions = {}) {
  checkSpan(s);
  const { settings } = await settingsOf(db, actor.orgId);
  const spans = comparisonSpans(s.from, s.to);
  const [now, prev, ly] = await Promise.all([
    grouped(db, actor, s, whole, [], settings, { ...opts, dist: true }),
    grouped(db, actor, { ...s, ...spans.previous }, whole, [], settings, { ...opts, dist: true }),
    grouped(db, actor, { ...s, ...spans.last_year }, whole, [], settings, { ...opts, dist: true }),
  ]);
  const pack = (m: Awaited<ReturnType<typeof grouped>>) => {
    const e = m.get('') ?? { counts: emptyCounts(), handling: noHandling() };
    return { counts: e.counts, rates: rates(e.counts, settings), handling_hours: e.handling };
  };
  const cur = pack(now), p = pack(prev), l = pack(ly);
  return {
    scope: s,
    settings,
    ...cur,
    previous: { ...spans.previous, ...p },
    last_year: { ...spans.last_year, ...l },
    change: { registered_vs_previous: change(cur.counts.registered, p.counts.registered), registered_vs_last_year: change(cur.counts.registered, l.counts.registered) },
    drill: drillFilter(s),
  };
}

const whole: GroupFn = () => `''`;

/** The rollup dimensions a breakdown groups by. */
const DIMENSION_DIMS: Record<BreakdownQuery['by'], Dim[]> = {
  kind: ['kind'], channel: ['channel'], severity: ['severity'], handler: ['handler_id'], department: ['department_id'],
  category: ['category_id'], unit: ['unit_id'], period: [],
};

/**
 * Group expression per dimension, over a case or a rollup row (`source`). Unit: the child of the scope unit on the
 * case unit's path (rolled up). Period: the case's local registration time, or the rollup row's local day, truncated.
 */
function dimension(q: BreakdownQuery, params: unknown[], timeZone: string, source: 'raw' | 'rollup'): string {
  switch (q.by) {
    case 'kind': return 'c.kind';
    case 'channel': return 'c.channel';
    case 'severity': return 'c.severity';
    case 'handler': return 'c.handler_id::text';
    case 'department': return 'c.department_id::text';
    // Drill down the tree: within a category, its children; at the top, the root categories.
    case 'category': return q.category_id ? 'c.category_id::text' : 'coalesce(cat.parent_id, cat.id)::text';
    case 'unit': {
      // Without a unit: the level below the root (regions, or projects when there is no region level).
      if (!q.unit_id) return 'coalesce(u.path[2], u.path[1])::text';
      params.push(q.unit_id);
      const p = `$${params.length}::uuid`;
      return `coalesce(u.path[array_position(u.path, ${p}) + 1], ${p})::text`;
    }
    case 'period': {
      if (source === 'rollup') return `to_char(date_trunc($${params.push(q.grain)}, c.day::timestamp), 'YYYY-MM-DD')`;
      params.push(q.grain, timeZone);
      return `to_char(date_trunc($${params.length - 1}, c.created_at at time zone $${params.length}), 'YYYY-MM-DD')`;
    }
  }
}

/** Counts and rates per group, each with the previous period's and last year's count and its drill-through filter. */
export async function breakdown(db: pg.Pool, actor: Actor, q: BreakdownQuery, opts: PathOptions = {}) {
  checkSpan(q);
  const { settings, timeZone } = await settingsOf(db, actor.orgId);
  const spans = comparisonSpans(q.from, q.to);
  const groupFn: GroupFn = (params, source) => dimension(q, params, timeZone, source);
  const dims = DIMENSION_DIMS[q.by];
  // Month rows serve every group but a day or a week.
  const months = q.by !== 'period' || !['day', 'week'].includes(q.grain);
  const run = (s: AnalyticsScope) => grouped(db, actor, s, groupFn, dims, settings, { ...opts, months });
  // The comparisons need only the registered count per group: the rollup, or one light raw query each.
  const registered = async (s: AnalyticsScope): Promise<Map<string, { counts: { registered: number } }>> => {
    if (opts.path !== 'raw') {
      const r = await analyticsSnapshot(db, (qq) => groupedRollup(qq, actor, s, groupFn, dims, settings.repeat_days, { months, ownRawMax: opts.ownRawMax }), { serial: true });
      if (r) return new Map([...r].map(([k, g]) => [k, { counts: { registered: g.counts.registered } }]));
    }
    const params: unknown[] = [];
    const group = dimension(q, params, timeZone, 'raw');
    const whereSql = scopeWhere(actor, s, params);
    const rows = await analyticsMany<{ key: string | null; n: number }>(db,
      `select ${group} as key, count(*)::int as n from cases c left join units u on u.org_id = c.org_id and u.id = c.unit_id
         left join categories cat on cat.org_id = c.org_id and cat.id = c.category_id where ${whereSql} group by 1`, params);
    return new Map(rows.map((r) => [r.key ?? '', { counts: { registered: r.n } }]));
  };
  const [now, prev, ly] = await Promise.all([run(q), q.by === 'period' ? null : registered({ ...q, ...spans.previous }), q.by === 'period' ? null : registered({ ...q, ...spans.last_year })]);
  const labels = await labelsOf(db, actor.orgId, q.by, [...now.keys()]);
  const households = q.by === 'unit' || q.by === 'department' ? await householdsOf(db, actor.orgId, [...now.keys()]) : new Map<string, number>();
  const items = [...now.entries()].map(([key, e]) => {
    const drillKey: Record<string, string | undefined> =
      q.by === 'kind' || q.by === 'channel' || q.by === 'severity' ? { [q.by]: key }
      : q.by === 'category' ? { category_id: key || 'none' }
      : q.by === 'unit' || q.by === 'department' ? { unit_id: key || undefined }
      : q.by === 'handler' ? { handler_id: key || undefined }
      : {};
    const p = prev?.get(key)?.counts.registered ?? 0, l = ly?.get(key)?.counts.registered ?? 0;
    return {
      key: key || null,
      label: labels.get(key) ?? null,
      counts: e.counts,
      rates: rates(e.counts, settings),
      // Per group the count and the exact mean only: the median and p90 are the scope total's (GET …/rates).
      handling_hours: { n: e.handling.n, mean: e.handling.mean } satisfies HandlingMean,
      // League tables: complaints with invalid and malicious (and merged duplicates) left out, per 100 households where recorded.
      league_count: e.counts.registered - e.counts.merged - e.counts.invalid - e.counts.malicious,
      households: households.get(key) ?? null,
      per_100_households: households.get(key) ? ((e.counts.registered - e.counts.merged - e.counts.invalid - e.counts.malicious) * 100) / households.get(key)! : null,
      previous_registered: prev ? p : null,
      last_year_registered: ly ? l : null,
      change_vs_previous: prev ? change(e.counts.registered, p) : null,
      change_vs_last_year: ly ? change(e.counts.registered, l) : null,
      // No filter of the case list selects "no handler" / "no department": those figures do not drill through.
      drill: !key && (q.by === 'handler' || q.by === 'department') ? null : drillFilter(q, drillKey),
    };
  });
  // Ties in a stable order (by key), whichever path counted them.
  items.sort((a, b) => (q.by === 'period' ? 0 : b.counts.registered - a.counts.registered) || String(a.key).localeCompare(String(b.key)));
  return { by: q.by, grain: q.by === 'period' ? q.grain : null, scope: q, items };
}

async function labelsOf(db: pg.Pool, orgId: string, by: BreakdownQuery['by'], keys: string[]): Promise<Map<string, string>> {
  const ids = keys.filter((k) => /^[0-9a-f-]{36}$/.test(k));
  if (!ids.length) return new Map();
  const sql =
    by === 'category' ? `select id::text as id, name_zh || ' / ' || name_en as label from categories where org_id = $1 and id = any($2::uuid[])`
    : by === 'unit' || by === 'department' ? `select id::text as id, name as label from units where org_id = $1 and id = any($2::uuid[])`
    : by === 'handler' ? `select id::text as id, display_name as label from users where org_id = $1 and id = any($2::uuid[])`
    : null;
  if (!sql) return new Map();
  const rows = await many<{ id: string; label: string }>(db, sql, [orgId, ids]);
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** The households recorded for units (migration 013), the league tables' denominator. */
async function householdsOf(db: pg.Pool, orgId: string, keys: string[]): Promise<Map<string, number>> {
  const ids = keys.filter((k) => /^[0-9a-f-]{36}$/.test(k));
  if (!ids.length) return new Map();
  const rows = await many<{ id: string; households: number }>(db, 'select id::text as id, households from units where org_id = $1 and id = any($2::uuid[]) and households is not null', [orgId, ids]);
  return new Map(rows.map((r) => [r.id, r.households]));
}
