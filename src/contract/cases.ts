import { z } from 'zod';
import { isChinesePhone } from './phone.ts';
import { CASE_KINDS, CHANNELS, LOCALES, REMEDY_TYPES, SATISFACTIONS, SEVERITIES, VALIDITIES, VISIT_METHODS, CASE_STATUSES } from './enums.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).optional();
const uuid = z.uuid();

export { isChinesePhone };

const phone = z.string().trim().max(30).refine(isChinesePhone, { message: 'invalid_phone', params: { code: 'invalid_phone' } });

/** POST /api/v1/cases — everything recorded at first contact (DOMAIN.md §2 register). */
export const RegisterCaseRequest = z.strictObject({
  kind: z.enum(CASE_KINDS),
  channel: z.enum(CHANNELS),
  subject: text(200),
  content: text(20_000),
  customer: z.strictObject({
    id: uuid.optional(),
    name: text(100),
    phone: phone.optional(),
    email: z.email().optional(),
    address: optText(300),
    room: optText(50),
    /** The language the customer is written to in (kept on the customer; default zh-CN). */
    locale: z.enum(LOCALES).optional(),
  }),
  occurred_at: z.iso.datetime({ offset: true }).optional(),
  occurred_place: optText(300),
  complained_party: optText(200),
  complained_unit_id: uuid.optional(),
  desired_outcome: optText(2000),
  unit_id: uuid.optional(),
  category_id: uuid.optional(),
  severity: z.enum(SEVERITIES).optional(),
  external_ref: optText(100),
  /** When it was received (a letter, a 12345 transfer), if earlier than now; the clocks start then. */
  received_at: z.iso.datetime({ offset: true }).optional(),
  /** A deadline the customer asked for; counts when sooner than the policy's. */
  requested_due_at: z.iso.datetime({ offset: true }).optional(),
});
export type RegisterCaseRequest = z.infer<typeof RegisterCaseRequest>;

const version = z.number().int().positive();

export const ESCALATION_KINDS = ['customer_dissatisfied', 'handler_cannot_decide', 'emotional_customer', 'other'] as const;
export const CLOCK_KINDS = ['acknowledge', 'first_contact', 'resolve', 'visit', 'clarify'] as const;
export const SLA_UNITS = ['natural_hours', 'natural_days', 'working_hours', 'working_days', 'end_of_working_day'] as const;

const Remedy = z.strictObject({
  types: z.array(z.enum(REMEDY_TYPES)).min(1),
  amount: z.number().nonnegative().max(10_000_000).optional(),
  description: optText(2000),
});

/** One request schema per lifecycle action; the action table in domain/lifecycle.ts names the same fields. */
export const ActionRequests = {
  accept: z.strictObject({
    version,
    kind: z.enum(CASE_KINDS).optional(),
    category_id: uuid,
    severity: z.enum(SEVERITIES),
    validity: z.enum(VALIDITIES).exclude(['pending']),
    invalid_explanation: optText(2000),
    malicious_reason: optText(2000),
    malicious_reviewer_id: uuid.optional(),
    note: optText(2000),
  }),
  /** Settled at first contact (004 场景一), any kind: the explanation given and the remedy, if any. */
  answer: z.strictObject({ version, answer: text(5000), remedy: Remedy.optional(), note: optText(2000) }),
  assign: z.strictObject({ version, department_id: uuid, handler_id: uuid.optional(), note: optText(2000) }),
  transfer: z.strictObject({
    version, department_id: uuid, handler_id: uuid.optional(), reason: text(2000),
    /** An explicit move to a department of another unit (the case's unit changes with it). */
    cross_unit: z.boolean().optional(),
  }),
  return: z.strictObject({ version, reason: text(2000) }),
  start: z.strictObject({ version, note: optText(2000) }),
  investigate: z.strictObject({
    version,
    scope: optText(2000),
    method: z.array(z.enum(['site_inspection', 'customer_feedback', 'records', 'cctv', 'interview', 'other'])).optional(),
    findings: text(5000),
    responsibility: z.enum(['ours', 'customer', 'third_party', 'shared', 'none']).optional(),
  }),
  resolve: z.strictObject({ version, resolution: text(5000), remedy: Remedy, note: optText(2000) }),
  feedback: z.strictObject({ version, note: text(2000) }),
  /** The 12345 three questions: reached? resolved? satisfied? (asked only when reached). */
  visit: z
    .strictObject({
      version,
      reached: z.boolean(),
      resolved: z.boolean().optional(),
      satisfaction: z.enum(SATISFACTIONS).optional(),
      method: z.enum(VISIT_METHODS),
      comment: optText(2000),
    })
    .superRefine((v, ctx) => {
      if (!v.reached) return;
      for (const k of ['resolved', 'satisfaction'] as const) {
        if (v[k] === undefined) ctx.addIssue({ code: 'custom', path: [k], message: 'required', params: { code: 'required' } });
      }
    }),
  /** The resolving department head's sign-off, or an approval of a compensation above the resolver's limit. */
  approve_resolution: z.strictObject({ version, note: optText(2000) }),
  reject_resolution: z.strictObject({ version, reason: text(2000) }),
  /** The top level's decision on a crisis case, before anyone answers the customer (003 第三篇). */
  decide: z.strictObject({ version, decision: text(5000) }),
  close: z.strictObject({ version, reason: optText(2000) }),
  reopen: z.strictObject({ version, reason: text(2000) }),
  suspend: z.strictObject({ version, reason: text(2000) }),
  resume: z.strictObject({ version, note: optText(2000) }),
  merge: z.strictObject({ version, parent_case_id: uuid, note: optText(2000) }),
  withdraw: z.strictObject({ version, reason: text(2000) }),
  comment: z.strictObject({ note: text(5000) }),
  reveal_phone: z.strictObject({ reason: text(500) }),
  escalate: z.strictObject({
    version: version.optional(),
    reason: text(2000),
    kind: z.enum(ESCALATION_KINDS),
  }),
  extend: z.strictObject({
    version,
    clock: z.enum(CLOCK_KINDS).default('resolve'),
    amount: z.number().positive().max(10_000),
    unit: z.enum(SLA_UNITS).exclude(['end_of_working_day']),
    reason: text(2000),
  }),
  judge_media_report: z.strictObject({ version, verdict: z.enum(['false', 'true']), note: optText(2000) }),
  clarify: z.strictObject({
    version,
    medium: text(200),
    medium_level: z.enum(['original', 'same_level']),
    // A date, or a date-time (the UI's picker) read as that day in the organisation's time zone.
    published_on: z.union([z.iso.date(), z.iso.datetime({ offset: true })]),
    note: optText(2000),
  }),
  approve_extension: z.strictObject({ version, clock: z.enum(CLOCK_KINDS).default('resolve'), note: optText(2000) }),
  reject_extension: z.strictObject({ version, clock: z.enum(CLOCK_KINDS).default('resolve'), reason: text(2000) }),
  supervise: z.strictObject({ note: text(2000), deadline: z.iso.datetime({ offset: true }).optional() }),
} as const;
export type ActionName = keyof typeof ActionRequests;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .meta({ description: `Comma-separated, any of: ${values.join(', ')}` })
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

/** GET /api/v1/cases query string. */
export const ListCasesQuery = z.strictObject({
  status: csv(CASE_STATUSES).optional(),
  kind: csv(CASE_KINDS).optional(),
  severity: csv(SEVERITIES).optional(),
  channel: csv(CHANNELS).optional(),
  // `none`: cases not yet categorised (the analytics drill-through of the uncategorised figure).
  category_id: z.union([uuid, z.literal('none')]).optional(),
  unit_id: uuid.optional(),
  handler_id: uuid.optional(),
  customer_id: uuid.optional(),
  created_from: z.iso.datetime({ offset: true }).optional(),
  created_to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().max(100).optional(),
  // The staff workbench (issue 9): the 督办 queue (cases a manager has sent a supervision notice on).
  supervised: z.enum(['1', 'true']).optional(),
  sort: z.enum(['created_at', '-created_at', 'updated_at', '-updated_at', 'severity', '-severity', 'number', '-number']).default('-created_at'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
  // Scale (issue 8): keyset paging. `after` is the `next_cursor` of the previous page; with it `page` is ignored and
  // a deep page costs what the first one does.
  after: z.string().max(300).optional().meta({ description: 'The next_cursor of the previous page (keyset paging; page is then ignored)' }),
});
export type ListCasesQuery = z.infer<typeof ListCasesQuery>;

export const LoginRequest = z.strictObject({
  username: text(100),
  password: z.string().min(1).max(200),
  org: optText(100),
});
