import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { isChinesePhone } from '../src/contract/cases.ts';
import { complaint, fakeClock, testApi, testPool, type TestApi } from './helpers.ts';

// Registration (DOMAIN.md §2 register): 004 "业主姓名、房间号、电话必填"; 003 第二篇 2.1 "登记投诉：不缺项";
// a letter or a 12345 transfer keeps the time it was received; 001 八.2 keeps records one year.
let pool: pg.Pool;
let t: TestApi;
let agent = '';
const clock = fakeClock('2026-10-08T02:00:00Z');

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  agent = await t.login('agent');
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const register = (body: unknown, headers?: Record<string, string>) => t.call(agent, 'POST', '/api/v1/cases', body, headers);
const issues = (r: { body: { error: { details: { path: string; code: string }[] } } }) => r.body.error.details.map((d) => [d.path, d.code]);

describe('registration that does not miss what matters', () => {
  it('requires the owner’s name, room and phone under the property preset, listing every missing one', async () => {
    const r = await register(complaint({ customer: { name: '王先生' } }));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(issues(r)).toEqual([['customer.room', 'required'], ['customer.phone', 'required']]);
  });

  it('takes the room and phone of a known customer picked by id from their record, so the desk need not ask again', async () => {
    const first = (await register(complaint({ customer: { name: '李女士', phone: '13900001111', room: '5-1-302' } }))).body;
    const again = await register(complaint({ subject: '再次反映', customer: { id: first.customer_id, name: '李女士' } }));
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ customer_id: first.customer_id, customer_room: '5-1-302' });
    expect(again.body.customer_phone).toMatch(/^139.*1111$/);
  });

  it('asks only for the customer’s name under the general preset', async () => {
    const t2 = await testApi(pool, clock);
    try {
      await pool.query(`update organisations set trade = 'general' where id = $1`, [t2.org.orgId]);
      const r = await t2.call(await t2.login('agent'), 'POST', '/api/v1/cases', complaint({ customer: { name: '王先生' } }));
      expect(r.status).toBe(201);
    } finally {
      await t2.app.close();
    }
  });

  it('accepts Chinese mobile and landline numbers and refuses a service number like 12345 with its own code', async () => {
    for (const ok of ['13812345678', '+86 138 1234 5678', '010-12345678', '0755-1234567 转 801', '(0755)12345678', '021-1234567 ext. 12']) {
      expect(isChinesePhone(ok), ok).toBe(true);
    }
    for (const bad of ['12345', '12812345678', '1381234567', '95598', '010-123', 'abc']) expect(isChinesePhone(bad), bad).toBe(false);
    const r = await register(complaint({ customer: { name: '王先生', room: '1-1-101', phone: '12345' } }), { 'accept-language': 'en-US' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ path: 'customer.phone', code: 'invalid_phone' });
    expect(r.body.error.details[0].message).toContain('mobile or landline');
    const landline = await register(complaint({ customer: { name: '李女士', room: '2-1-202', phone: '0755-1234567 转 801' } }));
    expect(landline.status).toBe(201);
  });

  it('stores and shows the received time, the requested deadline, when and where it happened, who is complained about and the external reference', async () => {
    const body = complaint({
      channel: 'hotline_transfer',
      received_at: '2026-09-30T11:30:00Z',
      requested_due_at: '2026-10-10T10:00:00Z',
      occurred_at: '2026-09-29T12:00:00Z',
      occurred_place: '3号楼大堂',
      complained_party: '秩序维护部 夜班保安',
      external_ref: '12345-2026093000123',
    });
    const r = await register(body);
    expect(r.status).toBe(201);
    const view = (await t.call(agent, 'GET', `/api/v1/cases/${r.body.id}`)).body;
    expect(view).toMatchObject({
      received_at: '2026-09-30T11:30:00.000Z', requested_due_at: '2026-10-10T10:00:00.000Z', occurred_at: '2026-09-29T12:00:00.000Z',
      occurred_place: '3号楼大堂', complained_party: '秩序维护部 夜班保安', external_ref: '12345-2026093000123',
    });
  });

  it('refuses a received time in the future or older than the organisation’s limit, and a requested deadline before it', async () => {
    const future = await register(complaint({ received_at: '2026-10-09T02:00:00Z' }));
    expect(issues(future)).toEqual([['received_at', 'in_future']]);
    const old = await register(complaint({ received_at: '2025-10-01T00:00:00Z' }));
    expect(issues(old)).toEqual([['received_at', 'too_old']]);
    expect(old.body.error.details[0].message).toBe('超出本组织允许补登的期限');
    const early = await register(complaint({ received_at: '2026-10-01T00:00:00Z', requested_due_at: '2026-09-30T00:00:00Z' }));
    expect(issues(early)).toEqual([['requested_due_at', 'not_after_received']]);
    const pastDue = await register(complaint({ requested_due_at: '2026-10-07T00:00:00Z' }));
    expect(issues(pastDue)).toEqual([['requested_due_at', 'not_after_received']]);
  });
});

describe('the organisation’s process settings', () => {
  it('lets an administrator, and only an administrator, choose the required fields; registrations follow at once', async () => {
    const t2 = await testApi(pool, clock);
    try {
      const [admin, desk] = [await t2.login('admin'), await t2.login('agent')];
      const preset = await t2.call(admin, 'GET', '/api/v1/admin/process-settings');
      expect(preset.body).toMatchObject({ trade: 'property', required_fields: ['customer.name', 'customer.room', 'customer.phone'] });
      const { trade: _trade, ...settings } = preset.body;
      const notAdmin = await t2.call(desk, 'PUT', '/api/v1/admin/process-settings', { nonsense: true });
      expect(notAdmin.status).toBe(403);
      const unknown = await t2.call(admin, 'PUT', '/api/v1/admin/process-settings', { ...settings, required_fields: ['customer.name', 'shoe_size'] });
      expect(issues(unknown)).toEqual([['required_fields.1', 'invalid_value']]);
      const saved = await t2.call(admin, 'PUT', '/api/v1/admin/process-settings', { ...settings, required_fields: ['customer.name', 'external_ref'] });
      expect(saved.status).toBe(200);
      expect((await t2.call(desk, 'GET', '/api/v1/registration-rules')).body).toEqual({ required_fields: ['customer.name', 'external_ref'], received_max_age_days: 365 });
      const r = await t2.call(desk, 'POST', '/api/v1/cases', complaint({ customer: { name: '王先生' } }));
      expect(issues(r)).toEqual([['external_ref', 'required']]);
      expect((await t2.call(desk, 'POST', '/api/v1/cases', complaint({ customer: { name: '王先生' }, external_ref: '12345-1' }))).status).toBe(201);
    } finally {
      await t2.app.close();
    }
  });
});

describe('case numbers', () => {
  it('uses up no case number for a refused registration or an idempotent replay', async () => {
    const seq = (n: string) => Number(n.split('-').at(-1));
    const first = await register(complaint(), { 'idempotency-key': 'n-1' });
    expect(first.status).toBe(201);
    expect((await register(complaint(), { 'idempotency-key': 'n-1' })).status).toBe(200);
    expect((await register(complaint({ customer: { name: '无房号' } }))).status).toBe(400);
    expect((await register(complaint({ category_id: '00000000-0000-4000-8000-000000000000' }))).status).toBe(422);
    expect((await register(complaint({ received_at: '2027-01-01T00:00:00Z' }))).status).toBe(400);
    expect((await register(complaint({ subject: '别的' }), { 'idempotency-key': 'n-1' })).status).toBe(422);
    const next = await register(complaint());
    expect(seq(next.body.number)).toBe(seq(first.body.number) + 1);
  });

  it('uses up no case number when retries of one request arrive at the same time', async () => {
    const seq = (n: string) => Number(n.split('-').at(-1));
    const before = await register(complaint());
    const body = complaint({ subject: '同时重试' });
    const tries = await Promise.all([1, 2, 3, 4].map(() => register(body, { 'idempotency-key': 'n-concurrent' })));
    expect(tries.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(tries.map((r) => r.body.id)).size).toBe(1);
    const after = await register(complaint());
    expect(seq(after.body.number)).toBe(seq(before.body.number) + 2);
  });
});

describe('when it happened', () => {
  it('refuses an occurred time after the case was received, and keeps one before it', async () => {
    const later = await register(complaint({ occurred_at: '2026-10-09T02:00:00Z' }));
    expect(later.status).toBe(400);
    expect(issues(later)).toEqual([['occurred_at', 'in_future']]);
    const letter = await register(complaint({ received_at: '2026-10-01T01:00:00Z', occurred_at: '2026-10-03T01:00:00Z' }));
    expect(issues(letter)).toEqual([['occurred_at', 'in_future']]);
    const ok = await register(complaint({ occurred_at: '2026-10-07T12:00:00Z', occurred_place: '3号楼电梯间' }));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ occurred_at: '2026-10-07T12:00:00.000Z', occurred_place: '3号楼电梯间' });
  });
});
