import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { processWithheldActions, processWithheldOf } from './app/cases/withheld-actions.ts';
import { calendarFor } from './app/sla/calendars.ts';
import { systemClock, type Clock } from './app/context.ts';
import { slaListFilters, slaViews, slaViewsOf } from './app/sla/sla-view.ts';
import { slaWithheldActions, slaWithheldOf } from './app/sla/withheld-actions.ts';
import { startSessionCleanup } from './jobs/session-cleanup.job.ts';
import { startAccountabilityJobs } from './jobs/accountability.job.ts';
import { startSweeper } from './jobs/sla-sweep.job.ts';
import { startSurgeAlerts } from './jobs/surge.job.ts';
import { startAnalyticsRollup } from './jobs/analytics-rollup.job.ts';
import { startDispatcher } from './jobs/outbox.job.ts';
import type { AppOptions } from './server/app.ts';
import { slaRoutes } from './server/routes/sla.routes.ts';
// Channels in (issue 11).
import { channelsRoutes } from './server/routes/channels.routes.ts';
import { startTransferReports } from './jobs/transfer-report.job.ts';
import { startEmailPoll } from './jobs/email-poll.job.ts';
import { startClockRecompute } from './jobs/clock-recompute.job.ts';


/** The capabilities built on top of cases (SLA clocks, escalation…) plug in here: case list filters and
 * view fields, extra routes, and background jobs. */
export function extensions(deps: { pool: pg.Pool; sweepSeconds: number; clock?: Clock; log?: (msg: string, data?: unknown) => void; dataDir?: string }): {
  caseExtensions?: AppOptions['caseExtensions'];
  plugins: ((app: FastifyInstance, deps: { pool: pg.Pool; clock: Clock }) => Promise<void>)[];
  startJobs?: () => { stop(): Promise<void> };
} {
  const clock = deps.clock ?? systemClock;
  return {
    caseExtensions: {
      listFilters: (query) => slaListFilters(query, () => clock.now()),
      // The parameters slaListFilters reads (it checks their values), declared for the API document.
      listQuery: {
        overdue: z.string().optional().meta({ description: '1: past a deadline; 0: not' }),
        due_within_hours: z.string().optional().meta({ description: 'A running clock due within this many hours' }),
        escalated: z.string().optional().meta({ description: '1: escalated at least once; 0: never' }),
        clock: z.string().optional().meta({ description: 'Which clock clock_state reads (default resolve)' }),
        clock_state: z.string().optional().meta({ description: 'Comma-separated clock states' }),
      },
      decorate: (pool, actor, ids) => slaViews(pool, actor, ids, clock.now()),
      // What the SLA and process rules refuse, taken out of `abilities` so the UI never offers it.
      withheldActions: async (pool, actor, cases) => {
        const ids = cases.map((c) => c.id);
        const [sla, process] = await Promise.all([slaWithheldActions(pool, actor, ids), processWithheldActions(pool, actor, cases)]);
        return new Map(ids.map((id) => [id, [...(sla.get(id) ?? []), ...(process.get(id) ?? [])]]));
      },
      // The same for a case just registered, from what the registration wrote (no media exposure yet).
      decorateRegistered: async (actor, c, written) => {
        const calendar = (unitId: string | null) => calendarFor(deps.pool, actor.orgId, unitId, written.config.version);
        const views = await slaViewsOf([c], written.clocks, new Map(), calendar, clock.now());
        const resolve = written.clocks.filter((k) => k.kind === 'resolve');
        const sla = slaWithheldOf(actor, [c.id], [{ id: c.id, channel: c.channel, verdict: null, clarified: false }], written.config.sla, resolve);
        const process = processWithheldOf(written.config.settings, [c]);
        return { extra: views.get(c.id) ?? {}, withheld: [...(sla.get(c.id) ?? []), ...(process.get(c.id) ?? [])] };
      },
    },
    plugins: [slaRoutes, channelsRoutes],
    startJobs: () => {
      const log = deps.log ?? ((msg: string, data?: unknown) => console.error(msg, data ?? ''));
      const jobs = [
        startSweeper({
          pool: deps.pool,
          clock,
          // At most 15 s between sweeps, so a breach is acted on within 30 s of its deadline.
          intervalMs: Math.min(deps.sweepSeconds, 15) * 1000,
          log,
        }),
        startSessionCleanup({ pool: deps.pool, log }),
        // Issue 9: a calendar change's open deadlines, moved outside the administrator's transaction.
        startClockRecompute({ pool: deps.pool, clock, log }),
        // Issue 12: fine reminders, overdue corrective actions, retention (with the data directory for its export).
        startAccountabilityJobs({ pool: deps.pool, clock, dataDir: deps.dataDir, log }),
        startTransferReports({ pool: deps.pool, clock, log }),
        // E-mail in needs the data dir for attachments.
        ...(deps.dataDir ? [startEmailPoll({ pool: deps.pool, clock, dataDir: deps.dataDir, log })] : []),
        // Analytics (issue 10): surge alerts as notifications to managers.
        startSurgeAlerts({ pool: deps.pool, clock, log }),
        // Analytics (issue 10): the pre-aggregated dashboard counts rebuilt for the days that changed.
        startAnalyticsRollup({ pool: deps.pool, log }),
        // Issue 11 "Out": delivers the outbox (e-mail, SMS, staff group robots, webhooks).
        startDispatcher({ pool: deps.pool, clock, log }),
      ];
      return { stop: async () => void (await Promise.all(jobs.map((j) => j.stop()))) };
    },
  };
}
