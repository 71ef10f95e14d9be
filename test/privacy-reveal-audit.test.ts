import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
let caseId: string;
const auditRows = async () => (await pool.query('select count(*)::int n from audit_log where org_id = $1', [t.org.orgId])).rows[0].n as number;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'handler', 'handler2', 'center', 'auditor', 'admin']) tok[u] = await t.login(u);
  caseId = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ customer: { name: '王先生', phone: '13812341234', room: '3-2-1201', email: 'wang@example.com' } }))).body.id;
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('revealing a customer’s contact details', () => {
  it('needs a reason, and without one shows nothing and records nothing', async () => {
    const before = await auditRows();
    const r = await t.call(tok.agent!, 'POST', `/api/v1/cases/${caseId}/actions/reveal_phone`, {});
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual(['reason']);
    expect(JSON.stringify(r.body)).not.toContain('13812341234');
    expect(await auditRows()).toBe(before);
  });

  it('shows the full number and e-mail, and writes who, when, why and what to the audit log and the timeline', async () => {
    const r = await t.call(tok.agent!, 'POST', `/api/v1/cases/${caseId}/actions/reveal_phone`, { reason: '业主来电要求回电' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ customer_phone: '13812341234', customer_email: 'wang@example.com' });
    const row = (await pool.query('select actor_id, action, case_id, fields, reason from audit_log where org_id = $1 and action = $2', [t.org.orgId, 'reveal_phone'])).rows;
    expect(row).toEqual([{ actor_id: t.org.users.get('agent'), action: 'reveal_phone', case_id: caseId, fields: ['customer_phone', 'customer_email'], reason: '业主来电要求回电' }]);
    const timeline = (await t.call(tok.agent!, 'GET', `/api/v1/cases/${caseId}`)).body.timeline;
    expect(timeline.at(-1)).toMatchObject({ action: 'reveal_phone', note: '业主来电要求回电' });
  });

  it('is not open to someone who may not see the case', async () => {
    expect((await t.call(tok.handler2!, 'POST', `/api/v1/cases/${caseId}/actions/reveal_phone`, { reason: '好奇' })).status).toBe(404);
  });
});

describe('the audit log', () => {
  it('is read by the auditor and the administrator, and by nobody else', async () => {
    expect((await t.call(tok.auditor!, 'GET', '/api/v1/audit')).status).toBe(200);
    expect((await t.call(tok.admin!, 'GET', '/api/v1/audit')).status).toBe(200);
    for (const u of ['agent', 'handler', 'center']) expect((await t.call(tok[u]!, 'GET', '/api/v1/audit')).status).toBe(403);
  });

  it('filters by user, action and time, and pages newest first', async () => {
    await t.call(tok.center!, 'POST', `/api/v1/cases/${caseId}/actions/reveal_phone`, { reason: '投诉中心复核' });
    await t.call(tok.agent!, 'POST', `/api/v1/cases/${caseId}/actions/reveal_phone`, { reason: '再次回电' });
    const all = (await t.call(tok.auditor!, 'GET', '/api/v1/audit?action=reveal_phone')).body;
    expect(all.items.map((i: { reason: string }) => i.reason)).toEqual(['再次回电', '投诉中心复核', '业主来电要求回电']);
    expect(all.items[0]).toMatchObject({ case_id: caseId, actor: { username: 'agent' } });
    expect(all.items[0].case_number).toMatch(/^[A-Z]+-\d{8}-\d{5}$/);
    const agentOnly = (await t.call(tok.auditor!, 'GET', `/api/v1/audit?user_id=${t.org.users.get('agent')}&action=reveal_phone`)).body;
    expect(agentOnly.total).toBe(2);
    const page2 = (await t.call(tok.auditor!, 'GET', '/api/v1/audit?action=reveal_phone&page_size=2&page=2')).body;
    expect([page2.total, page2.items.map((i: { reason: string }) => i.reason)]).toEqual([3, ['业主来电要求回电']]);
    const future = (await t.call(tok.auditor!, 'GET', `/api/v1/audit?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).body;
    expect(future.items).toEqual([]);
    const past = (await t.call(tok.auditor!, 'GET', `/api/v1/audit?to=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).body;
    expect(past.total).toBe(0);
  });

  it('refuses a malformed filter with a 400 that names the field', async () => {
    const r = await t.call(tok.auditor!, 'GET', '/api/v1/audit?user_id=nobody&action=delete_everything');
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['action', 'user_id']);
  });
});
