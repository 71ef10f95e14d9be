import type { CaseKind, Validity } from '../contract/enums.ts';

/**
 * Penalty rules as data (issue 12, DOMAIN.md §5). A rule matches the facts of one case and names an amount and who
 * bears it, in shares; the year-end ranking fines the stores with the most complaints. Pure: no database, no clock.
 * Amounts in settings are yuan; everything computed is fen (1/100 yuan), split exactly.
 */

/** Who can bear (part of) a fine: the store as a whole (全店共担), or a person in a role. */
export const PARTY_ROLES = ['store', 'store_head', 'agent', 'staff', 'shift_leader', 'supervisor'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export interface PenaltyRule {
  code: string;
  /** What the rule matches. `party`: who the complaint is against; `media`: a confirmed report in that medium;
   * `takeover`: the case was taken over by the company complaint center. */
  when: { kinds?: CaseKind[]; party?: 'store' | 'agent' | 'staff'; media?: 'newspaper' | 'tv'; takeover?: boolean; valid_only?: boolean };
  amount_yuan: number;
  /** Weights of the roles sharing the fine (equal weights: equal shares). */
  shares: { role: PartyRole; weight: number }[];
  /** The store is spared this rule when it was not at fault, unless `fine_when_not_at_fault` is set. */
  fault_matters?: boolean;
  /** The seed's words the rule implements. */
  source: string;
}

export interface PenaltySettings {
  preset: 'agency_chain' | 'restaurant' | 'none';
  rules: PenaltyRule[];
  /** The seed contradicts itself ("除非不是因门店原因" / "无论是不是因门店原因"): default only when at fault. */
  fine_when_not_at_fault: boolean;
  /** Year-end ranking: rank (1 = most complaints) → amount; malicious complaints are not counted. */
  year_end: { amounts_yuan: number[]; source: string } | null;
  /** Days from the notice to pay (三日内, natural days). */
  payment_days: number;
  /** Collected fines go to the chain's other stores, in equal shares. */
  redistribute: 'equal_other_stores' | 'none';
}

const Q = {
  store: '（一）、客户因服务质量或其他原因对门店进行投诉，公司将对该门店处人民币500元罚金（门店内全组人员共担）。',
  agent: '（二）、客户因服务质量或其他原因对经纪人进行投诉，公司将对该门店负责人和当事经纪人共处人民币500元罚金。',
  newspaper: '1、客户向报社（任何报社）投诉其门店服务问题或违规操作行为，并在媒体曝光，经查实后，给予被曝光门店500元的罚款。',
  tv: '2、客户向电视媒体（任何电视台）投诉其门店服务问题或违规操作行为，并在电视台曝光，经查实后，给予被曝光门店500元的罚款。',
  takeover: '（三）、……转至公司投诉中心……公司除按规定对门店处以罚款外，还将按宗收取处理费用500元（店面共担）。',
  yearEnd: '（二）、公司将在年底对年度发生的投诉进行汇总，除恶意投诉外，投诉累计数量前三名的门店，将分别对其处以1000元、202_元和3000元的罚款（全店共担）。',
  restaurant: '出现这种事故，不仅要追究服务人员的责任，更要追究当班领班和主管的责任。',
};

/** The real-estate agency chain preset (003 第一篇). The year-end amounts are the seed's, in rank order (the
 * seed's middle figure is garbled and its order would fine the worst store least: DOMAIN.md §5). */
export const AGENCY_CHAIN_PENALTIES: PenaltySettings = {
  preset: 'agency_chain',
  rules: [
    { code: 'store_complaint', when: { kinds: ['complaint'], party: 'store', valid_only: true }, amount_yuan: 500, shares: [{ role: 'store', weight: 1 }], source: Q.store },
    { code: 'agent_complaint', when: { kinds: ['complaint'], party: 'agent', valid_only: true }, amount_yuan: 500, shares: [{ role: 'store_head', weight: 1 }, { role: 'agent', weight: 1 }], source: Q.agent },
    { code: 'newspaper_exposure', when: { media: 'newspaper' }, amount_yuan: 500, shares: [{ role: 'store', weight: 1 }], source: Q.newspaper },
    { code: 'tv_exposure', when: { media: 'tv' }, amount_yuan: 500, shares: [{ role: 'store', weight: 1 }], source: Q.tv },
    { code: 'takeover_fee', when: { takeover: true }, amount_yuan: 500, shares: [{ role: 'store', weight: 1 }], fault_matters: true, source: Q.takeover },
  ],
  fine_when_not_at_fault: false,
  year_end: { amounts_yuan: [3000, 2000, 1000], source: Q.yearEnd },
  payment_days: 3,
  redistribute: 'equal_other_stores',
};

/** The restaurant preset (003 第三篇): the server, the shift leader and the supervisor answer together. The seed
 * names no amount: the preset records accountability at 0 yuan until the organisation sets one. */
export const RESTAURANT_PENALTIES: PenaltySettings = {
  preset: 'restaurant',
  rules: [
    {
      code: 'staff_complaint', when: { kinds: ['complaint'], party: 'staff', valid_only: true }, amount_yuan: 0,
      shares: [{ role: 'staff', weight: 1 }, { role: 'shift_leader', weight: 1 }, { role: 'supervisor', weight: 1 }], source: Q.restaurant,
    },
  ],
  fine_when_not_at_fault: false,
  year_end: null,
  payment_days: 3,
  redistribute: 'none',
};

export const NO_PENALTIES: PenaltySettings = { preset: 'none', rules: [], fine_when_not_at_fault: false, year_end: null, payment_days: 3, redistribute: 'none' };

/** The facts of one case a rule reads. */
export interface CaseFacts {
  kind: CaseKind;
  validity: Validity;
  /** Withdrawn by the customer or merged into another case: nothing to answer for. */
  withdrawn: boolean;
  party: 'store' | 'agent' | 'staff' | 'none';
  storeUnitId: string | null;
  /** Role → user id of the people involved (agent, store_head, staff, shift_leader, supervisor). */
  people: Partial<Record<PartyRole, string>>;
  atFault: boolean;
  /** Media whose report is confirmed (judged true, or treated as true when not clarified in time). */
  confirmedMedia: ('newspaper' | 'tv')[];
  takenOver: boolean;
}

export interface FineShare { party_kind: 'unit' | 'user'; party_id: string; role: PartyRole; amount_fen: number }
export interface FineDraft { rule_code: string; amount_fen: number; store_unit_id: string | null; shares: FineShare[]; source: string }
/** A rule that matched but cannot be charged (a party is missing), so the ledger can say why. */
export interface FineGap { rule_code: string; missing: PartyRole[] }

/** Splits `total` fen by `weights`, exactly: the remainder goes one fen at a time to the first parties. */
export function splitFen(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest > 0; i = (i + 1) % parts.length) {
    if (weights[i]! > 0) {
      parts[i]! += 1;
      rest -= 1;
    }
  }
  return parts;
}

function matches(rule: PenaltyRule, f: CaseFacts): boolean {
  const w = rule.when;
  if (f.withdrawn || f.validity === 'malicious' || f.validity === 'invalid') return false;
  if (w.valid_only && f.validity !== 'valid') return false;
  if (w.kinds && !w.kinds.includes(f.kind)) return false;
  if (w.party && f.party !== w.party) return false;
  if (w.media && !f.confirmedMedia.includes(w.media)) return false;
  if (w.takeover && !f.takenOver) return false;
  return true;
}

/** The fines one case earns under `settings`, and the rules that matched but lack a party. */
export function finesForCase(settings: PenaltySettings, f: CaseFacts): { fines: FineDraft[]; gaps: FineGap[] } {
  const fines: FineDraft[] = [];
  const gaps: FineGap[] = [];
  for (const rule of settings.rules) {
    if (!matches(rule, f)) continue;
    if (rule.fault_matters && !f.atFault && !settings.fine_when_not_at_fault) continue;
    const missing = rule.shares.filter((s) => (s.role === 'store' ? !f.storeUnitId : !f.people[s.role])).map((s) => s.role);
    if (missing.length > 0) {
      gaps.push({ rule_code: rule.code, missing });
      continue;
    }
    const amount = Math.round(rule.amount_yuan * 100);
    const parts = splitFen(amount, rule.shares.map((s) => s.weight));
    fines.push({
      rule_code: rule.code,
      amount_fen: amount,
      store_unit_id: f.storeUnitId,
      source: rule.source,
      shares: rule.shares.map((s, i) => (s.role === 'store'
        ? { party_kind: 'unit', party_id: f.storeUnitId!, role: 'store', amount_fen: parts[i]! }
        : { party_kind: 'user', party_id: f.people[s.role]!, role: s.role, amount_fen: parts[i]! })),
    });
  }
  return { fines, gaps };
}

export interface RankedStore { store_unit_id: string; complaints: number; rank: number; amount_fen: number; tied: boolean }

/**
 * The year-end ranking: stores by complaint count (malicious ones already left out by the caller), most first;
 * stores level on count share a rank (competition ranking: 1, 1, 3) and each is fined that rank's amount, flagged
 * `tied` so the reviewer sees it. Stores with no complaints are never fined.
 */
export function yearEndRanking(settings: PenaltySettings, counts: { store_unit_id: string; complaints: number }[]): RankedStore[] {
  const amounts = settings.year_end?.amounts_yuan ?? [];
  const sorted = counts.filter((c) => c.complaints > 0).sort((a, b) => b.complaints - a.complaints); // stable: level stores keep the caller's order
  const out: RankedStore[] = [];
  sorted.forEach((c, i) => {
    const rank = i > 0 && sorted[i - 1]!.complaints === c.complaints ? out[i - 1]!.rank : i + 1;
    if (rank > amounts.length) return;
    const tied = sorted.filter((o) => o.complaints === c.complaints).length > 1;
    out.push({ ...c, rank, amount_fen: Math.round(amounts[rank - 1]! * 100), tied });
  });
  return out;
}

/** Collected fen from `fromStore` shared equally by the chain's other stores (remainder one fen at a time, in the given order). */
export function redistribution(amountFen: number, fromStore: string | null, stores: string[]): { unit_id: string; amount_fen: number }[] {
  const others = stores.filter((s) => s !== fromStore);
  const parts = splitFen(amountFen, others.map(() => 1));
  return others.map((unit_id, i) => ({ unit_id, amount_fen: parts[i]! }));
}

/** The fine states and the moves between them. */
export const FINE_MOVES: Record<string, string[]> = {
  notice: ['paid', 'waived', 'appealed'],
  appealed: ['upheld', 'overturned'],
  upheld: ['paid', 'waived'],
  paid: [],
  waived: [],
  overturned: [],
  recorded: [],
  /** No longer earned after the case's facts changed (see app/accountability/liability.ts). */
  withdrawn: [],
};
