import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { CLAIM_SQL, startSweeper, sweepOnce } from '../src/jobs/sla-sweep.job.ts';
import { testPool } from './helpers.ts';
import { bj, clockedApi, type Clocked } from './sla-helpers.ts';

let pool: pg.Pool;

beforeAll(() => {
  pool = testPool();
});
afterAll(async () => {
  await pool.end();
});

/** `n` minor cases in progress from Tue 2026-03-10 10:00 (resolve due Thu 18:00; levels at Thu 18:00, Fri 14:30, Mon 18:00, Tue 18:00). */
async function openCases(t: Clocked, n: number) {
  const cases = [];
  for (let i = 0; i < n; i++) cases.push(await t.toInProgress('2026-03-10 10:00'));
  return cases;
}

/** Per case, the automatic steps on its timeline, and the escalation notifications per level. */
async function tally(orgId: string) {
  const events = await pool.query(
    `select case_id, action, data->>'level' as level, count(*)::int as n from case_events
      where org_id = $1 and action in ('sla_breach', 'escalate', 'sla_warning') group by 1, 2, 3`,
    [orgId],
  );
  const notes = await pool.query(
    `select case_id, level, recipient_id, count(*)::int as n from notifications where org_id = $1 and kind = 'escalation' group by 1, 2, 3`,
    [orgId],
  );
  return { events: events.rows as { case_id: string; action: string; level: string | null; n: number }[], notes: notes.rows as { n: number; level: number }[] };
}

function expectEachLevelOnce(t: { events: { action: string; level: string | null; n: number }[]; notes: { n: number; level: number }[] }, cases: number, levels: number) {
  expect(t.events.every((e) => e.n === 1)).toBe(true);
  expect(t.events.filter((e) => e.action === 'sla_breach')).toHaveLength(cases);
  expect(t.events.filter((e) => e.action === 'escalate')).toHaveLength(cases * levels);
  expect(t.notes.every((n) => n.n === 1)).toBe(true);
  expect(new Set(t.notes.map((n) => n.level))).toEqual(new Set(Array.from({ length: levels }, (_, i) => i + 1)));
}

describe('the deadline sweeper', () => {
  it('never escalates twice when two processes sweep one database at once', async () => {
    const t = await clockedApi(pool);
    const cases = await openCases(t, 12);
    t.clock.set(bj('2026-03-20 12:00')); // past every level
    const other = testPool();
    try {
      // Two "processes": own pools, small claims, racing until nothing is left.
      const worker = async (p: pg.Pool) => {
        let escalations = 0;
        for (;;) {
          const r = await sweepOnce(p, t.clock, 3, { orgId: t.org.orgId });
          escalations += r.escalations;
          if (r.claimed === 0) return escalations;
        }
      };
      const [a, b] = await Promise.all([worker(pool), worker(other)]);
      expect(a + b).toBe(cases.length * 3);
    } finally {
      await other.end();
    }
    expectEachLevelOnce(await tally(t.org.orgId), cases.length, 3);
    const view = await t.get(cases[0]!.id);
    expect(view.escalation_level).toBe(3);
    await t.app.close();
  });

  it('catches up after a restart: each escalation happens exactly once, and sweeping again changes nothing', async () => {
    // Property family: minor complaints due Thursday 18:00.
    const t = await clockedApi(pool, undefined, 'property');
    const cases = await openCases(t, 5);
    // Running before the deadline: nothing to do.
    let sweeper = startSweeper({ pool, clock: t.clock, intervalMs: 20, orgId: t.org.orgId });
    t.clock.set(bj('2026-03-12 18:01'));
    await waitFor(async () => (await tally(t.org.orgId)).events.filter((e) => e.action === 'escalate').length === 5);
    await sweeper.stop();
    expectEachLevelOnce(await tally(t.org.orgId), 5, 1);

    // Stopped over the weekend and beyond: every remaining level is due when it starts again.
    t.clock.set(bj('2026-03-25 09:00'));
    sweeper = startSweeper({ pool, clock: t.clock, intervalMs: 20, orgId: t.org.orgId });
    await waitFor(async () => (await tally(t.org.orgId)).events.filter((e) => e.action === 'escalate').length === 15);
    await sweeper.stop();
    const after = await tally(t.org.orgId);
    expectEachLevelOnce(after, cases.length, 3);

    expect(await sweepOnce(pool, t.clock, 1000, { orgId: t.org.orgId })).toMatchObject({ claimed: 0, escalations: 0 });
    t.clock.set(bj('2026-06-01 09:00'));
    expect(await sweepOnce(pool, t.clock, 1000, { orgId: t.org.orgId })).toMatchObject({ claimed: 0 });
    expect(await tally(t.org.orgId)).toEqual(after);
    await t.app.close();
  });

  it('claims due clocks through the partial index on next_check_at', async () => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      // On a small table the planner may prefer a scan; forbid it to see that the claim can use a partial index on
      // next_check_at (with few rows it may take the per-organisation one and sort: either avoids the open cases).
      await client.query('set local enable_seqscan = off');
      await client.query('set local enable_bitmapscan = off');
      const plan = await client.query(`explain ${CLAIM_SQL}`, [new Date(), 100]);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using case_clocks_(org_)?next_check/);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 10_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out waiting for the sweeper');
}
