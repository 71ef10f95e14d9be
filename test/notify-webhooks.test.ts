/* eslint-disable @typescript-eslint/no-explicit-any -- API responses and the docs' snippet are untyped here */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { dispatchOnce } from '../src/app/notify/outbox.ts';
import { complaint, testPool } from './helpers.ts';
import { clockedApi } from './sla-helpers.ts';
import { providerServer } from './notify-helpers.ts';

let pool: pg.Pool;
let verify: (secret: string, headers: Record<string, unknown>, raw: string, nowMs?: number) => boolean;

beforeAll(async () => {
  pool = testPool();
  // The integrator's snippet, exactly as docs/webhooks.md shows it.
  const md = await readFile(path.resolve(import.meta.dirname, '../docs/webhooks.md'), 'utf8');
  const code = /<!-- verify-snippet:start -->\s*```js\n([\s\S]*?)```/.exec(md)?.[1];
  expect(code).toBeTruthy();
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'qt-webhook-')), 'verify.mjs');
  await writeFile(file, code!);
  verify = (await import(pathToFileURL(file).href)).verifyQingting;
});
afterAll(async () => {
  await pool.end();
});

describe('webhooks', () => {
  it('posts signed events the documented snippet verifies, retries a failing consumer and logs each attempt', async () => {
    const t = await clockedApi(pool);
    let secret = '';
    let failFirst = true;
    const consumer = await providerServer((r) => {
      if (!verify(secret, r.headers, r.body, t.clock.now().getTime())) return { status: 401, body: { error: 'bad signature' } };
      if (failFirst) {
        failFirst = false;
        return { status: 503, body: {} };
      }
      return { status: 204, body: {} };
    });
    try {
      const admin = t.tokens.admin!;
      expect((await t.call(admin, 'POST', '/api/v1/admin/webhooks', { url: 'ftp://x.example/', events: ['case.registered'] })).status).toBe(400);
      expect((await t.call(admin, 'POST', '/api/v1/admin/webhooks', { url: `${consumer.base}/hook`, events: ['case.nonsense'] })).status).toBe(400);
      const sub = await t.call(admin, 'POST', '/api/v1/admin/webhooks', { url: `${consumer.base}/hook`, events: ['case.registered', 'case.progress'] });
      expect(sub.status, JSON.stringify(sub.body)).toBe(201);
      secret = sub.body.secret;
      const listed = await t.call(admin, 'GET', '/api/v1/admin/webhooks');
      expect(JSON.stringify(listed.body)).not.toContain(secret);

      const c = await t.register(complaint());
      let r = await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
      expect(r).toMatchObject({ failed: 1 });
      t.clock.advance(30_000);
      r = await dispatchOnce(pool, t.clock.now(), { orgId: t.org.orgId });
      expect(r).toMatchObject({ sent: 1 });
      expect(consumer.received).toHaveLength(2);
      const [first, second] = consumer.received;
      // Same delivery id on the retry; a fresh timestamp and signature.
      expect(second!.headers['x-qingting-id']).toBe(first!.headers['x-qingting-id']);
      expect(second!.headers['x-qingting-timestamp']).not.toBe(first!.headers['x-qingting-timestamp']);
      const body = JSON.parse(second!.body);
      expect(body).toMatchObject({ event: 'case.registered', case_id: c.id, data: { case_number: c.number } });
      expect(second!.body).not.toContain('13812341234'); // no personal data

      // What the snippet refuses: a tampered body, a wrong secret, a replay outside the window.
      const h = second!.headers;
      expect(verify(secret, h, second!.body, t.clock.now().getTime())).toBe(true);
      expect(verify(secret, h, second!.body.replace(c.number, 'QT-X'), t.clock.now().getTime())).toBe(false);
      expect(verify('whsec_wrong', h, second!.body, t.clock.now().getTime())).toBe(false);
      expect(verify(secret, h, second!.body, t.clock.now().getTime() + 6 * 60_000)).toBe(false);

      const id = (await pool.query(`select id from outbox where org_id = $1 and channel = 'webhook'`, [t.org.orgId])).rows[0].id;
      const log = await t.call(admin, 'GET', `/api/v1/admin/outbox/${id}/attempts`);
      expect(log.body.items.map((a: any) => [a.attempt, a.ok, a.error])).toEqual([[1, false, 'HTTP 503'], [2, true, null]]);

      // Unsubscribed: nothing more is queued.
      expect((await t.call(admin, 'DELETE', `/api/v1/admin/webhooks/${sub.body.id}`)).status).toBe(200);
      await t.register(complaint());
      expect((await pool.query(`select count(*)::int as n from outbox where org_id = $1 and channel = 'webhook'`, [t.org.orgId])).rows[0].n).toBe(1);
    } finally {
      await consumer.close();
      await t.app.close();
    }
  });
});
