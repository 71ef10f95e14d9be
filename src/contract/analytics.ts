import { z } from 'zod';
import { ListCasesQuery } from './cases.ts';
import { CASE_KINDS, CHANNELS, SEVERITIES } from './enums.ts';

const uuid = z.uuid();
const when = z.iso.datetime({ offset: true });

/** Dimensions a breakdown groups by (issue 10). */
export const BREAKDOWN_DIMENSIONS = ['kind', 'category', 'channel', 'unit', 'department', 'handler', 'severity', 'period'] as const;
export const PERIOD_GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;

/** The scope and period every analytics query takes; the same filters as the case list, so every figure drills through. */
export const AnalyticsScope = z.strictObject({
  from: when,
  to: when,
  unit_id: uuid.optional(),
  handler_id: uuid.optional(),
  category_id: uuid.optional(),
  kind: z.enum(CASE_KINDS).optional(),
  channel: z.enum(CHANNELS).optional(),
  severity: z.enum(SEVERITIES).optional(),
});
export type AnalyticsScope = z.infer<typeof AnalyticsScope>;

export const BreakdownQuery = AnalyticsScope.extend({
  by: z.enum(BREAKDOWN_DIMENSIONS),
  grain: z.enum(PERIOD_GRAINS).default('month'),
});
export type BreakdownQuery = z.infer<typeof BreakdownQuery>;

export const HotIssuesQuery = AnalyticsScope.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export type HotIssuesQuery = z.infer<typeof HotIssuesQuery>;

/** GET /api/v1/exports/cases.csv|.xlsx — the case list's filters (no paging, no sort: the whole list, newest first). */
export const ExportCasesQuery = ListCasesQuery.omit({ sort: true, page: true, page_size: true });
