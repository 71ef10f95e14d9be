import { z } from 'zod';
import { isChinesePhone } from './phone.ts';
import { CASE_KINDS, SATISFACTIONS } from './enums.ts';

/** The customer portal's API (/api/v1/portal/…): what a customer sends and sees, without a staff account. */

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).optional();
const phone = z.string().trim().max(30).refine(isChinesePhone, { message: 'invalid_phone', params: { code: 'invalid_phone' } });
const PORTAL_KIND = z.enum(['complaint', 'suggestion', 'inquiry', 'praise']);
const LOCALE = z.enum(['zh-CN', 'en-US']);

export const PortalSlugParams = z.strictObject({ slug: z.string().trim().min(1).max(100).regex(/^[a-z0-9-]+$/) });
export const PortalLocaleQuery = z.strictObject({ locale: LOCALE.optional() });

export const PortalOrgView = z.object({
  slug: z.string(),
  name: z.string(),
  kinds: z.array(PORTAL_KIND),
  categories: z.array(z.object({ id: z.uuid(), name: z.string() })),
  /** Registration fields the organisation requires (paths as in the submission, e.g. customer.room). */
  required_fields: z.array(z.string()),
  /** The notice to accept first; `text` null means the portal's standard notice of that version. */
  privacy_notice: z.object({ version: z.string(), text: z.string().nullable() }),
});
export type PortalOrgView = z.infer<typeof PortalOrgView>;

export const PortalSubmitRequest = z.strictObject({
  consent: z.strictObject({ accepted: z.literal(true), notice_version: text(50), locale: LOCALE }),
  kind: PORTAL_KIND,
  subject: text(200).optional(),
  content: text(5000),
  customer: z.strictObject({
    name: text(100),
    phone,
    email: z.email().optional(),
    address: optText(300),
    room: optText(50),
  }),
  category_id: z.uuid().optional(),
  occurred_at: z.iso.datetime({ offset: true }).optional(),
  occurred_place: optText(300),
  desired_outcome: optText(2000),
});
export type PortalSubmitRequest = z.infer<typeof PortalSubmitRequest>;

export const PortalSubmitted = z.object({ number: z.string(), token: z.string(), expires_at: z.date() });

export const PortalTrackRequest = z.strictObject({
  number: text(40),
  phone: text(30),
  /** A one-time code sent by SMS, where the organisation uses them. */
  code: z.string().trim().min(4).max(10).optional(),
});

const STAGES = ['received', 'in_progress', 'resolved', 'closed', 'merged', 'withdrawn'] as const;
export const PortalCaseView = z.object({
  number: z.string(),
  kind: z.enum(CASE_KINDS),
  subject: z.string(),
  submitted_at: z.string(),
  stage: z.enum(STAGES),
  photos: z.number().int(),
  can_add_information: z.boolean(),
  can_answer_visit: z.boolean(),
  visit_answered: z.boolean(),
  progress: z.array(
    z.object({
      at: z.string(),
      type: z.enum(['stage', 'reply', 'customer_note']),
      stage: z.enum(STAGES).optional(),
      text: z.string().optional(),
    }),
  ),
});
export type PortalCaseView = z.infer<typeof PortalCaseView>;

export const PortalTracked = z.object({ token: z.string(), expires_at: z.date(), case: PortalCaseView });

export const PortalNoteRequest = z.strictObject({ note: text(2000) });

export const PortalVisitRequest = z.strictObject({
  resolved: z.boolean(),
  satisfaction: z.enum(SATISFACTIONS),
  comment: optText(2000),
});
export type PortalVisitRequest = z.infer<typeof PortalVisitRequest>;

export const PortalPhotoQuery = z.strictObject({ filename: z.string().trim().min(1).max(255) });
export const PortalPhotoAdded = z.object({ filename: z.string(), size: z.number().int() });

export const CustomerReplyRequest = z.strictObject({ note: text(2000) });
