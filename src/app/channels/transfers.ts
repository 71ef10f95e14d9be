import type pg from 'pg';
import type { TransferRequest } from '../../contract/channels.ts';
import { one, withTx } from '../../store/db.ts';
import type { Clock } from '../context.ts';
import { registerCase } from '../cases/register-case.ts';
import type { TokenHolder } from './api-tokens.ts';

export interface TransferOutcome {
  case_id: string;
  number: string;
  external_number: string;
  replayed: boolean;
}

/**
 * Accepts an external work order (a 12345 transfer): one case per external number, whatever the retries. The
 * case keeps the external number (external_ref), starts its clocks at the hotline's received time and carries
 * the hotline's deadline as its requested deadline, which counts when stricter than the organisation's own.
 * Concurrent deliveries of one number wait on a transaction lock and the later ones answer with the first case.
 * @throws validation_failed (registration rules), invalid_reference
 */
export async function acceptTransfer(pool: pg.Pool, holder: TokenHolder, clock: Clock, input: TransferRequest): Promise<TransferOutcome> {
  const { actor } = holder;
  return withTx(pool, async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`transfer|${actor.orgId}|${input.external_number}`]);
    const prior = await one<{ case_id: string; number: string }>(
      tx,
      `select t.case_id, c.number from external_transfers t join cases c on c.org_id = t.org_id and c.id = t.case_id
        where t.org_id = $1 and t.external_number = $2`,
      [actor.orgId, input.external_number],
    );
    if (prior) return { case_id: prior.case_id, number: prior.number, external_number: input.external_number, replayed: true };
    const { case: c } = await registerCase(
      { tx, actor, clock },
      {
        kind: input.kind,
        channel: 'hotline_transfer',
        subject: input.subject,
        content: input.content,
        customer: input.customer,
        external_ref: input.external_number,
        ...(holder.unitId ? { unit_id: holder.unitId } : {}),
        received_at: input.received_at,
        ...(input.due_at ? { requested_due_at: input.due_at } : {}),
      },
    );
    await tx.query(
      `insert into external_transfers (org_id, external_number, case_id, token_id, received_at, external_due_at, created_at, report_state)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [actor.orgId, input.external_number, c.id, holder.tokenId, input.received_at, input.due_at ?? null, clock.now(), holder.reportUrl ? 'pending' : 'none'],
    );
    return { case_id: c.id, number: c.number, external_number: input.external_number, replayed: false };
  });
}

/** Statuses after which the result is known and reported back. */
const DONE = ['resolved', 'visited', 'closed'];
const MAX_ATTEMPTS = 8;
const LEASE_MS = 120_000;

/** The delay before attempt `n + 1` after `n` failures: 30 s, 1 min, 2 min… capped at one hour. */
export const reportBackoffMs = (failures: number) => Math.min(30_000 * 2 ** (failures - 1), 3_600_000);

interface Claimed {
  org_id: string;
  external_number: string;
  report_url: string;
  report_attempts: number;
  number: string;
  status: string;
  resolution: string | null;
  answer: string | null;
  resolved_at: Date | null;
}

/**
 * Reports the results of resolved transfers to the URL of the token that brought them: each is claimed first
 * (a lease, FOR UPDATE SKIP LOCKED, so two runners never send one twice at once), POSTed as JSON, then marked
 * sent; a failure is retried with exponential backoff, and after MAX_ATTEMPTS the row is dead (kept, with the
 * last error). Returns how many were sent.
 */
export async function reportTransferResults(pool: pg.Pool, clock: Clock, log?: (msg: string, data?: unknown) => void): Promise<number> {
  const now = clock.now();
  const claimed = await withTx(pool, async (tx) => {
    const rows = (
      await tx.query<Claimed>(
        `select t.org_id, t.external_number, k.report_url, t.report_attempts, c.number, c.status, c.resolution, c.answer, c.resolved_at
           from external_transfers t join cases c on c.org_id = t.org_id and c.id = t.case_id
           join api_tokens k on k.org_id = t.org_id and k.id = t.token_id
          where t.report_state = 'pending' and (t.report_next_at is null or t.report_next_at <= $1)
            and c.status = any($2) and k.report_url is not null
          order by t.created_at limit 20 for update of t skip locked`,
        [now, DONE],
      )
    ).rows;
    for (const r of rows) {
      await tx.query('update external_transfers set report_next_at = $3 where org_id = $1 and external_number = $2', [r.org_id, r.external_number, new Date(now.getTime() + LEASE_MS)]);
    }
    return rows;
  });
  let sent = 0;
  for (const r of claimed) {
    const body = {
      external_number: r.external_number,
      case_number: r.number,
      status: r.status,
      result: r.resolution ?? r.answer,
      resolved_at: r.resolved_at?.toISOString() ?? null,
    };
    let error: string | undefined;
    try {
      const res = await fetch(r.report_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
      if (!res.ok) error = `HTTP ${res.status}`;
      await res.body?.cancel();
    } catch (err) {
      error = (err as Error).message;
    }
    const attempts = r.report_attempts + 1;
    if (!error) {
      sent++;
      await pool.query(
        `update external_transfers set report_state = 'sent', report_attempts = $3, reported_at = $4, report_last_error = null where org_id = $1 and external_number = $2`,
        [r.org_id, r.external_number, attempts, clock.now()],
      );
    } else {
      const dead = attempts >= MAX_ATTEMPTS;
      log?.('transfer report failed', { external_number: r.external_number, attempts, error });
      await pool.query(
        `update external_transfers set report_state = $3, report_attempts = $4, report_next_at = $5, report_last_error = $6 where org_id = $1 and external_number = $2`,
        [r.org_id, r.external_number, dead ? 'dead' : 'pending', attempts, new Date(clock.now().getTime() + reportBackoffMs(attempts)), error],
      );
    }
  }
  return sent;
}
