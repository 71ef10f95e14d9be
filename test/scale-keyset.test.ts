import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { generateBulkCases } from '../src/app/orgs/demo.ts';
import { testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let center: string;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  center = await t.login('center');
  await generateBulkCases(pool, t.org.orgId, 230, 7);
  // Ties on the sort key: the cursor must break them by id, never skip or repeat a case.
  await pool.query(`update cases set created_at = '2026-01-01T00:00:00.123456Z' where org_id = $1 and id in (select id from cases where org_id = $1 order by id limit 40)`, [t.org.orgId]);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read raw API JSON
const list = async (qs: string): Promise<{ status: number; body: any }> => t.call(center, 'GET', `/api/v1/cases?${qs}`);

async function walk(qs: string, size: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const r = await list(`${qs}&page_size=${size}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    expect(r.status).toBe(200);
    ids.push(...r.body.items.map((c: { id: string }) => c.id));
    after = r.body.next_cursor;
    if (!after) return ids;
  }
  throw new Error('the cursor never ended');
}

describe('keyset paging (after = next_cursor)', () => {
  for (const sort of ['-created_at', 'created_at', '-updated_at', 'number', '-severity', 'severity']) {
    it(`walks every case once, in the order page by page gives (sort=${sort})`, async () => {
      const all = (await list(`sort=${sort}&page_size=200`)).body;
      const rest = (await list(`sort=${sort}&page_size=200&page=2`)).body;
      const byPage = [...all.items, ...rest.items].map((c: { id: string }) => c.id);
      expect(byPage.length).toBeGreaterThanOrEqual(230);
      expect(await walk(`sort=${sort}`, 17)).toEqual(byPage);
    });
  }

  it('keeps the filters and the search while walking', async () => {
    const byPage = (await list('kind=complaint&page_size=200')).body.items.map((c: { id: string }) => c.id);
    expect(await walk('kind=complaint', 9)).toEqual(byPage);
  });

  it('a cursor from another sort or a made-up one is a 400, not a 500', async () => {
    const first = (await list('sort=-created_at&page_size=5')).body;
    expect(first.next_cursor).toEqual(expect.any(String));
    for (const bad of [first.next_cursor, 'not-a-cursor', Buffer.from('["number","x","1"]').toString('base64url')]) {
      const r = await list(`sort=number&after=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
  });
});
