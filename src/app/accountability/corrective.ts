import { randomUUID } from 'node:crypto';
import { AppError } from '../../contract/errors.ts';
import { many, one, type Db } from '../../store/db.ts';
import { isOrgWide } from '../cases/case.policy.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireAbility } from './settings.ts';

const DAY = 86_400_000;

/**
 * Corrective action 整改 (001 七 "提出整改建议，改进工作和服务策略"; ISO 10002 §8): made from cases or from a category at a
 * place, with root cause, plan, owner and deadline; the owner records evidence when done; it closes only after an
 * effectiveness check `check_after_days` later that counts complaints of that category at that place in the same
 * length of time after completion as before creation, and finds fewer.
 */
export interface CorrectiveInput {
  title: string;
  case_ids?: string[] | undefined;
  category_id?: string | null | undefined;
  unit_id?: string | null | undefined;
  root_cause: string;
  plan: string;
  owner_id: string;
  due_at: string;
  check_after_days?: number | undefined;
}

export interface CorrectiveView {
  id: string; title: string; category_id: string | null; unit_id: string | null; case_ids: string[]; root_cause: string; plan: string;
  owner_id: string; due_at: string; check_after_days: number; state: string; evidence: string | null; done_at: string | null;
  escalated_at: string | null; overdue: boolean; checks: EffectivenessCheck[]; check_due_at: string | null; created_at: string; closed_at: string | null;
}

export interface EffectivenessCheck {
  at: string; by: string;
  before: { from: string; to: string; complaints: number };
  after: { from: string; to: string; complaints: number };
  change: number;
  effective: boolean;
}

export async function createCorrective(ctx: Ctx, input: CorrectiveInput): Promise<CorrectiveView> {
  requireAbility(ctx.actor, 'account');
  const orgId = ctx.actor.orgId;
  const caseIds = [...new Set(input.case_ids ?? [])];
  let categoryId = input.category_id ?? null;
  let unitId = input.unit_id ?? null;
  if (caseIds.length > 0) {
    const cases = await many<{ id: string; category_id: string | null; complained_unit_id: string | null; unit_id: string }>(
      ctx.tx, 'select id, category_id, complained_unit_id, unit_id from cases where org_id = $1 and id = any($2::uuid[])', [orgId, caseIds],
    );
    if (cases.length !== caseIds.length) throw new AppError('invalid_reference', [{ path: 'case_ids', code: 'not_found', message: caseIds.join(',') }]);
    categoryId ??= cases[0]!.category_id;
    unitId ??= cases[0]!.complained_unit_id ?? cases[0]!.unit_id;
  }
  if (!categoryId || !unitId) throw new AppError('validation_failed', [{ path: categoryId ? 'unit_id' : 'category_id', code: 'required', message: 'category × place' }]);
  const refs = await one<{ cat: boolean; unit: boolean; owner: boolean }>(
    ctx.tx,
    `select exists (select 1 from categories where org_id = $1 and id = $2) as cat, exists (select 1 from units where org_id = $1 and id = $3) as unit,
            exists (select 1 from users where org_id = $1 and id = $4 and active) as owner`,
    [orgId, categoryId, unitId, input.owner_id],
  );
  const bad = [!refs?.cat && 'category_id', !refs?.unit && 'unit_id', !refs?.owner && 'owner_id'].filter((x): x is string => !!x);
  if (bad.length > 0) throw new AppError('invalid_reference', bad.map((path) => ({ path, code: 'not_found', message: path })));
  const id = randomUUID();
  await ctx.tx.query(
    `insert into corrective_actions (org_id, id, title, category_id, unit_id, case_ids, root_cause, plan, owner_id, due_at, check_after_days, state, created_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $13)`,
    [orgId, id, input.title, categoryId, unitId, caseIds, input.root_cause, input.plan, input.owner_id, new Date(input.due_at), input.check_after_days ?? 30, ctx.clock.now(), ctx.actor.userId],
  );
  return getCorrective(ctx.tx, ctx.actor, id, ctx.clock.now());
}

interface Row {
  id: string; title: string; category_id: string | null; unit_id: string | null; case_ids: string[]; root_cause: string; plan: string; owner_id: string;
  due_at: Date; check_after_days: number; state: string; evidence: string | null; done_at: Date | null; escalated_at: Date | null;
  checks: EffectivenessCheck[]; created_at: Date; closed_at: Date | null;
}

function view(r: Row, now: Date): CorrectiveView {
  return {
    ...r,
    due_at: r.due_at.toISOString(),
    done_at: r.done_at?.toISOString() ?? null,
    escalated_at: r.escalated_at?.toISOString() ?? null,
    created_at: r.created_at.toISOString(),
    closed_at: r.closed_at?.toISOString() ?? null,
    overdue: r.state === 'open' && r.due_at < now,
    check_due_at: r.done_at ? new Date(r.done_at.getTime() + r.check_after_days * DAY).toISOString() : null,
  };
}

/** Managers who are not organisation-wide see the corrective actions of their own units only. */
const inScope = (actor: Actor, unitId: string | null) => isOrgWide(actor) || (unitId !== null && actor.scopeUnitIds.includes(unitId));

export async function getCorrective(db: Db, actor: Actor, id: string, now: Date): Promise<CorrectiveView> {
  const r = await one<Row>(db, 'select * from corrective_actions where org_id = $1 and id = $2', [actor.orgId, id]);
  if (!r || !inScope(actor, r.unit_id)) throw new AppError('not_found');
  return view(r, now);
}

export async function listCorrective(db: Db, actor: Actor, q: { state?: string | undefined; overdue?: boolean | undefined }, now: Date): Promise<CorrectiveView[]> {
  const rows = await many<Row>(db, `select * from corrective_actions where org_id = $1 ${q.state ? 'and state = $2' : ''} order by due_at, id limit 1000`, q.state ? [actor.orgId, q.state] : [actor.orgId]);
  return rows.filter((r) => inScope(actor, r.unit_id)).map((r) => view(r, now)).filter((v) => q.overdue === undefined || v.overdue === q.overdue);
}

/** The owner (or an accountability role) records the evidence of completion. @throws not_found, forbidden_action, record_state_conflict */
export async function completeCorrective(ctx: Ctx, id: string, evidence: string): Promise<CorrectiveView> {
  const r = await one<Row>(ctx.tx, 'select * from corrective_actions where org_id = $1 and id = $2 for update', [ctx.actor.orgId, id]);
  if (!r) throw new AppError('not_found');
  if (r.owner_id !== ctx.actor.userId) requireAbility(ctx.actor, 'account');
  if (r.state !== 'open') throw new AppError('record_state_conflict', undefined, { status: r.state, action: 'complete' });
  await ctx.tx.query(`update corrective_actions set state = 'done', evidence = $3, done_at = $4 where org_id = $1 and id = $2`, [ctx.actor.orgId, id, evidence, ctx.clock.now()]);
  return getCorrective(ctx.tx, ctx.actor, id, ctx.clock.now());
}

/** Complaints of a category (and its subcategories) at a unit (and its subtree) registered in [from, to). */
async function countComplaints(db: Db, orgId: string, categoryId: string, unitId: string, from: Date, to: Date): Promise<number> {
  const r = await one<{ n: string }>(
    db,
    `with recursive cats as (select id from categories where org_id = $1 and id = $2
                             union select c.id from categories c join cats on c.parent_id = cats.id where c.org_id = $1)
     select count(*) as n from cases c join units u on u.org_id = c.org_id and u.id = coalesce(c.complained_unit_id, c.unit_id)
      where c.org_id = $1 and c.kind = 'complaint' and c.status not in ('merged', 'withdrawn') and c.validity <> 'malicious'
        and c.category_id in (select id from cats) and $3 = any(u.path) and c.created_at >= $4 and c.created_at < $5`,
    [orgId, categoryId, unitId, from, to],
  );
  return Number(r?.n ?? 0);
}

/**
 * The effectiveness check, `check_after_days` after completion: complaints of the category at the place in the
 * window after completion against the same-length window before the action was created. Fewer: closed; not fewer:
 * back to open (the plan did not work), with the comparison kept. @throws record_state_conflict before it is due
 */
export async function checkEffectiveness(ctx: Ctx, id: string): Promise<CorrectiveView> {
  requireAbility(ctx.actor, 'account');
  const r = await one<Row>(ctx.tx, 'select * from corrective_actions where org_id = $1 and id = $2 for update', [ctx.actor.orgId, id]);
  if (!r) throw new AppError('not_found');
  const now = ctx.clock.now();
  if (r.state !== 'done' || !r.done_at) throw new AppError('record_state_conflict', undefined, { status: r.state, action: 'check' });
  const window = r.check_after_days * DAY;
  const afterTo = new Date(r.done_at.getTime() + window);
  if (now < afterTo) throw new AppError('record_state_conflict', undefined, { status: 'check_not_due', action: 'check' });
  const beforeFrom = new Date(r.created_at.getTime() - window);
  const before = await countComplaints(ctx.tx, ctx.actor.orgId, r.category_id!, r.unit_id!, beforeFrom, r.created_at);
  const after = await countComplaints(ctx.tx, ctx.actor.orgId, r.category_id!, r.unit_id!, r.done_at, afterTo);
  const effective = after < before || (before === 0 && after === 0);
  const check: EffectivenessCheck = {
    at: now.toISOString(), by: ctx.actor.userId,
    before: { from: beforeFrom.toISOString(), to: r.created_at.toISOString(), complaints: before },
    after: { from: r.done_at.toISOString(), to: afterTo.toISOString(), complaints: after },
    change: after - before,
    effective,
  };
  await ctx.tx.query(
    `update corrective_actions set checks = checks || $3::jsonb, state = $4, closed_at = $5,
            done_at = case when $4 = 'open' then null else done_at end, escalated_at = case when $4 = 'open' then null else escalated_at end,
            due_at = case when $4 = 'open' then greatest(due_at, $6) else due_at end
      where org_id = $1 and id = $2`,
    [ctx.actor.orgId, id, JSON.stringify([check]), effective ? 'closed' : 'open', effective ? now : null, new Date(now.getTime() + window)],
  );
  return getCorrective(ctx.tx, ctx.actor, id, now);
}

/** Escalates open corrective actions past their deadline, once: the owner and the accountability roles are notified. */
export async function escalateOverdueCorrective(db: Db, now: Date, orgId?: string): Promise<number> {
  const rows = await many<{ org_id: string; id: string; title: string; owner_id: string; due_at: Date }>(
    db,
    `update corrective_actions set escalated_at = $1 where state = 'open' and due_at < $1 and escalated_at is null ${orgId ? 'and org_id = $2' : ''}
     returning org_id, id, title, owner_id, due_at`,
    orgId ? [now, orgId] : [now],
  );
  for (const r of rows) {
    const recipients = await many<{ id: string }>(
      db, `select id from users where org_id = $1 and active and (id = $2 or roles && array['complaint_center']::text[])`, [r.org_id, r.owner_id],
    );
    for (const u of recipients) {
      await db.query(
        `insert into notifications (org_id, id, recipient_id, kind, dedupe_key, payload, created_at) values ($1, $2, $3, 'corrective_overdue', $4, $5, $6)
         on conflict (org_id, recipient_id, dedupe_key) do nothing`,
        [r.org_id, randomUUID(), u.id, `corrective_overdue:${r.id}:${r.due_at.getTime()}`, JSON.stringify({ corrective_action_id: r.id, title: r.title, due_at: r.due_at.toISOString() }), now],
      );
    }
  }
  return rows.length;
}
