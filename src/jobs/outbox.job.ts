import type pg from 'pg';
import type { Clock } from '../app/context.ts';
import { dispatchOnce } from '../app/notify/outbox.ts';
import { every, type RunningJob } from './every.ts';

/**
 * The outbox dispatcher (src/app/notify/outbox.ts) every `intervalMs` (default 5 s, so a breach reaches the
 * staff groups well within a minute). Any number of processes may run it against one database.
 */
export function startDispatcher(opts: { pool: pg.Pool; clock: Clock; intervalMs?: number; orgId?: string; log?: (msg: string, data?: unknown) => void }): RunningJob {
  return every('outbox dispatch', opts.intervalMs ?? 5_000, async () => {
    // Drain what is due, a batch at a time, before sleeping.
    for (let i = 0; i < 20; i++) {
      const c = await dispatchOnce(opts.pool, opts.clock.now(), { ...(opts.orgId ? { orgId: opts.orgId } : {}), ...(opts.log ? { log: opts.log } : {}) });
      if (c.claimed < 100) return;
    }
  }, opts.log);
}
