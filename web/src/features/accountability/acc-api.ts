import { request } from '../../api.ts';

/** The accountability endpoints (src/server/routes/accountability.routes.ts) as the pages read them. */
export interface FineShare { party_kind: string; party_id: string; role: string; amount_fen: number }
export interface Fine {
  id: string; case_id: string | null; case_number: string | null; rule_code: string; store_unit_id: string | null; amount_fen: number; state: string;
  noticed_at: string; due_at: string; overdue: boolean; shares: FineShare[]; review: { reason: string } | null;
  appeal: { reason?: string; evidence?: string | null; decision?: string; note?: string | null } | null;
}
export interface Liability { party: 'store' | 'agent' | 'staff' | 'none'; store_unit_id?: string | null; people?: Record<string, string>; at_fault?: boolean; media?: ('newspaper' | 'tv')[] }
export interface CaseAccountability {
  case_id: string; validity: string; media_confirmed: boolean; taken_over: boolean;
  liability: (Liability & { updated_at: string }) | null; fines: Fine[]; gaps: { rule_code: string; missing: string[] }[]; store_unit_id: string | null;
  malicious_appeal: { reason: string; evidence: string | null; decision: string | null; note: string | null } | null;
}
export interface Reconciled { fines: Fine[]; gaps: { rule_code: string; missing: string[] }[]; store_unit_id: string | null; issued: string[]; withdrawn: string[]; flagged: string[] }
export interface Check { at: string; before: { from: string; to: string; complaints: number }; after: { from: string; to: string; complaints: number }; change: number; effective: boolean }
export interface Corrective {
  id: string; title: string; category_id: string | null; unit_id: string | null; case_ids: string[]; root_cause: string; plan: string; owner_id: string;
  due_at: string; check_after_days: number; state: string; evidence: string | null; done_at: string | null; overdue: boolean; checks: Check[];
  check_due_at: string | null; created_at: string; closed_at: string | null;
}
export interface CorrectiveInput {
  title: string; case_ids?: string[]; category_id?: string | null; unit_id?: string | null; root_cause: string; plan: string; owner_id: string; due_at: string; check_after_days?: number;
}
export interface Review { id: string; kind: string; case_id: string | null; period_from: string | null; period_to: string | null; score: number | null; findings: string; actions: string | null; created_at: string; created_by: string }
export interface Difficult { customer_id: string; name: string; reason: string; created_at: string; created_by: string }

export interface StatementLine { fine_id: string; case_id: string | null; case_number: string | null; rule_code: string; state: string; due_at: string; overdue: boolean; amount_fen: number }
export interface StatementTotals { charged_fen: number; owed_fen: number; paid_fen: number; waived_fen: number; withdrawn_fen: number; disputed_fen: number; received_fen: number }
export interface Statement { party_id: string | null; lines: StatementLine[]; totals: StatementTotals }

const enc = encodeURIComponent;

export const accApi = {
  caseView: (id: string) => request<CaseAccountability>('GET', `/accountability/cases/${id}`),
  setLiability: (id: string, body: Liability) => request<Reconciled>('PUT', `/accountability/cases/${id}/liability`, body),
  setValidity: (id: string, body: { validity: string; reason: string }) => request<Reconciled>('PUT', `/accountability/cases/${id}/validity`, body),
  fines: (q: { state?: string | undefined } = {}) => request<{ items: Fine[] }>('GET', `/accountability/fines${q.state ? `?state=${enc(q.state)}` : ''}`),
  statement: (q: { unit_id?: string; user_id?: string; year?: number }) =>
    request<Statement>('GET', `/accountability/statements?${Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${enc(String(v))}`).join('&')}`),
  moveFine: (id: string, move: string, body: { reason?: string; evidence?: string; note?: string }) => request<Fine>('POST', `/accountability/fines/${id}/${move}`, body),
  correctiveList: () => request<{ items: Corrective[] }>('GET', '/corrective-actions'),
  corrective: (id: string) => request<Corrective>('GET', `/corrective-actions/${id}`),
  createCorrective: (body: CorrectiveInput) => request<Corrective>('POST', '/corrective-actions', body),
  completeCorrective: (id: string, evidence: string) => request<Corrective>('POST', `/corrective-actions/${id}/complete`, { evidence }),
  checkCorrective: (id: string) => request<Corrective>('POST', `/corrective-actions/${id}/check`, {}),
  reviews: (caseId: string) => request<{ items: Review[] }>('GET', `/reviews?case_id=${enc(caseId)}`),
  createReview: (body: { kind: 'handling' | 'retrospective'; case_id?: string; period_from?: string; period_to?: string; score?: number; findings: string; actions?: string }) =>
    request<Review>('POST', '/reviews', body),
  difficult: () => request<{ items: Difficult[] }>('GET', '/difficult-customers'),
  markDifficult: (customerId: string, reason: string) => request<Difficult>('PUT', `/difficult-customers/${customerId}`, { reason }),
  unmarkDifficult: (customerId: string) => request<undefined>('DELETE', `/difficult-customers/${customerId}`),
};

/** The caller's abilities (`GET /abilities`), shared with the layout's query. */
export const ABILITIES_KEY = 'acc-abilities';
