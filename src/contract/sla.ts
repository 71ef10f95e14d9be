import { z } from 'zod';
import { CLOCK_KINDS, SLA_UNITS } from './cases.ts';
import { CASE_KINDS, CHANNELS, ESCALATION_TARGETS, SEVERITIES, UNIT_KINDS } from './enums.ts';

/**
 * Requests of the SLA admin API (/api/v1/admin/calendar-days, business-hours, sla-policies, escalation-ladders,
 * sla-settings). Plain zod like src/contract/; kept beside the use cases because this change owns src/app/sla.
 */

/** Preset families of time limits, one per trade (DOMAIN.md §3), and who may decide an extension (004 五). */
export const SLA_FAMILIES = ['property', 'general', 'agency_chain', 'restaurant'] as const;
export const EXTENSION_APPROVERS = ['project_manager', 'company_manager', 'department_head', 'complaint_center'] as const;

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');
const time = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/);

export const SlaTargetSchema = z
  .strictObject({ amount: z.number().positive().max(10_000), unit: z.enum(SLA_UNITS) })
  .refine((t) => !t.unit.endsWith('_days') || Number.isInteger(t.amount), { message: 'whole days only', path: ['amount'] });

export const CalendarDayRequest = z.strictObject({
  date: localDate,
  kind: z.enum(['closed', 'working']),
  name: z.string().trim().max(100).optional(),
  unit_id: z.uuid().optional(),
});
export const CalendarDayPatch = z.strictObject({ kind: z.enum(['closed', 'working']).optional(), name: z.string().trim().max(100).optional() });
export const CalendarDaysQuery = z.strictObject({
  year: z.coerce.number().int().min(1970).max(2200).optional(),
  unit_id: z.uuid().optional(),
  source: z.enum(['official', 'org', 'unit']).optional(),
});

export const BusinessHoursRequest = z.strictObject({
  unit_id: z.uuid().nullable().optional(),
  periods: z.array(z.strictObject({ start: time, end: time })).max(12),
});

const Targets = z
  .strictObject(Object.fromEntries(CLOCK_KINDS.map((k) => [k, SlaTargetSchema.optional()])) as Record<(typeof CLOCK_KINDS)[number], z.ZodOptional<typeof SlaTargetSchema>>)
  .refine((t) => Object.values(t).some(Boolean), 'at least one target');

export const SlaPolicyRequest = z.strictObject({
  name: z.string().trim().regex(/^[a-z0-9_.-]{1,60}$/i),
  priority: z.number().int().min(-1000).max(1000),
  kind: z.enum(CASE_KINDS).nullable().optional(),
  severity: z.enum(SEVERITIES).nullable().optional(),
  category_id: z.uuid().nullable().optional(),
  channel: z.enum(CHANNELS).nullable().optional(),
  unit_id: z.uuid().nullable().optional(),
  unit_kind: z.enum(UNIT_KINDS).nullable().optional(),
  targets: Targets,
  max_extension: SlaTargetSchema.nullable().optional(),
  ladder_id: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
  source: z.string().trim().max(200).optional(),
  family: z.enum(SLA_FAMILIES).nullable().optional(),
  extension_approver: z.enum(EXTENSION_APPROVERS).nullable().optional(),
  takeover: z.boolean().optional(),
  dissatisfied_severity: z.enum(SEVERITIES).nullable().optional(),
});
export type SlaPolicyRequest = z.infer<typeof SlaPolicyRequest>;

export const LadderRequest = z.strictObject({
  name: z.string().trim().min(1).max(60),
  is_default: z.boolean().optional(),
  levels: z.array(
    z.strictObject({
      target: z.enum(ESCALATION_TARGETS),
      delay: z.strictObject({ amount: z.number().min(0).max(10_000), unit: z.enum(SLA_UNITS) }),
    }),
  ).max(10),
});
export type LadderRequest = z.infer<typeof LadderRequest>;


/** The organisation's preset family (property 004, general 001, agency_chain 003 第一篇, restaurant 003 第三篇). */
export const SlaFamilyRequest = z.strictObject({ family: z.enum(SLA_FAMILIES) });

export const SlaSettingsRequest = z.strictObject({
  warn_thresholds: z.array(z.number().gt(0).lt(1)).max(5).optional(),
  time_zone: z.string().trim().min(1).max(64).optional(),
});

export const NotificationsQuery = z.strictObject({
  unacknowledged: z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
