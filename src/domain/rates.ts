/**
 * The rates managers are judged by (issue 10), defined once. Every function here is pure: it turns the counts of
 * one scope and period (see `src/app/analytics/rates-query.ts` for how they are counted) into rates. The formulas
 * are written out in docs/analytics.md; the tests in src/domain/rates.test.ts check them on a hand-computed set.
 *
 * A rate whose denominator is zero is `null` (no data), never 0 or NaN.
 */

/** The organisation's weights (organisation settings `analytics`, see `analyticsSettings`). */
export interface AnalyticsSettings {
  /** Weight of "basically satisfied" in the satisfaction rate (12345: 0.9). */
  basically_satisfied_weight: number;
  /** Composite score weights of the response, resolution and satisfaction rates (12345: 0.1 / 0.5 / 0.4). */
  composite: { response: number; resolution: number; satisfaction: number };
  /** A complaint is a repeat when the same customer complained in the same category within this many days before. */
  repeat_days: number;
}

export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = {
  basically_satisfied_weight: 0.9,
  composite: { response: 0.1, resolution: 0.5, satisfaction: 0.4 },
  repeat_days: 30,
};

/** The organisation's analytics settings: `organisations.settings.analytics` over the defaults, bad values ignored. */
export function analyticsSettings(orgSettings: unknown): AnalyticsSettings {
  const raw = (orgSettings && typeof orgSettings === 'object' ? (orgSettings as Record<string, unknown>).analytics : undefined) as
    | Partial<{ basically_satisfied_weight: unknown; composite: Partial<Record<string, unknown>>; repeat_days: unknown }>
    | undefined;
  const d = DEFAULT_ANALYTICS_SETTINGS;
  const frac = (v: unknown, dflt: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : dflt);
  const c = raw?.composite ?? {};
  return {
    basically_satisfied_weight: frac(raw?.basically_satisfied_weight, d.basically_satisfied_weight),
    composite: { response: frac(c.response, d.composite.response), resolution: frac(c.resolution, d.composite.resolution), satisfaction: frac(c.satisfaction, d.composite.satisfaction) },
    repeat_days: typeof raw?.repeat_days === 'number' && Number.isInteger(raw.repeat_days) && raw.repeat_days > 0 && raw.repeat_days <= 3650 ? raw.repeat_days : d.repeat_days,
  };
}

export const CLOCK_KINDS = ['acknowledge', 'first_contact', 'resolve', 'visit'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/**
 * The counts of one scope and period. Cases are those registered in the period; a case merged into another
 * (`merged`) counts once — in its parent — and is left out of every other count; withdrawn, invalid and
 * malicious cases are counted apart and left out of the `valid` base of the process rates.
 */
export interface CaseCounts {
  /** Every case registered in the period, merged ones included. */
  registered: number;
  merged: number;
  withdrawn: number;
  invalid: number;
  malicious: number;
  /** registered − merged − withdrawn − invalid − malicious: the base of the process rates. */
  valid: number;
  /** Valid cases answered on the spot (direct answer). */
  direct_answer: number;
  /** Valid cases resolved at least once (resolved_at set, or visited / closed after resolution). */
  resolved: number;
  /** Valid resolved cases with a return visit that reached the customer (visited_at set). */
  visited: number;
  /** Of the visited: the customer said the problem was resolved. */
  visit_resolved: number;
  visit_satisfied: number;
  visit_basically_satisfied: number;
  visit_dissatisfied: number;
  /** Valid cases reopened at least once / escalated at least one level / with an extended clock. */
  reopened: number;
  escalated: number;
  extended: number;
  /** Valid cases whose customer had a complaint in the same category within `repeat_days` before. */
  repeat: number;
  /** Per clock: clocks that ended (met or breached) and of those, met in time. */
  clocks: Record<ClockKind, { ended: number; met: number }>;
}

export const emptyCounts = (): CaseCounts => ({
  registered: 0, merged: 0, withdrawn: 0, invalid: 0, malicious: 0, valid: 0, direct_answer: 0, resolved: 0, visited: 0,
  visit_resolved: 0, visit_satisfied: 0, visit_basically_satisfied: 0, visit_dissatisfied: 0, reopened: 0, escalated: 0,
  extended: 0, repeat: 0, clocks: { acknowledge: { ended: 0, met: 0 }, first_contact: { ended: 0, met: 0 }, resolve: { ended: 0, met: 0 }, visit: { ended: 0, met: 0 } },
});

/** a / b, or null when b is 0. */
export const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Response rate (12345 响应率): return visits that reached the customer / valid cases resolved (visits due). */
export const responseRate = (c: CaseCounts) => ratio(c.visited, c.resolved);
/** Resolution rate (解决率): visits where the customer said "resolved" / visits that reached the customer. */
export const resolutionRate = (c: CaseCounts) => ratio(c.visit_resolved, c.visited);
/** Satisfaction rate (满意率): (satisfied + w × basically satisfied) / visits that reached the customer. */
export const satisfactionRate = (c: CaseCounts, s: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS) =>
  ratio(c.visit_satisfied + s.basically_satisfied_weight * c.visit_basically_satisfied, c.visited);

/** Composite score: a·response + b·resolution + c·satisfaction (null unless all three are known). */
export function compositeScore(c: CaseCounts, s: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS): number | null {
  const r = responseRate(c), v = resolutionRate(c), f = satisfactionRate(c, s);
  if (r === null || v === null || f === null) return null;
  return s.composite.response * r + s.composite.resolution * v + s.composite.satisfaction * f;
}

/** On-time rate of a clock: clocks met in time / clocks that ended (met or breached); running clocks wait. */
export const onTimeRate = (c: CaseCounts, kind: ClockKind) => ratio(c.clocks[kind].met, c.clocks[kind].ended);

export interface Rates {
  response: number | null;
  resolution: number | null;
  satisfaction: number | null;
  composite: number | null;
  on_time: Record<ClockKind, number | null>;
  direct_answer: number | null;
  return_visit: number | null;
  reopen: number | null;
  escalation: number | null;
  extension: number | null;
  repeat: number | null;
  /** Shares of every registered case except merged ones (merged count once, in their parent). */
  invalid_share: number | null;
  malicious_share: number | null;
  withdrawn_share: number | null;
}

/** Every rate of one set of counts. */
export function rates(c: CaseCounts, s: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS): Rates {
  const distinct = c.registered - c.merged;
  return {
    response: responseRate(c),
    resolution: resolutionRate(c),
    satisfaction: satisfactionRate(c, s),
    composite: compositeScore(c, s),
    on_time: { acknowledge: onTimeRate(c, 'acknowledge'), first_contact: onTimeRate(c, 'first_contact'), resolve: onTimeRate(c, 'resolve'), visit: onTimeRate(c, 'visit') },
    direct_answer: ratio(c.direct_answer, c.valid),
    // The return-visit rate: resolved cases that had a visit reaching the customer (the same ratio as the 12345
    // response rate, kept under its process name for the on-site reports).
    return_visit: ratio(c.visited, c.resolved),
    reopen: ratio(c.reopened, c.valid),
    escalation: ratio(c.escalated, c.valid),
    extension: ratio(c.extended, c.valid),
    repeat: ratio(c.repeat, c.valid),
    invalid_share: ratio(c.invalid, distinct),
    malicious_share: ratio(c.malicious, distinct),
    withdrawn_share: ratio(c.withdrawn, distinct),
  };
}

/**
 * Handling time as reported: hours at 2 significant figures (0.734 → 0.73, 5.46 → 5.5, 12.3 → 12, 123 → 120; 0 stays
 * 0), so a median or p90 is within 5 % of the exact one (docs/analytics.md). The SQL twin `round_handling_hours`
 * (migration 028) does the same in the queries: the float is read to 15 significant digits, as PostgreSQL converts it
 * to numeric, and rounded half away from zero.
 */
export function roundHandlingHours(hours: number): number {
  if (!(hours > 0)) return 0;
  const h = Number(hours.toPrecision(15));
  const digits = 1 - Math.floor(Math.log10(h));
  // Scaled to an integer and back; toPrecision strips the binary noise of the product (1.45 × 10 = 14.499…).
  if (digits >= 0) return Math.round(Number((h * 10 ** digits).toPrecision(15))) / 10 ** digits;
  return Math.round(Number((h / 10 ** -digits).toPrecision(15))) * 10 ** -digits;
}

/**
 * Handling-time summary (hours): the exact mean; the median and p90 (nearest rank) of the rounded values
 * (`roundHandlingHours`); nulls when there is no case.
 */
export function durationStats(hours: readonly number[]): { n: number; mean: number | null; median: number | null; p90: number | null } {
  const n = hours.length;
  if (!n) return { n, mean: null, median: null, p90: null };
  const mean = hours.reduce((s, x) => s + x, 0) / n;
  const sorted = hours.map(roundHandlingHours).sort((a, b) => a - b);
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  const p90 = sorted[Math.ceil(0.9 * n) - 1]!;
  return { n, mean, median, p90 };
}

/** Relative change of `now` against `before` ((now − before) / before), null when before is 0 or unknown. */
export const change = (now: number | null, before: number | null): number | null =>
  now === null || before === null || before === 0 ? null : (now - before) / before;

/**
 * Surge test: one-sided Poisson test of `observed` against the trailing baseline mean `expected` (the mean count of the
 * same category at the same place over the previous periods). Returns P(X ≥ observed | λ = expected).
 * A surge is p < alpha with at least `minCount` cases (a place with one case in a quiet month is no surge).
 */
export function poissonUpperTail(observed: number, expected: number): number {
  if (observed <= 0) return 1;
  const lambda = Math.max(expected, 1e-9);
  // P(X ≥ k) = 1 − Σ_{i<k} e^−λ λ^i / i!, summed in log space for stability.
  let term = Math.exp(-lambda);
  let cdf = term;
  for (let i = 1; i < observed; i++) {
    term *= lambda / i;
    cdf += term;
  }
  return Math.max(0, 1 - cdf);
}

export const SURGE_ALPHA = 0.001;
export const SURGE_MIN_COUNT = 5;
export const isSurge = (observed: number, expected: number) => observed >= SURGE_MIN_COUNT && poissonUpperTail(observed, expected) < SURGE_ALPHA;
