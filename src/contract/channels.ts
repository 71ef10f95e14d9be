import { z } from 'zod';
import { isChinesePhone } from './phone.ts';
import { CASE_KINDS } from './enums.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).optional();
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** POST /api/v1/admin/api-tokens — a token for an external system (12345 transfers in). */
export const CreateApiTokenRequest = z.strictObject({
  name: text(100),
  /** Where the result of each transfer is POSTed when its case is resolved. */
  report_url: httpUrl.optional(),
  /** The unit its transfers land in (default: the creating administrator's unit). */
  unit_id: z.uuid().optional(),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

export const ApiTokenView = z.looseObject({ id: z.uuid(), name: z.string(), report_url: z.string().nullable() });
/** The token itself is shown once, when created. */
export const CreatedApiToken = z.looseObject({ id: z.uuid(), name: z.string(), token: z.string() });

/** POST /api/v1/channels/transfers — an external work order (a 12345 hotline transfer). */
export const TransferRequest = z.strictObject({
  /** The work order's number in the sending system; one case per number. */
  external_number: text(100),
  kind: z.enum(CASE_KINDS).default('complaint'),
  subject: text(200),
  content: text(20_000),
  /** When the hotline received it (the clocks start then). */
  received_at: z.iso.datetime({ offset: true }),
  /** The hotline's deadline; the stricter of it and the organisation's own time limit counts. */
  due_at: z.iso.datetime({ offset: true }).optional(),
  customer: z.strictObject({
    name: text(100),
    phone: z.string().trim().max(30).refine(isChinesePhone, { message: 'invalid_phone', params: { code: 'invalid_phone' } }).optional(),
    address: optText(300),
    room: optText(50),
  }),
});
export type TransferRequest = z.infer<typeof TransferRequest>;

export const TransferResult = z.object({ case_id: z.string(), number: z.string(), external_number: z.string(), replayed: z.boolean() });

/** PUT /api/v1/admin/channels/wechat — the Official Account's callback token (as set in its server settings). */
export const WechatAccountRequest = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9]{3,32}$/),
  app_id: z.string().trim().min(1).max(64).optional(),
  unit_id: z.uuid().optional(),
});
export const WechatAccountView = z.looseObject({ configured: z.boolean() });
export const WechatOrgParams = z.strictObject({ org: z.string().min(1).max(64) });
export const WechatCallbackQuery = z.looseObject({
  signature: z.string().max(64).optional(),
  timestamp: z.string().max(20).optional(),
  nonce: z.string().max(64).optional(),
  echostr: z.string().max(200).optional(),
});

/** PUT /api/v1/admin/channels/email — the organisation's mailbox, polled over IMAP. */
export const MailboxRequest = z.strictObject({
  host: z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.-]+$/),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  username: z.string().trim().min(1).max(255),
  password: z.string().min(1).max(255),
  folder: z.string().trim().min(1).max(100).optional(),
  unit_id: z.uuid().optional(),
});
export const MailboxView = z.looseObject({ configured: z.boolean() });
