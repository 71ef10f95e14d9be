/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { dispatchOnce } from '../src/app/notify/outbox.ts';
import { sweepOnce } from '../src/jobs/sla-sweep.job.ts';
import { complaint, testPool } from './helpers.ts';
import { clockedApi } from './sla-helpers.ts';
import { providerServer, type Received } from './notify-helpers.ts';

let pool: pg.Pool;
beforeAll(() => {
  pool = testPool();
});
afterAll(async () => {
  await pool.end();
});

const DING_SECRET = 'SECd1f0c3e5a7b9c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1';
const DING_TOKEN = 'ding-access-token-0123456789';
const WECOM_KEY = 'wecom-key-693a91f6-7xxx';

/** DingTalk's check of a signed robot call: access token, timestamp within an hour of its clock, and
 * sign = Base64(HmacSHA256(secret, timestamp + "\n" + secret)). */
function dingtalkCheck(now: () => Date, token = DING_TOKEN) {
  return (r: Received) => {
    if (r.url.searchParams.get('access_token') !== token) return { status: 200, body: { errcode: 300001, errmsg: 'token is not exist' } };
    const ts = r.url.searchParams.get('timestamp') ?? '';
    const expected = createHmac('sha256', DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest('base64');
    if (r.url.searchParams.get('sign') !== expected || Math.abs(Number(ts) - now().getTime()) > 3_600_000) return { status: 200, body: { errcode: 310000, errmsg: 'sign not match' } };
    const body = JSON.parse(r.body);
    if (body.msgtype !== 'text' || typeof body.text?.content !== 'string') return { status: 200, body: { errcode: 40035, errmsg: 'bad message' } };
    return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
  };
}

describe('staff group robots', () => {
  it('a breach reaches the department head in the app and in the DingTalk and WeCom groups within a minute', async () => {
    const t = await clockedApi(pool);
    const ding = await providerServer(dingtalkCheck(() => t.clock.now()));
    const wecom = await providerServer((r) => (r.url.searchParams.get('key') === WECOM_KEY && JSON.parse(r.body).msgtype === 'text' ? { status: 200, body: { errcode: 0, errmsg: 'ok' } } : { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } }));
    try {
      const admin = t.tokens.admin!;
      const d = await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/dingtalk', { enabled: true, config: { webhook_url: `${ding.base}/robot/send?access_token=${DING_TOKEN}`, secret: DING_SECRET } });
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      // Neither the robot's token nor its secret comes back.
      expect(JSON.stringify(d.body)).not.toContain(DING_TOKEN);
      expect(JSON.stringify(d.body)).not.toContain(DING_SECRET);
      expect(d.body.secrets.secret.set).toBe(true);
      const w = await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/wecom', { enabled: true, config: { webhook_url: `${wecom.base}/cgi-bin/webhook/send?key=${WECOM_KEY}` } });
      expect(JSON.stringify(w.body)).not.toContain(WECOM_KEY);
      // Saving again with the masked URL keeps the real one.
      await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/wecom', { enabled: true, config: { webhook_url: w.body.config.webhook_url } });

      const c = await t.toInProgress('2026-03-10 10:00');
      // The jobs as they run: a sweep every 15 s, a dispatch every 5 s, from just before the deadline.
      const due = new Date((await t.get(c.id)).sla.clocks.resolve.due_at).getTime();
      // The 50 % and 80 % warnings go to the groups too; then the robots' logs start afresh.
      t.clock.set(new Date(due - 3_600_000));
      await sweepOnce(pool, t.clock, 1000, { orgId: t.org.orgId });
      await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
      expect(ding.received.map((r) => JSON.parse(r.body).text.content).join()).toContain('即将超时');
      ding.received.length = 0;
      wecom.received.length = 0;
      t.clock.set(new Date(due - 7_000));
      let reachedAt: number | null = null;
      for (let s = 0; s <= 120 && reachedAt === null; s += 5) {
        if (s % 15 === 0) await sweepOnce(pool, t.clock, 1000, { orgId: t.org.orgId });
        await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
        if (ding.received.length > 0 && wecom.received.length > 0) reachedAt = t.clock.now().getTime();
        t.clock.advance(5_000);
      }
      expect(reachedAt).not.toBeNull();
      expect(reachedAt! - due).toBeLessThan(60_000);
      // In the app: the department head's inbox.
      const inbox = (await t.inbox('head')).filter((n: any) => n.case_id === c.id);
      expect(inbox).toEqual([expect.objectContaining({ kind: 'escalation', level: 1 })]);
      // In the groups: one message each (not one per recipient), naming the case; DingTalk's signature checked.
      expect(ding.received).toHaveLength(1);
      expect(wecom.received).toHaveLength(1);
      expect(JSON.parse(ding.received[0]!.body).text.content).toContain(c.number);
      expect(JSON.parse(wecom.received[0]!.body).text.content).toContain(c.number);
      const sent = await pool.query(`select channel, status from outbox where org_id = $1 and recipient = 'group' and event = 'escalation' order by channel`, [t.org.orgId]);
      expect(sent.rows).toEqual([{ channel: 'dingtalk', status: 'sent' }, { channel: 'wecom', status: 'sent' }]);
      // The in-app rows are marked delivered.
      const undelivered = await pool.query('select count(*)::int as n from notifications where org_id = $1 and delivered_at is null', [t.org.orgId]);
      expect(undelivered.rows[0].n).toBe(0);
    } finally {
      await ding.close();
      await wecom.close();
      await t.app.close();
    }
  });

  it('a wrong DingTalk secret is refused by the robot and retried, not reported as sent', async () => {
    const t = await clockedApi(pool);
    const ding = await providerServer(dingtalkCheck(() => t.clock.now()));
    try {
      await t.call(t.tokens.admin!, 'PUT', '/api/v1/admin/notify-channels/dingtalk', { enabled: true, config: { webhook_url: `${ding.base}/robot/send?access_token=${DING_TOKEN}`, secret: 'SECwrong-secret-000000' } });
      const c = await t.toInProgress('2026-03-10 10:00');
      t.clock.set(new Date(new Date((await t.get(c.id)).sla.clocks.resolve.due_at).getTime() + 60_000));
      await sweepOnce(pool, t.clock, 1000, { orgId: t.org.orgId });
      const r = await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
      expect(r).toMatchObject({ sent: 0, failed: 1 });
      expect(ding.received).toHaveLength(1);
      const row = await pool.query(`select status, last_error from outbox where org_id = $1 and channel = 'dingtalk'`, [t.org.orgId]);
      expect(row.rows[0]).toMatchObject({ status: 'pending', last_error: 'provider refused' });
    } finally {
      await ding.close();
      await t.app.close();
    }
  });

  it('a unit’s own robot gets its breaches: the nearest configured one up the tree, else the organisation’s', async () => {
    const t = await clockedApi(pool);
    const ENG_TOKEN = 'ding-engineering-token-42';
    const orgDing = await providerServer(dingtalkCheck(() => t.clock.now()));
    const engDing = await providerServer(dingtalkCheck(() => t.clock.now(), ENG_TOKEN));
    const projectWecom = await providerServer((r) => (r.url.searchParams.get('key') === WECOM_KEY ? { status: 200, body: { errcode: 0, errmsg: 'ok' } } : { status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } }));
    try {
      const admin = t.tokens.admin!;
      await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/dingtalk', { enabled: true, config: { webhook_url: `${orgDing.base}/robot/send?access_token=${DING_TOKEN}`, secret: DING_SECRET } });
      // The engineering department's own DingTalk group; the project's (翠湖) WeCom group.
      const eng = await t.call(admin, 'PUT', `/api/v1/admin/units/${t.dept('engineering')}/robots/dingtalk`, { enabled: true, config: { webhook_url: `${engDing.base}/robot/send?access_token=${ENG_TOKEN}`, secret: DING_SECRET } });
      expect(eng.status, JSON.stringify(eng.body)).toBe(200);
      expect(JSON.stringify(eng.body)).not.toContain(ENG_TOKEN);
      expect(JSON.stringify(eng.body)).not.toContain(DING_SECRET);
      const proj = await t.call(admin, 'PUT', `/api/v1/admin/units/${t.org.units.get('cuihu')}/robots/wecom`, { enabled: true, config: { webhook_url: `${projectWecom.base}/cgi-bin/webhook/send?key=${WECOM_KEY}` } });
      expect(proj.status).toBe(200);
      const listed = await t.call(admin, 'GET', `/api/v1/admin/units/${t.dept('engineering')}/robots`);
      expect(listed.body.items).toEqual([expect.objectContaining({ channel: 'dingtalk', enabled: true, secrets: { secret: expect.objectContaining({ set: true }) } })]);
      // Bad input: an unknown unit is 404, a robot without a URL 400, an unknown robot kind 404; a non-administrator 403.
      expect((await t.call(admin, 'PUT', `/api/v1/admin/units/${crypto.randomUUID()}/robots/wecom`, { enabled: true, config: { webhook_url: 'https://x.example/send' } })).status).toBe(404);
      const noUrl = await t.call(admin, 'PUT', `/api/v1/admin/units/${t.dept('security')}/robots/wecom`, { enabled: true, config: {} });
      expect([noUrl.status, noUrl.body.error.code]).toEqual([400, 'validation_failed']);
      expect((await t.call(admin, 'PUT', `/api/v1/admin/units/${t.dept('security')}/robots/telegram`, { enabled: true, config: {} })).status).toBe(404);
      expect((await t.call(t.tokens.head!, 'PUT', `/api/v1/admin/units/${t.dept('engineering')}/robots/wecom`, { enabled: true, config: { webhook_url: 'https://x.example/send' } })).status).toBe(403);

      // One case in engineering (its own DingTalk group), one in the environment department (none: the organisation's).
      const a = await t.toInProgress('2026-03-10 10:00');
      t.tokens.handler2 = await t.login('handler2');
      let b = await t.register(complaint({ customer: { name: '钱先生', phone: '13900005555', room: '2-1-301' } }));
      b = await t.act('agent', b, 'accept', { category_id: t.cat('elevator'), severity: 'minor', validity: 'valid' });
      b = await t.act('agent', b, 'assign', { department_id: t.dept('environment'), handler_id: t.user('handler2') });
      b = await t.act('handler2', b, 'start');
      const due = Math.max(...(await Promise.all([a, b].map(async (c) => new Date((await t.get(c.id)).sla.clocks.resolve.due_at).getTime()))));
      t.clock.set(new Date(due + 60_000));
      await sweepOnce(pool, t.clock, 1000, { orgId: t.org.orgId });
      await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
      const texts = (srv: { received: Received[] }) => srv.received.map((r) => JSON.parse(r.body).text.content as string);
      const escalated = (srv: { received: Received[] }, n: string) => texts(srv).some((x) => x.includes(n) && x.includes('升级'));
      expect([escalated(engDing, a.number), escalated(orgDing, a.number)]).toEqual([true, false]);
      expect([escalated(engDing, b.number), escalated(orgDing, b.number)]).toEqual([false, true]);
      // WeCom: both departments are under 翠湖, whose group gets both.
      expect([escalated(projectWecom, a.number), escalated(projectWecom, b.number)]).toEqual([true, true]);
      const sent = await pool.query(`select status, count(*)::int as n from outbox where org_id = $1 and recipient = 'group' group by status`, [t.org.orgId]);
      expect(sent.rows).toEqual([{ status: 'sent', n: expect.any(Number) }]);

      // The department's robot removed: its next breach goes up to the organisation's.
      expect((await t.call(admin, 'DELETE', `/api/v1/admin/units/${t.dept('engineering')}/robots/dingtalk`)).status).toBe(204);
      expect((await t.call(admin, 'DELETE', `/api/v1/admin/units/${t.dept('engineering')}/robots/dingtalk`)).status).toBe(404);
      const c = await t.toInProgress('2026-03-20 10:00', complaint({ customer: { name: '孙女士', phone: '13900006666', room: '4-1-401' } }));
      t.clock.set(new Date(new Date((await t.get(c.id)).sla.clocks.resolve.due_at).getTime() + 60_000));
      await sweepOnce(pool, t.clock, 1000, { orgId: t.org.orgId });
      await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
      expect([escalated(engDing, c.number), escalated(orgDing, c.number)]).toEqual([false, true]);
    } finally {
      await orgDing.close();
      await engDing.close();
      await projectWecom.close();
      await t.app.close();
    }
  });
});
