import { createHash } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWechatXml } from '../src/app/channels/wechat.ts';
import { testApi, testPool, type TestApi } from './helpers.ts';

// Payloads built to the published format of the Official Accounts platform (plain-text mode): the signature is
// sha1 of token, timestamp and nonce sorted lexicographically and concatenated; messages are <xml> with CDATA.
const TOKEN = 'qingtingWx2026';
const sign = (token: string, timestamp: string, nonce: string) => createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
const query = (token = TOKEN) => {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = String(Math.floor(Math.random() * 1e9));
  return `signature=${sign(token, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`;
};
let msgSeq = 7_300_000_000_000_000;
const textMsg = (openId: string, content: string, msgId = String(++msgSeq)) =>
  `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>1764100000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
const imageMsg = (openId: string) =>
  `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>1764100100</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/x.jpg]]></PicUrl><MediaId><![CDATA[media_id_1]]></MediaId><MsgId>${++msgSeq}</MsgId></xml>`;

let pool: pg.Pool;
let t: TestApi;
let admin: string;
const post = (xml: string, q = query()) =>
  t.app.inject({ method: 'POST', url: `/api/v1/channels/wechat/${t.org.slug}?${q}&openid=x`, headers: { 'content-type': 'text/xml' }, payload: xml });
const cdataOf = (xml: string, tag: string) => new RegExp(`<${tag}><!\\[CDATA\\[([\\s\\S]*?)\\]\\]></${tag}>`).exec(xml)?.[1];

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  admin = await t.login('admin');
  const set = await t.call(admin, 'PUT', '/api/v1/admin/channels/wechat', { token: TOKEN, app_id: 'wx0123456789abcdef', unit_id: t.org.units.get('cuihu') });
  expect(set.status).toBe(200);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('WeChat Official Account callback', () => {
  it('is configured by administrators only, and the token is never returned', async () => {
    const got = await t.call(admin, 'GET', '/api/v1/admin/channels/wechat');
    expect(got.body).toMatchObject({ configured: true, app_id: 'wx0123456789abcdef' });
    expect(JSON.stringify(got.body)).not.toContain(TOKEN);
    const agent = await t.login('agent');
    expect((await t.call(agent, 'PUT', '/api/v1/admin/channels/wechat', { token: 'abc123' })).status).toBe(403);
  });

  it('answers the URL verification with echostr only when the signature is right', async () => {
    const ok = await t.app.inject({ method: 'GET', url: `/api/v1/channels/wechat/${t.org.slug}?${query()}&echostr=5837397749287403913` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('5837397749287403913');
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/channels/wechat/${t.org.slug}?${query('wrongToken')}&echostr=1` });
    expect(bad.statusCode).toBe(401);
    expect(bad.body).not.toContain('"1"');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/channels/wechat/no-such-org?${query()}&echostr=1` })).statusCode).toBe(404);
  });

  it('turns a follower’s first message into a case, later ones into notes on it, and replies with the number', async () => {
    const openId = `oUser${Date.now()}`;
    const first = await post(textMsg(openId, '楼下餐馆油烟太大，窗户都不能开'));
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('xml');
    expect(cdataOf(first.body, 'ToUserName')).toBe(openId);
    expect(cdataOf(first.body, 'FromUserName')).toBe('gh_0123456789ab');
    expect(cdataOf(first.body, 'MsgType')).toBe('text');
    const number = /受理编号 (\S+?)，/.exec(cdataOf(first.body, 'Content')!)?.[1];
    expect(number).toMatch(/-\d{8}-\d{5}$/);
    const row = (await pool.query('select id, channel, subject, unit_id from cases where org_id = $1 and number = $2', [t.org.orgId, number])).rows[0];
    expect(row).toMatchObject({ channel: 'wechat', subject: '楼下餐馆油烟太大，窗户都不能开', unit_id: t.org.units.get('cuihu') });

    const second = await post(imageMsg(openId));
    expect(cdataOf(second.body, 'Content')).toContain(number);
    const third = await post(textMsg(openId, '今天晚上又开始了'));
    expect(cdataOf(third.body, 'Content')).toBe(`补充内容已记入工单 ${number}。`);
    const notes = (await pool.query(`select note from case_events where org_id = $1 and case_id = $2 and action = 'comment' order by at`, [t.org.orgId, row.id])).rows;
    expect(notes.map((n) => n.note)).toEqual(['[image] http://mmbiz.qpic.cn/x.jpg media_id_1', '今天晚上又开始了']);
    expect((await pool.query('select count(*)::int as n from cases where org_id = $1 and channel = $2', [t.org.orgId, 'wechat'])).rows[0].n).toBe(1);
  });

  it('handles a resent message (same MsgId) once', async () => {
    const openId = `oResend${Date.now()}`;
    const xml = textMsg(openId, '电梯又坏了', '7300000000999999');
    const a = await post(xml);
    const b = await post(xml);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    const n = await pool.query(`select count(*)::int as n from cases where org_id = $1 and external_ref = $2`, [t.org.orgId, `wechat:${openId}`]);
    expect(n.rows[0].n).toBe(1);
  });

  it('refuses a bad or missing signature and stores nothing', async () => {
    const before = (await pool.query('select count(*)::int as n from cases where org_id = $1', [t.org.orgId])).rows[0].n;
    expect((await post(textMsg('oEvil', '伪造'), query('wrongToken'))).statusCode).toBe(401);
    expect((await post(textMsg('oEvil', '伪造'), 'timestamp=1&nonce=2')).statusCode).toBe(401);
    expect((await pool.query('select count(*)::int as n from cases where org_id = $1', [t.org.orgId])).rows[0].n).toBe(before);
  });

  it('refuses XML with a DOCTYPE or entities (no XXE), nesting or junk, with 400', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>&x;</Content></xml>`;
    const r = await post(xxe);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('validation_failed');
    expect((await post('<xml><a><b>1</b></a></xml>')).statusCode).toBe(400);
    expect((await post('not xml')).statusCode).toBe(400);
    expect(() => parseWechatXml('<xml><Content>&x;</Content></xml>')).toThrow();
    expect(parseWechatXml('<xml><Content>a &lt;b&gt; &amp; c</Content><MsgId>1</MsgId></xml>')).toEqual({ Content: 'a <b> & c', MsgId: '1' });
  });

  it('answers an event or an unsupported message type with "success" and opens nothing', async () => {
    const ev = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oSub]]></FromUserName><CreateTime>1764100000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`;
    const r = await post(ev);
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe('success');
  });
});
