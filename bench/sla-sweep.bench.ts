import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Clock } from '../src/app/context.ts';
import { createOrganisation } from '../src/app/orgs/create-organisation.ts';
import { demoSpec } from '../src/app/orgs/demo.ts';
import { CLAIM_SQL, sweepOnce } from '../src/jobs/sla-sweep.job.ts';
import { withTx } from '../src/store/db.ts';

/**
 * One sweep of the deadline sweeper with `due` clocks due among 10,000 and among 1,000,000 open cases (a fresh
 * organisation, rows made with generate_series). The sweep must cost O(due), not O(open): the two medians should
 * be close. Sweeps are confined to the bench organisation so other data in the database is never touched.
 */
export async function benchSlaSweep(
  pool: pg.Pool,
  opts: { small?: number; large?: number; due?: number; runs?: number; log?: (msg: string) => void } = {},
): Promise<{ rows: Record<string, string | number>[]; plan: string }> {
  const small = opts.small ?? 10_000;
  const large = opts.large ?? 1_000_000;
  const due = opts.due ?? 1_000;
  const runs = opts.runs ?? 5;
  const log = opts.log ?? (() => undefined);
  const now = new Date('2026-03-18T02:00:00Z'); // Wednesday 10:00 in Beijing
  const clock: Clock = { now: () => now };

  const org = await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec(randomUUID()), slug: `bench-sla-${randomUUID().slice(0, 8)}`, name: 'SLA sweep benchmark' }));
  const ids = {
    org: org.orgId, unit: org.units.get('cuihu')!, dept: org.units.get('cuihu.engineering')!,
    handler: org.users.get('handler')!, agent: org.users.get('agent')!,
  };
  let made = 0;
  const dueIds: string[] = [];

  /** Adds open cases `made+1 … total`; the first `due` ever made are due now, the rest far later. */
  async function grow(total: number) {
    const started = Date.now();
    for (let from = made + 1; from <= total; from += 100_000) {
      const to = Math.min(total, from + 99_999);
      const r = await pool.query(
        `with c as (
           insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, severity, validity,
                              unit_id, department_id, handler_id, first_responder_id, registered_by, created_at, updated_at)
           select $1, gen_random_uuid(), 'B-' || g, 'complaint', 'phone', 'in_progress', '电梯故障', '基准测试', '业主', 'minor', 'valid',
                  $4, $5, $6, $7, $7, $8::timestamptz - interval '4 days', $8::timestamptz - interval '4 days'
             from generate_series($2::int, $3::int) g
           returning id, number)
         insert into case_clocks (org_id, case_id, kind, target, unit, started_at, due_at, original_due_at, budget, used,
                                  segment_start, state, warned, next_check_at, updated_at)
         select $1, c.id, 'resolve', '{"amount":3,"unit":"working_days"}', 'working_days',
                $8::timestamptz - interval '4 days', d.due, d.due, 1350, 0, $8::timestamptz - interval '4 days', 'running',
                '{0.5,0.8}', d.due, $8
           from c cross join lateral (
             select case when substr(c.number, 3)::int <= $9 then $8::timestamptz - interval '1 minute'
                         else $8::timestamptz + (1 + substr(c.number, 3)::int % 30) * interval '1 day' end as due) d
         returning case_id, due_at < $8 as is_due`,
        [ids.org, from, to, ids.unit, ids.dept, ids.handler, ids.agent, now, due],
      );
      for (const row of r.rows as { case_id: string; is_due: boolean }[]) if (row.is_due) dueIds.push(row.case_id);
    }
    made = total;
    await pool.query('analyze cases');
    await pool.query('analyze case_clocks');
    log(`sla bench: ${total} open cases ready in ${Date.now() - started} ms`);
  }

  /** Puts the due clocks back to "running, past due, nothing done yet" for the next run. */
  async function rearm() {
    await pool.query(
      `update case_clocks set state = 'running', breach_recorded = false, escalation_step = 0, next_escalation_at = null,
              breached_at = null, cycle = cycle + 1, next_check_at = due_at
        where org_id = $1 and case_id = any($2::uuid[]) and kind = 'resolve'`,
      [ids.org, dueIds],
    );
  }

  async function measure(open: number) {
    const times: number[] = [];
    let last = { claimed: 0, escalations: 0 };
    // One unmeasured sweep first: warm caches (calendar, staff, plans, JIT), as a long-running sweeper has.
    await rearm();
    await sweepOnce(pool, clock, due * 2, { orgId: ids.org });
    for (let i = 0; i < runs; i++) {
      await rearm();
      const t0 = performance.now();
      last = await sweepOnce(pool, clock, due * 2, { orgId: ids.org });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    log(`sla bench: ${open} open, ${due} due: median ${median.toFixed(1)} ms`);
    return { open, due, runs, median_ms: round(median), min_ms: round(times[0]!), max_ms: round(times.at(-1)!), claimed: last.claimed, escalations: last.escalations };
  }

  await grow(small);
  const a = await measure(small);
  await grow(large);
  const b = await measure(large);

  // The claim at full size, as the production sweeper runs it (all organisations) and as it ran here (one).
  await rearm();
  const plan = await explain(pool, `explain (analyze, buffers, costs off) ${CLAIM_SQL}`, [now, 500]);
  const orgPlan = await explain(pool, `explain (analyze, buffers, costs off) ${CLAIM_SQL.replace('where next_check_at', 'where org_id = $3 and next_check_at')}`, [now, 500, ids.org]);
  return {
    rows: [a, b, { open: `${large} / ${small}`, due, runs, median_ms: round(b.median_ms / a.median_ms), min_ms: '', max_ms: '', claimed: 'ratio', escalations: '' }],
    plan: `-- claim, all organisations\n${plan}\n\n-- claim, one organisation\n${orgPlan}`,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

async function explain(pool: pg.Pool, sql: string, params: unknown[]): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const r = await client.query(sql, params);
    return r.rows.map((row) => row['QUERY PLAN'] as string).join('\n');
  } finally {
    await client.query('rollback');
    client.release();
  }
}
