import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAVED_VIEWS_MAX } from '../src/contract/saved-views.ts';
import { testApi, testPool, type TestApi } from './helpers.ts';

/** Saved views (issue 9): a user's own list filters under a name, beside the queues; nobody else's. */
let pool: pg.Pool;
let t: TestApi;
const tok: Record<string, string> = {};

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'handler', 'auditor', 'center']) tok[u] = await t.login(u);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const save = (who: string, name: string, query: Record<string, string>, headers: Record<string, string> = {}) =>
  t.call(tok[who]!, 'POST', '/api/v1/saved-views', { name, query }, headers);

describe('saved views', () => {
  it('saves a user’s filters under a name, lists them by name and opens one with the same filters', async () => {
    const a = await save('handler', '  我的紧急投诉 ', { status: 'assigned,in_progress', kind: 'complaint', severity: 'major' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toMatchObject({ name: '我的紧急投诉', query: { status: 'assigned,in_progress', kind: 'complaint', severity: 'major' } });
    await save('handler', '16-1-2303 的工单', { q: '16-1-2303' });
    const list = await t.call(tok.handler!, 'GET', '/api/v1/saved-views');
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: { name: string }) => v.name)).toEqual(['16-1-2303 的工单', '我的紧急投诉']);
    const one = await t.call(tok.handler!, 'GET', `/api/v1/saved-views/${a.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body.query).toEqual({ status: 'assigned,in_progress', kind: 'complaint', severity: 'major' });
    // The saved filters are the list's own query string: they list cases as they are.
    const cases = await t.call(tok.handler!, 'GET', `/api/v1/cases?${new URLSearchParams(one.body.query).toString()}`);
    expect(cases.status, JSON.stringify(cases.body).slice(0, 300)).toBe(200);
  });

  it('keeps one user’s views from another: not listed, and reading or deleting one answers 404 and keeps it', async () => {
    const mine = (await save('agent', '未派单电梯', { q: '电梯', status: 'registered' })).body;
    expect((await t.call(tok.center!, 'GET', '/api/v1/saved-views')).body.items.map((v: { id: string }) => v.id)).not.toContain(mine.id);
    for (const [method, url] of [['GET', `/api/v1/saved-views/${mine.id}`], ['DELETE', `/api/v1/saved-views/${mine.id}`]] as const) {
      const r = await t.call(tok.center!, method, url);
      expect([method, r.status, r.body?.error?.code]).toEqual([method, 404, 'not_found']);
    }
    expect((await t.call(tok.agent!, 'GET', `/api/v1/saved-views/${mine.id}`)).status).toBe(200);
    // Its owner deletes it; a second delete finds nothing.
    expect((await t.call(tok.agent!, 'DELETE', `/api/v1/saved-views/${mine.id}`)).status).toBe(204);
    expect((await t.call(tok.agent!, 'GET', '/api/v1/saved-views')).body.items.map((v: { id: string }) => v.id)).not.toContain(mine.id);
    expect((await t.call(tok.agent!, 'DELETE', `/api/v1/saved-views/${mine.id}`)).status).toBe(404);
  });

  it('lets the auditor, who lists cases, keep views of their own', async () => {
    const r = await save('auditor', '本月重大', { severity: 'major', created_from: '2026-11-01' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await t.call(tok.auditor!, 'GET', '/api/v1/saved-views')).body.items).toHaveLength(1);
  });

  it('refuses a name the user already uses, unknown filters and blank names with a 4xx in the user’s language, keeping what was saved', async () => {
    expect((await save('center', '超期', { status: 'assigned' })).status).toBe(201);
    const dup = await save('center', '超期', { status: 'registered' }, { 'accept-language': 'zh-CN' });
    expect([dup.status, dup.body.error.code, dup.body.error.message]).toEqual([409, 'duplicate', '同名视图已存在。']);
    const dupEn = await save('center', '超期', { status: 'registered' }, { 'accept-language': 'en-US' });
    expect(dupEn.body.error.message).toBe('That saved view already exists.');
    // Another user may use the same name.
    expect((await save('agent', '超期', { status: 'registered' })).status).toBe(201);
    for (const body of [{ name: ' ', query: {} }, { name: 'x', query: { password: '1' } }, { name: 'x', query: { q: '' } }, { name: 'x'.repeat(61), query: {} }]) {
      const r = await t.call(tok.center!, 'POST', '/api/v1/saved-views', body);
      expect([JSON.stringify(body), r.status, r.body.error.code]).toEqual([JSON.stringify(body), 400, 'validation_failed']);
    }
    const kept = (await t.call(tok.center!, 'GET', '/api/v1/saved-views')).body.items;
    expect(kept.map((v: { name: string; query: unknown }) => [v.name, v.query])).toEqual([['超期', { status: 'assigned' }]]);
  });

  it(`keeps at most ${SAVED_VIEWS_MAX} views per user`, async () => {
    const who = 'handler';
    const have = (await t.call(tok[who]!, 'GET', '/api/v1/saved-views')).body.items.length as number;
    for (let i = have; i < SAVED_VIEWS_MAX; i++) expect((await save(who, `视图 ${i}`, { q: String(i) })).status).toBe(201);
    const over = await save(who, '再多一个', { q: 'x' });
    expect([over.status, over.body.error.code]).toEqual([400, 'validation_failed']);
  });
});
