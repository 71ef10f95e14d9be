import { createHash } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_NOTICE_VERSION } from '../src/app/portal/portal.ts';
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read raw API JSON
const expectRefused = (r: { status: number; body: any }, status: number) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
};

describe('contact preferences', () => {
  const url = (id: string) => `/api/v1/customers/${id}/contact-preferences`;
  it('are not there for roles that may see none of the customer’s cases, nor for another organisation', async () => {
    const own = (await t.call(tok.agent2!, 'GET', '/api/v1/cases?page_size=5')).body;
    expect(own.total).toBeGreaterThan(0);
    for (const u of ['handler2', 'head']) expectRefused(await t.call(tok[u]!, 'GET', url(zhao.customer_id)), 404);
    const admin2 = await other.login('admin');
    expectRefused(await other.call(admin2, 'GET', url(zhao.customer_id)), 404);
    expectRefused(await other.call(admin2, 'PUT', url(zhao.customer_id), { preferred_channel: 'none' }), 404);
    expectRefused(await t.call(tok.auditor!, 'PUT', url(zhao.customer_id), { preferred_channel: 'none' }), 403);
    expect((await t.call(tok.center!, 'GET', url(zhao.customer_id))).body).toEqual({ preferred_channel: null, locale: null, wechat_follower: false });
  });

  it('refuse bad input with a code and leave what is stored', async () => {
    const bad: unknown[] = [
      { preferred_channel: 'fax' }, { locale: 'fr-FR' }, { preferred_channel: 1 }, { extra: true }, { locale: 'zh-CN\u0000' },
      { preferred_channel: 'x'.repeat(100_000) }, [], 'sms', null, { preferred_channel: 'wechat' },
    ];
    for (const body of bad) {
      const r = await t.call(tok.center!, 'PUT', url(zhao.customer_id), body);
      expect(r.status, `${JSON.stringify(body).slice(0, 40)} ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.code).toEqual(expect.any(String));
    }
    for (const id of ['nope', '1', `${zhao.customer_id}x`, '00000000-0000-0000-0000-000000000000']) {
      const r = await t.call(tok.center!, 'GET', url(id));
      expect([400, 404], `${id} ${r.status}`).toContain(r.status);
      expect(r.body.error.code).toEqual(expect.any(String));
    }
    expect((await t.call(tok.center!, 'GET', url(zhao.customer_id))).body).toEqual({ preferred_channel: null, locale: null, wechat_follower: false });
  });

  it('the portal refuses a missing, bad or huge token with a code', async () => {
    for (const h of [{}, { 'x-portal-token': 'nope' }, { 'x-portal-token': 'a'.repeat(5000) }, { 'x-portal-token': 'ab\u0001' }]) {
      const r = await t.app.inject({ method: 'PUT', url: '/api/v1/portal/case/contact-preferences', headers: { 'content-type': 'application/json', ...h }, payload: JSON.stringify({ preferred_channel: 'none' }) });
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
      expect(JSON.parse(r.body).error.code).toEqual(expect.any(String));
    }
  });
});

describe('saved views', () => {
  it('refuse bad input and another user’s or another organisation’s view', async () => {
    const mine = await t.call(tok.handler!, 'POST', '/api/v1/saved-views', { name: '我的', query: { status: 'assigned' } });
    expect(mine.status).toBe(201);
    const bad: unknown[] = [
      { name: 'a', query: { phone: '13900001111' } }, { name: 'a', query: { q: 5 } }, { name: 'x'.repeat(61), query: {} },
      { name: 'a\u0000', query: {} }, { name: 'a', query: { q: 'x'.repeat(501) } }, { name: 'a', query: [] }, { name: 'a' }, { name: '  ', query: {} },
      { name: 'a', query: {}, user_id: '00000000-0000-0000-0000-000000000000' },
    ];
    for (const body of bad) {
      const r = await t.call(tok.handler!, 'POST', '/api/v1/saved-views', body);
      expect(r.status, `${JSON.stringify(body).slice(0, 60)} ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.code).toEqual(expect.any(String));
    }
    for (const u of ['agent', 'center', 'admin']) {
      expectRefused(await t.call(tok[u]!, 'GET', `/api/v1/saved-views/${mine.body.id}`), 404);
      expectRefused(await t.call(tok[u]!, 'DELETE', `/api/v1/saved-views/${mine.body.id}`), 404);
    }
    const admin2 = await other.login('admin');
    expectRefused(await other.call(admin2, 'GET', `/api/v1/saved-views/${mine.body.id}`), 404);
    expect((await other.call(admin2, 'GET', '/api/v1/saved-views')).body.items).toEqual([]);
    expect((await t.call(tok.handler!, 'GET', '/api/v1/saved-views')).body.items).toHaveLength(1);
  });
});

describe('accountability of a case', () => {
  it('is not there for another organisation, refuses roles without the right and bad input', async () => {
    const admin2 = await other.login('admin');
    expectRefused(await other.call(admin2, 'GET', `/api/v1/accountability/cases/${zhao.id}`), 404);
    expectRefused(await other.call(admin2, 'PUT', `/api/v1/accountability/cases/${zhao.id}/validity`, { validity: 'invalid', reason: '测试理由' }), 404);
    for (const u of ['agent', 'handler', 'head', 'manager', 'auditor']) expectRefused(await t.call(tok[u]!, 'GET', `/api/v1/accountability/cases/${zhao.id}`), 403);
    expectRefused(await t.call(tok.center!, 'GET', '/api/v1/accountability/cases/nope'), 404);
    for (const body of [{ validity: 'bogus', reason: 'x' }, { validity: 'invalid' }, { validity: 'invalid', reason: 'x\u0000y' }, { validity: 'invalid', reason: 'x'.repeat(3000) }, {}]) {
      const r = await t.call(tok.center!, 'PUT', `/api/v1/accountability/cases/${zhao.id}/validity`, body);
      expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    }
    const r = await t.call(tok.center!, 'GET', `/api/v1/accountability/cases/${zhao.id}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(JSON.stringify(r.body)).not.toMatch(/13900001111/);
  });
});

interface Unit { id: string; kind: string; parent_id: string | null }

describe('units', () => {
  it('an administrator cannot move another organisation’s unit, nor under one', async () => {
    const units = (await t.call(tok.admin!, 'GET', '/api/v1/units')).body.items ?? (await t.call(tok.admin!, 'GET', '/api/v1/units')).body;
    const admin2 = await other.login('admin');
    const units2 = (await other.call(admin2, 'GET', '/api/v1/units')).body.items;
    const proj = units.find((u: Unit) => u.kind === 'project');
    const region2 = units2.find((u: Unit) => u.kind === 'region');
    const r1 = await other.call(admin2, 'POST', `/api/v1/admin/units/${proj.id}/move`, { parent_id: region2.id });
    expect(r1.status, JSON.stringify(r1.body)).toBe(404);
    const r2 = await t.call(tok.admin!, 'POST', `/api/v1/admin/units/${proj.id}/move`, { parent_id: region2.id });
    expect(r2.status, JSON.stringify(r2.body)).toBeGreaterThanOrEqual(400);
    expect(r2.status).toBeLessThan(500);
    for (const body of [{ parent_id: 'nope' }, {}, { parent_id: null }, { parent_id: proj.id }]) {
      const r = await t.call(tok.admin!, 'POST', `/api/v1/admin/units/${proj.id}/move`, body);
      expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    }
    const r3 = await other.call(admin2, 'PATCH', `/api/v1/admin/units/${proj.id}`, { active: false });
    expect(r3.status, JSON.stringify(r3.body)).toBe(404);
    const r4 = await other.call(admin2, 'GET', `/api/v1/admin/units/${proj.id}/robots`);
    expect([404, 200]).toContain(r4.status);
    if (r4.status === 200) expect(r4.body.items).toEqual([]);
    const r5 = await other.call(admin2, 'PUT', `/api/v1/admin/units/${proj.id}/robots/dingtalk`, { enabled: true, config: { webhook_url: 'https://oapi.dingtalk.com/robot/send?access_token=x' } });
    expect(r5.status, JSON.stringify(r5.body)).toBe(404);
    expect((await t.call(tok.admin!, 'GET', '/api/v1/units')).body.items.find((u: Unit) => u.id === proj.id)).toMatchObject({ parent_id: proj.parent_id, active: true });
  });
});

describe('notifications read', () => {
  it('another user’s notification is not found; a bad id is a 4xx', async () => {
    for (const id of ['nope', '00000000-0000-0000-0000-000000000000']) {
      const r = await t.call(tok.handler!, 'POST', `/api/v1/notifications/${id}/read`);
      expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
  });
});

describe('a WeChat follower’s OpenID', () => {
  const TOKEN = 'qingtingWx2026';
  const signed = () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    return `signature=${createHash('sha1').update([TOKEN, timestamp, nonce].sort().join('')).digest('hex')}&timestamp=${timestamp}&nonce=${nonce}`;
  };
  it('reaches only the roles that see contact details in full (case view, case list, customer directory)', async () => {
    expect((await t.call(tok.admin!, 'PUT', '/api/v1/admin/channels/wechat', { token: TOKEN, app_id: 'wx0123456789abcdef', unit_id: t.org.units.get('cuihu') })).status).toBe(200);
    const openId = 'oPrivacyReview9x7QwErTyUiOp1';
    const xml = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>1764100000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[小区门禁坏了]]></Content><MsgId>7300000000000999</MsgId></xml>`;
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/channels/wechat/${t.org.slug}?${signed()}&openid=x`, headers: { 'content-type': 'text/xml' }, payload: xml });
    expect(r.statusCode, r.body).toBe(200);
    const id = (await pool.query(`select id from cases where org_id = $1 and channel = 'wechat'`, [t.org.orgId])).rows[0].id as string;
    for (const u of ['agent', 'manager', 'auditor']) {
      const seen = [
        await t.call(tok[u]!, 'GET', `/api/v1/cases/${id}`),
        await t.call(tok[u]!, 'GET', '/api/v1/cases?page_size=100'),
        await t.call(tok[u]!, 'GET', '/api/v1/customers?page_size=100'),
      ];
      for (const s of seen) expect(s.status, `${u} ${JSON.stringify(s.body).slice(0, 200)}`).toBe(200);
      expect(JSON.stringify(seen.map((s) => s.body)), u).not.toContain(openId.slice(0, 12));
    }
    // Whoever sees contact details in full still reads where the case came from.
    expect((await t.call(tok.center!, 'GET', `/api/v1/cases/${id}`)).body.external_ref).toBe(`wechat:${openId}`);
  });
});

describe('the portal and a customer’s record linked by phone number', () => {
  const submit = (phone: string, locale = 'en-US') => t.app.inject({
    method: 'POST', url: `/api/v1/portal/orgs/${t.org.slug}/cases`, headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ consent: { accepted: true, notice_version: STANDARD_NOTICE_VERSION, locale }, kind: 'complaint', content: '随便写点什么', customer: { name: '路人', phone, room: '1-1-1' } }),
  });
  const prefs = (token: string, method: 'GET' | 'PUT', body?: unknown) => t.app.inject({
    method, url: '/api/v1/portal/case/contact-preferences', headers: { 'content-type': 'application/json', 'x-portal-token': token },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

  it('a stranger who types a customer’s phone on the portal can neither read nor change how that customer is told', async () => {
    const victim = (await t.call(tok.agent2!, 'POST', '/api/v1/cases', complaint({ subject: '门禁卡失效', customer: { name: '孙女士', phone: '13900002222', room: '9-9-909' } }))).body;
    const sub = await submit('13900002222');
    expect(sub.statusCode, sub.body).toBe(201);
    const { token } = JSON.parse(sub.body) as { token: string };
    for (const r of [await prefs(token, 'GET'), await prefs(token, 'PUT', { preferred_channel: 'none', locale: 'en-US' })]) {
      expect(r.statusCode, r.body).toBe(403);
      expect(JSON.parse(r.body).error.code).toBe('forbidden_action');
    }
    const stored = (await pool.query('select preferred_channel, locale from customers where org_id = $1 and id = $2', [t.org.orgId, victim.customer_id])).rows[0];
    expect(stored).toEqual({ preferred_channel: null, locale: null });
  });

  it('a new customer on the portal sets their own preferences and language', async () => {
    const sub = await submit('13900003333');
    const { token } = JSON.parse(sub.body) as { token: string };
    expect(JSON.parse((await prefs(token, 'GET')).body)).toMatchObject({ locale: 'en-US' });
    const put = await prefs(token, 'PUT', { preferred_channel: 'sms', locale: 'zh-CN' });
    expect(put.statusCode, put.body).toBe(200);
    expect(JSON.parse(put.body)).toMatchObject({ preferred_channel: 'sms', locale: 'zh-CN' });
  });
});
