import type { ActionName } from '@contract/cases.ts';
import type * as contract from '@contract/cases.ts';
import { CASE_KINDS, REMEDY_TYPES, SATISFACTIONS, SEVERITIES, VISIT_METHODS } from '@contract/enums.ts';
import type { Messages } from '../../i18n/zh-CN.ts';

/** How one field of an action's request is entered. */
export type FieldKind =
  | 'textarea' | 'enum' | 'enumMulti' | 'category' | 'department' | 'handler' | 'user' | 'number' | 'rate' | 'boolean' | 'yesno'
  | 'datetime' | 'case';

type LabelSet = 'kinds' | 'severities' | 'validities' | 'remedyTypes' | 'methods' | 'responsibilities' | 'escalationKinds' | 'slaUnits' | 'sla.clocks' | 'mediaVerdicts' | 'mediumLevels' | 'satisfactions' | 'visitMethods';

export interface FieldSpec {
  /** Path in the request body (['remedy', 'types'] for nested fields). */
  name: string[];
  label: keyof Messages['fields'];
  kind: FieldKind;
  required?: boolean;
  values?: readonly string[];
  labels?: LabelSet;
  /** Shown only while another field has one of these values. */
  when?: { field: string; is: readonly unknown[] };
  /** Users picked from these roles only (approvers, reviewers). */
  roles?: readonly string[];
}

// Copied rather than imported so the bundle does not pull in zod; the annotations keep them equal to the contract's.
const CLOCK_KINDS: typeof contract.CLOCK_KINDS = ['acknowledge', 'first_contact', 'resolve', 'visit', 'clarify'];
const ESCALATION_KINDS: typeof contract.ESCALATION_KINDS = ['customer_dissatisfied', 'handler_cannot_decide', 'emotional_customer', 'other'];
const SLA_UNITS: typeof contract.SLA_UNITS = ['natural_hours', 'natural_days', 'working_hours', 'working_days', 'end_of_working_day'];

const f = (name: string, label: keyof Messages['fields'], kind: FieldKind, more: Partial<FieldSpec> = {}): FieldSpec => ({
  name: name.split('.'), label, kind, ...more,
});
const note = f('note', 'note', 'textarea');
const reason = f('reason', 'reason', 'textarea', { required: true });
const MANAGERS = ['department_head', 'unit_manager', 'complaint_center', 'admin'] as const;

/**
 * The fields each action's modal asks for, mirroring `ActionRequests` in src/contract/cases.ts (the server
 * validates again and its `details` paths land on these fields).
 */
export const ACTION_FIELDS: Partial<Record<ActionName, FieldSpec[]>> = {
  accept: [
    f('category_id', 'category', 'category', { required: true }),
    f('severity', 'severity', 'enum', { required: true, values: SEVERITIES, labels: 'severities' }),
    f('validity', 'validity', 'enum', { required: true, values: ['valid', 'invalid', 'malicious'], labels: 'validities' }),
    f('invalid_explanation', 'invalid_explanation', 'textarea', { when: { field: 'validity', is: ['invalid'] } }),
    f('malicious_reason', 'malicious_reason', 'textarea', { when: { field: 'validity', is: ['malicious'] } }),
    f('malicious_reviewer_id', 'approver', 'user', { when: { field: 'validity', is: ['malicious'] }, roles: MANAGERS }),
    f('kind', 'kind', 'enum', { values: CASE_KINDS, labels: 'kinds' }),
    note,
  ],
  // Settled on the spot, any kind: the explanation given and the remedy, if any.
  answer: [
    f('answer', 'answer', 'textarea', { required: true }),
    f('remedy.types', 'remedy_types', 'enumMulti', { values: REMEDY_TYPES, labels: 'remedyTypes' }),
    f('remedy.amount', 'remedy_amount', 'number'),
    f('remedy.description', 'remedy_description', 'textarea'),
    note,
  ],
  assign: [f('department_id', 'department', 'department', { required: true }), f('handler_id', 'handler', 'handler'), note],
  transfer: [f('department_id', 'department', 'department', { required: true }), f('handler_id', 'handler', 'handler'), reason],
  return: [reason],
  start: [note],
  investigate: [
    f('findings', 'findings', 'textarea', { required: true }),
    f('scope', 'scope', 'textarea'),
    f('method', 'method', 'enumMulti', { values: ['site_inspection', 'customer_feedback', 'records', 'cctv', 'interview', 'other'], labels: 'methods' }),
    f('responsibility', 'responsibility', 'enum', { values: ['ours', 'customer', 'third_party', 'shared', 'none'], labels: 'responsibilities' }),
  ],
  resolve: [
    f('resolution', 'resolution', 'textarea', { required: true }),
    f('remedy.types', 'remedy_types', 'enumMulti', { required: true, values: REMEDY_TYPES, labels: 'remedyTypes' }),
    f('remedy.amount', 'remedy_amount', 'number'),
    f('remedy.description', 'remedy_description', 'textarea'),
    note,
  ],
  feedback: [f('note', 'note', 'textarea', { required: true })],
  // The 12345 three questions; resolved and satisfaction are asked once the customer is reached.
  visit: [
    f('reached', 'reached', 'boolean'),
    f('method', 'visit_method', 'enum', { required: true, values: VISIT_METHODS, labels: 'visitMethods' }),
    // Asked, never presumed: a yes/no with no default, not a switch that starts at one of them.
    f('resolved', 'resolved', 'yesno', { required: true, when: { field: 'reached', is: [true] } }),
    f('satisfaction', 'satisfaction', 'enum', { required: true, values: SATISFACTIONS, labels: 'satisfactions', when: { field: 'reached', is: [true] } }),
    f('comment', 'comment', 'textarea'),
  ],
  approve_resolution: [note],
  reject_resolution: [reason],
  decide: [f('decision', 'decision', 'textarea', { required: true })],
  close: [f('reason', 'reason', 'textarea')],
  reopen: [reason],
  suspend: [reason],
  resume: [note],
  merge: [f('parent_case_id', 'parent_case', 'case', { required: true }), note],
  withdraw: [reason],
  comment: [f('note', 'note', 'textarea', { required: true })],
  escalate: [f('kind', 'escalation_kind', 'enum', { required: true, values: ESCALATION_KINDS, labels: 'escalationKinds' }), reason],
  extend: [
    f('clock', 'clock', 'enum', { required: true, values: CLOCK_KINDS, labels: 'sla.clocks' }),
    f('amount', 'amount', 'number', { required: true }),
    f('unit', 'sla_unit', 'enum', { required: true, values: SLA_UNITS.filter((u) => u !== 'end_of_working_day'), labels: 'slaUnits' }),
    reason,
  ],
  // Decided by the person the SLA policy names (the server says who; `abilities` offers these to them only).
  approve_extension: [note],
  reject_extension: [reason],
  judge_media_report: [f('verdict', 'verdict', 'enum', { required: true, values: ['false', 'true'], labels: 'mediaVerdicts' }), note],
  clarify: [
    f('medium', 'medium', 'textarea', { required: true }),
    f('medium_level', 'medium_level', 'enum', { required: true, values: ['original', 'same_level'], labels: 'mediumLevels' }),
    f('published_on', 'published_on', 'datetime', { required: true }),
    note,
  ],
  supervise: [f('note', 'note', 'textarea', { required: true }), f('deadline', 'deadline', 'datetime')],
};

/** Actions whose request carries no `version` (their schemas reject one). */
export const UNVERSIONED: ReadonlySet<string> = new Set(['comment', 'supervise', 'reveal_phone']);

/** The order buttons appear in: the lifecycle's forward path first, then the side steps. */
export const ACTION_ORDER: readonly string[] = [
  'accept', 'decide', 'answer', 'assign', 'start', 'investigate', 'resolve', 'approve_resolution', 'reject_resolution', 'feedback', 'visit', 'close', 'transfer', 'return',
  'suspend', 'resume', 'reopen', 'escalate', 'extend', 'approve_extension', 'reject_extension', 'judge_media_report', 'clarify',
  'supervise', 'merge', 'withdraw', 'comment',
];

/** Actions shown as the page's main button(s). */
export const PRIMARY_ACTIONS: ReadonlySet<string> = new Set(['accept', 'decide', 'assign', 'start', 'resolve', 'approve_resolution', 'visit', 'close', 'resume']);
