import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createChainDemoOrg } from '../src/app/orgs/demo-chain.ts';
import { generateLifecycleCases } from '../src/app/orgs/demo.ts';
import { freshOrg, testPool } from './helpers.ts';

let pool: pg.Pool;
beforeAll(() => {
  pool = testPool();
});
afterAll(async () => {
  await pool.end();
});

const ALL_STATES = ['registered', 'accepted', 'assigned', 'in_progress', 'suspended', 'resolved', 'visited', 'closed', 'merged', 'withdrawn'];

describe('the demo organisations', () => {
  it('shows every state, including merged and withdrawn, awaiting sign-off and direct answers, over all four projects', async () => {
    const org = await freshOrg(pool);
    await generateLifecycleCases(pool, org, 160, 42, new Date('2026-11-20T08:00:00Z'));
    const states = await pool.query<{ status: string }>('select distinct status from cases where org_id = $1', [org.orgId]);
    expect(states.rows.map((r) => r.status).sort()).toEqual([...ALL_STATES].sort());
    const byProject = await pool.query<{ name: string; n: number }>(
      `select u.name, count(*)::int n from cases c join units u on u.org_id = c.org_id and u.id = c.unit_id where c.org_id = $1 group by u.name`,
      [org.orgId],
    );
    expect(byProject.rows.map((r) => r.name).sort()).toEqual(['南山名苑管理处', '滨江一号管理处', '翠湖花园管理处', '香蜜湖畔管理处'].sort());
    expect(byProject.rows.every((r) => r.n >= 30)).toBe(true);
    const special = await pool.query(
      `select count(*) filter (where direct_answer and kind = 'complaint')::int complaints_answered,
              count(*) filter (where approval_pending is not null)::int awaiting_signoff,
              count(*) filter (where visit_reached = false and status = 'resolved')::int not_reached,
              count(*) filter (where crisis_decided_at is not null)::int crisis_decided
         from cases where org_id = $1`,
      [org.orgId],
    );
    expect(special.rows[0]).toMatchObject({ complaints_answered: expect.any(Number) });
    for (const [k, v] of Object.entries(special.rows[0] as Record<string, number>)) expect(v, k).toBeGreaterThan(0);
  }, 120_000);

  it('includes an agency chain whose stores, agents and HR-run complaint center carry its cases', async () => {
    const org = await createChainDemoOrg(pool, 'pw-' + randomUUID(), 40, `chain-${randomUUID().slice(0, 8)}`);
    const o = await pool.query('select trade from organisations where id = $1', [org.orgId]);
    expect(o.rows[0].trade).toBe('agency_chain');
    const stores = await pool.query(
      `select u.name, count(c.*)::int n from units u left join cases c on c.org_id = u.org_id and c.unit_id = u.id
        where u.org_id = $1 and u.kind = 'store' group by u.name`,
      [org.orgId],
    );
    expect(stores.rows).toHaveLength(3);
    expect(stores.rows.every((r: { n: number }) => r.n > 0)).toBe(true);
    const center = await pool.query(`select name from units where org_id = $1 and is_complaint_center`, [org.orgId]);
    expect(center.rows[0].name).toContain('人事部');
  }, 120_000);
});
