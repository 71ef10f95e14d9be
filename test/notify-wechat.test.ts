/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { dispatchOnce } from '../src/app/notify/outbox.ts';
import { complaint, testPool } from './helpers.ts';
import { clockedApi, type Clocked } from './sla-helpers.ts';
import { providerServer, type Received } from './notify-helpers.ts';

let pool: pg.Pool;
beforeAll(() => {
  pool = testPool();
});
afterAll(async () => {
  await pool.end();
});

const APP_ID = 'wx5f3c9a1b2d4e6f70';
const APP_SECRET = 'wechat-app-secret-0b1c2d3e4f';
const CALLBACK_TOKEN = 'qingtingWxOut2026';

/**
 * The Official Accounts platform as published: `GET /cgi-bin/token?grant_type=client_credential&appid&secret` hands
 * out an access_token (7200 s); `POST /cgi-bin/message/template/send?access_token=` checks the token, that the
 * receiver follows the account and the template exists, and answers errcode/errmsg. `expireNext` makes the next send
 * answer 42001 (access_token expired) and revokes the token, as WeChat does when a token is expired early.
 */
function wechatPlatform(followers: Set<string>, templates: Set<string>) {
  const state = { tokens: new Set<string>(), issued: 0, expireNext: false };
  const check = (r: Received) => {
    if (r.method === 'GET' && r.url.pathname === '/cgi-bin/token') {
      const q = r.url.searchParams;
      if (q.get('grant_type') !== 'client_credential') return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
      if (q.get('appid') !== APP_ID) return { status: 200, body: { errcode: 40013, errmsg: 'invalid appid' } };
      if (q.get('secret') !== APP_SECRET) return { status: 200, body: { errcode: 40125, errmsg: 'invalid appsecret' } };
      const token = `ACCESS_TOKEN_${++state.issued}`;
      state.tokens.add(token);
      return { status: 200, body: { access_token: token, expires_in: 7200 } };
    }
    if (r.method === 'POST' && r.url.pathname === '/cgi-bin/message/template/send') {
      const token = r.url.searchParams.get('access_token') ?? '';
      if (!state.tokens.has(token)) return { status: 200, body: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } };
      if (state.expireNext) {
        state.expireNext = false;
        state.tokens.delete(token);
        return { status: 200, body: { errcode: 42001, errmsg: 'access_token expired' } };
      }
      const b = JSON.parse(r.body);
      if (!followers.has(b.touser)) return { status: 200, body: { errcode: 43004, errmsg: 'require subscribe' } };
      if (!templates.has(b.template_id)) return { status: 200, body: { errcode: 40037, errmsg: 'invalid template_id' } };
      if (typeof b.data !== 'object' || !Object.values(b.data).every((v: any) => typeof v?.value === 'string')) return { status: 200, body: { errcode: 47003, errmsg: 'argument invalid! data.value invalid' } };
      return { status: 200, body: { errcode: 0, errmsg: 'ok', msgid: 200228332 + r.body.length } };
    }
    return { status: 404, body: { errcode: -1, errmsg: 'not found' } };
  };
  return { state, check };
}

const sign = (timestamp: string, nonce: string) => createHash('sha1').update([CALLBACK_TOKEN, timestamp, nonce].sort().join('')).digest('hex');
let msgSeq = 7_400_000_000_000_000;
/** A follower writes to the account (the callback WeChat makes, signed). */
async function followerWrites(t: Clocked, openId: string, content: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(++msgSeq % 1e9);
  const xml = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>1764100000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgSeq}</MsgId></xml>`;
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/channels/wechat/${t.org.slug}?signature=${sign(timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, headers: { 'content-type': 'text/xml' }, payload: xml });
  expect(r.statusCode, r.body).toBe(200);
  const number = /QT-\d{8}-\d{5}/.exec(r.body)?.[0];
  expect(number).toBeDefined();
  const c = await pool.query('select id, customer_id from cases where org_id = $1 and number = $2', [t.org.orgId, number]);
  return { number: number!, id: c.rows[0].id as string, customerId: c.rows[0].customer_id as string };
}

const sends = (received: Received[]) => received.filter((r) => r.url.pathname === '/cgi-bin/message/template/send');
const tokenFetches = (received: Received[]) => received.filter((r) => r.url.pathname === '/cgi-bin/token');

describe('WeChat Official Account template messages out', () => {
  it('acknowledges and reports the result to the follower, caching the access_token and refreshing it once expired', async () => {
    const t = await clockedApi(pool, '2026-03-10 10:00');
    const followers = new Set(['oFollowerA_8uH2k', 'oFollowerB_3jK9x']);
    const wx = wechatPlatform(followers, new Set(['TPL_ACK_01', 'TPL_RESULT_01']));
    const platform = await providerServer(wx.check);
    try {
      const admin = t.tokens.admin!;
      expect((await t.call(admin, 'PUT', '/api/v1/admin/channels/wechat', { token: CALLBACK_TOKEN, app_id: APP_ID, unit_id: t.org.units.get('cuihu') })).status).toBe(200);
      const set = await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/wechat', {
        enabled: true,
        config: { app_id: APP_ID, app_secret: APP_SECRET, api_base: platform.base, template_ids: { acknowledged: 'TPL_ACK_01', result: 'TPL_RESULT_01' } },
      });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(JSON.stringify(set.body)).not.toContain(APP_SECRET);
      expect(set.body.secrets.app_secret.set).toBe(true);
      // A malformed setting is a 400 with the field named, not a stored channel that fails later.
      const bad = await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/wechat', { enabled: true, config: { app_id: APP_ID, template_ids: 'TPL' } });
      expect([bad.status, bad.body.error.code, bad.body.error.details?.[0]?.path]).toEqual([400, 'validation_failed', 'config.template_ids']);
      const badFields = await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/wechat', { enabled: true, config: { app_id: APP_ID, template_ids: {}, fields: { result: { keyword1: 42 } } } });
      expect([badFields.status, badFields.body.error.details?.[0]?.path]).toEqual([400, 'config.fields.result.keyword1']);
      expect((await t.call(admin, 'GET', '/api/v1/admin/notify-channels')).body.items.find((c: any) => c.channel === 'wechat').config.template_ids).toEqual({ acknowledged: 'TPL_ACK_01', result: 'TPL_RESULT_01' });
      await pool.query(`update organisations set settings = jsonb_set(settings, '{notify}', '{"portal_base_url": "https://ts.example.org"}') where id = $1`, [t.org.orgId]);

      // A follower writes in: the case is acknowledged by template message, with its number and expected time.
      const a = await followerWrites(t, 'oFollowerA_8uH2k', '3号楼电梯又坏了，困人十分钟');
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 1, failed: 0, dead: 0 });
      expect(tokenFetches(platform.received)).toHaveLength(1);
      const [ack] = sends(platform.received).map((r) => ({ token: r.url.searchParams.get('access_token'), body: JSON.parse(r.body) }));
      expect(ack!.token).toBe('ACCESS_TOKEN_1');
      expect(ack!.body).toMatchObject({ touser: 'oFollowerA_8uH2k', template_id: 'TPL_ACK_01', url: `https://ts.example.org/portal/${t.org.slug}?case=${a.number}` });
      expect(ack!.body.data.keyword1.value).toBe(a.number);
      expect(ack!.body.data.keyword2.value).toMatch(/^2026-03-\d\d \d\d:\d\d$/);
      expect(ack!.body.data.first.value).toContain('已受理');

      // A second follower: the cached token is used, not a new one.
      const b = await followerWrites(t, 'oFollowerB_3jK9x', '小区门口垃圾两天没人清');
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 1 });
      expect(tokenFetches(platform.received)).toHaveLength(1);
      expect(JSON.parse(sends(platform.received)[1]!.body)).toMatchObject({ touser: 'oFollowerB_3jK9x', data: { keyword1: { value: b.number } } });

      // The follower reads English: staff record it; the result is written in it. No progress template is set, so
      // starting the work sends nothing to WeChat.
      const agent = t.tokens.agent!;
      const pref = await t.call(agent, 'PUT', `/api/v1/customers/${a.customerId}/contact-preferences`, { locale: 'en-US' });
      expect(pref.body).toEqual({ preferred_channel: null, locale: 'en-US', wechat_follower: true });
      let c = await t.get(a.id);
      c = await t.act('center', c, 'accept', { category_id: t.cat('elevator'), severity: 'minor', validity: 'valid' });
      c = await t.act('center', c, 'assign', { department_id: t.dept('engineering'), handler_id: t.user('handler') });
      c = await t.act('handler', c, 'start');
      await t.act('handler', c, 'resolve', { resolution: 'Elevator control board replaced', remedy: { types: ['repair'] } });
      const queued = await pool.query(`select event, channel from outbox where org_id = $1 and case_id = $2 and recipient = 'customer' order by created_at`, [t.org.orgId, a.id]);
      expect(queued.rows).toEqual([{ event: 'acknowledged', channel: 'wechat' }, { event: 'result', channel: 'wechat' }]);

      // WeChat expired the token early: the send is refused with 42001, a fresh token is fetched and the message
      // goes out in the same attempt.
      wx.state.expireNext = true;
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 1, failed: 0 });
      expect(tokenFetches(platform.received)).toHaveLength(2);
      const last = sends(platform.received).slice(-2);
      expect(last.map((r) => r.url.searchParams.get('access_token'))).toEqual(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']);
      const result = JSON.parse(last[1]!.body);
      expect(result).toMatchObject({ touser: 'oFollowerA_8uH2k', template_id: 'TPL_RESULT_01' });
      expect(result.data.keyword2.value).toBe('Elevator control board replaced');
      expect(result.data.first.value).toContain('resolved');
      const row = await pool.query(`select status, attempts from outbox where org_id = $1 and case_id = $2 and event = 'result'`, [t.org.orgId, a.id]);
      expect(row.rows[0]).toEqual({ status: 'sent', attempts: 1 });
    } finally {
      await platform.close();
      await t.app.close();
    }
  });

  it('reaches only customers whose OpenID is known; one who unfollowed is a dead letter, not retried', async () => {
    const t = await clockedApi(pool, '2026-03-10 10:00');
    const followers = new Set(['oStays_1']);
    const wx = wechatPlatform(followers, new Set(['TPL_ACK_01']));
    const platform = await providerServer(wx.check);
    try {
      const admin = t.tokens.admin!;
      await t.call(admin, 'PUT', '/api/v1/admin/channels/wechat', { token: CALLBACK_TOKEN, app_id: APP_ID, unit_id: t.org.units.get('cuihu') });
      await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/wechat', { enabled: true, config: { app_id: APP_ID, app_secret: APP_SECRET, api_base: platform.base, template_ids: { acknowledged: 'TPL_ACK_01' } } });
      // A caller registered by phone (no SMS channel here) is not a follower: nothing is queued for them, and staff
      // cannot choose WeChat for them.
      const byPhone = await t.register(complaint());
      const none = await pool.query(`select count(*)::int as n from outbox where org_id = $1 and case_id = $2 and recipient = 'customer'`, [t.org.orgId, byPhone.id]);
      expect(none.rows[0].n).toBe(0);
      const refused = await t.call(t.tokens.agent!, 'PUT', `/api/v1/customers/${byPhone.customer_id}/contact-preferences`, { preferred_channel: 'wechat' });
      expect([refused.status, refused.body.error.code, refused.body.error.details?.[0]?.code]).toEqual([400, 'validation_failed', 'channel_unavailable']);

      // A follower who has since unfollowed: WeChat answers 43004, retrying cannot help.
      const gone = await followerWrites(t, 'oLeft_2', '投诉保安态度差');
      expect(await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).toMatchObject({ sent: 0, dead: 1 });
      const row = await pool.query(`select status, last_error from outbox where org_id = $1 and case_id = $2`, [t.org.orgId, gone.id]);
      expect(row.rows[0].status).toBe('dead');
      expect(row.rows[0].last_error).toContain('43004');
    } finally {
      await platform.close();
      await t.app.close();
    }
  });
});
