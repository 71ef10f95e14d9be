import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
const PHONE = '13812345678';
// A second number with the same visible digits (138****5678) and different hidden ones.
const TWIN = '13899995678';
let caseId: string;
let twinId: string;
const customerOf: Record<string, string> = {};

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'center', 'auditor', 'admin']) tok[u] = await t.login(u);
  const a = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ customer: { name: '王先生', phone: PHONE, room: '3-2-1201' } }))).body;
  const b = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ customer: { name: '李女士', phone: TWIN, room: '5-1-101' } }))).body;
  [caseId, twinId] = [a.id, b.id];
  customerOf[a.id] = a.customer_id;
  customerOf[b.id] = b.customer_id;
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const searchCases = (user: string, q: string) => t.call(tok[user]!, 'GET', `/api/v1/cases?page_size=200&q=${encodeURIComponent(q)}`);
const searchCustomers = (user: string, q: string) => t.call(tok[user]!, 'GET', `/api/v1/customers?page_size=200&q=${encodeURIComponent(q)}`);
const found = (r: { status: number; body: { items?: { id: string; phone?: string; customer_phone?: string }[] } }) =>
  r.status === 200 ? r.body.items!.map((c) => c.customer_phone ?? c.phone) : [];

/** Every run of 4 to 10 consecutive digits of a number: what a hostile caller would try. */
const fragments = (n: string) => {
  const out = new Set<string>();
  for (let len = 4; len < n.length; len++) for (let i = 0; i + len <= n.length; i++) out.add(n.slice(i, i + len));
  return [...out];
};

describe('no masked-phone oracle', () => {
  it('never tells a role that sees numbers masked which hidden digits a number has, by cases q or customers q', async () => {
    for (const user of ['agent', 'auditor']) {
      for (const f of fragments(PHONE)) {
        for (const r of [await searchCases(user, f), await searchCustomers(user, f)]) {
          expect(r.status).toBeLessThan(500);
          // The two numbers differ only in hidden digits: an answer that finds one and not the other is an oracle.
          const ids: string[] = r.status === 200 ? r.body.items.map((c: { id: string }) => c.id) : [];
          const hitsPhone = ids.includes(caseId) || ids.includes(customerOf[caseId]!);
          const hitsTwin = ids.includes(twinId) || ids.includes(customerOf[twinId]!);
          expect([user, f, hitsPhone]).toEqual([user, f, hitsTwin]);
          expect(found(r).every((p) => p === '138****5678')).toBe(true);
        }
      }
    }
  });

  it('answers a fragment with a clear 400 rather than an empty list, so the desk knows to ask for the whole number', async () => {
    const r = await searchCustomers('agent', '1234567');
    expect(r.status).toBe(200); // seven digits are read as a complete (landline) number: no such number
    const frag = await searchCustomers('agent', '23456');
    expect(frag.status).toBe(400);
    expect(frag.body.error.details[0]).toMatchObject({ path: 'q', code: 'phone_fragment_not_allowed' });
    const en = await t.call(tok.agent!, 'GET', '/api/v1/customers?q=23456', undefined, { 'accept-language': 'en-US' });
    expect(en.body.error.details[0].message).toBe('search by the complete phone number or its last four digits');
    expect(frag.body.error.details[0].message).toBe('请按完整电话号码或后四位查询');
  });

  it('finds by the complete number, which the caller must already know, and records that search in the audit log', async () => {
    expect(found(await searchCases('agent', PHONE))).toEqual(['138****5678']);
    expect((await searchCases('agent', '138 1234 5678')).body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(found(await searchCustomers('agent', `+86${PHONE}`))).toEqual(['138****5678']);
    const log = (await t.call(tok.auditor!, 'GET', `/api/v1/audit?action=search_phone&user_id=${t.org.users.get('agent')}`)).body;
    expect(log.total).toBeGreaterThanOrEqual(3);
    expect(log.items[0]).toMatchObject({ action: 'search_phone', data: { phone: '138****5678' }, actor: { username: 'agent' } });
  });

  it('finds by the last four digits, which the mask shows anyway, returning both numbers that end so', async () => {
    const r = await searchCases('agent', '5678');
    expect(r.body.items.map((c: { id: string }) => c.id).sort()).toEqual([caseId, twinId].sort());
  });

  it('finds a customer by name together with the last four digits, the way callers identify themselves', async () => {
    expect(found(await searchCustomers('agent', '王先生 5678'))).toEqual(['138****5678']);
    expect(found(await searchCustomers('agent', '王 4567'))).toEqual([]);
  });

  it('lets the complaint center and the administrator search by any part of a number', async () => {
    expect((await searchCases('center', '1234')).body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect(found(await searchCustomers('admin', '9999'))).toEqual([TWIN]);
  });

  it('keeps finding cases by the end of their number for every role', async () => {
    const number: string = (await t.call(tok.agent!, 'GET', `/api/v1/cases/${caseId}`)).body.number;
    const tail = number.slice(-5);
    expect((await searchCases('agent', tail)).body.items.map((c: { id: string }) => c.id)).toContain(caseId);
  });
});
