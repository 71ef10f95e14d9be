import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

/** The staff workbench's server side (issue 9): room search, the 督办 queue, the bell's live count. */
let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};

beforeAll(async () => {
  process.env.QINGTING_SSE_POLL_MS = '100';
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['center', 'handler', 'manager', 'agent']) tok[u] = await t.login(u);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('case list filters for the queues', () => {
  it('finds cases by a room written with dashes, for roles that see numbers masked too', async () => {
    const a = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ customer: { name: '李女士', phone: '13900002222', room: '16-1-2303' } }))).body;
    expect(a.customer_room, JSON.stringify(a)).toBe('16-1-2303');
    await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ customer: { name: '赵先生', phone: '13900003333', room: '16-1-2304' } }));
    for (const who of ['center', 'agent']) {
      const r = await t.call(tok[who]!, 'GET', '/api/v1/cases?q=16-1-2303');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.items.map((c: { id: string }) => c.id), JSON.stringify(r.body).slice(0, 300)).toEqual([a.id]);
    }
  });

  it('finds the caller by room in the customer lookup', async () => {
    for (const who of ['center', 'agent']) {
      const r = await t.call(tok[who]!, 'GET', '/api/v1/customers?q=16-1-2303');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.items.map((c: { name: string }) => c.name)).toEqual(['李女士']);
    }
    // A handler of another department sees no case of that caller, so the room confirms nothing.
    const h = await t.call(tok.handler!, 'GET', '/api/v1/customers?q=16-1-2303');
    expect(h.status).toBe(200);
    expect(h.body.items).toEqual([]);
  });

  it('lists only supervised cases in the 督办 queue', async () => {
    const plain = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body;
    const watched = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ subject: '督办测试' }))).body;
    const s = await t.call(tok.manager!, 'POST', `/api/v1/cases/${watched.id}/actions/supervise`, { note: '请尽快答复业主' });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    const r = await t.call(tok.center!, 'GET', '/api/v1/cases?supervised=1&page_size=200');
    const ids = r.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(watched.id);
    expect(ids).not.toContain(plain.id);
    expect((await t.call(tok.center!, 'GET', '/api/v1/cases?supervised=yes')).status).toBe(400);
  });
});

describe('bulk assign and transfer', () => {
  it('assigns each case as its own action and reports per-case results', async () => {
    const make = async (accept: boolean) => {
      const c = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ subject: '批量派单' }))).body;
      if (!accept) return c;
      const r = await t.call(tok.agent!, 'POST', `/api/v1/cases/${c.id}/actions/accept`, { version: c.version, category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const [a, b, registered] = [await make(true), await make(true), await make(false)];
    const missing = '00000000-0000-4000-8000-000000000000';
    const r = await t.call(tok.agent!, 'POST', '/api/v1/cases/bulk-actions', {
      action: 'assign', case_ids: [a.id, b.id, registered.id, missing], department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler'),
    }, { 'accept-language': 'en-US' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ succeeded: 2, failed: 2 });
    const by = new Map(r.body.results.map((x: { case_id: string }) => [x.case_id, x]));
    expect(by.get(a.id)).toMatchObject({ ok: true, number: a.number });
    expect(by.get(registered.id)).toMatchObject({ ok: false, code: 'transition_not_allowed' });
    expect((by.get(registered.id) as { message: string }).message).toMatch(/[a-z]/i);
    expect(by.get(missing)).toMatchObject({ ok: false, code: 'not_found' });
    for (const c of [a, b]) expect((await t.call(tok.agent!, 'GET', `/api/v1/cases/${c.id}`)).body).toMatchObject({ status: 'assigned', handler_id: t.org.users.get('handler') });
    expect((await t.call(tok.agent!, 'GET', `/api/v1/cases/${registered.id}`)).body.status).toBe('registered');
    // A transfer needs its reason; a handler may not bulk-assign at all (the roles table).
    expect((await t.call(tok.agent!, 'POST', '/api/v1/cases/bulk-actions', { action: 'transfer', case_ids: [a.id], department_id: t.org.units.get('cuihu.environment') })).status).toBe(400);
    const byHandler = await t.call(tok.handler!, 'POST', '/api/v1/cases/bulk-actions', { action: 'assign', case_ids: [b.id], department_id: t.org.units.get('cuihu.environment') });
    expect(byHandler.body.results[0]).toMatchObject({ ok: false });
  });
});

describe('the bell’s live count', () => {
  it('answers a JSON snapshot without an event-stream Accept header', async () => {
    const r = await t.call(tok.handler!, 'GET', '/api/v1/notifications/stream');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ unacknowledged: expect.any(Number) });
    expect(Object.keys(r.body).sort()).toEqual(['latest_id', 'unacknowledged']);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications/stream' })).statusCode).toBe(401);
  });

  it('streams the count as server-sent events and sends a new count when a notification arrives', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const events: { unacknowledged: number }[] = [];
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/notifications/stream', headers: { accept: 'text/event-stream', authorization: `Bearer ${tok.handler}` } });
    const res = await new Promise<http.IncomingMessage>((ok) => req.on('response', ok));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (block.includes('event: count') && data) events.push(JSON.parse(data.slice(6)));
      }
    });
    const until = async (n: number) => {
      for (let i = 0; i < 100 && events.length < n; i++) await new Promise((r) => setTimeout(r, 50));
      expect(events.length).toBeGreaterThanOrEqual(n);
    };
    await until(1);
    const before = events[0]!.unacknowledged;
    // A supervision notice on a case the handler works reaches them.
    const c = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint({ subject: '铃声测试' }))).body;
    const accepted = await t.call(tok.agent!, 'POST', `/api/v1/cases/${c.id}/actions/accept`, { version: c.version, category_id: t.org.categories.get('elevator'), severity: 'minor', validity: 'valid' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const assigned = await t.call(tok.agent!, 'POST', `/api/v1/cases/${c.id}/actions/assign`, {
      version: accepted.body.version, department_id: t.org.units.get('cuihu.engineering'), handler_id: t.org.users.get('handler'),
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const sup = await t.call(tok.manager!, 'POST', `/api/v1/cases/${c.id}/actions/supervise`, { note: '今天答复' });
    expect(sup.status, JSON.stringify(sup.body)).toBe(200);
    await until(2);
    expect(events.at(-1)!.unacknowledged).toBeGreaterThan(before);
    req.destroy();
  });
});
