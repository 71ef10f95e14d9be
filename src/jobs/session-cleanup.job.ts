import type pg from 'pg';
import { deleteExpiredSessions } from '../app/auth/sessions.ts';

/** One pass: deletes sessions past their absolute expiry or idle limit (each organisation's settings). Expired
 * sessions are already refused on every request; this keeps the table small. Idempotent, safe with N processes. */
export async function cleanupSessionsOnce(pool: pg.Pool): Promise<number> {
  return deleteExpiredSessions(pool);
}

/** Runs the cleanup every `intervalMs` (default 10 minutes) until stopped. */
export function startSessionCleanup(opts: { pool: pg.Pool; intervalMs?: number; log?: (msg: string, data?: unknown) => void }): { stop(): Promise<void> } {
  const interval = opts.intervalMs ?? 10 * 60_000;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    running = cleanupSessionsOnce(opts.pool)
      .catch((err: unknown) => opts.log?.('session cleanup failed', { error: (err as Error).message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, interval);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
