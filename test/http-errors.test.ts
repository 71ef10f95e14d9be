import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let agent = '';

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  agent = await t.login('agent');
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const raw = (payload: string | Buffer, headers: Record<string, string>, url = '/api/v1/cases') =>
  t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${agent}`, ...headers }, payload });

describe('the error shape for bad requests', () => {
  it('answers an oversized body with 413 payload_too_large', async () => {
    const r = await raw(JSON.stringify({ ...complaint(), content: 'x'.repeat(1_100_000) }), { 'content-type': 'application/json' });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('payload_too_large');
  });

  it('answers a body that is not JSON with 415', async () => {
    const r = await raw('kind=complaint', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.statusCode).toBe(415);
    expect(r.json().error.code).toBe('unsupported_media_type');
  });

  it('answers a JSON array or string where an object belongs with 400', async () => {
    for (const payload of ['[]', '"text"', 'null']) {
      const r = await raw(payload, { 'content-type': 'application/json' });
      expect([payload, r.statusCode, r.json().error.code]).toEqual([payload, 400, 'validation_failed']);
    }
  });

  it('answers unknown routes with the same JSON shape', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'accept-language': 'en-US' } });
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ error: { code: 'not_found', message: 'Not found, or you may not see it.' } });
  });

  it('speaks Chinese by default and English when asked', async () => {
    const zh = await t.call(agent, 'GET', '/api/v1/cases/00000000-0000-4000-8000-000000000000');
    expect(zh.body.error.message).toBe('找不到该资源，或您无权查看。');
    const en = await t.call(agent, 'GET', '/api/v1/cases/00000000-0000-4000-8000-000000000000', undefined, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.body.error.message).toBe('Not found, or you may not see it.');
  });

  it('rejects a cookie-authenticated form post that could come from another site', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'agent', password: 'qingting-demo', org: t.org.slug } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie, 'content-type': 'text/plain' }, payload: JSON.stringify(complaint()) });
    expect(r.statusCode).toBe(401);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(complaint()) });
    expect(ok.statusCode).toBe(201);
  });

  it('publishes an OpenAPI document with every lifecycle action', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const a of ['accept', 'assign', 'transfer', 'return', 'resolve', 'visit', 'close', 'reopen', 'merge', 'withdraw', 'suspend', 'resume']) {
      expect(Object.keys(doc.paths)).toContain(`/api/v1/cases/{id}/actions/${a}`);
    }
  });
});
