/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, fakeClock, testApi, testPool, type TestApi } from './helpers.ts';

/**
 * Issue 12: "an audit of every reveal, export and purge". One table of the operations that show or move personal
 * data in bulk or in full, each with the audit row it must leave (who, what), and the auditor reading them back.
 * Operations that fail or change nothing leave no row.
 */
let pool: pg.Pool;
let t: TestApi;
const clock = fakeClock('2024-03-01T02:00:00Z');
const tok: Record<string, string> = {};
let caseId: string;

const rows = async () => (await pool.query('select action, actor_id, case_id from audit_log where org_id = $1 order by id', [t.org.orgId])).rows;
const download = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tok[who]}` } });

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  for (const u of ['agent', 'center', 'auditor', 'admin']) tok[u] = await t.login(u);
  caseId = (await t.call(tok.agent!, 'POST', '/api/v1/cases', complaint())).body.id;
  await pool.query(`update cases set status = 'closed', closed_at = $3, validity = 'valid' where org_id = $1 and id = $2`, [t.org.orgId, caseId, clock.now()]);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('every reveal, export and purge is audited', () => {
  it('writes one row per operation, with the actor, and none for a dry run', async () => {
    const uid = (u: string) => t.org.users.get(u)!;
    const steps: { what: string; run: () => Promise<number>; expect: { action: string; actor_id: string | null; case_id?: string }[] }[] = [
      { what: 'reveal', run: async () => (await t.call(tok.agent!, 'POST', `/api/v1/cases/${caseId}/actions/reveal_phone`, { reason: '回电' })).status, expect: [{ action: 'reveal_phone', actor_id: uid('agent'), case_id: caseId }] },
      { what: 'export csv', run: async () => (await download('center', '/api/v1/exports/cases.csv')).statusCode, expect: [{ action: 'export_cases', actor_id: uid('center') }] },
      { what: 'export xlsx', run: async () => (await download('center', '/api/v1/exports/cases.xlsx')).statusCode, expect: [{ action: 'export_cases', actor_id: uid('center') }] },
      { what: 'retention dry run', run: async () => { clock.set('2025-06-01T02:00:00Z'); return (await t.call(tok.admin!, 'POST', '/api/v1/admin/retention/run', { dry_run: true })).status; }, expect: [] },
      {
        what: 'retention export and purge',
        run: async () => (await t.call(tok.admin!, 'POST', '/api/v1/admin/retention/run', {})).status,
        expect: [{ action: 'retention_export', actor_id: uid('admin') }, { action: 'retention_purge', actor_id: uid('admin') }],
      },
      { what: 'retention again (nothing left)', run: async () => (await t.call(tok.admin!, 'POST', '/api/v1/admin/retention/run', {})).status, expect: [] },
    ];
    for (const s of steps) {
      const before = (await rows()).length;
      expect([s.what, await s.run()]).toEqual([s.what, 200]);
      const added = (await rows()).slice(before);
      expect([s.what, added.map((r) => ({ action: r.action, actor_id: r.actor_id, ...(r.case_id ? { case_id: r.case_id } : {}) }))]).toEqual([s.what, s.expect]);
    }
    // A reveal that is refused (no reason) leaves nothing.
    const before = (await rows()).length;
    expect((await t.call(tok.agent!, 'POST', `/api/v1/cases/${caseId}/actions/reveal_phone`, {})).status).toBe(400);
    expect((await rows()).length).toBe(before);
    // The auditor reads them all back.
    const seen = (await t.call(tok.auditor!, 'GET', '/api/v1/audit?page_size=50')).body.items.map((a: any) => a.action).sort();
    expect(seen).toEqual(['export_cases', 'export_cases', 'retention_export', 'retention_purge', 'reveal_phone']);
  });
});
