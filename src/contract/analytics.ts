import { z } from 'zod';
import { ListCasesQuery } from './cases.ts';
import { CASE_KINDS, CHANNELS, SEVERITIES } from './enums.ts';

const uuid = z.uuid();
const when = z.iso.datetime({ offset: true });

/** Dimensions a breakdown groups by (issue 10). */
export const BREAKDOWN_DIMENSIONS = ['kind', 'category', 'channel', 'unit', 'department', 'handler', 'severity', 'period'] as const;
export const PERIOD_GRAINS = ['day', 'week', 'month', 'quarter', 'year'] as const;

/** The scope and period every analytics query takes; the same filters as the case list, so every figure drills through. */
export const AnalyticsScopeQuery = z.strictObject({
  /** Registered from (inclusive) / to (exclusive); by default the 30 days up to now. */
  from: when.optional(),
  to: when.optional(),
  unit_id: uuid.optional(),
  handler_id: uuid.optional(),
  category_id: uuid.optional(),
  kind: z.enum(CASE_KINDS).optional(),
  channel: z.enum(CHANNELS).optional(),
  severity: z.enum(SEVERITIES).optional(),
});
type Span = { from: string; to: string };
/** A scope with its span resolved (see `withSpan`). */
export type AnalyticsScope = Omit<z.infer<typeof AnalyticsScopeQuery>, 'from' | 'to'> & Span;

export const BreakdownQuery = AnalyticsScopeQuery.extend({
  by: z.enum(BREAKDOWN_DIMENSIONS).default('category'),
  grain: z.enum(PERIOD_GRAINS).default('month'),
});
export type BreakdownQuery = Omit<z.infer<typeof BreakdownQuery>, 'from' | 'to'> & Span;

export const HotIssuesQuery = AnalyticsScopeQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) });
export type HotIssuesQuery = Omit<z.infer<typeof HotIssuesQuery>, 'from' | 'to'> & Span;

/** Fills a missing span: `to` now, `from` 30 days before `to`. */
export function withSpan<T extends { from?: string | undefined; to?: string | undefined }>(q: T, now: Date): Omit<T, 'from' | 'to'> & Span {
  const to = q.to ?? now.toISOString();
  return { ...q, to, from: q.from ?? new Date(new Date(to).getTime() - 30 * 86_400_000).toISOString() };
}

/** GET /api/v1/exports/cases.csv|.xlsx — the case list's filters (no paging, no sort: the whole list, newest first). */
export const ExportCasesQuery = ListCasesQuery.omit({ sort: true, page: true, page_size: true });
