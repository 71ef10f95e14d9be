import type { CaseKind, CaseStatus, Channel, RemedyType, Role, Satisfaction, Severity, Validity, VisitMethod } from './enums.ts';

/** What an investigation recorded (the `investigate` action). */
export interface Investigation {
  scope?: string;
  method?: string[];
  findings?: string;
  responsibility?: string;
}

/** The decided remedy (the `resolve` action). */
export interface Remedy {
  types: RemedyType[];
  amount?: number;
  description?: string;
}

/** What a resolution still needs before the customer is told (null when nothing): the resolving department
 * head's sign-off, and an approval by a role whose authority limit covers the compensation. */
export interface ApprovalPending {
  signoff?: { department_id: string };
  authority?: { amount: number; roles: Role[] };
}

/**
 * The fields of a case, shared by the server (which reads them from the database with `D = Date`) and the
 * web client (which receives them as JSON, `D = string`): one definition, so the two cannot drift apart.
 */
export interface CaseRecord<D = string> {
  id: string;
  number: string;
  kind: CaseKind;
  channel: Channel;
  status: CaseStatus;
  version: number;
  subject: string;
  content: string;
  customer_id: string | null;
  customer_name: string;
  customer_phone: string | null;
  customer_address: string | null;
  customer_room: string | null;
  customer_email: string | null;
  occurred_at: D | null;
  occurred_place: string | null;
  complained_party: string | null;
  complained_unit_id: string | null;
  desired_outcome: string | null;
  external_ref: string | null;
  category_id: string | null;
  severity: Severity;
  validity: Validity;
  invalid_explanation: string | null;
  malicious_reason: string | null;
  malicious_reviewer_id: string | null;
  unit_id: string;
  department_id: string | null;
  handler_id: string | null;
  first_responder_id: string;
  registered_by: string;
  investigation: Investigation | null;
  resolution: string | null;
  remedy: Remedy | null;
  answer: string | null;
  feedback_note: string | null;
  /** The return visit (12345 questions): reached? resolved? satisfied? and how. */
  visit_reached: boolean | null;
  visit_satisfaction: Satisfaction | null;
  visit_resolved: boolean | null;
  visit_method: VisitMethod | null;
  visit_comment: string | null;
  suspended_from: CaseStatus | null;
  suspend_reason: string | null;
  return_reason: string | null;
  close_reason: string | null;
  withdraw_reason: string | null;
  parent_case_id: string | null;
  reopen_count: number;
  escalation_level: number;
  /** When it was received; the clocks start then (null on cases registered before it was recorded: created_at). */
  received_at: D | null;
  requested_due_at: D | null;
  /** The severity was stated at registration or triage, not the stored default. */
  severity_given: boolean;
  /** Settled at first contact with `answer` (counts as a direct answer in the statistics). */
  direct_answer: boolean;
  approval_pending: ApprovalPending | null;
  /** The top level's decision on a crisis case (003 第三篇). */
  crisis_decision: string | null;
  crisis_decided_at: D | null;
  crisis_decided_by: string | null;
  created_at: D;
  updated_at: D;
  accepted_at: D | null;
  assigned_at: D | null;
  resolved_at: D | null;
  visited_at: D | null;
  closed_at: D | null;
}
