import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
const WANG = { name: '王先生', phone: '13812341234', room: '3-2-1201', address: '翠湖花园3栋', email: 'wang.li@example.com' };
const ZHAO = { name: '赵女士', phone: '13900001111', room: '8-1-301', address: '南山名苑8栋', email: 'zhao@example.com' };
let wangCuihu: { id: string; customer_id: string };
let wangNanshan: { id: string; customer_id: string; related_open_cases: { id: string }[] };
let zhaoNanshan: { id: string; customer_id: string };

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'agent2', 'handler', 'handler2', 'manager', 'regional', 'center', 'auditor', 'admin']) tok[u] = await t.login(u);
  wangCuihu = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ customer: WANG }))).body;
  // The same customer (same phone) raises something at another project, in another region.
  wangNanshan = (await t.call(tok.agent2!, 'POST', '/api/v1/cases?related=true', complaint({ subject: '南山名苑车位被占', customer: WANG }))).body;
  zhaoNanshan = (await t.call(tok.agent2!, 'POST', '/api/v1/cases', complaint({ subject: '南山名苑噪音', customer: ZHAO }))).body;
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const customers = async (user: string, qs = '') => (await t.call(tok[user]!, 'GET', `/api/v1/customers?page_size=200${qs}`)).body;
const ids = async (user: string) => (await customers(user)).items.map((c: { id: string }) => c.id).sort();

describe('the customer directory is scoped like cases', () => {
  it('links both cases of one phone number to one customer', () => {
    expect(wangNanshan.customer_id).toBe(wangCuihu.customer_id);
    expect(zhaoNanshan.customer_id).not.toBe(wangCuihu.customer_id);
  });

  it('lists a customer only to roles that may see one of their cases, or to organisation-wide roles', async () => {
    expect(await ids('agent')).toEqual([wangCuihu.customer_id]);
    expect(await ids('agent2')).toEqual([wangCuihu.customer_id, zhaoNanshan.customer_id].sort());
    expect(await ids('handler2')).toEqual([]); // a department with no case of theirs
    expect(await ids('regional')).toEqual([wangCuihu.customer_id]); // 华东 holds 翠湖, not 南山
    for (const u of ['center', 'auditor', 'admin']) expect(await ids(u)).toEqual([wangCuihu.customer_id, zhaoNanshan.customer_id].sort());
    expect((await customers('handler2')).total).toBe(0);
    expect((await customers('agent')).total).toBe(1);
  });

  it('answers 404 for a customer none of whose cases the caller may see', async () => {
    expect((await t.call(tok.agent!, 'GET', `/api/v1/customers/${zhaoNanshan.customer_id}`)).status).toBe(404);
    expect((await t.call(tok.handler2!, 'GET', `/api/v1/customers/${wangCuihu.customer_id}`)).status).toBe(404);
    expect((await t.call(tok.agent2!, 'GET', `/api/v1/customers/${zhaoNanshan.customer_id}`)).status).toBe(200);
  });

  it('shows a role only the contact details recorded on cases it may see, even when a known phone number linked its case to another project’s customer', async () => {
    const t2 = await testApi(pool);
    try {
      const [agent, agent2, center] = [await t2.login('agent'), await t2.login('agent2'), await t2.login('center')];
      const zhao = (await t2.call(agent2, 'POST', '/api/v1/cases', complaint({ subject: '南山名苑噪音', customer: ZHAO }))).body;
      // agent (翠湖) types 赵女士's number for a caller who gives another name and room: the case links to her record…
      const linked = (await t2.call(agent, 'POST', '/api/v1/cases', complaint({ subject: '同号来电', customer: { name: '钱先生', phone: ZHAO.phone, room: '1-1-101' } }))).body;
      expect(linked.customer_id).toBe(zhao.customer_id);
      // …but 翠湖 reads what it recorded, never the name, room, address or e-mail 南山名苑 holds for her.
      const seen = (await t2.call(agent, 'GET', `/api/v1/customers/${zhao.customer_id}`)).body;
      expect(seen).toMatchObject({ name: '钱先生', room: '1-1-101', address: null, email: null });
      const listed = (await t2.call(agent, 'GET', `/api/v1/customers?q=${ZHAO.phone}`)).body.items;
      expect(listed).toEqual([expect.objectContaining({ id: zhao.customer_id, name: '钱先生', room: '1-1-101', address: null })]);
      expect(JSON.stringify([seen, listed])).not.toMatch(/赵女士|南山名苑8栋|8-1-301|zhao@/);
      // Nor does a search by the name 南山名苑 recorded confirm it.
      expect((await t2.call(agent, 'GET', `/api/v1/customers?q=${encodeURIComponent('赵女士')}`)).body.items).toEqual([]);
      expect((await t2.call(agent, 'GET', `/api/v1/customers?q=${encodeURIComponent('赵女士 1111')}`)).body.items).toEqual([]);
      expect((await t2.call(agent, 'GET', `/api/v1/customers?q=${encodeURIComponent('钱先生')}`)).body.items).toHaveLength(1);
      // The organisation-wide roles read the record itself.
      expect((await t2.call(center, 'GET', `/api/v1/customers/${zhao.customer_id}`)).body).toMatchObject({ name: ZHAO.name, room: ZHAO.room });
    } finally {
      await t2.app.close();
    }
  });

  it('counts and lists in a customer’s history only the cases the caller may see', async () => {
    const mine = (await t.call(tok.agent!, 'GET', `/api/v1/customers/${wangCuihu.customer_id}`)).body;
    expect(mine.history).toEqual({ total: 1, complaints: 1, open: 1 });
    expect(mine.cases.map((c: { id: string }) => c.id)).toEqual([wangCuihu.id]);
    const all = (await t.call(tok.center!, 'GET', `/api/v1/customers/${wangCuihu.customer_id}`)).body;
    expect(all.history).toEqual({ total: 2, complaints: 2, open: 2 });
  });

  it('masks phone and e-mail for roles that see contacts masked, in the directory and in cases alike', async () => {
    const c = (await t.call(tok.agent!, 'GET', `/api/v1/customers/${wangCuihu.customer_id}`)).body;
    expect(c).toMatchObject({ phone: '138****1234', email: 'w***@example.com', phone_masked: true, room: '3-2-1201' });
    const listed = (await customers('auditor')).items.find((x: { id: string }) => x.id === wangCuihu.customer_id);
    expect(listed).toMatchObject({ phone: '138****1234', email: 'w***@example.com' });
    const kase = (await t.call(tok.agent!, 'GET', `/api/v1/cases/${wangCuihu.id}`)).body;
    expect(kase).toMatchObject({ customer_phone: '138****1234', customer_email: 'w***@example.com', customer_room: '3-2-1201' });
    const full = (await t.call(tok.admin!, 'GET', `/api/v1/customers/${wangCuihu.customer_id}`)).body;
    expect(full).toMatchObject({ phone: '13812341234', email: 'wang.li@example.com', phone_masked: false });
    expect((await t.call(tok.admin!, 'GET', `/api/v1/cases/${wangCuihu.id}`)).body.customer_phone).toBe('13812341234');
  });

  it('does not find by name a customer the caller may not see', async () => {
    expect((await customers('agent', `&q=${encodeURIComponent('赵')}`)).items).toEqual([]);
    expect((await customers('agent2', `&q=${encodeURIComponent('赵')}`)).items.map((c: { id: string }) => c.id)).toEqual([zhaoNanshan.customer_id]);
  });
});

describe('registration does not open a way round the scope', () => {
  it('lists in related_open_cases only the cases the registering caller may see', async () => {
    expect(wangNanshan.related_open_cases).toEqual([]); // 翠湖's open case of the same customer is not agent2's to see
    const byCenter = (await t.call(tok.center!, 'POST', '/api/v1/cases?related=true', complaint({ subject: '再次反映', customer: WANG }))).body;
    expect(byCenter.related_open_cases.map((c: { id: string }) => c.id).sort()).toEqual([wangCuihu.id, wangNanshan.id].sort());
  });

  it('refuses a customer id the caller may not see, and stores nothing', async () => {
    const before = (await pool.query('select count(*)::int n from cases where org_id = $1', [t.org.orgId])).rows[0].n;
    const r = await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ customer: { id: zhaoNanshan.customer_id, name: '任意' } }));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_reference');
    expect((await pool.query('select count(*)::int n from cases where org_id = $1', [t.org.orgId])).rows[0].n).toBe(before);
    expect((await t.call(tok.agent!, 'GET', `/api/v1/customers/${zhaoNanshan.customer_id}`)).status).toBe(404);
  });
});
