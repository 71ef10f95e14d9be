/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { dispatchOnce, MAX_ATTEMPTS } from '../src/app/notify/outbox.ts';
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

describe('the outbox dispatcher', () => {
  it('e-mails each new case’s customer once, with number and expected time, though two dispatchers race', async () => {
    const t = await clockedApi(pool);
    const saved = await withEmail(t);
    // The password is kept, never shown.
    expect(JSON.stringify(saved.body)).not.toContain('smtp-password-42');
    expect(saved.body.secrets.password.set).toBe(true);
    const listed = await t.call(t.tokens.admin!, 'GET', '/api/v1/admin/notify-channels');
    expect(JSON.stringify(listed.body)).not.toContain('smtp-password-42');

    const tag = t.org.slug;
    const cases = [];
    for (let i = 0; i < 12; i++) cases.push(await t.register(complaint({ customer: { room: '3-2-1201', name: `客户${i}`, phone: `1390000${String(1000 + i)}`, email: `c${i}.${tag}@example.org` } })));
    // One outbox row per case, written with the case.
    const queued = await pool.query(`select case_id, channel, status from outbox where org_id = $1 and event = 'acknowledged'`, [t.org.orgId]);
    expect(queued.rows).toHaveLength(12);
    expect(queued.rows.every((r) => r.channel === 'email' && r.status === 'pending')).toBe(true);

    const other = testPool();
    try {
      const worker = async (p: pg.Pool) => {
        let sent = 0;
        for (;;) {
          const c = await dispatchOnce(p, t.clock.now(), { orgId: t.org.orgId, limit: 2 });
          sent += c.sent;
          if (c.claimed === 0) return sent;
        }
      };
      const [a, b] = await Promise.all([worker(pool), worker(other)]);
      expect(a + b).toBe(12);
    } finally {
      await other.end();
    }
    for (let i = 0; i < 12; i++) {
      const got = mailsTo(`c${i}.${tag}@example.org`);
      expect(got).toHaveLength(1);
      const c = cases[i];
      expect(got[0]!.subject).toContain(c.number);
      expect(got[0]!.text).toContain(c.number);
      // The expected time: the resolve deadline in the organisation's time zone.
      const due = await pool.query(`select to_char(due_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as d from case_clocks where org_id = $1 and case_id = $2 and kind = 'resolve'`, [t.org.orgId, c.id]);
      expect(got[0]!.text).toContain(due.rows[0].d);
      expect(got[0]!.text).toContain(`/portal/${t.org.slug}?case=${c.number}`);
      const row = await pool.query(`select id, status, attempts from outbox where org_id = $1 and case_id = $2`, [t.org.orgId, c.id]);
      expect(row.rows[0]).toMatchObject({ status: 'sent', attempts: 1 });
      // Our Message-ID carries the case number in the domain e-mail in knows, so a reply lands on this case.
      expect(got[0]!.messageId).toBe(`<${c.number}.qt-${row.rows[0].id}@qingting.mail>`);
    }
    const log = await pool.query(`select count(*)::int as n, bool_and(ok) as ok from outbox_attempts where org_id = $1`, [t.org.orgId]);
    expect(log.rows[0]).toEqual({ n: 12, ok: true });
    await t.app.close();
  });

  it('retries with exponential backoff, then keeps a dead letter the administrator sees and sends again', async () => {
    const t = await clockedApi(pool);
    await withEmail(t);
    const tag = t.org.slug;
    const c = await t.register(complaint({ customer: { room: '3-2-1201', name: '李女士', phone: '13900002222', email: `dead.${tag}@example.org` } }));
    smtp.reject = { code: 451 };
    try {
      const gaps: number[] = [];
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        const before = t.clock.now().getTime();
        const r = await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
        expect(r.claimed).toBe(1);
        // Not due again before its backoff.
        expect((await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId })).claimed).toBe(0);
        const row = (await pool.query(`select status, attempts, next_attempt_at from outbox where org_id = $1 and case_id = $2`, [t.org.orgId, c.id])).rows[0];
        expect(row.attempts).toBe(i);
        if (i < MAX_ATTEMPTS) {
          expect(row.status).toBe('pending');
          gaps.push(row.next_attempt_at.getTime() - before);
          t.clock.set(row.next_attempt_at);
        } else expect(row.status).toBe('dead');
      }
      expect(gaps).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    } finally {
      smtp.reject = null;
    }
    const dead = await t.call(t.tokens.admin!, 'GET', '/api/v1/admin/outbox?status=dead');
    expect(dead.status).toBe(200);
    expect(dead.body.items).toHaveLength(1);
    expect(dead.body.items[0].address).not.toContain(`dead.${tag}`); // masked
    const id = dead.body.items[0].id;
    const log = await t.call(t.tokens.admin!, 'GET', `/api/v1/admin/outbox/${id}/attempts`);
    expect(log.body.items.map((a: any) => a.ok)).toEqual(Array(MAX_ATTEMPTS).fill(false));
    expect(log.body.items[0].error).toContain('mailbox busy');
    // Only an administrator.
    expect((await t.call(t.tokens.agent!, 'GET', '/api/v1/admin/outbox?status=dead')).status).toBe(403);
    expect((await t.call(t.tokens.admin!, 'POST', `/api/v1/admin/outbox/${id}/retry`)).status).toBe(200);
    expect((await t.call(t.tokens.admin!, 'POST', `/api/v1/admin/outbox/${id}/retry`)).status).toBe(404); // no longer dead
    const r = await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
    expect(r.sent).toBe(1);
    expect(mailsTo(`dead.${tag}@example.org`)).toHaveLength(1);
    const after = await t.call(t.tokens.admin!, 'GET', `/api/v1/admin/outbox/${id}/attempts`);
    expect(after.body.items).toHaveLength(MAX_ATTEMPTS + 1);
    expect(after.body.items.at(-1).ok).toBe(true);
    await t.app.close();
  });

  it('uses the organisation’s edited template, previewable first, in the customer’s channel', async () => {
    const t = await clockedApi(pool);
    await withEmail(t);
    const admin = t.tokens.admin!;
    const list = await t.call(admin, 'GET', '/api/v1/admin/message-templates');
    expect(list.body.items.length).toBeGreaterThanOrEqual(22);
    const events = new Set(list.body.items.map((i: any) => i.event));
    for (const e of ['acknowledged', 'progress', 'result', 'visit_invitation', 'escalation', 'warning', 'supervision', 'surge_alert', 'fine_due', 'fine_overdue', 'corrective_overdue']) expect(events.has(e)).toBe(true);
    // The editor lists the variables an event's wording may use.
    const ack = list.body.items.find((i: any) => i.event === 'acknowledged' && i.locale === 'zh-CN');
    expect(ack.variables).toEqual(expect.arrayContaining(['org_name', 'case_number', 'customer_name', 'expected_at', 'portal_link']));
    expect(list.body.items.find((i: any) => i.event === 'surge_alert').variables).not.toContain('customer_name');
    const wording = { subject: '受理回执 {{case_number}}', body: '您好{{customer_name}}，编号{{case_number}}，预计{{expected_at}}。' };
    const preview = await t.call(admin, 'POST', '/api/v1/admin/message-templates/acknowledged/zh-CN/preview', { ...wording, variables: { customer_name: '赵先生' } });
    expect(preview.body.subject).toBe('受理回执 QT-20261125-00042');
    expect(preview.body.body).toContain('您好赵先生');
    expect((await t.call(admin, 'PUT', '/api/v1/admin/message-templates/acknowledged/zh-CN', wording)).status).toBe(200);
    expect((await t.call(admin, 'PUT', '/api/v1/admin/message-templates/nonsense/zh-CN', wording)).status).toBe(404);
    expect((await t.call(t.tokens.agent!, 'GET', '/api/v1/admin/message-templates')).status).toBe(403);
    const c = await t.register(complaint({ customer: { room: '3-2-1201', name: '赵先生', phone: '13900003333', email: `tpl.${t.org.slug}@example.org` } }));
    await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
    const got = mailsTo(`tpl.${t.org.slug}@example.org`);
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe(`受理回执 ${c.number}`);
    expect(got[0]!.text).toContain('您好赵先生');
    await t.app.close();
  });

  it('tells the customer of progress and the result, with the portal link, on those lifecycle steps', async () => {
    const t = await clockedApi(pool);
    await withEmail(t);
    const to = `life.${t.org.slug}@example.org`;
    const c = await t.toInProgress('2026-03-10 10:00', complaint({ customer: { room: '3-2-1201', name: '周女士', phone: '13900004444', email: to } }));
    await t.act('handler', c, 'resolve', { resolution: '已更换电梯控制板', remedy: { types: ['repair'] } });
    await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
    const got = mailsTo(to);
    expect(got).toHaveLength(3);
    const bySubject = (w: string) => got.filter((m) => m.subject?.includes(w));
    expect(bySubject('已受理')).toHaveLength(1);
    expect(bySubject('处理进展')).toHaveLength(1);
    const [result] = bySubject('已处理');
    expect(result!.text).toContain('已更换电梯控制板');
    expect(result!.text).toContain(`/portal/${t.org.slug}?case=${c.number}`);
    const events = await pool.query(`select event from outbox where org_id = $1 and case_id = $2 order by created_at, event`, [t.org.orgId, c.id]);
    expect(events.rows.map((r) => r.event).sort()).toEqual(['acknowledged', 'progress', 'result']);
    await t.app.close();
  });
});
