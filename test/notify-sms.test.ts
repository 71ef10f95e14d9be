/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { dispatchOnce } from '../src/app/notify/outbox.ts';
import { complaint, testApi, testPool } from './helpers.ts';
import { bj, clockedApi } from './sla-helpers.ts';
import { providerServer, type Received } from './notify-helpers.ts';

const KEY_ID = 'LTAI5tQingtingTestKey';
const KEY_SECRET = 'aliyun-secret-7Hk2pQ9xWm';

/** RFC 3986 percent-encoding as Alibaba Cloud's signature method describes it. */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

/** What Alibaba Cloud SMS checks of a SendSms call (RPC, signature version 1.0), done independently of our code. */
function aliyunCheck(now: () => Date, nonces: Set<string>) {
  return (r: Received) => {
    const q = Object.fromEntries(r.url.searchParams.entries());
    const { Signature, ...rest } = q;
    const canonical = Object.keys(rest).sort().map((k) => `${enc(k)}=${enc(rest[k]!)}`).join('&');
    const expected = createHmac('sha1', `${KEY_SECRET}&`).update(`${r.method}&${enc('/')}&${enc(canonical)}`).digest('base64');
    if (rest.AccessKeyId !== KEY_ID) return { status: 404, body: { Code: 'InvalidAccessKeyId.NotFound' } };
    if (Signature !== expected) return { status: 400, body: { Code: 'SignatureDoesNotMatch' } };
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(rest.Timestamp ?? '') || Math.abs(Date.parse(rest.Timestamp!) - now().getTime()) > 15 * 60_000) return { status: 400, body: { Code: 'InvalidTimeStamp.Expired' } };
    if (nonces.has(rest.SignatureNonce!)) return { status: 400, body: { Code: 'SignatureNonceUsed' } };
    nonces.add(rest.SignatureNonce!);
    if (rest.Action !== 'SendSms' || rest.Version !== '2017-05-25' || rest.SignatureMethod !== 'HMAC-SHA1' || rest.SignatureVersion !== '1.0' || !rest.TemplateCode || !rest.SignName) return { status: 400, body: { Code: 'MissingParameter' } };
    JSON.parse(rest.TemplateParam ?? '{}');
    return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: `biz-${nonces.size}`, RequestId: 'req' } };
  };
}

let pool: pg.Pool;
beforeAll(() => {
  pool = testPool();
});
afterAll(async () => {
  await pool.end();
});

async function withSms(t: { call: (tok: string, m: string, u: string, b?: unknown) => Promise<any> }, admin: string, base: string) {
  const r = await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/sms', {
    enabled: true,
    config: { endpoint: base, access_key_id: KEY_ID, access_key_secret: KEY_SECRET, sign_name: '翠湖物业', template_codes: { acknowledged: 'SMS_1001', tracking_code: 'SMS_9001' } },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(JSON.stringify(r.body)).not.toContain(KEY_SECRET);
}

const sms = (r: Received) => ({ phone: r.url.searchParams.get('PhoneNumbers'), template: r.url.searchParams.get('TemplateCode'), params: JSON.parse(r.url.searchParams.get('TemplateParam') ?? '{}') });

describe('SMS through Alibaba Cloud', () => {
  it('acknowledges a case by signed SMS, holds it in quiet hours unless the case is a crisis', async () => {
    const t = await clockedApi(pool, '2026-03-10 10:00');
    const nonces = new Set<string>();
    const provider = await providerServer(aliyunCheck(() => t.clock.now(), nonces));
    try {
      await withSms(t, t.tokens.admin!, provider.base);
      const day = await t.register(complaint());
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 1 });
      expect(provider.received).toHaveLength(1);
      const first = sms(provider.received[0]!);
      expect(first).toMatchObject({ phone: '13812341234', template: 'SMS_1001' });
      expect(first.params.case_number).toBe(day.number);
      expect(first.params.expected_at).toMatch(/^2026-03-\d\d \d\d:\d\d$/);

      // 23:00: a minor complaint's SMS waits for 08:00; a crisis is told at once.
      t.clock.set(bj('2026-03-10 23:00'));
      const night = await t.register(complaint({ customer: { name: '夜间', phone: '13700001111', room: '1-1-101' } }));
      const crisis = await t.register(complaint({ severity: 'crisis', customer: { name: '危机', phone: '13700002222', room: '1-1-102' } }));
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 1, postponed: 1 });
      expect(provider.received.map((r) => sms(r).phone)).toEqual(['13812341234', '13700002222']);
      const held = await pool.query('select status, attempts, next_attempt_at from outbox where org_id = $1 and case_id = $2', [t.org.orgId, night.id]);
      expect(held.rows[0]).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: bj('2026-03-11 08:00') });
      t.clock.set(bj('2026-03-11 07:59'));
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ claimed: 0 });
      t.clock.set(bj('2026-03-11 08:00'));
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 1 });
      expect(sms(provider.received[2]!).params.case_number).toBe(night.number);
      expect(crisis.number).not.toBe(night.number);
    } finally {
      await provider.close();
      await t.app.close();
    }
  });

  it('uses the provider template of the customer’s language when the organisation has one', async () => {
    const t = await clockedApi(pool, '2026-03-10 10:00');
    const provider = await providerServer(aliyunCheck(() => t.clock.now(), new Set()));
    try {
      const r = await t.call(t.tokens.admin!, 'PUT', '/api/v1/admin/notify-channels/sms', {
        enabled: true,
        config: { endpoint: provider.base, access_key_id: KEY_ID, access_key_secret: KEY_SECRET, sign_name: '翠湖物业', template_codes: { acknowledged: 'SMS_1001', 'acknowledged.en-US': 'SMS_2001' } },
      });
      expect(r.status).toBe(200);
      await t.register(complaint({ customer: { name: 'Mr Green', phone: '13700003333', room: '1-1-103', locale: 'en-US' } }));
      await t.register(complaint({ customer: { name: '吴先生', phone: '13700004444', room: '1-1-104' } }));
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 2 });
      expect(provider.received.map((x) => [sms(x).phone, sms(x).template]).sort()).toEqual([['13700003333', 'SMS_2001'], ['13700004444', 'SMS_1001']]);
    } finally {
      await provider.close();
      await t.app.close();
    }
  });

  it('a wrong access key secret is refused by the provider’s signature check', async () => {
    const t = await clockedApi(pool, '2026-03-10 10:00');
    const provider = await providerServer(aliyunCheck(() => t.clock.now(), new Set()));
    try {
      await t.call(t.tokens.admin!, 'PUT', '/api/v1/admin/notify-channels/sms', { enabled: true, config: { endpoint: provider.base, access_key_id: KEY_ID, access_key_secret: 'not-the-secret', sign_name: 'x', template_codes: { acknowledged: 'SMS_1001' } } });
      await t.register(complaint());
      // SignatureDoesNotMatch is a 400: retrying cannot help, so it is a dead letter at once.
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 0, dead: 1 });
      const row = await pool.query(`select a.response from outbox_attempts a where a.org_id = $1`, [t.org.orgId]);
      expect(row.rows[0].response).toContain('SignatureDoesNotMatch');
    } finally {
      await provider.close();
      await t.app.close();
    }
  });
});

describe('one-time tracking codes', () => {
  it('sends a code by SMS, keeps only its hash, lets the portal track with it once, and throttles', async () => {
    const t = await testApi(pool);
    const nonces = new Set<string>();
    const provider = await providerServer(aliyunCheck(() => new Date(), nonces));
    const inject = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
    const refused = async (payload: unknown) => {
      const r = await inject(`/api/v1/portal/orgs/${t.org.slug}/track`, payload);
      return r.json().error?.code;
    };
    try {
      const admin = await t.login('admin');
      const agent = await t.login('agent');
      const reg = await t.call(agent, 'POST', '/api/v1/cases', complaint());
      expect(reg.status).toBe(201);
      const number = reg.body.number;
      // Without an SMS provider, number and phone are enough (the demo).
      expect((await inject(`/api/v1/portal/orgs/${t.org.slug}/track`, { number, phone: '13812341234' })).statusCode).toBe(200);
      expect((await inject('/api/v1/portal/tracking-codes', { org: t.org.slug, number, phone: '13812341234' })).statusCode).toBe(404);

      await withSms(t, admin, provider.base);
      // Now a code is needed.
      expect(await refused({ number, phone: '13812341234' })).toBe('portal_tracking_failed');
      const asked = await inject('/api/v1/portal/tracking-codes', { org: t.org.slug, number, phone: '138 1234 1234' });
      expect(asked.statusCode, asked.body).toBe(202);
      expect(provider.received).toHaveLength(1);
      const sent = sms(provider.received[0]!);
      expect(sent).toMatchObject({ phone: '13812341234', template: 'SMS_9001' });
      const code: string = sent.params.code;
      expect(code).toMatch(/^\d{6}$/);
      const stored = await pool.query('select code_hash from tracking_codes where org_id = $1', [t.org.orgId]);
      expect(stored.rows).toHaveLength(1);
      expect(JSON.stringify(stored.rows)).not.toContain(code);
      // Asked again at once: throttled.
      expect((await inject('/api/v1/portal/tracking-codes', { org: t.org.slug, number, phone: '13812341234' })).statusCode).toBe(429);
      // A case that does not match gets the same answer and no SMS.
      expect((await inject('/api/v1/portal/tracking-codes', { org: t.org.slug, number: 'QT-19990101-00001', phone: '13812341234' })).statusCode).toBe(202);
      expect(provider.received).toHaveLength(1);

      const wrong = code === '000000' ? '111111' : '000000';
      expect(await refused({ number, phone: '13812341234', code: wrong })).toBe('portal_tracking_failed');
      const ok = await inject(`/api/v1/portal/orgs/${t.org.slug}/track`, { number, phone: '13812341234', code });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().case.number).toBe(number);
      // Used up.
      expect(await refused({ number, phone: '13812341234', code })).toBe('portal_tracking_failed');
    } finally {
      await provider.close();
      await t.app.close();
    }
  });
});
