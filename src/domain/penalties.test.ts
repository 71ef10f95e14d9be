import { describe, expect, it } from 'vitest';
import { AGENCY_CHAIN_PENALTIES, RESTAURANT_PENALTIES, finesForCase, redistribution, splitFen, yearEndRanking, type CaseFacts } from './penalties.ts';

const base: CaseFacts = {
  kind: 'complaint', validity: 'valid', withdrawn: false, party: 'store', storeUnitId: 'S', people: {}, atFault: true, confirmedMedia: [], takenOver: false,
};
const codes = (f: CaseFacts, s = AGENCY_CHAIN_PENALTIES) => finesForCase(s, f).fines.map((x) => `${x.rule_code}:${x.amount_fen}`);

describe('penalty rules (003 第一篇)', () => {
  it('fines a store 500 for a valid complaint against it, shared by the whole store ("门店内全组人员共担")', () => {
    const { fines } = finesForCase(AGENCY_CHAIN_PENALTIES, base);
    expect(fines).toEqual([expect.objectContaining({ rule_code: 'store_complaint', amount_fen: 50_000, shares: [{ party_kind: 'unit', party_id: 'S', role: 'store', amount_fen: 50_000 }] })]);
  });

  it('splits an agent complaint between the store head and the agent ("对该门店负责人和当事经纪人共处人民币500元罚金"), equal by default', () => {
    const { fines } = finesForCase(AGENCY_CHAIN_PENALTIES, { ...base, party: 'agent', people: { agent: 'a', store_head: 'h' } });
    expect(fines[0]!.shares.map((s) => [s.role, s.amount_fen])).toEqual([['store_head', 25_000], ['agent', 25_000]]);
  });

  it('reports a rule it cannot charge for want of a party instead of charging someone else', () => {
    expect(finesForCase(AGENCY_CHAIN_PENALTIES, { ...base, party: 'agent', people: { agent: 'a' } })).toEqual({ fines: [], gaps: [{ rule_code: 'agent_complaint', missing: ['store_head'] }] });
  });

  it('charges nothing for malicious, invalid or withdrawn complaints ("判断客户投诉是否为恶意，取决于…有无主观过错")', () => {
    for (const f of [{ validity: 'malicious' }, { validity: 'invalid' }, { withdrawn: true }] as Partial<CaseFacts>[]) {
      expect(codes({ ...base, ...f, confirmedMedia: ['tv'], takenOver: true })).toEqual([]);
    }
  });

  it('fines a confirmed newspaper and a confirmed TV report 500 each, on top of the complaint fine', () => {
    expect(codes({ ...base, confirmedMedia: ['newspaper', 'tv'] })).toEqual(['store_complaint:50000', 'newspaper_exposure:50000', 'tv_exposure:50000']);
  });

  it('adds the 500 handling fee on a takeover ("按宗收取处理费用500元"), spared when the store was not at fault unless the setting says otherwise', () => {
    expect(codes({ ...base, takenOver: true })).toEqual(['store_complaint:50000', 'takeover_fee:50000']);
    expect(codes({ ...base, takenOver: true, atFault: false })).toEqual(['store_complaint:50000']);
    expect(codes({ ...base, takenOver: true, atFault: false }, { ...AGENCY_CHAIN_PENALTIES, fine_when_not_at_fault: true })).toEqual(['store_complaint:50000', 'takeover_fee:50000']);
  });

  it('holds the server, the shift leader and the supervisor accountable in the restaurant preset ("不仅要追究服务人员的责任，更要追究当班领班和主管的责任")', () => {
    const facts: CaseFacts = { ...base, party: 'staff', people: { staff: 's', shift_leader: 'l', supervisor: 'v' } };
    expect(finesForCase(RESTAURANT_PENALTIES, facts).fines[0]!.shares.map((s) => s.role)).toEqual(['staff', 'shift_leader', 'supervisor']);
    const priced = { ...RESTAURANT_PENALTIES, rules: RESTAURANT_PENALTIES.rules.map((r) => ({ ...r, amount_yuan: 100 })) };
    expect(finesForCase(priced, facts).fines[0]!.shares.map((s) => s.amount_fen)).toEqual([3334, 3333, 3333]);
  });

  it('ranks the stores with most complaints at year end, rank → amount as data, level stores sharing a rank', () => {
    const r = yearEndRanking(AGENCY_CHAIN_PENALTIES, [
      { store_unit_id: 'A', complaints: 5 }, { store_unit_id: 'B', complaints: 9 }, { store_unit_id: 'C', complaints: 3 }, { store_unit_id: 'D', complaints: 1 }, { store_unit_id: 'E', complaints: 0 },
    ]);
    expect(r.map((x) => [x.store_unit_id, x.rank, x.amount_fen])).toEqual([['B', 1, 300_000], ['A', 2, 200_000], ['C', 3, 100_000]]);
    const tied = yearEndRanking(AGENCY_CHAIN_PENALTIES, [{ store_unit_id: 'A', complaints: 4 }, { store_unit_id: 'B', complaints: 4 }, { store_unit_id: 'C', complaints: 4 }, { store_unit_id: 'D', complaints: 4 }]);
    expect(tied.map((x) => [x.store_unit_id, x.rank, x.tied])).toEqual([['A', 1, true], ['B', 1, true], ['C', 1, true], ['D', 1, true]]);
  });

  it('splits amounts exactly and redistributes to the other stores ("所收罚金将分配至体系其他门店")', () => {
    expect(splitFen(50_000, [1, 1, 1])).toEqual([16_667, 16_667, 16_666]);
    expect(redistribution(50_000, 'B', ['A', 'B', 'C', 'D'])).toEqual([{ unit_id: 'A', amount_fen: 16_667 }, { unit_id: 'C', amount_fen: 16_667 }, { unit_id: 'D', amount_fen: 16_666 }]);
  });
});
