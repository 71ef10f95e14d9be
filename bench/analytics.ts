/**
 * The analytics benchmark (issue 10): the dashboard's queries for a month and for a year at each tier of cases,
 * p50/p95, against the bare `count(*)` of the same rows in the same run. Called by bench/run.ts when
 * BENCH_ANALYTICS=1 (on the organisation the list tiers filled), or alone:
 *   DATABASE_URL=… BENCH_CASES=100000,1000000 npx tsx bench/analytics.ts
 * The use cases are called in-process (no HTTP), so the figures are the database work the dashboard waits for.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { hotIssues } from '../src/app/analytics/hot-issues.ts';
import { breakdown, scopeRates } from '../src/app/analytics/rates-query.ts';
import { actorFor } from '../src/app/auth/sessions.ts';
import { createOrganisation } from '../src/app/orgs/create-organisation.ts';
import { demoSpec, generateBulkCases } from '../src/app/orgs/demo.ts';
import { openPool, withTx } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';

type Row = Record<string, string | number>;
const REQUESTS = Number(process.env.BENCH_ANALYTICS_REQUESTS ?? 15);

function quantile(xs: number[], q: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
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

/** Generates the organisation up to each tier and measures; returns table rows. */
export async function benchAnalytics(pool: pg.Pool, orgId: string, tiers: number[], log: (m: string) => void = (m) => process.stderr.write(m)): Promise<Row[]> {
  const user = (await pool.query(`select * from users where org_id = $1 and username = 'center'`, [orgId])).rows[0];
  const center = await actorFor(pool, user);
  const rows: Row[] = [];
  for (const tier of tiers) {
    const have = Number((await pool.query('select count(*) from cases where org_id = $1', [orgId])).rows[0].count);
    if (tier > have) {
      const t0 = Date.now();
      await generateBulkCases(pool, orgId, tier - have, Date.now() % 100_000, (done) => log(`\r  analytics: generating ${done}/${tier - have} cases`));
      await pool.query('analyze cases');
      log(`\n  generated in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
    }
    const actual = Number((await pool.query('select count(*) from cases where org_id = $1', [orgId])).rows[0].count);
    const now = new Date();
    const spans = {
      month: { from: new Date(now.getTime() - 30 * 86400_000).toISOString(), to: now.toISOString() },
      year: { from: new Date(now.getTime() - 365 * 86400_000).toISOString(), to: now.toISOString() },
    };
    for (const [name, span] of Object.entries(spans)) {
      const n = Number((await pool.query('select count(*) from cases where org_id = $1 and created_at >= $2 and created_at < $3', [orgId, span.from, span.to])).rows[0].count);
      const queries: Record<string, () => Promise<unknown>> = {
        'bare count(*)': () => pool.query('select count(*) from cases where org_id = $1 and created_at >= $2 and created_at < $3', [orgId, span.from, span.to]),
        rates: () => scopeRates(pool, center, span),
        'breakdown by category': () => breakdown(pool, center, { ...span, by: 'category', grain: 'month' }),
        'breakdown by period': () => breakdown(pool, center, { ...span, by: 'period', grain: name === 'year' ? 'month' : 'day' }),
        'hot issues': () => hotIssues(pool, center, { ...span, limit: 20 }),
      };
      for (const [q, fn] of Object.entries(queries)) {
        const r = await timeIt(REQUESTS, fn);
        rows.push({ cases: actual, period: name, 'rows in period': n, query: q, 'p50 ms': r.p50.toFixed(0), 'p95 ms': r.p95.toFixed(0) });
        log(`  ${actual} ${name} ${q}: p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms\n`);
      }
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pool = openPool(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', 10);
  await migrate(pool);
  const tiers = (process.env.BENCH_CASES ?? '100000').split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
  const slug = process.env.BENCH_ORG ?? `bench-an-${randomUUID().slice(0, 8)}`;
  const existing = (await pool.query('select id from organisations where slug = $1', [slug])).rows[0] as { id: string } | undefined;
  const orgId = existing?.id ?? (await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec('bench-pass'), slug }))).orgId;
  const rows = await benchAnalytics(pool, orgId, tiers);
  const cols = Object.keys(rows[0] ?? {});
  console.log([`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((c) => r[c]).join(' | ')} |`)].join('\n'));
  await pool.end();
}
