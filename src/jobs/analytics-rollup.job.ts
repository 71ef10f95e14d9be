import type pg from 'pg';
import { refreshRollups } from '../app/analytics/rollup.ts';
import { every, type RunningJob } from './every.ts';

/**
 * The analytics rollup job (issue 10): every `intervalMs` (default a minute) rebuilds the days the triggers noted
 * as changed (analytics_dirty), and builds the rollup of organisations that have none yet. The dashboard reads
 * changed days from the raw cases until then, so the interval bounds the raw work, never the correctness.
 */
export function startAnalyticsRollup(opts: { pool: pg.Pool; intervalMs?: number; log?: (msg: string, data?: unknown) => void }): RunningJob {
  return every('analytics rollup', opts.intervalMs ?? 60_000, () => refreshRollups(opts.pool), opts.log);
}
