import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { caseHooks } from './app/cases/hooks.ts';
import { systemClock, type Clock } from './app/context.ts';
import { onCaseChange } from './app/sla/case-clocks.hook.ts';
import { slaListFilters, slaViews } from './app/sla/sla-view.ts';
import { startSessionCleanup } from './jobs/session-cleanup.job.ts';
import { startSweeper } from './jobs/sla-sweep.job.ts';
import type { AppOptions } from './server/app.ts';
import { slaRoutes } from './server/routes/sla.routes.ts';

// The SLA clocks follow every case change, in the same transaction (server, worker and tests alike).
caseHooks.on(onCaseChange);

/** The capabilities built on top of cases (SLA clocks, escalation…) plug in here: case list filters and
 * view fields, extra routes, and background jobs. */
export function extensions(deps: { pool: pg.Pool; sweepSeconds: number; clock?: Clock }): {
  caseExtensions?: AppOptions['caseExtensions'];
  plugins: ((app: FastifyInstance, deps: { pool: pg.Pool; clock: Clock }) => Promise<void>)[];
  startJobs?: () => { stop(): Promise<void> };
} {
  const clock = deps.clock ?? systemClock;
  return {
    caseExtensions: {
      listFilters: (query) => slaListFilters(query, () => clock.now()),
      decorate: (pool, actor, ids) => slaViews(pool, actor, ids, clock.now()),
    },
    plugins: [slaRoutes],
    startJobs: () => {
      const log = (msg: string, data?: unknown) => console.error(msg, data ?? '');
      const jobs = [
        startSweeper({
          pool: deps.pool,
          clock,
          // At most 15 s between sweeps, so a breach is acted on within 30 s of its deadline.
          intervalMs: Math.min(deps.sweepSeconds, 15) * 1000,
          log,
        }),
        startSessionCleanup({ pool: deps.pool, log }),
      ];
      return { stop: async () => void (await Promise.all(jobs.map((j) => j.stop()))) };
    },
  };
}
