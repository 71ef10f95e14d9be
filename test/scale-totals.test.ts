import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { TOTAL_CAP } from '../src/app/cases/list-cases.ts';
import { generateBulkCases } from '../src/app/orgs/demo.ts';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let center: string;
let agent: string;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  center = await t.login('center');
  agent = await t.login('agent');
  // Past ten times the cap, so the estimate alone answers for the whole organisation.
  await generateBulkCases(pool, t.org.orgId, 10 * TOTAL_CAP + 300, 5);
  await pool.query('analyze cases');
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const list = async (token: string, qs: string) => (await t.call(token, 'GET', `/api/v1/cases?${qs}`)).body;
const exactCount = async (where: string, params: unknown[]) =>
  (await pool.query(`select count(*)::int n from cases where org_id = $1 and ${where}`, [t.org.orgId, ...params])).rows[0].n as number;

describe('list totals cost a page, not every match', () => {
  it('counts exactly and says so when no more than the cap match', async () => {
    const truth = await exactCount(`kind = 'suggestion' and channel = 'wechat'`, []);
    expect(truth).toBeLessThanOrEqual(TOTAL_CAP);
    const page = await list(center, 'kind=suggestion&channel=wechat');
    expect(page).toMatchObject({ total: truth, total_exact: true, total_capped_at: TOTAL_CAP });
  });

  it('above the cap gives an estimate of more than the cap, marked as not exact', async () => {
    const truth = await exactCount('true', []);
    expect(truth).toBeGreaterThan(TOTAL_CAP);
    const page = await list(center, 'page_size=20');
    expect(page.total_exact).toBe(false);
    expect(page.total_capped_at).toBe(TOTAL_CAP);
    expect(page.total).toBeGreaterThan(TOTAL_CAP);
    // The planner's estimate after ANALYZE is close to the truth, not a made-up figure.
    expect(Math.abs(page.total - truth) / truth).toBeLessThan(0.25);
    expect(page.items).toHaveLength(20);
  });

  it('between the cap and ten times it still marks the estimate as not exact', async () => {
    const truth = await exactCount(`status = 'closed'`, []);
    expect(truth).toBeGreaterThan(TOTAL_CAP);
    expect(truth).toBeLessThan(10 * TOTAL_CAP);
    const page = await list(center, 'status=closed');
    expect(page).toMatchObject({ total_exact: false, total_capped_at: TOTAL_CAP });
    expect(Math.abs(page.total - truth) / truth).toBeLessThan(0.25);
  });

  it('keeps the page itself exact and ordered newest first whatever the total', async () => {
    const page = await list(center, 'page_size=50&page=3');
    const ids = (await pool.query('select id from cases where org_id = $1 order by created_at desc, id desc limit 50 offset 100', [t.org.orgId])).rows.map((r) => r.id);
    expect(page.items.map((c: { id: string }) => c.id)).toEqual(ids);
  });

  it('counts a scoped list exactly when the actor sees few cases', async () => {
    // A handler sees the cases of their own department (and those they handle or registered).
    const guard = await t.login('guard');
    const dept = t.org.units.get('cuihu.security')!;
    const truth = await exactCount('(department_id = $2 or handler_id = $3 or first_responder_id = $3)', [dept, t.org.users.get('guard')!]);
    expect(truth).toBeGreaterThan(0);
    expect(truth).toBeLessThanOrEqual(TOTAL_CAP);
    expect(await list(guard, 'page_size=5')).toMatchObject({ total: truth, total_exact: true });
  });
});

describe('the case page does not scan the organisation', () => {
  it('finds merged children through an index on parent_case_id', async () => {
    const c = await pool.connect();
    try {
      await c.query('begin');
      // Force the planner off sequential scans so only an index path is acceptable, then read the plan.
      await c.query('set local enable_seqscan = off');
      const plan = (await c.query(`explain select id from cases c where c.org_id = $1 and c.parent_case_id = $2`, [t.org.orgId, t.org.orgId])).rows
        .map((r) => r['QUERY PLAN'] as string)
        .join('\n');
      expect(plan).toContain('cases_org_parent');
      await c.query('rollback');
    } finally {
      c.release();
    }
  });

  it('lists the cases merged into a case on its page', async () => {
    const a = (await t.call(agent, 'POST', '/api/v1/cases', complaint({ subject: '主工单' }))).body;
    const b = (await t.call(agent, 'POST', '/api/v1/cases', complaint({ subject: '重复来电' }))).body;
    expect((await t.call(agent, 'GET', `/api/v1/cases/${a.id}`)).body.merged_cases).toEqual([]);
    await pool.query(`update cases set parent_case_id = $2, status = 'merged' where org_id = $1 and id = $3`, [t.org.orgId, a.id, b.id]);
    const page = await t.call(agent, 'GET', `/api/v1/cases/${a.id}`);
    expect(page.body.merged_cases).toEqual([{ id: b.id, number: b.number, subject: '重复来电' }]);
  });
});
