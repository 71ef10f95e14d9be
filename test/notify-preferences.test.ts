/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { dispatchOnce } from '../src/app/notify/outbox.ts';
import { STANDARD_NOTICE_VERSION } from '../src/app/portal/portal.ts';
import { complaint, testPool } from './helpers.ts';
import { clockedApi, type Clocked } from './sla-helpers.ts';
import { enableEmail, mailsFor, smtpSink } from './notify-helpers.ts';

let pool: pg.Pool;
let smtp: Awaited<ReturnType<typeof smtpSink>>;
beforeAll(async () => {
  pool = testPool();
  smtp = await smtpSink();
});
afterAll(async () => {
  await smtp.close();
  await pool.end();
});

const withEmail = (t: Clocked) => enableEmail(t, smtp);

const mailsTo = (addr: string) => mailsFor(smtp, addr);

let seq = 0;
async function portal(t: Clocked, method: string, url: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> {
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { 'x-portal-token': token } : {}), 'x-forwarded-for': `10.77.${++seq % 250}.${seq % 250}` },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
}

const submission = (locale: string, email: string, phone: string) => ({
  consent: { accepted: true, notice_version: STANDARD_NOTICE_VERSION, locale },
  kind: 'complaint',
  content: 'The lift in building 3 keeps breaking down.',
  customer: { name: 'Ms Smith', phone, email, room: '3-2-1201' },
});

describe('the customer’s language', () => {
  it('writes to a customer in the language they used the portal in, or the one registration recorded', async () => {
    const t = await clockedApi(pool, '2026-03-10 10:00');
    await withEmail(t);
    const en = `en.${t.org.slug}@example.org`;
    const zh = `zh.${t.org.slug}@example.org`;
    const api = `api.${t.org.slug}@example.org`;
    const s1 = await portal(t, 'POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, submission('en-US', en, '13900007001'));
    expect(s1.status, JSON.stringify(s1.body)).toBe(201);
    const s2 = await portal(t, 'POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, submission('zh-CN', zh, '13900007002'));
    expect(s2.status).toBe(201);
    const reg = await t.register(complaint({ customer: { name: 'Mr Brown', phone: '13900007003', email: api, room: '1-1-101', locale: 'en-US' } }));
    await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });

    const [m1] = mailsTo(en);
    expect(m1!.subject).toMatch(new RegExp(`^\\[.+\\] We have received your complaint ${s1.body.number}$`));
    expect(m1!.text).toMatch(/We expect to resolve it by 2026-03-\d\d \d\d:\d\d/);
    expect(mailsTo(zh)[0]!.subject).toContain(`已受理您的投诉 ${s2.body.number}`);
    expect(mailsTo(api)[0]!.subject).toContain(`We have received your complaint ${reg.number}`);
    await t.app.close();
  });
});

describe('contact preferences', () => {
  it('staff who may see the customer read and set them; others get 404; the next message follows them', async () => {
    const t = await clockedApi(pool, '2026-03-10 10:00');
    await withEmail(t);
    // SMS is enabled too (its endpoint refuses: no SMS is delivered here): by default a customer with a phone gets SMS.
    await t.call(t.tokens.admin!, 'PUT', '/api/v1/admin/notify-channels/sms', { enabled: true, config: { endpoint: 'http://127.0.0.1:9', access_key_id: 'LTAI-x', access_key_secret: 'x-secret-123456', sign_name: '翠湖', template_codes: { acknowledged: 'SMS_1', progress: 'SMS_2', result: 'SMS_3' } } });
    const to = `pref.${t.org.slug}@example.org`;
    let c = await t.register(complaint({ customer: { name: '周女士', phone: '13900008001', email: to, room: '3-2-1201' } }));
    const id = c.customer_id as string;
    const url = `/api/v1/customers/${id}/contact-preferences`;
    expect((await t.call(t.tokens.agent!, 'GET', url)).body).toEqual({ preferred_channel: null, locale: null, wechat_follower: false });
    // 南山's front desk may not see this 翠湖 customer: not there for them, read or write.
    const other = await t.login('agent2');
    expect((await t.call(other, 'GET', url)).status).toBe(404);
    const w = await t.call(other, 'PUT', url, { preferred_channel: 'none' });
    expect(w.status).toBe(404);
    expect((await t.call(t.tokens.agent!, 'GET', url)).body.preferred_channel).toBeNull();
    // Bad values are 400s naming the field.
    const bad = await t.call(t.tokens.agent!, 'PUT', url, { preferred_channel: 'fax' });
    expect([bad.status, bad.body.error.code, bad.body.error.details[0].path]).toEqual([400, 'validation_failed', 'preferred_channel']);

    const set = await t.call(t.tokens.agent!, 'PUT', url, { preferred_channel: 'email', locale: 'en-US' });
    expect(set.body).toEqual({ preferred_channel: 'email', locale: 'en-US', wechat_follower: false });
    c = await t.act('agent', c, 'accept', { category_id: t.cat('elevator'), severity: 'minor', validity: 'valid' });
    c = await t.act('agent', c, 'assign', { department_id: t.dept('engineering'), handler_id: t.user('handler') });
    c = await t.act('handler', c, 'start', { note: 'Engineer on site' });
    // A field left out stays; the customer then asks not to be told at all.
    expect((await t.call(t.tokens.agent!, 'PUT', url, { preferred_channel: 'none' })).body).toEqual({ preferred_channel: 'none', locale: 'en-US', wechat_follower: false });
    c = await t.act('handler', c, 'resolve', { resolution: '已更换电梯控制板', remedy: { types: ['repair'] } });
    const rows = await pool.query(`select event, channel from outbox where org_id = $1 and case_id = $2 and recipient = 'customer' order by created_at`, [t.org.orgId, c.id]);
    expect(rows.rows).toEqual([{ event: 'acknowledged', channel: 'sms' }, { event: 'progress', channel: 'email' }]);
    await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
    expect(mailsTo(to).map((m) => m.subject?.replace(/^\[.+?\] /, ''))).toEqual([`Progress on complaint ${c.number}`]);
    await t.app.close();
  });

  it('the customer sets them through the portal’s token for their own case, and nobody without it', async () => {
    const t = await clockedApi(pool, '2026-03-10 10:00');
    const s = await portal(t, 'POST', `/api/v1/portal/orgs/${t.org.slug}/cases`, submission('en-US', `portal.${t.org.slug}@example.org`, '13900009001'));
    expect(s.status).toBe(201);
    const url = '/api/v1/portal/case/contact-preferences';
    expect((await portal(t, 'GET', url, undefined, s.body.token)).body).toEqual({ preferred_channel: null, locale: 'en-US', wechat_follower: false });
    const put = await portal(t, 'PUT', url, { preferred_channel: 'email', locale: 'zh-CN' }, s.body.token);
    expect(put.body).toEqual({ preferred_channel: 'email', locale: 'zh-CN', wechat_follower: false });
    expect((await portal(t, 'PUT', url, { preferred_channel: 'pigeon' }, s.body.token)).status).toBe(400);
    for (const token of [undefined, 'not-a-token']) {
      const r = await portal(t, 'PUT', url, { preferred_channel: 'none' }, token);
      expect([r.status, r.body.error.code]).toEqual([403, 'portal_token_invalid']);
    }
    // Staff see what the customer chose.
    const cu = await pool.query('select c.customer_id from cases c where c.org_id = $1 and c.number = $2', [t.org.orgId, s.body.number]);
    expect((await t.call(t.tokens.center!, 'GET', `/api/v1/customers/${cu.rows[0].customer_id}/contact-preferences`)).body).toEqual({ preferred_channel: 'email', locale: 'zh-CN', wechat_follower: false });
    await t.app.close();
  });
});
