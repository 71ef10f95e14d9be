import type pg from 'pg';
import { systemClock, type Clock } from '../app/context.ts';
import { recomputeOpenClocks, type ClockKey } from '../app/sla/recompute-clocks.ts';
import { every, type RunningJob } from './every.ts';

/** Clocks recomputed per transaction: each batch holds its clocks' row locks only briefly. */
const BATCH = 2_000;

/**
 * One pass: for each organisation with a calendar change queued (clock_recompute_requests), moves its open
 * working-time deadlines to the new calendar in batches, then deletes the requests it covered. A request queued while
 * the pass runs stays for the next one (it may have changed the calendar after the batches already read it). One
 * process per organisation at a time (a session advisory lock); others skip it. Returns the clocks changed.
 */
export async function recomputeQueuedOnce(pool: pg.Pool, clock: Clock, opts: { orgId?: string; batch?: number } = {}): Promise<{ orgs: number; clocks: number }> {
  const queued = await pool.query<{ org_id: string; upto: string }>(
    'select org_id, max(id)::text as upto from clock_recompute_requests where ($1::uuid is null or org_id = $1) group by org_id',
    [opts.orgId ?? null],
  );
  let orgs = 0;
  let clocks = 0;
  for (const { org_id: orgId, upto } of queued.rows) {
    const client = await pool.connect();
    try {
      const lock = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [`clock-recompute:${orgId}`]);
      if (!lock.rows[0]?.ok) continue;
      try {
        let after: ClockKey | null = null;
        for (;;) {
          await client.query('begin');
          try {
            const r = await recomputeOpenClocks(client, orgId, clock.now(), { after, limit: opts.batch ?? BATCH });
            await client.query('commit');
            clocks += r.changed;
            after = r.last;
          } catch (err) {
            await client.query('rollback');
            throw err;
          }
          if (!after) break;
        }
        await client.query('delete from clock_recompute_requests where org_id = $1 and id <= $2', [orgId, upto]);
        orgs += 1;
      } finally {
        await client.query('select pg_advisory_unlock(hashtext($1))', [`clock-recompute:${orgId}`]);
      }
    } finally {
      client.release();
    }
  }
  return { orgs, clocks };
}

/** Runs the recompute every `intervalMs` (default 2 s, so the "deadlines being recomputed" notice is short-lived). */
export function startClockRecompute(opts: { pool: pg.Pool; clock?: Clock; intervalMs?: number; log?: (msg: string, data?: unknown) => void }): RunningJob {
  const clock = opts.clock ?? systemClock;
  return every('clock recompute', opts.intervalMs ?? 2_000, () => recomputeQueuedOnce(opts.pool, clock), opts.log);
}
