/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENCY_CHAIN_PENALTIES } from '../src/domain/penalties.ts';
import { fakeClock, testApi, testPool, type TestApi } from './helpers.ts';
import { seedChain, sumBy, type ChainCase } from './accountability-fixture.ts';

/**
 * Done when (issue 12): the seed's year of a store chain, replayed from a fixture, produces the fines and the
 * redistribution a manager computes by hand. The rules, 003 第一篇:
 *   一(一) "客户因服务质量或其他原因对门店进行投诉，公司将对该门店处人民币500元罚金（门店内全组人员共担）"
 *   一(二) "客户因服务质量或其他原因对经纪人进行投诉，公司将对该门店负责人和当事经纪人共处人民币500元罚金"
 *   一(三) "判断客户投诉是否为恶意，取决于门店或经纪人在整个业务履行过程中有无主观过错"
 *   二(一)1/2 "客户向报社…并在媒体曝光，经查实后，给予被曝光门店500元的罚款" / "客户向电视媒体…500元的罚款";
 *        "逾期未做出澄清的，公司总部将视为所曝光情况属实"
 *   二(二) "所处罚金由处罚通知当日起三日内缴至公司财务部，所收罚金将分配至体系其他门店"
 *   三(二) "除恶意投诉外，投诉累计数量前三名的门店，将分别对其处以1000元、202_元和3000元的罚款（全店共担）"
 *   三(三) "转至公司投诉中心…公司除按规定对门店处以罚款外，还将按宗收取处理费用500元（店面共担）"
 *   preamble "除非不是因门店原因造成投诉，否则公司将对当事门店进行相应处罚" (the default of the contradictory setting)
 */
const YEAR: ChainCase[] = [
  { key: 'a1', store: 'A', kind: 'complaint', validity: 'valid', party: 'store', month: 1 },
  { key: 'a2', store: 'A', kind: 'complaint', validity: 'valid', party: 'agent', month: 2 },
  { key: 'a3', store: 'A', kind: 'complaint', validity: 'malicious', party: 'store', month: 3 },
  { key: 'a4', store: 'A', kind: 'complaint', validity: 'valid', party: 'store', status: 'withdrawn', month: 4 },
  { key: 'b1', store: 'B', kind: 'complaint', validity: 'valid', party: 'store', media: { medium: 'newspaper', verdict: 'true' }, month: 3 },
  { key: 'b2', store: 'B', kind: 'complaint', validity: 'valid', party: 'store', takeover: true, atFault: true, month: 5 },
  { key: 'b3', store: 'B', kind: 'complaint', validity: 'valid', party: 'store', takeover: true, atFault: false, month: 6 },
  { key: 'b4', store: 'B', kind: 'complaint', validity: 'valid', party: 'store', media: { medium: 'tv', verdict: 'expired' }, month: 9 },
  { key: 'c1', store: 'C', kind: 'complaint', validity: 'valid', party: 'agent', media: { medium: 'tv', verdict: 'false' }, month: 4 },
  { key: 'c2', store: 'C', kind: 'complaint', validity: 'invalid', party: 'store', month: 7 },
  { key: 'c3', store: 'C', kind: 'complaint', validity: 'malicious', party: 'store', media: { medium: 'newspaper', verdict: 'true' }, month: 8 },
  { key: 'd1', store: 'D', kind: 'suggestion', validity: 'valid', party: 'none', month: 5 },
  { key: 'd3', store: 'D', kind: 'praise', validity: 'valid', party: 'agent', month: 6 },
  { key: 'd4', store: 'D', kind: 'inquiry', validity: 'valid', party: 'store', month: 7 },
  { key: 'd5', store: 'D', kind: 'request', validity: 'valid', party: 'store', month: 8 },
  { key: 'd2', store: 'D', kind: 'complaint', validity: 'valid', party: 'store', month: 11 },
];

let pool: pg.Pool;
let t: TestApi;
let chain: Awaited<ReturnType<typeof seedChain>>;
const clock = fakeClock('2026-12-31T02:00:00Z');
const tok: Record<string, string> = {};

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  for (const u of ['admin', 'center', 'agent', 'manager', 'auditor']) tok[u] = await t.login(u);
  chain = await seedChain(pool, t, YEAR);
  // The organisation adopts the chain preset through the admin API (rules, amounts, parties and shares are data).
  const put = await t.call(tok.admin!, 'PUT', '/api/v1/admin/accountability-settings', { penalties: AGENCY_CHAIN_PENALTIES });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const liability = (c: ChainCase) => ({
  party: c.party,
  ...(c.party === 'agent' ? { people: { agent: chain.agents[c.store] } } : {}),
  ...(c.atFault === false ? { at_fault: false } : {}),
  ...(c.media ? { media: [c.media.medium] } : {}),
});

describe('a store chain’s year (003 第一篇), replayed', () => {
  it('charges the fines and redistributes them as a manager computes by hand', async () => {
    // The complaint center records each determination; each case is assessed as it is recorded.
    for (const c of YEAR) {
      const r = await t.call(tok.center!, 'PUT', `/api/v1/accountability/cases/${chain.ids[c.key]}/liability`, liability(c));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // Assessing again charges nothing twice.
    expect((await t.call(tok.center!, 'POST', `/api/v1/accountability/cases/${chain.ids.b1}/assess`, {})).body.fines).toHaveLength(2);

    const fines = (await t.call(tok.center!, 'GET', '/api/v1/accountability/fines')).body.items as any[];
    const byCase = (k: string) => fines.filter((f) => f.case_id === chain.ids[k]).map((f) => `${f.rule_code}:${f.amount_fen / 100}`).sort();
    // By hand, case by case:
    //   a1 valid, against the store                 → store_complaint 500 (store A)
    //   a2 valid, against A's agent                 → agent_complaint 500 = store head 250 + agent 250
    //   a3 malicious                                → nothing
    //   a4 withdrawn by the customer                → nothing
    //   b1 valid + newspaper judged true            → 500 + newspaper 500
    //   b2 valid + taken over, store at fault        → 500 + handling fee 500
    //   b3 valid + taken over, store not at fault    → 500 (no fee: "除非不是因门店原因", the default)
    //   b4 valid + TV not clarified in 5 days        → 500 + tv 500 (treated as true)
    //   c1 valid against C's agent, TV judged false and clarified → agent_complaint 500 only
    //   c2 invalid, c3 malicious (even with a confirmed report) → nothing
    //   d1 a suggestion, d3 praise of D's agent, d4 an inquiry, d5 a request → nothing (only complaints are fined)
    //   d2 valid, against the store                  → 500
    expect(byCase('a1')).toEqual(['store_complaint:500']);
    expect(byCase('a2')).toEqual(['agent_complaint:500']);
    expect(byCase('a3')).toEqual([]);
    expect(byCase('b1')).toEqual(['newspaper_exposure:500', 'store_complaint:500']);
    expect(byCase('b2')).toEqual(['store_complaint:500', 'takeover_fee:500']);
    expect(byCase('b3')).toEqual(['store_complaint:500']);
    expect(byCase('b4')).toEqual(['store_complaint:500', 'tv_exposure:500']);
    expect(byCase('c1')).toEqual(['agent_complaint:500']);
    expect([...byCase('c2'), ...byCase('c3'), ...byCase('d1'), ...byCase('d3'), ...byCase('d4'), ...byCase('d5')]).toEqual([]);
    expect(byCase('d2')).toEqual(['store_complaint:500']);
    const a2 = fines.find((f) => f.case_id === chain.ids.a2);
    expect(a2.shares).toEqual(expect.arrayContaining([
      { party_kind: 'user', party_id: chain.heads.A, role: 'store_head', amount_fen: 25000 },
      { party_kind: 'user', party_id: chain.agents.A, role: 'agent', amount_fen: 25000 },
    ]));
    expect(byCase('a4')).toEqual([]);
    // Per store: A 1000, B 3500, C 500, D 500 → 5500 yuan in 11 notices, each due in 3 natural days (三日内).
    expect(fines).toHaveLength(11);
    const perStore = (s: string) => sumBy(fines.filter((f) => f.store_unit_id === chain.stores[s]), (f) => f.amount_fen) / 100;
    expect([perStore('A'), perStore('B'), perStore('C'), perStore('D')]).toEqual([1000, 3500, 500, 500]);
    for (const f of fines) expect(new Date(f.due_at).getTime() - new Date(f.noticed_at).getTime()).toBe(3 * 86_400_000);

    // Year end: complaints per store, malicious left out (and withdrawn ones, which are not complaints any more):
    //   A: a1, a2 = 2 (a3 malicious, a4 withdrawn);  B: b1..b4 = 4;  C: c1, c2 = 2 (c2 invalid still counts, c3 malicious);
    //   D: d2 = 1 (d1, d3, d4, d5 are not complaints).
    //   Ranking: B 1st → 3000; A and C level 2nd → 2000 each (both flagged tied); D 4th → nothing.
    const draft = await t.call(tok.center!, 'POST', '/api/v1/accountability/year-end', { year: 2026 });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.state).toBe('draft');
    expect(draft.body.source).toContain('1000元、202_元和3000元');
    const ranking = draft.body.ranking.map((r: any) => [r.store_name, r.complaints, r.rank, r.amount_fen / 100, r.tied]);
    expect(ranking).toEqual([['B门店', 4, 1, 3000, false], ['A门店', 2, 2, 2000, true], ['C门店', 2, 2, 2000, true]]);
    // The draft charges nothing until it is posted.
    expect((await t.call(tok.center!, 'GET', '/api/v1/accountability/fines')).body.items).toHaveLength(11);
    const posted = await t.call(tok.center!, 'POST', `/api/v1/accountability/year-end/${draft.body.id}/post`, {});
    expect(posted.body.state).toBe('posted');
    // Posted once: a second draft of the same year may be made, but not posted.
    const again = await t.call(tok.center!, 'POST', '/api/v1/accountability/year-end', { year: 2026 });
    expect((await t.call(tok.center!, 'POST', `/api/v1/accountability/year-end/${again.body.id}/post`, {})).status).toBe(409);
    const all = (await t.call(tok.center!, 'GET', '/api/v1/accountability/fines')).body.items as any[];
    expect(all).toHaveLength(14);

    // Everything is paid; each paid fine goes to the chain's other three stores in equal shares (一分 remainders to
    // the first stores by name). A 500 fine: 166.67 + 166.67 + 166.66; 3000: 1000 each; 2000: 666.67 + 666.67 + 666.66.
    for (const f of all) {
      const r = await t.call(tok.center!, 'POST', `/api/v1/accountability/fines/${f.id}/pay`, {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // By hand. Collected: A 2×500 + 2000, B 7×500 + 3000, C 500 + 2000, D 500 = 12500 yuan. Each fine goes to the other
    // three stores in name order; 500 = 16667 + 16667 + 16666 fen, 2000 = 66667 + 66667 + 66666, 3000 = 100000 × 3.
    //   A ← B 7×16667 + B 100000 + C 16667 + C 66667 + D 16667                       = 316670
    //   B ← A 2×16667 + A 66667 + C 16667 + C 66667 + D 16667                        = 200002
    //   C ← A 2×16667 + A 66667 + B 7×16667 + B 100000 + D 16666                     = 333336
    //   D ← A 2×16666 + A 66666 + B 7×16666 + B 100000 + C 16666 + C 66666           = 399992
    //   total 1250000 fen = 12500 yuan, all of it.
    const received = async (s: string) => (await t.call(tok.center!, 'GET', `/api/v1/accountability/statements?unit_id=${chain.stores[s]}`)).body.totals.received_fen;
    const got = { A: await received('A'), B: await received('B'), C: await received('C'), D: await received('D') };
    expect(got).toEqual(HAND);
    expect(got.A + got.B + got.C + got.D).toBe(1_250_000);

    // Statements per person: A's agent and store head each owed 250 (a2) and paid it.
    const agentA = (await t.call(tok.center!, 'GET', `/api/v1/accountability/statements?user_id=${chain.agents.A}`)).body;
    expect(agentA.totals).toMatchObject({ paid_fen: 25000, owed_fen: 0 });
    const storeA = (await t.call(tok.center!, 'GET', `/api/v1/accountability/statements?unit_id=${chain.stores.A}`)).body;
    // A's own (whole-store) shares: a1 500 + year-end 2000 = 2500.
    expect(storeA.totals.paid_fen).toBe(250_000);
  });
});

const HAND = { A: 316_670, B: 200_002, C: 333_336, D: 399_992 };
