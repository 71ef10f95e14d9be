import { z } from 'zod';

/** What the audit log records: full contact details shown, and searches by a complete phone number. */
export const AUDIT_ACTIONS = [
  'reveal_phone', 'search_phone',
  // Issue 12 retention: the export of personal data before a purge, the purge itself, a legal hold set or lifted.
  'retention_export', 'retention_purge', 'legal_hold',
  // export_cases: a case list exported to a file (analytics, issue 10).
  'export_cases',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** GET /api/v1/audit query string. */
export const AuditQuery = z.strictObject({
  user_id: z.uuid().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  case_id: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
