import { AppError } from '../../contract/errors.ts';
import { prepared, type Db } from '../../store/db.ts';

/**
 * Readable case numbers, e.g. QT-20261123-00042: the organisation's prefix, its local day, and the next number of
 * that day from the per-day counter row (case_number_counters).
 *
 * Every registration of an organisation passes through that one row, so a process that registers many cases takes
 * numbers from it in blocks and hands them out from memory (issue 8: one statement fewer per registration). The
 * block grows while numbers go fast (doubling when a block lasted under a second, up to MAX_BLOCK) and shrinks back
 * to one when they go slowly, so a quiet desk still gets gapless numbers and a busy hotline rarely touches the row.
 * Numbers stay unique (each block is a committed range of the counter); what a block can cost is a gap: the numbers
 * left in it when the process stops or the organisation's day ends are never used. A refused registration never
 * takes a number at all (register-once.ts checks first), a failed one leaves a gap as before.
 */
const MAX_BLOCK = 64;
const FAST_MS = 1_000;
const SLOW_MS = 5_000;

interface Block {
  prefix: string;
  day: string;
  /** The block serves instants in [from, to): the organisation's local day it was taken for. */
  from: number;
  to: number;
  next: number;
  last: number;
  size: number;
  takenAt: number;
}

const blocks = new Map<string, Block>();
const pending = new Map<string, Promise<Block>>();

const format = (prefix: string, day: string, n: number) => `${prefix}-${day}-${String(n).padStart(5, '0')}`;

/** Reserves `size` numbers of the organisation's day that holds `at`. `standalone`: the statement is its own
 * transaction, so its commit may be asynchronous (see allocateCaseNumber). */
async function reserve(db: Db, orgId: string, at: Date, size: number, standalone: boolean): Promise<Block> {
  // One statement: the organisation's local day, and the last number of the reserved range. Its commit does not wait
  // for the WAL to reach the disk (synchronous_commit off for this transaction only), so the row is held for the
  // statement, not for an fsync. Safe: a case using one of these numbers commits synchronously later, which flushes
  // the WAL up to it, this update included; a crash before that loses only numbers no case has.
  const r = (await db.query<{ case_prefix: string; day: string; last: number; day_from: Date; day_to: Date }>(prepared(
    `with o as (select case_prefix, time_zone, ($2::timestamptz at time zone time_zone)::date as d,
                       set_config('synchronous_commit', case when $3 then 'off' else current_setting('synchronous_commit') end, true) as sync
                  from organisations where id = $1)
     insert into case_number_counters as k (org_id, day, last) select $1, o.d, $4 from o
       on conflict (org_id, day) do update set last = k.last + $4
     returning (select case_prefix from o), (select to_char(d, 'YYYYMMDD') from o) as day, last,
               (select d::timestamp at time zone time_zone from o) as day_from, (select (d + 1)::timestamp at time zone time_zone from o) as day_to`,
    [orgId, at, standalone, size],
  ))).rows[0];
  if (!r) throw new AppError('not_found');
  return { prefix: r.case_prefix, day: r.day, from: r.day_from.getTime(), to: r.day_to.getTime(), next: r.last - size + 1, last: r.last, size, takenAt: Date.now() };
}

/**
 * The next case number of the organisation's day. Call it outside the registering transaction so the counter row
 * is locked for one statement only: a failed registration then leaves a gap, never a duplicate.
 * `standalone`: `db` is the pool or a connection outside any transaction (the statement commits by itself); only
 * then are numbers taken in blocks — a block taken inside a transaction that rolls back would hand out numbers
 * the counter no longer has.
 */
export async function allocateCaseNumber(db: Db, orgId: string, at: Date, standalone = false): Promise<string> {
  if (!standalone) {
    const b = await reserve(db, orgId, at, 1, false);
    return format(b.prefix, b.day, b.last);
  }
  const t = at.getTime();
  for (;;) {
    const b = blocks.get(orgId);
    if (b && b.next <= b.last && t >= b.from && t < b.to) return format(b.prefix, b.day, b.next++);
    // Requests arriving together share one reservation instead of each taking a block.
    let wait = pending.get(orgId);
    if (!wait) {
      const lasted = b ? Date.now() - b.takenAt : Infinity;
      const size = !b || t < b.from || t >= b.to ? 1 : lasted < FAST_MS ? Math.min(MAX_BLOCK, b.size * 2) : lasted > SLOW_MS ? 1 : b.size;
      wait = reserve(db, orgId, at, size, true)
        .then((got) => (blocks.set(orgId, got), got))
        .finally(() => pending.delete(orgId));
      pending.set(orgId, wait);
    }
    await wait;
  }
}

/** Forgets the blocks this process holds (tests; an organisation's prefix or time zone changed). */
export function forgetCaseNumberBlocks(orgId?: string): void {
  if (orgId) blocks.delete(orgId);
  else blocks.clear();
}
