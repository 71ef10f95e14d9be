import { ImapFlow } from 'imapflow';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollMailboxes } from '../src/app/channels/email-in.ts';
import { systemClock } from '../src/app/context.ts';
import { startDovecot, type Dovecot } from './dovecot.ts';
import { testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let dovecot: Dovecot;
let admin: string;
let imap: ImapFlow;
let seq = 0;

// A 1×1 PNG, as a customer's photo.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function mail(o: { subject: string; body: string; headers?: string[]; from?: string; messageId?: string; png?: boolean }): { raw: string; messageId: string } {
  const messageId = o.messageId ?? `<m${++seq}.${Date.now()}@customer.example>`;
  const head = [
    `From: ${o.from ?? '张先生 <zhang@customer.example>'}`,
    'To: complaints@property.example',
    `Subject: =?UTF-8?B?${Buffer.from(o.subject).toString('base64')}?=`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    ...(o.headers ?? []),
  ];
  const text = Buffer.from(o.body).toString('base64');
  if (!o.png) return { raw: [...head, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', text, ''].join('\r\n'), messageId };
  const b = 'BOUNDARY42';
  return {
    raw: [
      ...head, `Content-Type: multipart/mixed; boundary="${b}"`, '',
      `--${b}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64', '', text,
      `--${b}`, 'Content-Type: image/png; name="leak.png"', 'Content-Disposition: attachment; filename="leak.png"', 'Content-Transfer-Encoding: base64', '', PNG.toString('base64'),
      `--${b}--`, '',
    ].join('\r\n'),
    messageId,
  };
}
const deliver = (raw: string) => imap.append('INBOX', raw);
// Only this file's organisation: another file's poll running at the same time must not take this mailbox's mail.
const poll = () => pollMailboxes(pool, systemClock, t.dataDir, undefined, t.org.orgId);

beforeAll(async () => {
  dovecot = await startDovecot();
  pool = testPool();
  t = await testApi(pool);
  admin = await t.login('admin');
  imap = new ImapFlow({ host: '127.0.0.1', port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password }, logger: false });
  await imap.connect();
  const set = await t.call(admin, 'PUT', '/api/v1/admin/channels/email', {
    host: '127.0.0.1', port: dovecot.port, secure: false, username: dovecot.user, password: dovecot.password, unit_id: t.org.units.get('cuihu'),
  });
  expect(set.status).toBe(200);
}, 30_000);
afterAll(async () => {
  await imap?.logout();
  await t?.app.close();
  // Other test files' organisations have no mailbox; this one's is removed so no later poll reaches a stopped server.
  await pool.query('delete from mailboxes where org_id = $1', [t.org.orgId]);
  await pool.end();
  await dovecot?.stop();
});

describe('e-mail in over IMAP (a real Dovecot)', () => {
  it('keeps the mailbox settings for administrators, never returning the password', async () => {
    const got = await t.call(admin, 'GET', '/api/v1/admin/channels/email');
    expect(got.body).toMatchObject({ configured: true, host: '127.0.0.1', username: dovecot.user });
    expect(JSON.stringify(got.body)).not.toContain(dovecot.password);
    expect((await t.call(await t.login('agent'), 'GET', '/api/v1/admin/channels/email')).status).toBe(403);
  });

  it('opens a case from a new mail with its attachment, once, and marks the mail seen', async () => {
    const m = mail({ subject: '楼顶漏水', body: '5号楼顶层卫生间漏水一周了，请派人来看。', png: true });
    await deliver(m.raw);
    const out = await poll();
    const opened = out.filter((o) => o.outcome === 'opened');
    expect(opened).toHaveLength(1);
    const number = (opened[0] as { number: string }).number;
    const c = (await pool.query('select id, channel, subject, content, customer_email, unit_id from cases where org_id = $1 and number = $2', [t.org.orgId, number])).rows[0];
    expect(c).toMatchObject({ channel: 'email', subject: '楼顶漏水', content: '5号楼顶层卫生间漏水一周了，请派人来看。', customer_email: 'zhang@customer.example', unit_id: t.org.units.get('cuihu') });
    const atts = (await pool.query('select filename, mime, size from attachments where org_id = $1 and case_id = $2', [t.org.orgId, c.id])).rows;
    expect(atts).toEqual([{ filename: 'leak.png', mime: 'image/png', size: PNG.length }]);

    // Polled again: nothing new. The same mail delivered again (a second copy, new UID): still one case.
    expect(await poll()).toEqual([]);
    await deliver(m.raw);
    expect(await poll()).toEqual([{ outcome: 'duplicate' }]);
    expect((await pool.query(`select count(*)::int as n from cases where org_id = $1 and channel = 'email'`, [t.org.orgId])).rows[0].n).toBe(1);

    const lock = await imap.getMailboxLock('INBOX');
    try {
      const flags = [];
      for await (const f of imap.fetch('1:*', { uid: true, flags: true })) flags.push(f.flags?.has('\\Seen'));
      expect(flags.every(Boolean)).toBe(true);
    } finally {
      lock.release();
    }
  });

  it('adds a reply to its case: by the case number in the subject, or by In-Reply-To a mail it came from', async () => {
    const first = mail({ subject: '停车位被占', body: '我的车位天天被人占。' });
    await deliver(first.raw);
    const [opened] = (await poll()) as { outcome: string; number: string }[];
    expect(opened!.outcome).toBe('opened');

    await deliver(mail({ subject: `回复：您的投诉 ${opened!.number} 已受理`, body: '今天又被占了，车牌沪A12345。' }).raw);
    await deliver(mail({ subject: 'Re: 停车位被占', body: '物业还没有回复我。', headers: [`In-Reply-To: ${first.messageId}`, `References: ${first.messageId}`] }).raw);
    await deliver(mail({ subject: 'Re: notice', body: '按我们发出的邮件回复', headers: [`In-Reply-To: <${opened!.number}.abc123@qingting.mail>`] }).raw);
    expect(await poll()).toEqual([
      { outcome: 'noted', number: opened!.number },
      { outcome: 'noted', number: opened!.number },
      { outcome: 'noted', number: opened!.number },
    ]);
    const c = (await pool.query('select id from cases where org_id = $1 and number = $2', [t.org.orgId, opened!.number])).rows[0];
    const notes = (await pool.query(`select note from case_events where org_id = $1 and case_id = $2 and action = 'comment' order by at, note`, [t.org.orgId, c.id])).rows.map((r) => r.note);
    expect(notes.sort()).toEqual(['今天又被占了，车牌沪A12345。', '按我们发出的邮件回复', '物业还没有回复我。'].sort());
  });

  it('never opens a case for auto-replies, bulk mail or our own mails coming back', async () => {
    const before = (await pool.query(`select count(*)::int as n from cases where org_id = $1`, [t.org.orgId])).rows[0].n;
    await deliver(mail({ subject: '自动回复：我正在休假', body: '我将于下周回来。', headers: ['Auto-Submitted: auto-replied'] }).raw);
    await deliver(mail({ subject: 'Out of office', body: 'away', headers: ['Precedence: auto_reply'] }).raw);
    await deliver(mail({ subject: '促销', body: '大促', headers: ['Precedence: bulk'] }).raw);
    await deliver(mail({ subject: 'auto', body: 'auto', headers: ['X-Autoreply: yes'] }).raw);
    await deliver(mail({ subject: '您的投诉已受理', body: '回环', from: 'noreply@qingting.mail', messageId: `<loop${Date.now()}@qingting.mail>` }).raw);
    expect(await poll()).toEqual(Array(5).fill({ outcome: 'ignored' }));
    // Auto-Submitted: no is a person writing.
    await deliver(mail({ subject: '人工来信', body: '人工写的', headers: ['Auto-Submitted: no'] }).raw);
    expect((await poll()).map((o) => o.outcome)).toEqual(['opened']);
    expect((await pool.query(`select count(*)::int as n from cases where org_id = $1`, [t.org.orgId])).rows[0].n).toBe(before + 1);
  });

  it('records a login failure on the mailbox and goes on', async () => {
    await pool.query('update mailboxes set password = $2 where org_id = $1', [t.org.orgId, 'wrong']);
    expect(await poll()).toEqual([]);
    const row = (await pool.query('select last_error from mailboxes where org_id = $1', [t.org.orgId])).rows[0];
    expect(row.last_error).toBeTruthy();
    await pool.query('update mailboxes set password = $2 where org_id = $1', [t.org.orgId, dovecot.password]);
  });
});
