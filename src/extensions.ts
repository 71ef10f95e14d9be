import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Clock } from './app/context.ts';
import type { AppOptions } from './server/app.ts';

/** The capabilities built on top of cases (SLA clocks, escalation…) plug in here: case list filters and
 * view fields, extra routes, and background jobs. */
export function extensions(_deps: { pool: pg.Pool; sweepSeconds: number; clock?: Clock }): {
  caseExtensions?: AppOptions['caseExtensions'];
  plugins: ((app: FastifyInstance, deps: { pool: pg.Pool; clock: Clock }) => Promise<void>)[];
  startJobs?: () => { stop(): Promise<void> };
} {
  return { plugins: [] };
}
