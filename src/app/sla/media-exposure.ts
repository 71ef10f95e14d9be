import { AppError } from '../../contract/errors.ts';
import { localParts } from '../../domain/calendar.ts';
import { many, one, type Db } from '../../store/db.ts';
import type { CaseRow } from '../cases/case-row.ts';
import type { Ctx } from '../context.ts';

/**
 * Media exposure 媒体曝光 (003 第一篇 二(一)): "如能证明媒体所述与实际情况不符，需在5日内做出澄清，澄清刊登媒体必须为原媒体
 * 或同级媒体，逾期未做出澄清的，公司总部将视为所曝光情况属实". A manager judges the report; judged false, the `clarify`
 * clock runs (the case hook starts it) until a clarification is recorded; if it expires first, the sweeper marks the
 * exposure treated as true.
 */

export interface MediaExposure {
  verdict: 'false' | 'true';
  judged_at: Date;
  judged_by: string;
  clarification: { medium: string; medium_level: 'original' | 'same_level'; published_on: string; recorded_at: string; recorded_by: string } | null;
  treated_as_true_at: Date | null;
}

const invalid = (code: string, message: string) => new AppError('validation_failed', [{ path: 'verdict', code, message }]);

/** Records the verdict on the report. @throws validation_failed when already judged */
export async function judgeMediaReport(ctx: Ctx, c: CaseRow, verdict: 'false' | 'true'): Promise<void> {
  const r = await ctx.tx.query(
    `insert into media_exposures (org_id, case_id, verdict, judged_at, judged_by) values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [c.org_id, c.id, verdict, ctx.clock.now(), ctx.actor.userId],
  );
  if (r.rowCount === 0) throw invalid('already_judged', c.number);
}

/**
 * Records the clarification (medium, original or same-level, publication date — not in the future).
 * @throws validation_failed when the report was not judged false, is clarified already, or the date is ahead
 */
export async function recordClarification(ctx: Ctx, c: CaseRow, input: { medium: string; medium_level: 'original' | 'same_level'; published_on: string }, timeZone: string): Promise<void> {
  const m = await one<MediaExposure>(ctx.tx, 'select * from media_exposures where org_id = $1 and case_id = $2 for update', [c.org_id, c.id]);
  if (!m || m.verdict !== 'false') throw invalid('not_judged_false', c.number);
  if (m.clarification) throw invalid('already_clarified', c.number);
  const today = localParts(ctx.clock.now(), timeZone).date;
  if (input.published_on.includes('T')) input = { ...input, published_on: localParts(new Date(input.published_on), timeZone).date };
  if (input.published_on > today) throw new AppError('validation_failed', [{ path: 'published_on', code: 'in_future', message: input.published_on }]);
  const clarification = { ...input, recorded_at: ctx.clock.now().toISOString(), recorded_by: ctx.actor.userId };
  await ctx.tx.query('update media_exposures set clarification = $3 where org_id = $1 and case_id = $2', [c.org_id, c.id, JSON.stringify(clarification)]);
}

/** Marks exposures whose clarify clock expired as treated as true (at the due time); returns the case ids marked. */
export async function treatAsTrue(db: Db, expired: { orgId: string; caseId: string; dueAt: Date }[]): Promise<Set<string>> {
  if (expired.length === 0) return new Set();
  const rows = await many<{ case_id: string }>(
    db,
    `update media_exposures m set treated_as_true_at = t.d
       from unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) as t(o, i, d)
      where m.org_id = t.o and m.case_id = t.i and m.treated_as_true_at is null and m.clarification is null
      returning m.case_id`,
    [expired.map((e) => e.orgId), expired.map((e) => e.caseId), expired.map((e) => e.dueAt)],
  );
  return new Set(rows.map((r) => r.case_id));
}

/** The media exposure records of some cases, for their views. */
export async function mediaExposures(db: Db, orgId: string, ids: string[]): Promise<Map<string, MediaExposure>> {
  const rows = await many<MediaExposure & { case_id: string }>(db, 'select * from media_exposures where org_id = $1 and case_id = any($2::uuid[])', [orgId, ids]);
  return new Map(rows.map(({ case_id, ...m }) => [case_id, m]));
}
