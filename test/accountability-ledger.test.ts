/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountabilityOnce } from '../src/jobs/accountability.job.ts';
import { AGENCY_CHAIN_PENALTIES } from '../src/domain/penalties.ts';
import { fakeClock, testApi, testPool, type TestApi } from './helpers.ts';
import { seedChain, type ChainCase } from './accountability-fixture.ts';

const CASES: ChainCase[] = [
  { key: 'p1', store: 'A', kind: 'complaint', validity: 'valid', party: 'agent', month: 3 },
  { key: 'p2', store: 'B', kind: 'complaint', validity: 'valid', party: 'store', month: 3 },
  { key: 'p3', store: 'C', kind: 'complaint', validity: 'valid', party: 'store', month: 3 },
  { key: 'm1', store: 'D', kind: 'complaint', validity: 'malicious', party: 'store', month: 3 },
];

let pool: pg.Pool;
let t: TestApi;
let chain: Awaited<ReturnType<typeof seedChain>>;
const clock = fakeClock('2026-04-01T01:00:00Z'); // 09:00 Beijing
const tok: Record<string, string> = {};
const call = (who: string, method: string, url: string, body?: unknown) => t.call(tok[who]!, method, url, body);

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  for (const u of ['admin', 'center', 'agent', 'manager', 'auditor', 'handler']) tok[u] = await t.login(u);
  chain = await seedChain(pool, t, CASES);
  expect((await call('admin', 'PUT', '/api/v1/admin/accountability-settings', { penalties: AGENCY_CHAIN_PENALTIES })).status).toBe(200);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

async function fineOf(key: string, party = 'store') {
  const r = await call('center', 'PUT', `/api/v1/accountability/cases/${chain.ids[key]}/liability`, { party, ...(party === 'agent' ? { people: { agent: chain.agents[key === 'p1' ? 'A' : 'B'] } } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.fines[0];
}

describe('the fines ledger', () => {
  it('keeps the settings for administrators only, and refuses rules that do not parse', async () => {
    expect((await call('center', 'GET', '/api/v1/admin/accountability-settings')).status).toBe(403);
    const bad = await call('admin', 'PUT', '/api/v1/admin/accountability-settings', { penalties: { ...AGENCY_CHAIN_PENALTIES, payment_days: 0 } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    const got = await call('admin', 'GET', '/api/v1/admin/accountability-settings');
    expect(got.body.penalties.rules.map((r: any) => r.code)).toContain('takeover_fee');
    expect(got.body.retention).toMatchObject({ default_years: 1 });
  });

  it('moves a fine through appeal: a reviewer other than the appellant decides; upheld it is owed again, then paid', async () => {
    const f = await fineOf('p1', 'agent');
    expect(f).toMatchObject({ state: 'notice', rule_code: 'agent_complaint', amount_fen: 50_000 });
    const appeal = await call('center', 'POST', `/api/v1/accountability/fines/${f.id}/appeal`, { reason: '客户投诉与经纪人无关', evidence: '带看记录' });
    expect(appeal.body).toMatchObject({ state: 'appealed', appeal: { reason: '客户投诉与经纪人无关', evidence: '带看记录' } });
    // Paying while it is under appeal is not a move the ledger knows.
    const early = await call('center', 'POST', `/api/v1/accountability/fines/${f.id}/pay`, {});
    expect([early.status, early.body.error.code]).toEqual([409, 'record_state_conflict']);
    // The appellant cannot decide their own appeal.
    expect((await call('center', 'POST', `/api/v1/accountability/fines/${f.id}/uphold`, {})).status).toBe(403);
    const upheld = await call('admin', 'POST', `/api/v1/accountability/fines/${f.id}/uphold`, { note: '证据不足' });
    expect(upheld.body).toMatchObject({ state: 'upheld', appeal: { decision: 'upheld', note: '证据不足' } });
    const paid = await call('center', 'POST', `/api/v1/accountability/fines/${f.id}/pay`, {});
    expect(paid.body.state).toBe('paid');
    expect(paid.body.history.map((h: any) => h.state)).toEqual(['notice', 'appealed', 'upheld', 'paid']);
    expect(paid.body.redistribution).toHaveLength(3);
  });

  it('overturns and waives: nothing is owed and nothing redistributed', async () => {
    const f = await fineOf('p2');
    await call('center', 'POST', `/api/v1/accountability/fines/${f.id}/appeal`, { reason: '非门店原因' });
    const over = await call('admin', 'POST', `/api/v1/accountability/fines/${f.id}/overturn`, {});
    expect(over.body).toMatchObject({ state: 'overturned', redistribution: [] });
    expect((await call('admin', 'POST', `/api/v1/accountability/fines/${f.id}/pay`, {})).status).toBe(409);
    const st = (await call('center', 'GET', `/api/v1/accountability/statements?unit_id=${chain.stores.B}`)).body;
    expect(st.totals).toMatchObject({ owed_fen: 0, waived_fen: 50_000 });
    // Each line names its case (the statement page links the case number to it).
    expect(st.lines).toContainEqual(expect.objectContaining({ fine_id: f.id, case_id: f.case_id, state: 'overturned' }));
  });

  it('reminds of the 3-day deadline (三日内) the day before, and once more when it has passed', async () => {
    const f = await fineOf('p3');
    const headC = chain.heads.C!;
    const inbox = async () => (await pool.query(`select kind from notifications where org_id = $1 and recipient_id = $2 and payload ->> 'fine_id' = $3 order by created_at`, [t.org.orgId, headC, f.id])).rows.map((r) => r.kind);
    await accountabilityOnce(pool, clock.now());
    expect(await inbox()).toEqual([]);
    const due = new Date(f.due_at).getTime();
    expect(due - new Date(f.noticed_at).getTime()).toBe(3 * 86_400_000);
    await accountabilityOnce(pool, new Date(due - 3_600_000));
    await accountabilityOnce(pool, new Date(due - 1_800_000));
    expect(await inbox()).toEqual(['fine_due']);
    await accountabilityOnce(pool, new Date(due + 60_000));
    await accountabilityOnce(pool, new Date(due + 120_000));
    expect(await inbox()).toEqual(['fine_due', 'fine_overdue']);
    clock.set(new Date(due + 60_000));
    const list = (await call('center', 'GET', `/api/v1/accountability/fines?case_id=${chain.ids.p3}`)).body.items;
    expect(list[0].overdue).toBe(true);
    clock.set('2026-04-01T01:00:00Z');
  });

  it('lets a malicious determination be appealed with evidence; overturned, the case is valid and fined', async () => {
    await call('center', 'PUT', `/api/v1/accountability/cases/${chain.ids.m1}/liability`, { party: 'store' });
    expect((await call('center', 'GET', `/api/v1/accountability/fines?case_id=${chain.ids.m1}`)).body.items).toEqual([]);
    const a = await call('center', 'POST', `/api/v1/accountability/cases/${chain.ids.m1}/malicious-appeal`, { reason: '门店有主观过错', evidence: '合同录音' });
    expect(a.body).toMatchObject({ reason: '门店有主观过错', evidence: '合同录音', decision: null });
    expect((await call('center', 'POST', `/api/v1/accountability/cases/${chain.ids.m1}/malicious-appeal/decision`, { decision: 'overturned' })).status).toBe(403);
    const d = await call('admin', 'POST', `/api/v1/accountability/cases/${chain.ids.m1}/malicious-appeal/decision`, { decision: 'overturned', note: '录音证实' });
    expect(d.body.decision).toBe('overturned');
    expect((await pool.query('select validity from cases where org_id = $1 and id = $2', [t.org.orgId, chain.ids.m1])).rows[0].validity).toBe('valid');
    const fines = (await call('center', 'GET', `/api/v1/accountability/fines?case_id=${chain.ids.m1}`)).body.items;
    expect(fines.map((f: any) => f.rule_code)).toEqual(['store_complaint']);
    // A case that is not malicious has nothing to appeal.
    expect((await call('center', 'POST', `/api/v1/accountability/cases/${chain.ids.p2}/malicious-appeal`, { reason: 'x' })).status).toBe(409);
  });

  it('keeps the ledger from roles without `account`', async () => {
    for (const who of ['agent', 'handler', 'manager', 'auditor']) {
      const r = await call(who, 'GET', '/api/v1/accountability/fines');
      expect([who, r.status]).toEqual([who, 403]);
    }
  });
});
