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

  it('refuses a body that would poison prototypes as malformed JSON', async () => {
    for (const payload of ['{"__proto__":{"roles":["admin"]}}', '{"constructor":{"prototype":{"roles":["admin"]}}}']) {
      const r = await raw(payload, { 'content-type': 'application/json' });
      expect([payload, r.statusCode, r.json().error.code]).toEqual([payload, 400, 'malformed_json']);
    }
  });

  it('refuses a body nested deeper than any request needs with 400, not a stack overflow', async () => {
    for (const payload of ['['.repeat(200_000) + ']'.repeat(200_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
      const r = await raw(payload, { 'content-type': 'application/json' });
      expect([r.statusCode, r.json().error.code, r.json().error.details[0].code]).toEqual([400, 'validation_failed', 'too_big']);
    }
    const ok = await raw(JSON.stringify({ ...complaint(), subject: '[{"嵌套": "在字符串里不算"}]'.repeat(3) }), { 'content-type': 'application/json' });
    expect(ok.statusCode).toBe(201);
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

  it('lists every issue of a refused body with its path, a machine code and a message in the caller’s language', async () => {
    const body = { ...complaint(), kind: 'rant', subject: '', customer: { phone: '12' }, colour: 'red' };
    const en = await t.call(agent, 'POST', '/api/v1/cases', body, { 'accept-language': 'en-US' });
    expect(en.status).toBe(400);
    expect(en.body.error.code).toBe('validation_failed');
    const byPath = Object.fromEntries(en.body.error.details.map((d: { path: string; code: string; message: string }) => [d.path, [d.code, d.message]]));
    expect(byPath).toEqual({
      kind: ['invalid_value', 'not an allowed value'],
      subject: ['too_small', 'too short or too small'],
      'customer.name': ['required', 'required'],
      'customer.phone': ['invalid_phone', 'not a valid mobile or landline number (e.g. 13812345678, 010-12345678, 0755-1234567 ext 801)'],
      colour: ['unrecognized_keys', 'unknown field'],
    });
    const zh = await t.call(agent, 'POST', '/api/v1/cases', body);
    expect(zh.body.error.details.find((d: { path: string }) => d.path === 'customer.name').message).toBe('必填');
  });

  it('answers 401 before looking at the body when nobody is signed in', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { nonsense: true } });
    expect([r.statusCode, r.json().error.code]).toEqual([401, 'unauthenticated']);
  });

  it('tells a non-administrator 403 before validating an administration body, so no field list leaks', async () => {
    for (const url of ['/api/v1/admin/users', '/api/v1/admin/units', '/api/v1/admin/sla-policies', '/api/v1/admin/escalation-ladders']) {
      const r = await t.call(agent, 'POST', url, { nonsense: true });
      expect([url, r.status, r.body.error.code, r.body.error.details]).toEqual([url, 403, 'forbidden_action', undefined]);
    }
  });

  it('answers 404 for a path whose id is not an id', async () => {
    for (const url of ['/api/v1/cases/not-a-uuid', '/api/v1/customers/42', '/api/v1/cases/x/attachments/y']) {
      const r = await t.call(agent, 'GET', url);
      expect([url, r.status, r.body.error.code]).toEqual([url, 404, 'not_found']);
    }
  });

  it('refuses a NUL byte or a lone surrogate in any text with 400 invalid_text, naming where, and stores nothing', async () => {
    const count = async () => (await t.call(agent, 'GET', '/api/v1/cases?page_size=1')).body.total as number;
    const before = await count();
    const bodies = [
      ['subject', '{"kind":"complaint","channel":"phone","subject":"电梯\\u0000坏了","content":"x","customer":{"name":"王"}}'],
      ['customer.name', '{"kind":"complaint","channel":"phone","subject":"s","content":"x","customer":{"name":"王\\ud800"}}'],
      ['content', '{"kind":"complaint","channel":"phone","subject":"s","content":"\\udc00 lone low","customer":{"name":"王"}}'],
    ];
    for (const [where, payload] of bodies) {
      const r = await raw(payload!, { 'content-type': 'application/json', 'accept-language': 'en-US' });
      expect([where, r.statusCode, r.json().error.code, r.json().error.details[0].path]).toEqual([where, 400, 'invalid_text', `body.${where}`]);
      expect(r.json().error.message).toContain(`body.${where}`);
      expect(r.json().error.details[0].message).toBe('holds a NUL byte or a lone Unicode surrogate');
    }
    const q = await t.call(agent, 'GET', '/api/v1/cases?q=%00');
    expect([q.status, q.body.error.code, q.body.error.details[0].path]).toEqual([400, 'invalid_text', 'query.q']);
    const p = await t.call(agent, 'POST', '/api/v1/cases/00000000-0000-4000-8000-000000000000/actions/ac%00cept', {});
    expect([p.status, p.body.error.code]).toEqual([400, 'invalid_text']);
    const h = await t.call(agent, 'POST', '/api/v1/cases', complaint(), { 'idempotency-key': 'k\u0000' });
    expect([h.status, h.body.error.code, h.body.error.details[0].path]).toEqual([400, 'invalid_text', 'header.idempotency-key']);
    expect(await count()).toBe(before);
  });

  it('takes well-formed text, surrogate pairs (emoji) included', async () => {
    const r = await t.call(agent, 'POST', '/api/v1/cases', complaint({ subject: '电梯又坏了 😡' }));
    expect([r.status, r.body.subject]).toEqual([201, '电梯又坏了 😡']);
  });
});
