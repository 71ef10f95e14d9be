import type pg from 'pg';
import { escalateOverdueCorrective } from '../app/accountability/corrective.ts';
import { remindFines } from '../app/accountability/ledger.ts';
import { retentionSweep } from '../app/accountability/retention.ts';
import type { Clock } from '../app/context.ts';
import { every, type RunningJob } from './every.ts';

/** One pass: fine reminders (due tomorrow, overdue), overdue corrective actions escalated, and (given the data
 * directory for the export) retention. Idempotent: reminders and escalations are written once each. */
export async function accountabilityOnce(pool: pg.Pool, now: Date, dataDir?: string): Promise<{ reminders: number; escalated: number; anonymised: number }> {
  const reminders = await remindFines(pool, now);
  const escalated = await escalateOverdueCorrective(pool, now);
  const anonymised = dataDir ? await retentionSweep(pool, now, dataDir) : 0;
  return { reminders, escalated, anonymised };
}

/** Runs the pass every `intervalMs` (default 10 minutes) until stopped. */
export function startAccountabilityJobs(opts: { pool: pg.Pool; clock: Clock; dataDir?: string | undefined; intervalMs?: number; log?: (msg: string, data?: unknown) => void }): RunningJob {
  return every('accountability', opts.intervalMs ?? 10 * 60_000, () => accountabilityOnce(opts.pool, opts.clock.now(), opts.dataDir), opts.log);
}
