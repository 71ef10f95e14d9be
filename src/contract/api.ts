import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';
import { CASE_KINDS, CASE_STATUSES, CHANNELS, LOCALES, REMEDY_TYPES, ROLES, SEVERITIES, VALIDITIES } from './enums.ts';

/**
 * Shapes of the API's responses and shared path parameters, for the OpenAPI document (src/server/contract.ts).
 * Responses are open objects: capabilities may add fields (e.g. the SLA clocks on a case), never remove them.
 */

/** `{id}` in a path. A path whose id is not a uuid names nothing: the server answers 404 not_found. */
export const IdParams = z.strictObject({ id: z.uuid() });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().meta({ description: 'In the caller’s language (Accept-Language; zh-CN by default)' }),
      details: z.unknown().optional().meta({ description: 'For validation_failed and invalid_text: [{path, code, message}], every issue' }),
    }),
  })
  .meta({ id: 'Error' });

const at = z.iso.datetime({ offset: true });
const nullableText = z.string().nullable();

export const CaseView = z
  .looseObject({
    id: z.uuid(),
    number: z.string(),
    kind: z.enum(CASE_KINDS),
    channel: z.enum(CHANNELS),
    status: z.enum(CASE_STATUSES),
    version: z.number().int(),
    subject: z.string(),
    content: z.string(),
    customer_id: z.uuid().nullable(),
    customer_name: z.string(),
    customer_phone: nullableText.meta({ description: 'Masked (138****1234) unless the role sees full phones' }),
    phone_masked: z.boolean(),
    customer_address: nullableText,
    customer_room: nullableText,
    customer_email: nullableText,
    occurred_at: at.nullable(),
    occurred_place: nullableText,
    complained_party: nullableText,
    complained_unit_id: z.uuid().nullable(),
    desired_outcome: nullableText,
    external_ref: nullableText,
    category_id: z.uuid().nullable(),
    severity: z.enum(SEVERITIES),
    validity: z.enum(VALIDITIES),
    unit_id: z.uuid(),
    department_id: z.uuid().nullable(),
    handler_id: z.uuid().nullable(),
    first_responder_id: z.uuid(),
    registered_by: z.uuid(),
    investigation: z.looseObject({}).nullable(),
    resolution: nullableText,
    remedy: z.looseObject({ types: z.array(z.enum(REMEDY_TYPES)) }).nullable(),
    answer: nullableText,
    suspended_from: z.enum(CASE_STATUSES).nullable(),
    parent_case_id: z.uuid().nullable(),
    reopen_count: z.number().int(),
    escalation_level: z.number().int(),
    received_at: at.nullable(),
    requested_due_at: at.nullable(),
    severity_given: z.boolean(),
    created_at: at,
    updated_at: at,
    unit_name: nullableText,
    department_name: nullableText,
    handler_name: nullableText,
    category_name: nullableText,
    abilities: z.array(z.string()).meta({ description: 'The lifecycle actions the caller may take now' }),
  })
  .meta({ id: 'Case' });

export const TimelineEvent = z.looseObject({
  id: z.number().int(),
  at,
  action: z.string(),
  from_status: z.enum(CASE_STATUSES).nullable(),
  to_status: z.enum(CASE_STATUSES).nullable(),
  note: nullableText,
  data: z.unknown(),
  actor: z.object({ id: z.uuid(), display_name: z.string() }).nullable(),
});

export const AttachmentView = z
  .object({ id: z.uuid(), filename: z.string(), mime: z.string(), size: z.number().int(), sha256: z.string() })
  .meta({ id: 'Attachment' });

export const CaseDetail = CaseView.extend({
  timeline: z.array(TimelineEvent),
  attachments: z.array(AttachmentView.extend({ created_at: at, purged_at: at.nullable().optional().meta({ description: 'Set when retention deleted the file (its name is then ***)' }) })),
  merged_cases: z.array(z.object({ id: z.uuid(), number: z.string(), subject: z.string() })),
}).meta({ id: 'CaseDetail' });

export const RegisteredCase = CaseView.extend({
  related_open_cases: z.array(z.looseObject({ id: z.uuid(), number: z.string() })).optional()
    .meta({ description: 'With ?related=true: the caller’s other open cases the registering person may see, newest first (at most 10)' }),
}).meta({ id: 'RegisteredCase' });

/** POST /api/v1/cases: `related=true` also looks up the caller's other open cases (on demand: issue 8). */
export const RegisterCaseQuery = z.strictObject({
  related: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional(),
});

/** A page of a server-paginated list. */
export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), page_size: z.number().int() });

/** A plain list (reference data). */
export const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A stored row of reference or settings data: its id and fields. */
export const Row = z.looseObject({ id: z.uuid() });

export const UserView = z
  .looseObject({ id: z.uuid(), username: z.string(), display_name: z.string(), roles: z.array(z.enum(ROLES)), unit_id: z.uuid(), locale: z.enum(LOCALES) })
  .meta({ id: 'User' });

export const LoginResponse = z.object({ token: z.string(), user: UserView });

/** An answer with no body (204). */
export const NoContent = z.null().meta({ description: 'No content' });
