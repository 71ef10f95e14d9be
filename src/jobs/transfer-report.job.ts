import type pg from 'pg';
import { reportTransferResults } from '../app/channels/transfers.ts';
import type { Clock } from '../app/context.ts';
import { every, type RunningJob } from './every.ts';

/** Reports resolved 12345 transfers back to their senders every `intervalMs` (default 15 s) until stopped. */
export function startTransferReports(opts: { pool: pg.Pool; clock: Clock; intervalMs?: number; log?: (msg: string, data?: unknown) => void }): RunningJob {
  return every('transfer reports', opts.intervalMs ?? 15_000, () => reportTransferResults(opts.pool, opts.clock, opts.log), opts.log);
}
