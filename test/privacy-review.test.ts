import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

/** A hostile review of the day's new routes: personal data, scope and bad input. */
let pool: pg.Pool;
let t: TestApi;
let other: TestApi;
const tok: Record<string, string> = {};
const ZHAO = { name: '赵女士', phone: '13900001111', room: '8-1-301', address: '南山名苑8栋', email: 'zhao@example.com' };
let zhao: { id: string; customer_id: string };
let linked: { id: string; customer_id: string };

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  other = await testApi(pool);
  for (const u of ['agent', 'agent2', 'handler', 'handler2', 'head', 'manager', 'regional', 'center', 'auditor', 'admin']) tok[u] = await t.login(u);
  zhao = (await t.call(tok.agent2!, 'POST', '/api/v1/cases', complaint({ subject: '南山名苑噪音', customer: ZHAO }))).body;
  // 翠湖 types 赵女士's number for a caller who gives another name and room: the case links to her record.
  linked = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ subject: '同号来电', customer: { name: '钱先生', phone: ZHAO.phone, room: '1-1-101' } }))).body;
});
afterAll(async () => {
  await t.app.close();
  await other.app.close();
  await pool.end();
});

describe('difficult customers', () => {
  it('shows a scoped manager the name recorded on a case they may see, never the name another project holds', async () => {
    expect(linked.customer_id).toBe(zhao.customer_id);
    const put = await t.call(tok.center!, 'PUT', `/api/v1/difficult-customers/${zhao.customer_id}`, { reason: '多次无理纠缠' });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const seen = await t.call(tok.manager!, 'GET', '/api/v1/difficult-customers');
    expect(seen.status).toBe(200);
    expect(seen.body.items).toEqual([expect.objectContaining({ customer_id: zhao.customer_id, name: '钱先生' })]);
    expect(JSON.stringify(seen.body)).not.toMatch(/赵女士|13900001111|8-1-301|zhao@/);
    // Organisation-wide roles read the record itself.
    expect((await t.call(tok.center!, 'GET', '/api/v1/difficult-customers')).body.items).toEqual([expect.objectContaining({ name: ZHAO.name })]);
    expect((await t.call(tok.agent!, 'GET', '/api/v1/difficult-customers')).status).toBe(403);
  });
});
