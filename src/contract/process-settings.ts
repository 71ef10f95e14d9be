import { z } from 'zod';
import { CASE_KINDS, SEVERITIES } from './enums.ts';

const limit = z.number().nonnegative().max(100_000_000).nullable();

/** An organisation's process settings (DOMAIN.md §2): see src/domain/process-rules.ts for the presets. */
export const ProcessSettings = z.strictObject({
  /** Register-request paths that must be filled, e.g. `customer.room`. */
  required_fields: z.array(z.string().max(50)).max(20),
  /** How far back a received time may lie (001 八.2: records are kept a year). */
  received_max_age_days: z.number().int().min(1).max(3650),
  /** Resolutions of these kinds and severities need the resolving department head's sign-off. */
  signoff: z.array(z.strictObject({ kinds: z.array(z.enum(CASE_KINDS)), severities: z.array(z.enum(SEVERITIES)) })).max(20),
  /** The compensation each role may promise; null = unlimited; a role not listed may promise nothing. */
  authority_limits: z.strictObject({
    agent: limit.optional(), handler: limit.optional(), department_head: limit.optional(),
    unit_manager: limit.optional(), complaint_center: limit.optional(), admin: limit.optional(),
  }),
});
export type ProcessSettings = z.infer<typeof ProcessSettings>;
