import { describe, expect, it } from 'vitest';
import { analyticsSettings, change, compositeScore, durationStats, emptyCounts, isSurge, poissonUpperTail, rates, roundHandlingHours, type CaseCounts } from './rates.ts';

// A hand-computed month (issue 10: the rates on a small data set match to the decimal).
// 20 cases registered: 1 merged into another, 2 withdrawn, 2 invalid, 1 malicious → 14 valid.
// Of the valid: 2 answered on the spot; 10 resolved; 8 return visits reached the customer:
// 6 said resolved; 5 satisfied, 2 basically satisfied, 1 dissatisfied.
// 2 reopened, 1 escalated, 3 extended, 2 repeats; acknowledge clocks 12 ended / 11 met; resolve 10 / 7.
const month: CaseCounts = {
  ...emptyCounts(),
  registered: 20, merged: 1, withdrawn: 2, invalid: 2, malicious: 1, valid: 14,
  direct_answer: 2, resolved: 10, visited: 8, visit_resolved: 6,
  visit_satisfied: 5, visit_basically_satisfied: 2, visit_dissatisfied: 1,
  reopened: 2, escalated: 1, extended: 3, repeat: 2,
  clocks: { acknowledge: { ended: 12, met: 11 }, first_contact: { ended: 0, met: 0 }, resolve: { ended: 10, met: 7 }, visit: { ended: 8, met: 8 } },
};

describe('the rates (docs/analytics.md)', () => {
  it('match the hand computation to the decimal', () => {
    const r = rates(month);
    // response = visited / resolved = 8 / 10
    expect(r.response).toBe(0.8);
    // resolution = visit_resolved / visited = 6 / 8
    expect(r.resolution).toBe(0.75);
    // satisfaction = (5 + 0.9 × 2) / 8 = 6.8 / 8 = 0.85
    expect(r.satisfaction).toBeCloseTo(0.85, 12);
    // composite = 0.1 × 0.8 + 0.5 × 0.75 + 0.4 × 0.85 = 0.08 + 0.375 + 0.34 = 0.795
    expect(r.composite).toBeCloseTo(0.795, 12);
    // on time: acknowledge 11 / 12 = 0.91666…, resolve 7 / 10, first contact: no clock ended → null
    expect(r.on_time.acknowledge).toBeCloseTo(0.916667, 6);
    expect(r.on_time.resolve).toBe(0.7);
    expect(r.on_time.first_contact).toBeNull();
    expect(r.on_time.visit).toBe(1);
    // per valid case (14): direct answer 2/14, reopen 2/14, escalation 1/14, extension 3/14, repeat 2/14
    expect(r.direct_answer).toBeCloseTo(0.142857, 6);
    expect(r.reopen).toBeCloseTo(0.142857, 6);
    expect(r.escalation).toBeCloseTo(0.071429, 6);
    expect(r.extension).toBeCloseTo(0.214286, 6);
    expect(r.repeat).toBeCloseTo(0.142857, 6);
    // shares of the 19 distinct cases (20 − 1 merged): invalid 2/19, malicious 1/19, withdrawn 2/19
    expect(r.invalid_share).toBeCloseTo(0.105263, 6);
    expect(r.malicious_share).toBeCloseTo(0.052632, 6);
    expect(r.withdrawn_share).toBeCloseTo(0.105263, 6);
  });

  it('read the weights from the organisation settings and ignore bad ones', () => {
    const s = analyticsSettings({ analytics: { basically_satisfied_weight: 0.5, composite: { response: 0.2, resolution: 0.4, satisfaction: 0.4 }, repeat_days: 7 } });
    expect(s).toEqual({ basically_satisfied_weight: 0.5, composite: { response: 0.2, resolution: 0.4, satisfaction: 0.4 }, repeat_days: 7 });
    // (5 + 0.5 × 2) / 8 = 0.75; composite 0.2 × 0.8 + 0.4 × 0.75 + 0.4 × 0.75 = 0.76
    expect(rates(month, s).satisfaction).toBe(0.75);
    expect(compositeScore(month, s)).toBeCloseTo(0.76, 12);
    expect(analyticsSettings({ analytics: { basically_satisfied_weight: 3, repeat_days: -1 } })).toEqual(analyticsSettings({}));
  });

  it('give null, never 0 or NaN, when there is nothing to divide by', () => {
    const r = rates(emptyCounts());
    expect([r.response, r.resolution, r.satisfaction, r.composite, r.reopen, r.invalid_share]).toEqual([null, null, null, null, null, null]);
    expect(change(5, 0)).toBeNull();
    expect(change(6, 4)).toBe(0.5);
  });

  it('summarise handling time: mean, median, p90 by nearest rank', () => {
    // 1 2 3 4 5 6 7 8 9 30 (whole numbers under 100 are already at 2 significant figures):
    // mean 75/10 = 7.5, median (5 + 6) / 2 = 5.5, p90 = 9th value = 9
    expect(durationStats([30, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual({ n: 10, mean: 7.5, median: 5.5, p90: 9 });
    expect(durationStats([4])).toEqual({ n: 1, mean: 4, median: 4, p90: 4 });
    expect(durationStats([])).toEqual({ n: 0, mean: null, median: null, p90: null });
    // Fractional hours: the median and p90 over the values at 2 significant figures, the mean exact.
    // 12.34 0.734 5.46 1.449 123 9.96 → 12 0.73 5.5 1.4 120 10; sorted 0.73 1.4 5.5 10 12 120:
    // median (5.5 + 10) / 2 = 7.75 (exact values: (5.46 + 9.96) / 2 = 7.71, 0.5 % off), p90 = ceil(5.4) = 6th = 120;
    // mean (12.34 + 0.734 + 5.46 + 1.449 + 123 + 9.96) / 6 = 152.943 / 6 = 25.4905.
    const s = durationStats([12.34, 0.734, 5.46, 1.449, 123, 9.96]);
    expect(s).toMatchObject({ n: 6, median: 7.75, p90: 120 });
    expect(s.mean).toBeCloseTo(25.4905, 9);
  });

  it('report handling time at 2 significant figures, halves away from zero', () => {
    expect([0.734, 5.46, 12.3, 123, 0].map(roundHandlingHours)).toEqual([0.73, 5.5, 12, 120, 0]);
    // 1.45 is 1.4499999999999999556 as a float; read to 15 digits (as PostgreSQL reads it into numeric) it is 1.45.
    expect([1.45, 0.0449, 99.7, 125, 0.05].map(roundHandlingHours)).toEqual([1.5, 0.045, 100, 130, 0.05]);
  });

  it('test a surge with a one-sided Poisson tail', () => {
    // P(X ≥ 2 | λ = 1) = 1 − e^−1 (1 + 1) = 0.264241…
    expect(poissonUpperTail(2, 1)).toBeCloseTo(0.264241, 6);
    // 12 cases in a week where 2 a week are usual is a surge; 4 is not; nor are 3 on an empty baseline (below 5 cases)
    expect(isSurge(12, 2)).toBe(true);
    expect(isSurge(4, 2)).toBe(false);
    expect(isSurge(3, 0.25)).toBe(false);
  });
});
