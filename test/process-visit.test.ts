import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { caseSteps, complaint, testApi, testPool, type TestApi } from './helpers.ts';

// The return visit (DOMAIN.md §2, 004 流程图 回访; the 12345 hotline's three questions): reached? resolved?
// satisfied / basically satisfied / dissatisfied? — and a dissatisfied customer reopens the case.
let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'handler']) tok[u] = await t.login(u);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const { call, act } = caseSteps(() => t, tok);
async function resolved() {
  let c = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body;
  c = await act('agent', c, 'accept', { category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' });
  c = await act('agent', c, 'assign', { department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler') });
  c = await act('handler', c, 'start');
  return act('handler', c, 'resolve', { resolution: '已修复', remedy: { types: ['repair'] } });
}

describe('the return visit asks the 12345 three questions', () => {
  it('records a customer not reached, keeps the case resolved with its visit clock running, and lets it be visited again', async () => {
    let c = await resolved();
    c = await act('agent', c, 'visit', { reached: false, method: 'phone', comment: '两次来电无人接听' });
    expect(c).toMatchObject({ status: 'resolved', visit_reached: false, visit_method: 'phone', visited_at: null, reopen_count: 0 });
    expect(c.abilities).toContain('visit');
    expect(c.sla.clocks.visit.state).toBe('running');
    c = await act('agent', c, 'visit', { reached: true, resolved: true, satisfaction: 'basically_satisfied', method: 'visit' });
    expect(c).toMatchObject({ status: 'visited', visit_reached: true, visit_resolved: true, visit_satisfaction: 'basically_satisfied', visit_method: 'visit' });
    expect(c.sla.clocks.visit.state).toBe('met');
    const full = (await t.call(tok.agent!, 'GET', `/api/v1/cases/${c.id}`)).body;
    const visits = full.timeline.filter((e: { action: string }) => e.action === 'visit');
    expect(visits.map((e: { to_status: string; data: { reached: boolean } }) => [e.to_status, e.data.reached])).toEqual([['resolved', false], ['visited', true]]);
  });

  it('reopens the case when the customer says it is dissatisfied', async () => {
    const c = await act('agent', await resolved(), 'visit', { reached: true, resolved: true, satisfaction: 'dissatisfied', method: 'phone' });
    expect(c).toMatchObject({ status: 'in_progress', reopen_count: 1, visit_satisfaction: 'dissatisfied' });
  });

  it('reopens the case when the customer says it is not resolved, even if basically satisfied with the service', async () => {
    const c = await act('agent', await resolved(), 'visit', { reached: true, resolved: false, satisfaction: 'basically_satisfied', method: 'message' });
    expect(c).toMatchObject({ status: 'in_progress', reopen_count: 1 });
  });

  it('asks whether it was resolved and how satisfied the customer is once reached', async () => {
    const c = await resolved();
    const r = await call('agent', c, 'visit', { reached: true, method: 'phone' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]).sort()).toEqual([['resolved', 'required'], ['satisfaction', 'required']]);
    const score = await call('agent', c, 'visit', { reached: true, resolved: true, satisfaction: 5, method: 'phone' });
    expect(score.status).toBe(400);
    expect(score.body.error.details[0]).toMatchObject({ path: 'satisfaction' });
  });
});
