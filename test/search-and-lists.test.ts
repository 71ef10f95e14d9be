import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, fakeClock, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let agent: string;
const clock = fakeClock('2026-03-02T02:00:00Z');

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  agent = await t.login('agent');
  const cases = [
    complaint({ subject: '电梯经常停运', content: '5号楼电梯一周坏了两次' }),
    complaint({ subject: '楼上噪音扰民', content: '晚上十点以后还在装修施工', channel: 'wechat' }),
    complaint({ kind: 'suggestion', subject: '建议增设充电桩', content: '电动车充电不方便', channel: 'app' }),
    complaint({ subject: '物业费收费不合理', content: '账单比去年多了两百元', customer: { name: '赵女士', phone: '13900001111', room: '7-1-301' }, severity: 'important' }),
  ];
  for (const c of cases) {
    expect((await t.call(agent, 'POST', '/api/v1/cases', c)).status).toBe(201);
    clock.advance(3600_000);
  }
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const list = async (qs: string) => (await t.call(agent, 'GET', `/api/v1/cases?${qs}`)).body;
const subjects = async (qs: string) => (await list(qs)).items.map((c: { subject: string }) => c.subject);

describe('searching cases in Chinese', () => {
  it('finds two-character words such as 电梯 and 噪音', async () => {
    expect(await subjects(`q=${encodeURIComponent('电梯')}`)).toEqual(['电梯经常停运']);
    expect(await subjects(`q=${encodeURIComponent('噪音')}`)).toEqual(['楼上噪音扰民']);
  });

  it('finds words inside longer compounds and in the content and customer name', async () => {
    expect(await subjects(`q=${encodeURIComponent('物业')}`)).toEqual(['物业费收费不合理']);
    expect(await subjects(`q=${encodeURIComponent('装修')}`)).toEqual(['楼上噪音扰民']);
    expect(await subjects(`q=${encodeURIComponent('赵女士')}`)).toEqual(['物业费收费不合理']);
  });

  it('requires every word of a multi-word query', async () => {
    expect(await subjects(`q=${encodeURIComponent('电梯 装修')}`)).toEqual([]);
    expect(await subjects(`q=${encodeURIComponent('电动车 充电')}`)).toEqual(['建议增设充电桩']);
  });

  it('finds a case by its number and by the last digits of the customer’s phone', async () => {
    const all = await list('page_size=10');
    const one = all.items[0];
    expect(await subjects(`q=${one.number}`)).toEqual([one.subject]);
    expect(await subjects('q=1111')).toEqual(['物业费收费不合理']);
  });

  it('treats search operators in the query as plain text', async () => {
    const r = await t.call(agent, 'GET', `/api/v1/cases?q=${encodeURIComponent("电梯 & ' | !(")}`);
    expect(r.status).toBe(200);
  });
});

describe('listing cases', () => {
  it('filters by kind, channel, severity and creation time', async () => {
    expect(await subjects('kind=suggestion')).toEqual(['建议增设充电桩']);
    expect(await subjects('channel=wechat,app&sort=created_at')).toEqual(['楼上噪音扰民', '建议增设充电桩']);
    expect(await subjects('severity=important')).toEqual(['物业费收费不合理']);
    expect(await subjects(`created_from=${encodeURIComponent('2026-03-02T03:30:00Z')}&created_to=${encodeURIComponent('2026-03-02T04:30:00Z')}`)).toEqual(['建议增设充电桩']);
  });

  it('sorts and paginates with the total that matches', async () => {
    const p1 = await list('page_size=3&page=1&sort=-created_at');
    const p2 = await list('page_size=3&page=2&sort=-created_at');
    expect(p1.total).toBe(4);
    expect(p1.items).toHaveLength(3);
    expect(p2.items.map((c: { subject: string }) => c.subject)).toEqual(['电梯经常停运']);
  });

  it('rejects unknown filters and bad values with 400', async () => {
    const r = await t.call(agent, 'GET', '/api/v1/cases?status=lost&page_size=5000&colour=red');
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['colour', 'page_size', 'status.0']);
  });

  it('shows a customer’s history of cases', async () => {
    const found = (await t.call(agent, 'GET', '/api/v1/customers?q=13812341234')).body;
    expect(found.total).toBe(1);
    expect(found.items[0].phone).toBe('138****1234');
    const customer = (await t.call(agent, 'GET', `/api/v1/customers/${found.items[0].id}`)).body;
    expect(customer.history).toMatchObject({ total: 3, complaints: 2, open: 3 });
    expect(customer.cases).toHaveLength(3);
  });
});
