import type pg from 'pg';
import type { HotIssuesQuery } from '../../contract/analytics.ts';
import { isSurge, poissonUpperTail, SURGE_ALPHA, SURGE_MIN_COUNT } from '../../domain/rates.ts';
import { rolesSeeContact } from '../../domain/roles.ts';
import type { Actor } from '../context.ts';
import { analyticsMany, analyticsSnapshot, filtersWhere, rangesWhere, scopeWhere } from './count-sql.ts';
import { drillFilter, type PathOptions } from './rates-query.ts';
import { levelsOf, planRead, readSet, rollupSources, scopeDims } from './rollup-query.ts';
import { groupingSetFor } from './rollup.ts';

/**
 * Hot issues: category × place × period, most cases first (merged cases counted once, in their parent; invalid
 * and malicious left out). The place is the case's unit (project, store) and, for roles that see addresses, the
 * building: the first part of the room (`3-2-501` → building 3) — rooms are personal data, so other roles get the unit only.
 * Through the rollup (whole days) plus the raw cases (the rest), added in one statement; `path: 'raw'` is the reference.
 */
export async function hotIssues(db: pg.Pool, actor: Actor, q: HotIssuesQuery, opts: PathOptions = {}) {
  const sees = rolesSeeContact(actor.roles);
  const name = actor.locale === 'en-US' ? 'cat.name_en' : 'cat.name_zh';
  const rows = await analyticsSnapshot(db, async (query) => {
    const set = readSet(actor, q, sees ? ['unit_id', 'category_id', 'building'] : ['unit_id', 'category_id']);
    const plan = opts.path === 'raw' ? null : await planRead(query, actor.orgId, q.from, q.to, levelsOf(set));
    const params: unknown[] = [];
    const parts: string[] = [];
    const rawPart = (where: string) => `select c.category_id, c.unit_id, ${sees ? `nullif(split_part(coalesce(c.customer_room, ''), '-', 1), '')` : 'null::text'} as building, count(*)::int as n
       from cases c where ${where} and c.status not in ('merged') and c.validity not in ('invalid','malicious') group by 1, 2, 3`;
    if (!plan) parts.push(rawPart(scopeWhere(actor, q, params)));
    else {
      for (const r of rollupSources(() => filtersWhere(actor, q, params), plan, set, params)) {
        parts.push(`select c.category_id, c.unit_id, ${sees ? 'c.building' : 'null::text'} as building, sum(c.registered - c.merged - c.invalid - c.malicious)::int as n
                      from ${r.table} c where ${r.where} group by 1, 2, 3`);
      }
      if (plan.ranges.length) parts.push(rawPart(`${filtersWhere(actor, q, params)} and ${rangesWhere(plan.ranges, params)}`));
    }
    if (!parts.length) return [];
    params.push(q.limit);
    return query<{ category_id: string | null; category: string | null; unit_id: string; unit: string; building: string | null; n: number }>(
      `select h.category_id, ${name} as category, h.unit_id, u.name as unit, h.building, sum(h.n)::int as n
         from (${parts.join(' union all ')}) h join units u on u.org_id = $1 and u.id = h.unit_id
         left join categories cat on cat.org_id = $1 and cat.id = h.category_id
        group by 1, 2, 3, 4, 5 having sum(h.n) > 0 order by n desc, 2, 4 limit $${params.length}`,
      params,
    );
  }, { serial: opts.path !== 'raw' });
  return { scope: q, items: rows.map((r) => ({ ...r, drill: drillFilter(q, { category_id: r.category_id ?? undefined, unit_id: r.unit_id }) })) };
}

/** The surge method (stated for the UI and the docs). */
export const SURGE_METHOD = {
  window_days: 7,
  baseline_windows: 4,
  test: 'one-sided Poisson: P(X ≥ observed | λ = mean of the 4 previous 7-day windows) < alpha',
  alpha: SURGE_ALPHA,
  min_count: SURGE_MIN_COUNT,
};

export interface Surge {
  category_id: string;
  category: string;
  unit_id: string;
  unit: string;
  observed: number;
  expected: number;
  p_value: number;
  window_from: string;
  window_to: string;
}

/**
 * Surges at `now` in the organisation (or the actor's visible scope): per category × unit, the cases of the last
 * 7 days against the mean of the four 7-day windows before (a baseline of 0 counts as 0.25 a window: one case a month).
 */
export async function findSurges(db: pg.Pool, orgId: string, now: Date, actor?: Actor, opts: PathOptions = {}): Promise<Surge[]> {
  const day = 86_400_000;
  const w = SURGE_METHOD.window_days * day;
  const windowFrom = new Date(now.getTime() - w);
  const baseFrom = new Date(windowFrom.getTime() - SURGE_METHOD.baseline_windows * w);
  const rows = await analyticsSnapshot(db, async (query) => {
    const set = groupingSetFor(['unit_id', 'category_id', ...(actor ? scopeDims(actor, {}) : [])]);
    const params: unknown[] = [];
    const visible = () => (actor ? filtersWhere(actor, {}, params) : `c.org_id = $${params.push(orgId)}`);
    const COUNTED = `c.status <> 'merged' and c.validity not in ('invalid','malicious') and c.category_id is not null`;
    const parts: string[] = [];
    // Each window (the baseline, then the last 7 days) from the rollup's whole months, days and hours and the raw cases for the rest.
    for (const [col, from, to] of [['base', baseFrom, windowFrom], ['observed', windowFrom, now]] as const) {
      const other = col === 'base' ? 'observed' : 'base';
      const plan = opts.path === 'raw' ? null : await planRead(query, orgId, from.toISOString(), to.toISOString(), levelsOf(set));
      const ranges = plan ? plan.ranges : [[from.toISOString(), to.toISOString()] as [string, string]];
      // The visibility first in each where: the statement's $1 is the organisation.
      for (const r of plan ? rollupSources(visible, plan, set, params) : []) {
        parts.push(`select c.category_id, c.unit_id, sum(c.registered - c.merged - c.invalid - c.malicious)::int as ${col}, 0 as ${other}
                      from ${r.table} c where ${r.where} and c.category_id is not null group by 1, 2`);
      }
      if (ranges.length) {
        parts.push(`select c.category_id, c.unit_id, count(*)::int as ${col}, 0 as ${other} from cases c
                     where ${visible()} and ${rangesWhere(ranges, params)} and ${COUNTED} group by 1, 2`);
      }
    }
    return query<{ category_id: string; category: string; unit_id: string; unit: string; observed: number; base: number }>(
      `select h.category_id, cat.name_zh as category, h.unit_id, u.name as unit, sum(h.observed)::int as observed, sum(h.base)::int as base
         from (${parts.map((x) => `select category_id, unit_id, observed, base from (${x}) p`).join(' union all ')}) h
         join units u on u.org_id = $1 and u.id = h.unit_id join categories cat on cat.org_id = $1 and cat.id = h.category_id
        group by 1, 2, 3, 4 having sum(h.observed) >= ${SURGE_MIN_COUNT}`,
      params,
    );
  }, { serial: opts.path !== 'raw' });
  return rows
    .map((r) => {
      const expected = Math.max(r.base / SURGE_METHOD.baseline_windows, 0.25);
      return { ...r, expected, p_value: poissonUpperTail(r.observed, expected), window_from: windowFrom.toISOString(), window_to: now.toISOString() };
    })
    .filter((r) => isSurge(r.observed, r.expected))
    .sort((a, b) => a.p_value - b.p_value);
}

/** Surges visible to the actor, each with its drill-through filter. */
export async function surgesFor(db: pg.Pool, actor: Actor, now: Date, opts: PathOptions = {}) {
  const items = await findSurges(db, actor.orgId, now, actor, opts);
  return { method: SURGE_METHOD, items: items.map((s) => ({ ...s, drill: drillFilter({ from: s.window_from, to: s.window_to }, { category_id: s.category_id, unit_id: s.unit_id }) })) };
}

/**
 * One pass of the surge job: for every organisation, each surge becomes a `surge` notification to the managers who
 * see the place (complaint centre and administrators org-wide; unit managers and department heads on its unit path),
 * once per category × unit × day (dedupe key). Returns the number of notifications written.
 */
export async function notifySurgesOnce(db: pg.Pool, now: Date): Promise<number> {
  const orgs = await analyticsMany<{ id: string }>(db, 'select id from organisations', []);
  let written = 0;
  for (const o of orgs) {
    const surges = await findSurges(db, o.id, now);
    for (const s of surges) {
      const r = await db.query(
        `insert into notifications (org_id, id, recipient_id, case_id, kind, dedupe_key, payload, created_at)
         select $1, gen_random_uuid(), us.id, null, 'surge', $2, $3::jsonb, $4
           from users us join units su on su.org_id = us.org_id and su.id = $5
          where us.org_id = $1 and us.active
            and (us.roles && array['complaint_center','admin']::text[]
                 or (us.roles && array['unit_manager','department_head']::text[] and us.unit_id = any(su.path)))
         on conflict (org_id, recipient_id, dedupe_key) do nothing`,
        [o.id, `surge:${s.category_id}:${s.unit_id}:${now.toISOString().slice(0, 10)}`, JSON.stringify({ ...s, method: SURGE_METHOD.test }), now, s.unit_id],
      );
      written += r.rowCount ?? 0;
    }
  }
  return written;
}
