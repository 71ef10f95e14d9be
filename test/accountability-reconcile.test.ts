/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY_CHAIN_PENALTIES } from '../src/domain/penalties.ts';
import { fakeClock, testApi, testPool, type TestApi } from './helpers.ts';
import { seedChain, type ChainCase } from './accountability-fixture.ts';

/**
 * Fines follow the facts (issue 12): when a manager changes who a case holds accountable, or the case is later found
 * invalid or malicious, a fine still in `notice` that no longer applies is withdrawn (kept, with its history) and the
 * fine the new facts earn is issued; a paid one is flagged for refund, never changed.
 * Seed 003 第一篇 一(三): "恶意投诉…门店与经纪人在整个业务履行过程中无主观过错" — a malicious complaint earns no fine.
 */
const CASES: ChainCase[] = [
  { key: 'r1', store: 'A', kind: 'complaint', validity: 'valid', party: 'store', month: 3 },
  { key: 'r2', store: 'B', kind: 'complaint', validity: 'valid', party: 'store', month: 3 },
  { key: 'r3', store: 'C', kind: 'complaint', validity: 'valid', party: 'store', month: 3, media: { medium: 'newspaper', verdict: 'true' } },
  { key: 'r4', store: 'D', kind: 'complaint', validity: 'valid', party: 'store', month: 3 },
];

let pool: pg.Pool;
let t: TestApi;
let chain: Awaited<ReturnType<typeof seedChain>>;
const clock = fakeClock('2026-04-01T01:00:00Z');
const tok: Record<string, string> = {};
const call = (who: string, method: string, url: string, body?: unknown) => t.call(tok[who]!, method, url, body);
const liability = (key: string, body: unknown) => call('center', 'PUT', `/api/v1/accountability/cases/${chain.ids[key]}/liability`, body);
const finesOf = async (key: string) => (await call('center', 'GET', `/api/v1/accountability/fines?case_id=${chain.ids[key]}`)).body.items as any[];
const summary = (fs: any[]) => fs.map((f) => `${f.rule_code}:${f.state}:${f.amount_fen}`).sort();

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  for (const u of ['admin', 'center', 'agent']) tok[u] = await t.login(u);
  chain = await seedChain(pool, t, CASES);
  expect((await call('admin', 'PUT', '/api/v1/admin/accountability-settings', { penalties: AGENCY_CHAIN_PENALTIES })).status).toBe(200);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('fines follow liability changes', () => {
  it('withdraws the store fine in notice and issues the agent fine when the complaint turns out to be against the agent', async () => {
    const first = await liability('r1', { party: 'store' });
    expect(summary(first.body.fines)).toEqual(['store_complaint:notice:50000']);
    const storeFine = first.body.fines[0];
    clock.advance(3_600_000);
    // "客户…对经纪人进行投诉，公司将对该门店负责人和当事经纪人共处人民币500元罚金"
    const second = await liability('r1', { party: 'agent', people: { agent: chain.agents.A } });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.withdrawn).toEqual([storeFine.id]);
    expect(second.body.issued).toHaveLength(1);
    expect(summary(second.body.fines)).toEqual(['agent_complaint:notice:50000', 'store_complaint:withdrawn:50000']);
    // The withdrawn fine is kept with its history; nothing is owed on it.
    const withdrawn = second.body.fines.find((f: any) => f.id === storeFine.id);
    expect(withdrawn.history.map((h: any) => [h.state, h.note ?? null])).toEqual([['notice', null], ['withdrawn', 'liability_changed']]);
    const agentFine = second.body.fines.find((f: any) => f.rule_code === 'agent_complaint');
    expect(agentFine.shares.map((s: any) => [s.role, s.party_id, s.amount_fen]).sort()).toEqual([
      ['agent', chain.agents.A, 25_000], ['store_head', chain.heads.A, 25_000],
    ].sort());
    const st = (await call('center', 'GET', `/api/v1/accountability/statements?unit_id=${chain.stores.A}`)).body;
    expect(st.totals).toMatchObject({ owed_fen: 0, withdrawn_fen: 50_000 });
    // Saying the same again changes nothing.
    const again = await liability('r1', { party: 'agent', people: { agent: chain.agents.A } });
    expect([again.body.issued, again.body.withdrawn, again.body.flagged]).toEqual([[], [], []]);
    // Back to the store: the agent fine is withdrawn and a new store fine issued; the first one stays withdrawn.
    const back = await liability('r1', { party: 'store' });
    expect(summary(back.body.fines)).toEqual(['agent_complaint:withdrawn:50000', 'store_complaint:notice:50000', 'store_complaint:withdrawn:50000']);
  });

  it('flags a paid fine for refund when the case is later found malicious, and never changes what was paid', async () => {
    const f = (await liability('r2', { party: 'store' })).body.fines[0];
    const paid = await call('center', 'POST', `/api/v1/accountability/fines/${f.id}/pay`, {});
    expect(paid.body.state).toBe('paid');
    const before = (await call('center', 'GET', `/api/v1/accountability/statements?unit_id=${chain.stores.B}`)).body.totals;
    const r = await call('center', 'PUT', `/api/v1/accountability/cases/${chain.ids.r2}/validity`, { validity: 'malicious', reason: '门店与经纪人无主观过错，客户借投诉压价' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect([r.body.flagged, r.body.withdrawn, r.body.issued]).toEqual([[f.id], [], []]);
    const after = (await finesOf('r2'))[0];
    expect(after).toMatchObject({ state: 'paid', amount_fen: 50_000, review: { reason: 'refund' } });
    expect(after.redistribution).toEqual(paid.body.redistribution);
    expect((await call('center', 'GET', `/api/v1/accountability/statements?unit_id=${chain.stores.B}`)).body.totals).toEqual(before);
    // The change is on the case's timeline.
    const ev = await pool.query(`select note, data from case_events where org_id = $1 and case_id = $2 and action = 'redetermine_validity'`, [t.org.orgId, chain.ids.r2]);
    expect(ev.rows).toEqual([{ note: '门店与经纪人无主观过错，客户借投诉压价', data: { from: 'valid', to: 'malicious' } }]);
    // Found valid after all: the paid fine is what the facts earn again, and the flag is lifted.
    await call('center', 'PUT', `/api/v1/accountability/cases/${chain.ids.r2}/validity`, { validity: 'valid', reason: '复核：投诉属实' });
    expect((await finesOf('r2')).map((x) => [x.state, x.review])).toEqual([['paid', null]]);
  });

  it('withdraws the complaint fine and the media fine in notice when the case is found invalid', async () => {
    const r = await liability('r3', { party: 'store', media: ['newspaper'] });
    expect(summary(r.body.fines)).toEqual(['newspaper_exposure:notice:50000', 'store_complaint:notice:50000']);
    const inv = await call('center', 'PUT', `/api/v1/accountability/cases/${chain.ids.r3}/validity`, { validity: 'invalid', reason: '非本公司业务' });
    expect(inv.body.withdrawn).toHaveLength(2);
    expect(summary(await finesOf('r3'))).toEqual(['newspaper_exposure:withdrawn:50000', 'store_complaint:withdrawn:50000']);
    const st = (await call('center', 'GET', `/api/v1/accountability/statements?unit_id=${chain.stores.C}`)).body.totals;
    expect(st).toMatchObject({ charged_fen: 0, owed_fen: 0, withdrawn_fen: 100_000 });
  });

  it('flags a fine under appeal for the reviewer instead of withdrawing it', async () => {
    const f = (await liability('r4', { party: 'store' })).body.fines[0];
    await call('center', 'POST', `/api/v1/accountability/fines/${f.id}/appeal`, { reason: '非门店原因' });
    const r = await liability('r4', { party: 'none' });
    expect(r.body.flagged).toEqual([f.id]);
    expect((await finesOf('r4')).map((x) => [x.state, x.review?.reason])).toEqual([['appealed', 'liability_changed']]);
  });

  it('refuses a redetermination of a case not yet decided, a bad validity, and roles without `account`', async () => {
    const pending = await pool.query(`update cases set validity = 'pending' where org_id = $1 and id = $2 returning id`, [t.org.orgId, chain.ids.r4]);
    expect(pending.rowCount).toBe(1);
    const r = await call('center', 'PUT', `/api/v1/accountability/cases/${chain.ids.r4}/validity`, { validity: 'invalid', reason: 'x' });
    expect([r.status, r.body.error.code]).toEqual([409, 'record_state_conflict']);
    const bad = await call('center', 'PUT', `/api/v1/accountability/cases/${chain.ids.r4}/validity`, { validity: 'pending', reason: 'x' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await call('agent', 'PUT', `/api/v1/accountability/cases/${chain.ids.r1}/validity`, { validity: 'invalid', reason: 'x' })).status).toBe(403);
    expect((await call('agent', 'GET', `/api/v1/accountability/cases/${chain.ids.r1}`)).status).toBe(403);
    const view = await call('center', 'GET', `/api/v1/accountability/cases/${chain.ids.r1}`);
    expect(view.body).toMatchObject({ validity: 'valid', liability: { party: 'store', at_fault: true }, gaps: [], store_unit_id: chain.stores.A });
    // An agent with no store head on record: the rule applies, nobody can be charged, and the page says why.
    await pool.query(`update users set roles = '{agent}' where org_id = $1 and id = $2`, [t.org.orgId, chain.heads.A]);
    await liability('r1', { party: 'agent', people: { agent: chain.agents.A } });
    const gap = await call('center', 'GET', `/api/v1/accountability/cases/${chain.ids.r1}`);
    expect(gap.body.gaps).toEqual([{ rule_code: 'agent_complaint', missing: ['store_head'] }]);
  });
});
