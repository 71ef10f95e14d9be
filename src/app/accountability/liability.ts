import { randomUUID } from 'node:crypto';
import { AppError } from '../../contract/errors.ts';
import { finesForCase, type FineDraft, type FineGap } from '../../domain/penalties.ts';
import { many, one, type Db } from '../../store/db.ts';
import { writeEvent } from '../cases/case-row.ts';
import type { Ctx } from '../context.ts';
import { caseRow, DAY, factsOf, insertShares, listFines, unitsOf, type FineView, type LiabilityInput } from './ledger.ts';
import { loadAccountabilitySettings, requireAbility } from './settings.ts';

/**
 * The case side of accountability (issue 12): who a case holds accountable, the fines that follow from it, and the
 * appeal of a malicious determination. Fines follow the facts: whenever the liability, the validity or the media
 * verdict of a case changes, its fines are reconciled with what the rules now say (see `reconcileFines`).
 */

/** A manager records who the case holds accountable, then the case is assessed. @throws forbidden_action, not_found, invalid_reference */
export async function setLiability(ctx: Ctx, caseId: string, input: LiabilityInput) {
  requireAbility(ctx.actor, 'account');
  const orgId = ctx.actor.orgId;
  await caseRow(ctx.tx, orgId, caseId);
  const ids = [input.store_unit_id, ...Object.values(input.people ?? {})].filter((x): x is string => !!x);
  if (input.store_unit_id) {
    const u = await one(ctx.tx, 'select 1 from units where org_id = $1 and id = $2', [orgId, input.store_unit_id]);
    if (!u) throw new AppError('invalid_reference', [{ path: 'store_unit_id', code: 'not_found', message: input.store_unit_id }]);
  }
  const people = Object.values(input.people ?? {});
  if (people.length > 0) {
    const found = await many<{ id: string }>(ctx.tx, 'select id from users where org_id = $1 and id = any($2::uuid[])', [orgId, people]);
    if (found.length !== new Set(people).size) throw new AppError('invalid_reference', [{ path: 'people', code: 'not_found', message: ids.join(',') }]);
  }
  await ctx.tx.query(
    `insert into case_liability (org_id, case_id, party, store_unit_id, person_ids, at_fault, media, updated_at, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (org_id, case_id) do update set party = excluded.party, store_unit_id = excluded.store_unit_id, person_ids = excluded.person_ids,
       at_fault = excluded.at_fault, media = excluded.media, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [orgId, caseId, input.party, input.store_unit_id ?? null, JSON.stringify(input.people ?? {}), input.at_fault ?? true, input.media ?? [], ctx.clock.now(), ctx.actor.userId],
  );
  return assessCase(ctx, caseId, 'liability_changed');
}

/** What reconciling a case's fines did, besides the fines it now has. */
export interface Reconciled { fines: FineView[]; gaps: FineGap[]; issued: string[]; withdrawn: string[]; flagged: string[] }

type Standing = { id: string; rule_code: string; state: string; amount_fen: string; review: Record<string, unknown> | null };

const sharesKey = (xs: { party_kind: string; party_id: string; role: string; amount_fen: number | string }[]) =>
  xs.map((s) => `${s.party_kind}:${s.party_id}:${s.role}:${Number(s.amount_fen)}`).sort().join('|');

/**
 * Brings a case's fines in line with what the penalty rules say about its current facts (one standing fine per rule
 * per case). A fine the facts still earn, with the same amount and parties, stays as it is. One they no longer earn
 * (or earn from other parties) is, while still a `notice` (or a zero `recorded`), withdrawn — a state change kept in
 * its history, never a delete — and the fine the facts now earn is issued in its place. A paid fine is never
 * changed: it is flagged for refund (`review.reason = 'refund'`); one under appeal or upheld is flagged for the
 * reviewer (`liability_changed`). A flag is lifted when the facts come back to what the fine was charged for.
 * Runs in the caller's transaction on behalf of `actorId`; checks no ability (the callers do).
 */
export async function reconcileFines(db: Db, who: { orgId: string; actorId: string | null; now: Date }, caseId: string, why: string): Promise<Reconciled> {
  const { orgId, actorId, now } = who;
  const { penalties } = await loadAccountabilitySettings(db, orgId);
  const units = await unitsOf(db, orgId);
  const row = await caseRow(db, orgId, caseId);
  const facts = await factsOf(db, orgId, row, units);
  const { fines: due, gaps } = finesForCase(penalties, facts);
  const standing = await many<Standing>(
    db, `select id, rule_code, state, amount_fen, review from fines where org_id = $1 and case_id = $2 and state <> 'withdrawn' order by noticed_at, id for update`, [orgId, caseId],
  );
  const shareRows = await many<{ fine_id: string; party_kind: string; party_id: string; role: string; amount_fen: string }>(
    db, 'select fine_id, party_kind, party_id, role, amount_fen from fine_shares where org_id = $1 and fine_id = any($2::uuid[])', [orgId, standing.map((f) => f.id)],
  );
  const dueBy = new Map(due.map((f) => [f.rule_code, f]));
  const stillEarned = (f: Standing) => {
    const d = dueBy.get(f.rule_code);
    return !!d && d.amount_fen === Number(f.amount_fen) && sharesKey(d.shares) === sharesKey(shareRows.filter((s) => s.fine_id === f.id));
  };
  const out: Reconciled = { fines: [], gaps, issued: [], withdrawn: [], flagged: [] };
  const held = new Set<string>(); // rule codes a standing fine still occupies
  const entry = (state: string, note: string) => JSON.stringify([{ state, at: now.toISOString(), by: actorId, note }]);
  for (const f of standing) {
    if (stillEarned(f)) {
      held.add(f.rule_code);
      if (f.review) await db.query('update fines set review = null, history = history || $3::jsonb where org_id = $1 and id = $2', [orgId, f.id, entry(f.state, `review_cleared: ${why}`)]);
      continue;
    }
    if (f.state === 'notice' || f.state === 'recorded') {
      await db.query(`update fines set state = 'withdrawn', history = history || $3::jsonb where org_id = $1 and id = $2`, [orgId, f.id, entry('withdrawn', why)]);
      out.withdrawn.push(f.id);
      continue;
    }
    held.add(f.rule_code);
    if (f.state === 'waived' || f.state === 'overturned') continue; // nothing owed and nothing paid: nothing to review
    const reason = f.state === 'paid' ? 'refund' : 'liability_changed';
    if (f.review?.reason !== reason) {
      await db.query('update fines set review = $3, history = history || $4::jsonb where org_id = $1 and id = $2',
        [orgId, f.id, JSON.stringify({ reason, at: now.toISOString(), by: actorId, why }), entry(f.state, `review: ${reason}: ${why}`)]);
    }
    out.flagged.push(f.id);
  }
  for (const f of due) {
    if (held.has(f.rule_code)) continue;
    out.issued.push(await issueFine(db, { orgId, actorId, now }, caseId, f, penalties.payment_days));
  }
  return out;
}

async function issueFine(db: Db, who: { orgId: string; actorId: string | null; now: Date }, caseId: string, f: FineDraft, paymentDays: number): Promise<string> {
  const id = randomUUID();
  const state = f.amount_fen === 0 ? 'recorded' : 'notice';
  // A concurrent assessment may have issued it first (one standing fine per rule per case): then that one stands.
  const r = await db.query(
    `insert into fines (org_id, id, case_id, rule_code, store_unit_id, amount_fen, state, noticed_at, due_at, history, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict do nothing`,
    [who.orgId, id, caseId, f.rule_code, f.store_unit_id, f.amount_fen, state, who.now, new Date(who.now.getTime() + paymentDays * DAY),
      JSON.stringify([{ state, at: who.now.toISOString(), by: who.actorId }]), who.actorId],
  );
  if (r.rowCount) await insertShares(db, who.orgId, id, f.shares);
  return id;
}

/**
 * Applies the penalty rules to one case: issues the fines it earns, withdraws or flags those it no longer earns
 * (`reconcileFines`). Returns the case's fines, the rules that matched but lack a party, and what changed.
 */
export async function assessCase(ctx: Ctx, caseId: string, why = 'assessed'): Promise<Reconciled> {
  requireAbility(ctx.actor, 'account');
  const r = await reconcileFines(ctx.tx, { orgId: ctx.actor.orgId, actorId: ctx.actor.userId, now: ctx.clock.now() }, caseId, why);
  return { ...r, fines: await listFines(ctx.tx, ctx.actor, { case_id: caseId }, ctx.clock.now()) };
}

/** The case's liability as recorded (null: none yet), its fines and the malicious appeal if any. @throws not_found */
export async function caseAccountability(ctx: Ctx, caseId: string) {
  requireAbility(ctx.actor, 'account');
  const orgId = ctx.actor.orgId;
  const row = await caseRow(ctx.tx, orgId, caseId);
  const l = await one<{ party: string; store_unit_id: string | null; person_ids: Record<string, string>; at_fault: boolean; media: string[]; updated_at: Date }>(
    ctx.tx, 'select party, store_unit_id, person_ids, at_fault, media, updated_at from case_liability where org_id = $1 and case_id = $2', [orgId, caseId],
  );
  const appeal = await one(ctx.tx, 'select 1 from malicious_appeals where org_id = $1 and case_id = $2', [orgId, caseId]);
  // The rules that apply but lack someone to bear them (e.g. no store head on record), so the page can say why.
  const { penalties } = await loadAccountabilitySettings(ctx.tx, orgId);
  const facts = await factsOf(ctx.tx, orgId, row, await unitsOf(ctx.tx, orgId));
  const { gaps } = finesForCase(penalties, facts);
  return {
    case_id: caseId,
    validity: row.validity,
    media_confirmed: row.media_confirmed,
    taken_over: row.taken_over_from !== null,
    liability: l ? { party: l.party, store_unit_id: l.store_unit_id, people: l.person_ids, at_fault: l.at_fault, media: l.media, updated_at: l.updated_at.toISOString() } : null,
    fines: await listFines(ctx.tx, ctx.actor, { case_id: caseId }, ctx.clock.now()),
    gaps,
    /** The store the rules charge when none is recorded: the complained-about unit's store, else the case's. */
    store_unit_id: facts.storeUnitId,
    malicious_appeal: appeal ? await maliciousAppeal(ctx.tx, orgId, caseId) : null,
  };
}

/**
 * A case found invalid or malicious after it was accepted (or found valid after all): the validity is changed, the
 * change is written on the case's timeline, and its fines follow. @throws forbidden_action, not_found, record_state_conflict
 */
export async function redetermineValidity(ctx: Ctx, caseId: string, body: { validity: 'valid' | 'invalid' | 'malicious'; reason: string }) {
  requireAbility(ctx.actor, 'account');
  const orgId = ctx.actor.orgId;
  const row = await caseRow(ctx.tx, orgId, caseId);
  if (row.validity === 'pending') throw new AppError('record_state_conflict', undefined, { status: row.validity, action: 'redetermine_validity' });
  if (row.validity !== body.validity) {
    await ctx.tx.query(
      `update cases set validity = $3, invalid_explanation = case when $3 = 'invalid' then $4 else null end,
              malicious_reason = case when $3 = 'malicious' then $4 else null end, malicious_reviewer_id = case when $3 = 'malicious' then $5::uuid else null end,
              version = version + 1, updated_at = $6
        where org_id = $1 and id = $2`,
      [orgId, caseId, body.validity, body.reason, ctx.actor.userId, ctx.clock.now()],
    );
    await writeEvent(ctx, caseId, { action: 'redetermine_validity', note: body.reason, data: { from: row.validity, to: body.validity } });
  }
  return assessCase(ctx, caseId, `validity: ${row.validity} -> ${body.validity}`);
}

/** Appeals a malicious determination with evidence (one open appeal per case). @throws not_found, record_state_conflict */
export async function appealMalicious(ctx: Ctx, caseId: string, body: { reason: string; evidence?: string | undefined }) {
  requireAbility(ctx.actor, 'account');
  const row = await caseRow(ctx.tx, ctx.actor.orgId, caseId);
  if (row.validity !== 'malicious') throw new AppError('record_state_conflict', undefined, { status: row.validity, action: 'appeal_malicious' });
  const r = await ctx.tx.query(
    `insert into malicious_appeals (org_id, case_id, reason, evidence, appealed_at, appealed_by) values ($1, $2, $3, $4, $5, $6)
     on conflict (org_id, case_id) do update set reason = excluded.reason, evidence = excluded.evidence, appealed_at = excluded.appealed_at,
       appealed_by = excluded.appealed_by, decision = null, decided_at = null, decided_by = null, note = null
     where malicious_appeals.decision is not null`,
    [ctx.actor.orgId, caseId, body.reason, body.evidence ?? null, ctx.clock.now(), ctx.actor.userId],
  );
  if (!r.rowCount) throw new AppError('record_state_conflict', undefined, { status: 'appealed', action: 'appeal_malicious' });
  return maliciousAppeal(ctx.tx, ctx.actor.orgId, caseId);
}

/** A reviewer (not the appellant) decides: upheld keeps the case malicious; overturned makes it valid and assesses its fines. */
export async function decideMaliciousAppeal(ctx: Ctx, caseId: string, body: { decision: 'upheld' | 'overturned'; note?: string | undefined }) {
  requireAbility(ctx.actor, 'account');
  const a = await one<{ appealed_by: string; decision: string | null }>(ctx.tx, 'select appealed_by, decision from malicious_appeals where org_id = $1 and case_id = $2 for update', [ctx.actor.orgId, caseId]);
  if (!a) throw new AppError('not_found');
  if (a.decision) throw new AppError('record_state_conflict', undefined, { status: a.decision, action: body.decision });
  if (a.appealed_by === ctx.actor.userId) throw new AppError('forbidden_action', undefined, { action: body.decision });
  await ctx.tx.query('update malicious_appeals set decision = $3, decided_at = $4, decided_by = $5, note = $6 where org_id = $1 and case_id = $2',
    [ctx.actor.orgId, caseId, body.decision, ctx.clock.now(), ctx.actor.userId, body.note ?? null]);
  if (body.decision === 'overturned') {
    await ctx.tx.query(`update cases set validity = 'valid', malicious_reason = null, version = version + 1, updated_at = $3 where org_id = $1 and id = $2`, [ctx.actor.orgId, caseId, ctx.clock.now()]);
    await assessCase(ctx, caseId, 'malicious_overturned');
  }
  return maliciousAppeal(ctx.tx, ctx.actor.orgId, caseId);
}

async function maliciousAppeal(db: Db, orgId: string, caseId: string) {
  const r = await one<{ reason: string; evidence: string | null; appealed_at: Date; decision: string | null; decided_at: Date | null; note: string | null }>(
    db, 'select reason, evidence, appealed_at, decision, decided_at, note from malicious_appeals where org_id = $1 and case_id = $2', [orgId, caseId],
  );
  if (!r) throw new AppError('not_found');
  return { case_id: caseId, reason: r.reason, evidence: r.evidence, appealed_at: r.appealed_at.toISOString(), decision: r.decision, decided_at: r.decided_at?.toISOString() ?? null, note: r.note };
}
