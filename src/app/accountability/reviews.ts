import { randomUUID } from 'node:crypto';
import { AppError } from '../../contract/errors.ts';
import { many, one, type Db } from '../../store/db.ts';
import { isOrgWide, visibleCasesWhere } from '../cases/case.policy.ts';
import type { Actor, Ctx } from '../context.ts';
import { listCorrective } from './corrective.ts';
import { requireAbility } from './settings.ts';

/**
 * Reviews: the customer-service manager's check of how well a case was handled, with a score (004), and a
 * manager-led review 检讨 of a case or a period; the management review pack per period (ISO 10002 §8.6); the record
 * of difficult customers (001 六.2 "针对不良客户的投诉……如争取无望，则记录备案以便在适当时候作重点跟进").
 */
export interface ReviewInput {
  kind: 'handling' | 'retrospective';
  case_id?: string | undefined;
  period_from?: string | undefined;
  period_to?: string | undefined;
  score?: number | undefined;
  findings: string;
  actions?: string | undefined;
}

export async function createReview(ctx: Ctx, input: ReviewInput) {
  requireAbility(ctx.actor, 'account');
  if (input.kind === 'handling' && (!input.case_id || input.score === undefined)) {
    throw new AppError('validation_failed', [{ path: input.case_id ? 'score' : 'case_id', code: 'required', message: 'handling review' }]);
  }
  if (!input.case_id && !(input.period_from && input.period_to)) throw new AppError('validation_failed', [{ path: 'case_id', code: 'required', message: 'a case or a period' }]);
  if (input.case_id) {
    const c = await one<{ unit_id: string }>(ctx.tx, 'select unit_id from cases where org_id = $1 and id = $2', [ctx.actor.orgId, input.case_id]);
    if (!c || !(isOrgWide(ctx.actor) || ctx.actor.scopeUnitIds.includes(c.unit_id))) throw new AppError('not_found');
  }
  const id = randomUUID();
  await ctx.tx.query(
    `insert into reviews (org_id, id, kind, case_id, period_from, period_to, score, findings, actions, created_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [ctx.actor.orgId, id, input.kind, input.case_id ?? null, input.period_from ?? null, input.period_to ?? null, input.score ?? null, input.findings, input.actions ?? null, ctx.clock.now(), ctx.actor.userId],
  );
  return (await listReviews(ctx.tx, ctx.actor, { id }))[0]!;
}

export async function listReviews(db: Db, actor: Actor, q: { id?: string; case_id?: string | undefined }) {
  requireAbility(actor, 'analyse');
  const rows = await many<{ id: string; kind: string; case_id: string | null; period_from: string | null; period_to: string | null; score: number | null; findings: string; actions: string | null; created_at: Date; created_by: string }>(
    db,
    `select id, kind, case_id, to_char(period_from, 'YYYY-MM-DD') as period_from, to_char(period_to, 'YYYY-MM-DD') as period_to, score, findings, actions, created_at, created_by
       from reviews r where org_id = $1 and ($2::uuid is null or id = $2) and ($3::uuid is null or case_id = $3)
        and ($4::uuid[] is null or case_id is null or exists (select 1 from cases c where c.org_id = r.org_id and c.id = r.case_id and c.unit_id = any($4::uuid[])))
      order by created_at desc limit 500`,
    [actor.orgId, q.id ?? null, q.case_id ?? null, isOrgWide(actor) ? null : actor.scopeUnitIds],
  );
  return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }));
}

/** Difficult customers: visible and kept by roles that analyse or keep accountability, never agents or handlers. */
export async function markDifficult(ctx: Ctx, customerId: string, reason: string) {
  requireAbility(ctx.actor, 'account');
  const c = await one(ctx.tx, 'select 1 from customers where org_id = $1 and id = $2', [ctx.actor.orgId, customerId]);
  if (!c) throw new AppError('not_found');
  await ctx.tx.query(
    `insert into difficult_customers (org_id, customer_id, reason, created_at, created_by) values ($1, $2, $3, $4, $5)
     on conflict (org_id, customer_id) do update set reason = excluded.reason, created_at = excluded.created_at, created_by = excluded.created_by`,
    [ctx.actor.orgId, customerId, reason, ctx.clock.now(), ctx.actor.userId],
  );
  return (await listDifficult(ctx.tx, ctx.actor)).find((d) => d.customer_id === customerId)!;
}

export async function unmarkDifficult(ctx: Ctx, customerId: string) {
  requireAbility(ctx.actor, 'account');
  const r = await ctx.tx.query('delete from difficult_customers where org_id = $1 and customer_id = $2', [ctx.actor.orgId, customerId]);
  if (!r.rowCount) throw new AppError('not_found');
}

/** The list carries no contact details: only the customer's name and the reason; a scoped manager sees the customers
 * who have a case they may see, under the name recorded on the newest such case (never the record's name, which
 * another project may have written: a known phone number links cases of two projects to one customer). */
export async function listDifficult(db: Db, actor: Actor) {
  requireAbility(actor, 'analyse');
  const params: unknown[] = [actor.orgId];
  const named = isOrgWide(actor)
    ? 'join lateral (select c.name) v on true'
    : `join lateral (select vc.customer_name as name from cases vc where ${visibleCasesWhere(actor, params, 'vc')} and vc.customer_id = d.customer_id
                      order by vc.created_at desc limit 1) v on true`;
  const rows = await many<{ customer_id: string; name: string; reason: string; created_at: Date; created_by: string }>(
    db,
    `select d.customer_id, v.name, d.reason, d.created_at, d.created_by from difficult_customers d
       join customers c on c.org_id = d.org_id and c.id = d.customer_id
       ${named}
      where d.org_id = $1
      order by d.created_at desc limit 1000`,
    params,
  );
  return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }));
}

interface PeriodFigures {
  from: string; to: string;
  cases: number; complaints: number; valid: number; invalid: number; malicious: number; closed: number;
  resolved_in_time: number; resolve_clocks: number; satisfied_visits: number; visits: number;
  rates: { validity_rate: number | null; closure_rate: number | null; resolved_in_time_rate: number | null; satisfaction_rate: number | null };
}

const rate = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

/** Count-based figures of one period, computed here (not from the rates module another issue builds). */
async function periodFigures(db: Db, orgId: string, from: Date, to: Date, scope: string[] | null): Promise<PeriodFigures> {
  const r = await one<Record<string, string>>(
    db,
    `select count(*) as cases, count(*) filter (where kind = 'complaint') as complaints,
            count(*) filter (where validity = 'valid') as valid, count(*) filter (where validity = 'invalid') as invalid,
            count(*) filter (where validity = 'malicious') as malicious, count(*) filter (where status = 'closed') as closed,
            count(*) filter (where visit_satisfaction is not null) as visits, count(*) filter (where visit_satisfaction in ('satisfied', 'basically_satisfied')) as satisfied_visits,
            (select count(*) from case_clocks k join cases x on x.org_id = k.org_id and x.id = k.case_id
              where k.org_id = $1 and k.kind = 'resolve' and x.created_at >= $2 and x.created_at < $3 and ($4::uuid[] is null or x.unit_id = any($4::uuid[]))) as resolve_clocks,
            (select count(*) from case_clocks k join cases x on x.org_id = k.org_id and x.id = k.case_id
              where k.org_id = $1 and k.kind = 'resolve' and k.met_at is not null and k.met_at <= k.due_at and x.created_at >= $2 and x.created_at < $3
                and ($4::uuid[] is null or x.unit_id = any($4::uuid[]))) as resolved_in_time
       from cases where org_id = $1 and created_at >= $2 and created_at < $3 and status not in ('merged') and ($4::uuid[] is null or unit_id = any($4::uuid[]))`,
    [orgId, from, to, scope],
  );
  const n = (k: string) => Number(r?.[k] ?? 0);
  return {
    from: from.toISOString(), to: to.toISOString(),
    cases: n('cases'), complaints: n('complaints'), valid: n('valid'), invalid: n('invalid'), malicious: n('malicious'), closed: n('closed'),
    resolved_in_time: n('resolved_in_time'), resolve_clocks: n('resolve_clocks'), visits: n('visits'), satisfied_visits: n('satisfied_visits'),
    rates: {
      validity_rate: rate(n('valid'), n('valid') + n('invalid') + n('malicious')),
      closure_rate: rate(n('closed'), n('cases')),
      resolved_in_time_rate: rate(n('resolved_in_time'), n('resolve_clocks')),
      satisfaction_rate: rate(n('satisfied_visits'), n('visits')),
    },
  };
}

/**
 * The management review pack (ISO 10002 §8.6) for [from, to): rates, the trend against the previous period of the
 * same length, top causes (categories), open and overdue corrective actions, fines, and the reviews recorded since
 * the last period review.
 */
export async function reviewPack(db: Db, actor: Actor, fromIso: string, toIso: string, now: Date) {
  requireAbility(actor, 'analyse');
  const from = new Date(fromIso);
  const to = new Date(toIso);
  if (!(from < to)) throw new AppError('validation_failed', [{ path: 'to', code: 'too_small', message: 'to must be after from' }]);
  const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
  // Figures, causes and fines within the caller's scope (managers of a unit see their units).
  const scope = isOrgWide(actor) ? null : actor.scopeUnitIds;
  const [current, previous, causes, corrective, fines, lastReview] = await Promise.all([
    periodFigures(db, actor.orgId, from, to, scope),
    periodFigures(db, actor.orgId, prevFrom, from, scope),
    many<{ category_id: string | null; code: string | null; name_zh: string | null; name_en: string | null; complaints: string }>(
      db,
      `select c.category_id, k.code, k.name_zh, k.name_en, count(*) as complaints from cases c left join categories k on k.org_id = c.org_id and k.id = c.category_id
        where c.org_id = $1 and c.kind = 'complaint' and c.created_at >= $2 and c.created_at < $3 and c.status <> 'merged' and ($4::uuid[] is null or c.unit_id = any($4::uuid[]))
        group by 1, 2, 3, 4 order by count(*) desc, k.code nulls last limit 10`,
      [actor.orgId, from, to, scope],
    ),
    listCorrective(db, actor, {}, now),
    one<Record<string, string | null>>(
      db,
      `select count(*) as count, coalesce(sum(amount_fen), 0) as charged_fen,
              coalesce(sum(amount_fen) filter (where state = 'paid'), 0) as paid_fen,
              coalesce(sum(amount_fen) filter (where state in ('notice', 'upheld')), 0) as owed_fen,
              count(*) filter (where state in ('notice', 'upheld') and due_at < $4) as overdue
         from fines where org_id = $1 and noticed_at >= $2 and noticed_at < $3 and state not in ('overturned', 'waived', 'withdrawn')
          and ($5::uuid[] is null or store_unit_id = any($5::uuid[]))`,
      [actor.orgId, from, to, now, scope],
    ),
    one<{ period_to: string }>(db, `select to_char(max(period_to), 'YYYY-MM-DD') as period_to from reviews where org_id = $1 and kind = 'retrospective' and period_to is not null and period_to <= $2::date`, [actor.orgId, from.toISOString().slice(0, 10)]),
  ]);
  const trend = Object.fromEntries((['cases', 'complaints', 'valid', 'closed'] as const).map((k) => [k, { current: current[k], previous: previous[k], change: current[k] - previous[k] }]));
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    figures: current,
    previous,
    trend,
    top_causes: causes.map((c) => ({ category_id: c.category_id, code: c.code, name_zh: c.name_zh, name_en: c.name_en, complaints: Number(c.complaints) })),
    corrective_actions: {
      open: corrective.filter((c) => c.state !== 'closed').length,
      overdue: corrective.filter((c) => c.overdue).length,
      closed_in_period: corrective.filter((c) => c.closed_at && c.closed_at >= from.toISOString() && c.closed_at < to.toISOString()).length,
      items: corrective.filter((c) => c.state !== 'closed').map((c) => ({ id: c.id, title: c.title, state: c.state, due_at: c.due_at, overdue: c.overdue })),
    },
    fines: { count: Number(fines?.count ?? 0), charged_fen: Number(fines?.charged_fen ?? 0), paid_fen: Number(fines?.paid_fen ?? 0), owed_fen: Number(fines?.owed_fen ?? 0), overdue: Number(fines?.overdue ?? 0) },
    since_last_review: { last_review_to: lastReview?.period_to ?? null, ...trend },
  };
}
