import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { dispatchOnce } from '../src/app/notify/outbox.ts';
import { complaint, testPool } from './helpers.ts';
import { bj, clockedApi } from './sla-helpers.ts';
import { providerServer } from './notify-helpers.ts';

let pool: pg.Pool;
beforeAll(() => {
  pool = testPool();
});
afterAll(async () => {
  await pool.end();
});

describe('notification settings (quiet hours) for the admin page', () => {
  it('an administrator moves the quiet hours and a customer’s SMS waits for the new end; bad times are refused', async () => {
    const t = await clockedApi(pool, '2026-03-10 21:30');
    // The SMS provider, a third party, at the HTTP boundary: accepts everything.
    const provider = await providerServer(() => ({ status: 200, body: { Code: 'OK', Message: 'OK', BizId: 'biz', RequestId: 'req' } }));
    const admin = t.tokens.admin!;
    try {
      expect((await t.call(admin, 'GET', '/api/v1/admin/notify-settings')).body).toEqual({ quiet_hours: { start: '22:00', end: '08:00' }, portal_base_url: null });
      const put = await t.call(admin, 'PUT', '/api/v1/admin/notify-settings', { quiet_hours: { start: '21:00', end: '07:30' }, portal_base_url: 'https://ts.example.org' });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body).toEqual({ quiet_hours: { start: '21:00', end: '07:30' }, portal_base_url: 'https://ts.example.org' });
      const bad = await t.call(admin, 'PUT', '/api/v1/admin/notify-settings', { quiet_hours: { start: '25:00', end: '07:30' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('validation_failed');
      expect(JSON.stringify(bad.body.error.details)).toContain('quiet_hours.start');
      expect((await t.call(t.tokens.agent!, 'PUT', '/api/v1/admin/notify-settings', { quiet_hours: { start: '00:00', end: '00:00' } })).status).toBe(403);
      // The refused change kept the saved one.
      expect((await t.call(admin, 'GET', '/api/v1/admin/notify-settings')).body.quiet_hours).toEqual({ start: '21:00', end: '07:30' });

      const sms = await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/sms', { enabled: true, config: { endpoint: provider.base, access_key_id: 'LTAI-key', access_key_secret: 'secret-1234567', sign_name: '翠湖物业', template_codes: { acknowledged: 'SMS_1001' } } });
      expect(sms.status).toBe(200);
      const c = await t.register(complaint({ customer: { name: '晚间', phone: '13700005555', room: '1-1-105' } }));
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 0, postponed: 1 });
      const held = await pool.query('select next_attempt_at from outbox where org_id = $1 and case_id = $2', [t.org.orgId, c.id]);
      expect(held.rows[0].next_attempt_at).toEqual(bj('2026-03-11 07:30'));

      // Start = end: no quiet hours; the portal URL removed, the quiet hours kept.
      const off = await t.call(admin, 'PUT', '/api/v1/admin/notify-settings', { quiet_hours: { start: '00:00', end: '00:00' }, portal_base_url: null });
      expect(off.body).toEqual({ quiet_hours: { start: '00:00', end: '00:00' }, portal_base_url: null });
      const c2 = await t.register(complaint({ customer: { name: '随时', phone: '13700006666', room: '1-1-106' } }));
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 1 });
      expect(provider.received.map((r) => r.url.searchParams.get('PhoneNumbers'))).toEqual(['13700006666']);
      expect(c2.number).not.toBe(c.number);
    } finally {
      await provider.close();
      await t.app.close();
    }
  });
});
