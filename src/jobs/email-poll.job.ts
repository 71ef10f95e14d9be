import type pg from 'pg';
import { pollMailboxes } from '../app/channels/email-in.ts';
import type { Clock } from '../app/context.ts';
import { every, type RunningJob } from './every.ts';

/** Polls the organisations' mailboxes over IMAP every `intervalMs` (default 60 s) until stopped. */
export function startEmailPoll(opts: { pool: pg.Pool; clock: Clock; dataDir: string; intervalMs?: number; log?: (msg: string, data?: unknown) => void }): RunningJob {
  return every('e-mail poll', opts.intervalMs ?? 60_000, () => pollMailboxes(opts.pool, opts.clock, opts.dataDir, opts.log), opts.log);
}
