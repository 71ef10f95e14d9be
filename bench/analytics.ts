/**
 * The analytics benchmark (issue 10): the dashboard's queries for a month and for a year at each tier of cases,
 * p50/p95, against the bare `count(*)` of the same rows in the same run, and the p95 ratio largest/smallest tier.
 * Called by bench/run.ts when BENCH_ANALYTICS=1 (on an organisation of its own), or alone (the
 * results then go to bench/results/analytics-<time>.md):
 *   DATABASE_URL=… BENCH_CASES=100000,1000000 npx tsx bench/analytics.ts
 * With BENCH_ORG_PREFIX=p each tier gets its own organisation `p-<tier>`, kept for the next run (generating 1M
 * cases takes most of a run); BENCH_ANALYTICS_PREPARE=1 only generates and builds the rollups (no timing);
 * BENCH_ANALYTICS_ONLY=<regex> times only the matching queries; BENCH_ANALYTICS_CLOCKS=1 adds resolve clocks to the resolved cases (the generator writes none), so the
 * handling-time distribution is part of the measurement.
 * The use cases are called in-process (no HTTP), so the figures are the database work the dashboard waits for.
 * After each tier is generated the rollup job runs once and the rollup tables are vacuumed (the time of both is
 * reported); the queries then read the rollup (migrations 020, 024). At tiers up to BENCH_ANALYTICS_RAW_MAX (100,000) the raw path is timed too (3 requests).
 * The triggers' cost is measured on plain single-row inserts into cases, with and without them.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { hotIssues } from '../src/app/analytics/hot-issues.ts';
import { breakdown, scopeRates, type PathOptions } from '../src/app/analytics/rates-query.ts';
import { refreshRollup } from '../src/app/analytics/rollup.ts';
import { similarComplaints } from '../src/app/analytics/similar.ts';
import { surgesFor } from '../src/app/analytics/hot-issues.ts';
import { actorFor } from '../src/app/auth/sessions.ts';
import { createOrganisation } from '../src/app/orgs/create-organisation.ts';
import { demoSpec, generateBulkCases } from '../src/app/orgs/demo.ts';
import { openPool, withTx } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';

type Row = Record<string, string | number>;
const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 15);
const RAW_MAX = Number(process.env.BENCH_ANALYTICS_RAW_MAX ?? 100_000);
/** BENCH_ANALYTICS_PREPARE=1: generate the tiers and build their rollups, time nothing (no BUSY flag needed). */
const PREPARE_ONLY = process.env.BENCH_ANALYTICS_PREPARE === '1';
/** BENCH_ANALYTICS_CLOCKS=1: give the resolved cases resolve clocks, so the handling time is measured too. */
const WITH_CLOCKS = process.env.BENCH_ANALYTICS_CLOCKS === '1';
/** BENCH_ANALYTICS_ONLY=<regex>: time only the queries whose name matches (e.g. `rates|by period`), for a short run. */
const ONLY = process.env.BENCH_ANALYTICS_ONLY ? new RegExp(process.env.BENCH_ANALYTICS_ONLY) : null;

function quantile(xs: number[], q: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

/** Each of `fns` once for warm-up, then `n` rounds of each in turn; p50/p95 per function. */
async function timeInterleaved(n: number, fns: (() => Promise<unknown>)[]) {
  for (const fn of fns) await fn();
  const ms: number[][] = fns.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const [k, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      ms[k]!.push(performance.now() - t0);
    }
  }
  return ms.map((m) => ({ p50: quantile(m, 0.5), p95: quantile(m, 0.95) }));
}

async function timeIt(n: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
}

type Queries = Record<string, (o: PathOptions) => Promise<unknown>>;
interface Tier { orgId: string; cases: number; refreshMs: number; periods: { name: string; n: number; queries: Queries }[] }

/** Generates the organisation up to `tier` cases, refreshes its rollup and lists the dashboard's queries on it. */
async function prepareTier(pool: pg.Pool, orgId: string, tier: number, now: Date, log: (m: string) => void): Promise<Tier> {
  const have = Number((await pool.query('select count(*) from cases where org_id = $1', [orgId])).rows[0].count);
  if (tier > have) {
    const t0 = Date.now();
    await generateBulkCases(pool, orgId, tier - have, Date.now() % 100_000, (done) => log(`\r  analytics: generating ${done}/${tier - have} cases`));
    await pool.query('analyze cases');
    log(`\n  generated in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  if (WITH_CLOCKS) {
    // The bulk generator writes no clocks, so the handling-time distribution (analytics_handling) stays empty; this
    // gives every resolved case an ended working-hours resolve clock of 0–50 h (fractional minutes, as real clocks).
    const r = await pool.query(
      `insert into case_clocks (org_id, case_id, kind, target, unit, started_at, due_at, original_due_at, budget, used, state, met_at, breached_at, updated_at)
       select c.org_id, c.id, 'resolve', '{}'::jsonb, 'working_hours', c.created_at, c.created_at + interval '3 days', c.created_at + interval '3 days', 1440,
              (hashtext(c.id::text) & 1048575) / 1048575.0 * 3000, case when hashtext(c.number) % 5 = 0 then 'breached' else 'met' end,
              case when hashtext(c.number) % 5 <> 0 then c.resolved_at end, case when hashtext(c.number) % 5 = 0 then c.resolved_at end, now()
         from cases c where c.org_id = $1 and c.resolved_at is not null
          and not exists (select 1 from case_clocks k where k.org_id = c.org_id and k.case_id = c.id and k.kind = 'resolve')`, [orgId]);
    if (r.rowCount) log(`  resolve clocks added: ${r.rowCount}\n`);
  }
  const t1 = performance.now();
  const rebuilt = await refreshRollup(pool, orgId);
  // A rebuild leaves the replaced rows dead until autovacuum comes by; the dashboard is timed as it runs once it has.
  await pool.query('vacuum analyze analytics_daily, analytics_handling, analytics_hourly, analytics_hourly_handling, analytics_monthly, analytics_monthly_handling, analytics_dirty');
  const refreshMs = performance.now() - t1;
  log(`  rollup refresh (${rebuilt === null ? 'full build' : `${rebuilt} days`}): ${(refreshMs / 1000).toFixed(1)} s\n`);
  const userNamed = async (username: string) => actorFor(pool, (await pool.query(`select * from users where org_id = $1 and username = $2`, [orgId, username])).rows[0]);
  const center = await userNamed('center');
  // A scoped role: a project's manager sees the cases of the project's subtree (and those they handle or took).
  const manager = await userNamed('manager');
  const cases = Number((await pool.query('select count(*) from cases where org_id = $1', [orgId])).rows[0].count);
  const spans = {
    month: { from: new Date(now.getTime() - 30 * 86400_000).toISOString(), to: now.toISOString() },
    year: { from: new Date(now.getTime() - 365 * 86400_000).toISOString(), to: now.toISOString() },
  };
  const periods = [];
  for (const [name, span] of Object.entries(spans)) {
    const n = Number((await pool.query('select count(*) from cases where org_id = $1 and created_at >= $2 and created_at < $3', [orgId, span.from, span.to])).rows[0].count);
    const queries: Queries = {
      'bare count(*)': () => pool.query('select count(*) from cases where org_id = $1 and created_at >= $2 and created_at < $3', [orgId, span.from, span.to]),
      rates: (o) => scopeRates(pool, center, span, o),
      'breakdown by period': (o) => breakdown(pool, center, { ...span, by: 'period', grain: name === 'year' ? 'month' : 'day' }, o),
      'breakdown by category': (o) => breakdown(pool, center, { ...span, by: 'category', grain: 'month' }, o),
      'breakdown by channel': (o) => breakdown(pool, center, { ...span, by: 'channel', grain: 'month' }, o),
      'breakdown by unit': (o) => breakdown(pool, center, { ...span, by: 'unit', grain: 'month' }, o),
      'rates (unit manager)': (o) => scopeRates(pool, manager, span, o),
      'breakdown by period (unit manager)': (o) => breakdown(pool, manager, { ...span, by: 'period', grain: name === 'year' ? 'month' : 'day' }, o),
      'hot issues': (o) => hotIssues(pool, center, { ...span, limit: 15 }, o),
      'surges (last 5 weeks)': () => surgesFor(pool, center, now),
      'similar (newest 3,000)': () => similarComplaints(pool, center, { ...span, limit: 10 }),
    };
    periods.push({ name, n, queries });
  }
  return { orgId, cases, refreshMs, periods };
}

/**
 * Generates the organisation(s) up to each tier and measures; returns table rows (and the rollup refresh times).
 * One organisation grown tier by tier (`org` an id: bench/run.ts) is measured tier after tier. One organisation per
 * tier (`org` a function: BENCH_ORG_PREFIX) is measured interleaved — each request at every tier in turn — so a
 * neighbour's load on the shared machine falls on all tiers alike rather than on whichever ran at the time.
 */
export async function benchAnalytics(pool: pg.Pool, org: string | ((tier: number) => Promise<string>), tiers: number[], log: (m: string) => void = (m) => process.stderr.write(m)): Promise<Row[]> {
  const rows: Row[] = [];
  const now = new Date();
  const measure = async (ts: Tier[]) => {
    for (const [pi, period] of ts[0]!.periods.entries()) {
      for (const q of Object.keys(period.queries).filter((name) => !ONLY || ONLY.test(name))) {
        const fns = ts.map((t) => t.periods[pi]!.queries[q]!);
        const timed = await timeInterleaved(REQUESTS, fns.map((fn) => () => fn({})));
        for (const [k, t] of ts.entries()) {
          const r = timed[k]!;
          const raw = t.cases <= RAW_MAX && !/bare|surges|similar/.test(q) ? await timeIt(3, () => fns[k]!({ path: 'raw' })) : null;
          rows.push({ cases: t.cases, period: period.name, 'rows in period': t.periods[pi]!.n, query: q, 'p50 ms': r.p50.toFixed(0), 'p95 ms': r.p95.toFixed(0), 'raw path p50 ms': raw ? raw.p50.toFixed(0) : '–', 'rollup refresh s': (t.refreshMs / 1000).toFixed(1) });
          log(`  ${t.cases} ${period.name} ${q}: p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms${raw ? ` (raw ${raw.p50.toFixed(0)} ms)` : ''}\n`);
        }
      }
    }
  };
  if (typeof org === 'string') {
    for (const tier of tiers) {
      const t = await prepareTier(pool, org, tier, new Date(), log);
      if (!PREPARE_ONLY) await measure([t]);
    }
  } else {
    const ts: Tier[] = [];
    for (const tier of tiers) ts.push(await prepareTier(pool, await org(tier), tier, now, log));
    if (!PREPARE_ONLY) await measure(ts);
  }
  rows.sort((a, b) => Number(a.cases) - Number(b.cases));
  return rows;
}

/** p95 at the largest tier / p95 at the smallest, per period and query. */
export function tierRatios(rows: Row[]): Row[] {
  const tiers = [...new Set(rows.map((r) => Number(r.cases)))].sort((a, b) => a - b);
  if (tiers.length < 2) return [];
  const lo = tiers[0]!, hi = tiers.at(-1)!;
  const p95 = (cases: number, period: unknown, query: unknown) => Number(rows.find((r) => Number(r.cases) === cases && r.period === period && r.query === query)?.['p95 ms']);
  return rows.filter((r) => Number(r.cases) === hi).map((r) => ({
    period: String(r.period), query: String(r.query), [`p95 at ${lo}`]: p95(lo, r.period, r.query), [`p95 at ${hi}`]: p95(hi, r.period, r.query),
    ratio: (p95(hi, r.period, r.query) / Math.max(1, p95(lo, r.period, r.query))).toFixed(2),
  }));
}

/** The triggers' cost on a plain single-row insert into cases (each in its own transaction, rolled back). */
export async function triggerCost(pool: pg.Pool, orgId: string, n = 300): Promise<Row[]> {
  const ref = (await pool.query(`select (select id from units where org_id = $1 and kind = 'project' limit 1) unit, (select id from users where org_id = $1 limit 1) usr`, [orgId])).rows[0];
  const out: Row[] = [];
  for (const withTriggers of [true, false, true, false]) {
    const c = await pool.connect();
    try {
      await c.query('begin');
      if (!withTriggers) await c.query('alter table cases disable trigger analytics_cases_insert');
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        await c.query(`insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, unit_id, first_responder_id, registered_by, created_at, updated_at)
                       values ($1, $2, $3, 'complaint', 'phone', 'registered', 's', 'c', 'x', $4, $5, $5, now(), now())`, [orgId, randomUUID(), `TRG-${i}`, ref.unit, ref.usr]);
      }
      const us = ((performance.now() - t0) * 1000) / n;
      await c.query('rollback');
      out.push({ insert: withTriggers ? 'with the analytics trigger' : 'trigger disabled', 'µs per insert': us.toFixed(0) });
    } finally {
      c.release();
    }
  }
  return out.slice(2); // the first pair warms up
}

export function markdownTable(rows: Row[]): string {
  const cols = Object.keys(rows[0] ?? {});
  return [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((c) => r[c]).join(' | ')} |`)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pool = openPool(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 10);
  await migrate(pool);
  const tiers = (process.env.BENCH_CASES ?? '100000').split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
  const orgBySlug = async (slug: string) => {
    const existing = (await pool.query('select id from organisations where slug = $1', [slug])).rows[0] as { id: string } | undefined;
    return existing?.id ?? (await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec('bench-pass'), slug }))).orgId;
  };
  // BENCH_ORG_PREFIX=p: organisation `p-<tier>` per tier, generated on the first run and reused by later ones (a 1M
  // organisation takes minutes to generate); BENCH_ORG=slug: one organisation grown tier by tier (reused if it exists).
  const prefix = process.env.BENCH_ORG_PREFIX;
  const orgId = prefix ? null : await orgBySlug(process.env.BENCH_ORG ?? `bench-an-${randomUUID().slice(0, 8)}`);
  const rows = await benchAnalytics(pool, orgId ?? ((tier) => orgBySlug(`${prefix}-${tier}`)), tiers);
  if (PREPARE_ONLY) {
    await pool.end();
    process.exit(0);
  }
  const version = (await pool.query('show server_version')).rows[0].server_version as string;
  const out = [
    `# Analytics benchmark — ${new Date().toISOString()}`, '',
    `PostgreSQL ${version}, ${(await import('node:os')).cpus().length} cores shared with other work (figures are noisy); ${REQUESTS} sequential requests per query after a warm-up${prefix ? `, interleaved across the tiers (one organisation per tier, ${prefix}-<tier>)` : ''}; p95 is the ${Math.ceil(0.95 * REQUESTS)}th of ${REQUESTS}; in-process calls (no HTTP)${WITH_CLOCKS ? '; resolve clocks added to the resolved cases (BENCH_ANALYTICS_CLOCKS=1), so the handling time is read too' : ''}${ONLY ? `; only the queries matching /${ONLY.source}/ (BENCH_ANALYTICS_ONLY)` : ''}.`, '',
    '## Dashboard queries (rollup path), against the bare count(*) of the same rows', '', markdownTable(rows), '',
    '## p95 ratio, largest tier / smallest tier', '', markdownTable(tierRatios(rows)), '',
    '## The analytics trigger on a plain single-row insert into cases', '', markdownTable(await triggerCost(pool, orgId ?? (await orgBySlug(`${prefix}-${tiers[0]}`)))), '',
  ].join('\n');
  console.log(out);
  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `analytics-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), out);
  await pool.end();
}
