import type pg from 'pg';
import { notifySurgesOnce } from '../app/analytics/hot-issues.ts';
import { systemClock, type Clock } from '../app/context.ts';
import { every, type RunningJob } from './every.ts';

/** The surge alert job (analytics, issue 10): every `intervalMs` (default an hour) writes `surge` notifications
 * (deduplicated per category × unit × day, so running it often or on N processes sends each alert once). */
export function startSurgeAlerts(opts: { pool: pg.Pool; clock?: Clock; intervalMs?: number; log?: (msg: string, data?: unknown) => void }): RunningJob {
  const clock = opts.clock ?? systemClock;
  return every('surge alerts', opts.intervalMs ?? 3_600_000, () => notifySurgesOnce(opts.pool, clock.now()), opts.log);
}
