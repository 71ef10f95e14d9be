import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportTransferResults } from '../src/app/channels/transfers.ts';
import { systemClock } from '../src/app/context.ts';
import { caseSteps, testApi, testPool, type TestApi } from './helpers.ts';

// The sending hotline system, as a local HTTP server: records what our result reports carry; answers with `status`.
const received: { body: Record<string, unknown>; contentType: string | undefined }[] = [];
let status = 200;
const hotline = http.createServer((req, res) => {
  let data = '';
  req.on('data', (c: Buffer) => (data += c.toString()));
  req.on('end', () => {
    received.push({ body: JSON.parse(data), contentType: req.headers['content-type'] });
    res.writeHead(status).end();
  });
});

let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};
let apiToken: string;
let tokenId: string;
const { act } = caseSteps(() => t, tok);

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const order = (n: string, extra: Record<string, unknown> = {}) => ({
  external_number: n,
  subject: '小区门口垃圾堆放',
  content: '12345转办：市民反映小区东门垃圾连续三天未清运。',
  received_at: hoursFromNow(-1),
  due_at: hoursFromNow(3),
  customer: { name: '李女士', phone: '13912345678', room: '5-1-302' },
  ...extra,
});
const send = (token: string | undefined, body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/channels/transfers', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: body as object });

beforeAll(async () => {
  await new Promise<void>((r) => hotline.listen(0, '127.0.0.1', r));
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['admin', 'agent', 'handler', 'auditor']) tok[u] = await t.login(u);
  const port = (hotline.address() as AddressInfo).port;
  const created = await t.call(tok.admin!, 'POST', '/api/v1/admin/api-tokens', { name: '市12345平台', report_url: `http://127.0.0.1:${port}/result`, unit_id: t.org.units.get('cuihu') });
  expect(created.status).toBe(201);
  apiToken = created.body.token;
  tokenId = created.body.id;
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
  await new Promise((r) => hotline.close(r));
});

describe('API tokens', () => {
  it('are created and revoked by administrators only, and the token is never shown again nor stored in clear', async () => {
    expect(apiToken).toMatch(/^qtk_[\w-]{40,}$/);
    expect((await t.call(tok.agent!, 'POST', '/api/v1/admin/api-tokens', { name: 'x' })).status).toBe(403);
    const list = await t.call(tok.admin!, 'GET', '/api/v1/admin/api-tokens');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(tokenId);
    expect(JSON.stringify(list.body)).not.toContain(apiToken);
    const stored = await pool.query('select token_hash from api_tokens where org_id = $1', [t.org.orgId]);
    expect(stored.rows.map((r) => r.token_hash).join()).not.toContain(apiToken.slice(4));
    expect((await t.call(tok.admin!, 'POST', '/api/v1/admin/api-tokens', { name: 'x', report_url: 'ftp://x' })).status).toBe(400);
  });

  it('a revoked token, a session token or none at all is refused', async () => {
    const other = await t.call(tok.admin!, 'POST', '/api/v1/admin/api-tokens', { name: '临时' });
    expect((await send(other.body.token, order('R-1'))).statusCode).toBe(201);
    expect((await t.call(tok.admin!, 'DELETE', `/api/v1/admin/api-tokens/${other.body.id}`)).status).toBe(200);
    const refused = await send(other.body.token, order('R-2'));
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('unauthenticated');
    expect((await send(undefined, order('R-3'))).statusCode).toBe(401);
    expect((await send(tok.admin, order('R-4'))).statusCode).toBe(401);
    expect((await send('qtk_forged', order('R-5'))).statusCode).toBe(401);
  });
});

describe('12345 transfers in', () => {
  it('opens a case on the hotline channel keeping both numbers, the received time and the stricter deadline', async () => {
    const o = order('SX20261125-0001');
    const res = await send(apiToken, o);
    expect(res.statusCode).toBe(201);
    const out = res.json();
    expect(out).toMatchObject({ external_number: 'SX20261125-0001', replayed: false });
    const c = (await t.call(tok.admin!, 'GET', `/api/v1/cases/${out.case_id}`)).body;
    expect(c).toMatchObject({ number: out.number, channel: 'hotline_transfer', external_ref: 'SX20261125-0001' });
    expect(new Date(c.received_at).toISOString()).toBe(o.received_at);
    // Three hours is sooner than any policy's resolve limit: the hotline's deadline counts.
    expect(c.sla.clocks.resolve).toMatchObject({ due_at: o.due_at, deadline_source: 'customer_request' });

    // A lax hotline deadline: the organisation's own (stricter) time limit counts.
    const lax = (await send(apiToken, order('SX20261125-0002', { due_at: hoursFromNow(24 * 90) }))).json();
    const c2 = (await t.call(tok.admin!, 'GET', `/api/v1/cases/${lax.case_id}`)).body;
    expect(c2.sla.clocks.resolve.deadline_source).toBe('policy');
    expect(new Date(c2.sla.clocks.resolve.due_at).getTime()).toBeLessThan(Date.now() + 24 * 90 * 3_600_000 - 3_600_000);
  });

  it('is idempotent on the external number: a resent or concurrent order answers 200 with the same case', async () => {
    const first = await send(apiToken, order('SX-IDEM-1'));
    expect(first.statusCode).toBe(201);
    const again = await send(apiToken, order('SX-IDEM-1', { subject: '重复推送' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ case_id: first.json().case_id, number: first.json().number, replayed: true });

    const burst = await Promise.all([1, 2, 3, 4].map(() => send(apiToken, order('SX-IDEM-2'))));
    expect(burst.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(burst.map((r) => r.json().case_id)).size).toBe(1);
    const n = await pool.query(`select count(*)::int as n from cases where org_id = $1 and external_ref = 'SX-IDEM-2'`, [t.org.orgId]);
    expect(n.rows[0].n).toBe(1);
  });

  it('refuses bad orders with 400 and a machine code', async () => {
    const bad = await send(apiToken, order('SX-BAD', { received_at: 'yesterday' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    const early = await send(apiToken, order('SX-BAD', { due_at: hoursFromNow(-5) }));
    expect(early.statusCode).toBe(400);
    expect((await pool.query(`select 1 from external_transfers where org_id = $1 and external_number = 'SX-BAD'`, [t.org.orgId])).rowCount).toBe(0);
  });

  it('reports the result back to the configured URL once the case is resolved, retrying after a failure', async () => {
    const out = (await send(apiToken, order('SX-REPORT-1'))).json();
    received.length = 0;
    // Not resolved yet: nothing is reported.
    await reportTransferResults(pool, systemClock);
    expect(received.filter((r) => r.body.external_number === 'SX-REPORT-1')).toEqual([]);

    let c = (await t.call(tok.admin!, 'GET', `/api/v1/cases/${out.case_id}`)).body;
    c = await act('agent', c, 'accept', { category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' });
    c = await act('agent', c, 'assign', { department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler') });
    c = await act('handler', c, 'start');
    await act('handler', c, 'resolve', { resolution: '已安排清运并加密清运频次', remedy: { types: ['apology'] } });

    // The hotline's server is down: the attempt is logged and retried later, not lost.
    status = 503;
    await reportTransferResults(pool, systemClock);
    const failed = (await pool.query(`select report_state, report_attempts, report_next_at, report_last_error from external_transfers where org_id = $1 and external_number = 'SX-REPORT-1'`, [t.org.orgId])).rows[0];
    expect(failed).toMatchObject({ report_state: 'pending', report_attempts: 1, report_last_error: 'HTTP 503' });
    expect(failed.report_next_at.getTime()).toBeGreaterThan(Date.now() + 20_000);
    // Before the backoff has passed nothing is resent.
    const tries = received.length;
    await reportTransferResults(pool, systemClock);
    expect(received.length).toBe(tries);

    status = 200;
    const later = { now: () => new Date(Date.now() + 5 * 60_000) };
    expect(await reportTransferResults(pool, later)).toBeGreaterThanOrEqual(1);
    const mine = received.filter((r) => r.body.external_number === 'SX-REPORT-1');
    expect(mine).toHaveLength(2);
    expect(mine[1]!.contentType).toBe('application/json');
    expect(mine[1]!.body).toMatchObject({ case_number: out.number, status: 'resolved', result: '已安排清运并加密清运频次' });
    const sent = (await pool.query(`select report_state, report_attempts from external_transfers where org_id = $1 and external_number = 'SX-REPORT-1'`, [t.org.orgId])).rows[0];
    expect(sent).toEqual({ report_state: 'sent', report_attempts: 2 });
    // Sent once: a later run sends nothing more.
    await reportTransferResults(pool, later);
    expect(received.filter((r) => r.body.external_number === 'SX-REPORT-1')).toHaveLength(2);
  });
});
