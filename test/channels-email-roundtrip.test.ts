import { ImapFlow } from 'imapflow';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollMailboxes } from '../src/app/channels/email-in.ts';
import { systemClock } from '../src/app/context.ts';
import { dispatchOnce } from '../src/app/notify/outbox.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';
import { smtpSink } from './notify-helpers.ts';

// Issue 11 "Done when": an e-mail reply lands on the right case — end to end: the acknowledgement goes out through a
// real SMTP server, the customer answers it (their mail program sets In-Reply-To to our Message-ID, the subject
// is their own), and the answer arrives in the organisation's mailbox on a real IMAP server (Dovecot).

let dovecot: Dovecot;
let smtp: Awaited<ReturnType<typeof smtpSink>>;
let pool: pg.Pool;
let t: TestApi;
let imap: ImapFlow;

beforeAll(async () => {
  dovecot = await startDovecot();
  smtp = await smtpSink();
  pool = testPool();
  t = await testApi(pool);
  const admin = await t.login('admin');
  imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
  const inbox = await t.call(admin, 'PUT', '/api/v1/admin/channels/email', {
    host: '127.0.0.1', port: dovecot.port, secure: false, username: dovecot.user, password: dovecot.password, unit_id: t.org.units.get('cuihu'),
  });
  expect(inbox.status).toBe(200);
  const out = await t.call(admin, 'PUT', '/api/v1/admin/notify-channels/email', {
    enabled: true,
    config: { host: '127.0.0.1', port: smtp.port, from: 'Cuihu <notice@cuihu.example>', user: 'notice', password: 'smtp-password-42' },
  });
  expect(out.status).toBe(200);
}, 30_000);
afterAll(async () => {
  await imap?.logout();
  await t?.app.close();
  // No later poll (another file's) may reach the stopped server.
  await pool.query('delete from mailboxes where org_id = $1', [t.org.orgId]);
  await pool.end();
  await smtp?.close();
  await dovecot?.stop();
});

describe('an e-mail reply to our acknowledgement', () => {
  it('lands on the case it answers, of two open cases of the same customer', async () => {
    const agent = await t.login('agent');
    const addr = `roundtrip.${t.org.slug}@customer.example`;
    const register = async (subject: string, room: string) => {
      const r = await t.call(agent, 'POST', '/api/v1/cases', complaint({ subject, customer: { name: '钱先生', phone: '13900002020', email: addr, room } }));
      expect(r.status).toBe(201);
      return r.body as { id: string; number: string };
    };
    const a = await register('地下车库漏水', '6-1-601');
    const b = await register('楼道灯不亮', '6-1-601');
    await dispatchOnce(pool, new Date(), { orgId: t.org.orgId });
    const acks = smtp.mails.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((x) => x?.value.some((v) => v.address === addr)));
    expect(acks).toHaveLength(2);
    const ackB = acks.find((m) => m.subject?.includes(b.number))!;
    expect(ackB.messageId).toBeTruthy();

    // The customer answers B's acknowledgement; their subject names no case number.
    const reply = [
      `From: 钱先生 <${addr}>`,
      'To: complaints@property.example',
      `Subject: =?UTF-8?B?${Buffer.from('回复：谢谢，灯还是不亮').toString('base64')}?=`,
      `Message-ID: <reply.${Date.now()}@customer.example>`,
      `In-Reply-To: ${ackB.messageId}`,
      `References: ${ackB.messageId}`,
      `Date: ${new Date().toUTCString()}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('三楼到五楼的灯都不亮，晚上很危险。').toString('base64'),
      '',
    ].join('\r\n');
    await imap.append('INBOX', reply);
    expect(await pollMailboxes(pool, systemClock, t.dataDir, undefined, t.org.orgId)).toEqual([{ outcome: 'noted', number: b.number }]);
    const notes = async (id: string) =>
      (await pool.query(`select note from case_events where org_id = $1 and case_id = $2 and action = 'comment'`, [t.org.orgId, id])).rows.map((r) => r.note as string);
    expect(await notes(b.id)).toEqual(['三楼到五楼的灯都不亮，晚上很危险。']);
    expect(await notes(a.id)).toEqual([]);
  });
});
