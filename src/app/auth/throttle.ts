import { AppError } from '../../contract/errors.ts';
import type { AuthSettings } from '../../domain/auth-settings.ts';
import { one, type Db } from '../../store/db.ts';
import { writeAuthLog, type AuthLogEntry } from './auth-log.ts';

// Failures that count: recent ones, and per account only those since its last success, unlock or reset. An
// account is its user when the username names one (usernames repeat across organisations), else the username.
// $1 is the user id or the username, $2 the window in minutes.
const accountFailures = (known: boolean) => {
  const account = known ? 'user_id = $1::uuid' : 'user_id is null and lower(username) = lower($1)';
  return `from auth_log where ${account} and event = 'login_failed' and at > now() - make_interval(mins => $2)
    and at > coalesce((select max(at) from auth_log where ${account}
      and event in ('login_ok', 'unlocked', 'password_reset')), '-infinity')`;
};
const ADDRESS_FAILURES = `from auth_log where address = $1 and event = 'login_failed' and at > now() - make_interval(mins => $2)`;

/**
 * Records a sign-in attempt before its password is checked, as a failure until `succeeded` says otherwise, so
 * that attempts running at the same time in any number of processes count against each other. When the username
 * or the address already has too many recent failures, the attempt is logged as throttled instead.
 * @throws rate_limited (details.retry_after_seconds) when throttled.
 */
export async function beginAttempt(db: Db, entry: Omit<AuthLogEntry, 'event'>, s: AuthSettings) {
  const id = await writeAuthLog(db, { ...entry, event: 'login_failed' });
  const userFailures = accountFailures(Boolean(entry.userId));
  const account = entry.userId ?? entry.username;
  const counts = await one<{ by_user: number; by_address: number }>(
    db,
    `select (select count(*)::int ${userFailures}) as by_user,
            (select count(*)::int ${ADDRESS_FAILURES.replaceAll('$1', '$3')}) as by_address`,
    [account, s.windowMinutes, entry.address],
  );
  const overUser = counts!.by_user > s.maxFailuresPerUser;
  const overAddress = counts!.by_address > s.maxFailuresPerAddress;
  if (overUser || overAddress) {
    await setEvent(db, id, 'login_throttled');
    const waits = await Promise.all([
      overUser ? retryAfter(db, userFailures, [account, s.windowMinutes], s.maxFailuresPerUser) : 0,
      overAddress ? retryAfter(db, ADDRESS_FAILURES, [entry.address, s.windowMinutes], s.maxFailuresPerAddress) : 0,
    ]);
    throw new AppError('rate_limited', { retry_after_seconds: Math.max(...waits) });
  }
  return {
    succeeded: () => setEvent(db, id, 'login_ok'),
    locked: () => setEvent(db, id, 'login_locked'),
  };
}

/** Seconds until fewer than `max` failures remain in the window: when the max-th newest one leaves it. */
async function retryAfter(db: Db, failures: string, params: unknown[], max: number): Promise<number> {
  const r = await one<{ s: number }>(
    db,
    `select greatest(1, ceil(extract(epoch from at + make_interval(mins => $2) - now())))::int as s
      ${failures} order by at desc offset $3 limit 1`,
    [...params, max - 1],
  );
  return r?.s ?? 1;
}

async function setEvent(db: Db, id: string, event: 'login_ok' | 'login_throttled' | 'login_locked') {
  await db.query('update auth_log set event = $2 where id = $1', [id, event]);
}
