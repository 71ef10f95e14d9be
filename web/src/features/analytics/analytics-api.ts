import { request } from '../../api.ts';

/** The analytics endpoints (src/server/routes/analytics.routes.ts) as the dashboard reads them. */
export type Drill = Record<string, string> | null;
export type Counts = Record<string, number> & { clocks?: Record<string, { ended: number; met: number }> };
export type RateMap = Record<string, number | null | Record<string, number | null>>;
/** The scope's handling time: exact mean; median and p90 of the hours at 2 significant figures (docs/analytics.md). */
export interface Handling { n: number; mean: number | null; median: number | null; p90: number | null }
/** A breakdown group's handling time: the count and the exact mean (no median or p90 per group). */
export interface HandlingMean { n: number; mean: number | null }
export interface RatesView {
  counts: Counts;
  rates: RateMap;
  handling_hours: Handling;
  previous: { counts: Counts; rates: RateMap };
  last_year: { counts: Counts; rates: RateMap };
  drill: Drill;
}
export interface BreakdownItem {
  key: string | null;
  label: string | null;
  counts: Counts;
  rates: RateMap;
  change_vs_previous: number | null;
  change_vs_last_year: number | null;
  handling_hours: HandlingMean;
  league_count?: number;
  per_100_households?: number | null;
  drill: Drill;
}
export interface HotIssue { category_id: string | null; category: string | null; unit_id: string; unit: string; building: string | null; n: number; drill: Drill }
export interface Surge { category_id: string; category: string; unit_id: string; unit: string; observed: number; expected: number; p_value: number; drill: Drill }
export interface SimilarGroup { size: number; customers: number; units: string[]; categories: string[]; words: string[]; sample: string; cases: { id: string; number: string }[] }
export interface Span { from: string; to: string; unit_id?: string }

const qs = (o: Record<string, string | undefined>) => new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => !!e[1])).toString();

export const analyticsApi = {
  rates: (s: Span) => request<RatesView>('GET', `/analytics/rates?${qs({ ...s })}`),
  breakdown: (s: Span, by: string, grain?: string) => request<{ items: BreakdownItem[] }>('GET', `/analytics/breakdown?${qs({ ...s, by, grain })}`),
  hotIssues: (s: Span) => request<{ items: HotIssue[] }>('GET', `/analytics/hot-issues?${qs({ ...s, limit: '15' })}`),
  similar: (s: Span) => request<{ items: SimilarGroup[] }>('GET', `/analytics/similar?${qs({ ...s, limit: '10' })}`),
  surges: () => request<{ items: Surge[]; method: { alpha: number; min_count: number } }>('GET', '/analytics/surges'),
};

/** The case list URL of a figure (the drill-through). */
export const drillHref = (d: Drill) => (d ? `/cases?${new URLSearchParams(d).toString()}` : undefined);

/**
 * Downloads an export as a stream, reporting the bytes received as they arrive (the progress of a large export),
 * then hands the file to the browser.
 */
export async function downloadExport(format: 'csv' | 'xlsx', filter: Record<string, string>, onProgress: (bytes: number) => void, locale: string) {
  const res = await fetch(`/api/v1/exports/cases.${format}?${new URLSearchParams(filter).toString()}`, { credentials: 'same-origin', headers: { 'accept-language': locale } });
  if (!res.ok || !res.body) throw new Error(String(res.status));
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    n += value.length;
    onProgress(n);
  }
  const blob = new Blob(parts as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `cases.${format}`;
  a.click();
  URL.revokeObjectURL(a.href);
}
