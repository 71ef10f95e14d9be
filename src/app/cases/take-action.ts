import { ActionRequests, type ActionName } from '../../contract/cases.ts';
import { AppError } from '../../contract/errors.ts';
import { guardRefusal, ruleFor, targetStatus } from '../../domain/lifecycle.ts';
import { one } from '../../store/db.ts';
import type { Ctx } from '../context.ts';
import { parseOrThrow } from '../validate.ts';
import { handlerFor } from './action-handlers.ts';
import { approverOf, canAct } from './case.policy.ts';
import { CASE_COLUMNS, loadVisibleCase, writeEvent, type CaseRow } from './case-row.ts';
import { onCaseChange } from '../sla/case-clocks.hook.ts';
import { CUSTOMER_MESSAGES, enqueueCaseMessage } from '../notify/outbox.ts';

const hasAction = (a: string): a is ActionName => Object.hasOwn(ActionRequests, a);

/**
 * Takes one lifecycle step on a case: checks the action table, the actor's rights and the case's version,
 * applies the change and writes its event in the caller's transaction.
 * @throws unknown_action, validation_failed, not_found, version_conflict, transition_not_allowed, forbidden_action,
 *   approval_pending, crisis_decision_required, nothing_to_approve, decision_not_needed, authority_limit_exceeded
 */
export async function takeAction(ctx: Ctx, caseId: string, action: string, rawBody: unknown): Promise<{ case: CaseRow; result?: Record<string, unknown> }> {
  const rule = ruleFor(action);
  if (!rule || !hasAction(action)) throw new AppError('unknown_action', undefined, { action });
  const body = parseOrThrow(ActionRequests[action], rawBody ?? {});
  const before = await loadVisibleCase(ctx.tx, ctx.actor, caseId, true);

  if (rule.versioned && 'version' in body && body.version !== before.version) {
    throw new AppError('version_conflict', { current_version: before.version }, { current: before.version });
  }
  if (!rule.from.includes(before.status)) throw new AppError('transition_not_allowed', { status: before.status, allowed_from: rule.from }, { status: before.status, action });
  if (!canAct(ctx.actor, rule, before)) throw new AppError('forbidden_action', undefined, { action });
  const refusal = guardRefusal(rule, before, approverOf(ctx.actor));
  if (refusal) throw new AppError(refusal, refusal === 'forbidden_action' ? undefined : { status: before.status }, { action, status: before.status });

  const effect = await handlerFor(action)(ctx, before, body);
  const to = effect.status ?? targetStatus(rule, before.status, before.suspended_from);
  const finalStatus = effect.then?.to ?? to;
  const patch = { ...effect.patch, ...(effect.then?.patch ?? {}) };
  const noChange = rule.to === null && Object.keys(patch).length === 0 && !rule.versioned;

  let after = before;
  if (!noChange) {
    const cols = Object.keys(patch);
    const sets = cols.map((k, i) => `${k} = $${i + 5}`);
    after = (await one<CaseRow>(
      ctx.tx,
      `update cases c set status = $3, ${sets.map((s) => s + ', ').join('')}
          version = version + ${rule.versioned ? 1 : 0}, updated_at = $4
        where c.org_id = $1 and c.id = $2 returning ${CASE_COLUMNS}`,
      [before.org_id, before.id, finalStatus, ctx.clock.now(), ...cols.map((k) => patch[k as keyof CaseRow])],
    ))!;
  }
  await writeEvent(ctx, before.id, { action, from: before.status, to, note: effect.note ?? null, data: effect.data });
  if (effect.then) {
    await writeEvent(ctx, before.id, { action: effect.then.action, from: to, to: effect.then.to, note: effect.then.note });
  }
  await onCaseChange(ctx, after, effect.then ? `${action}+${effect.then.action}` : (effect.hookAs ?? action), before);
  const told = CUSTOMER_MESSAGES[action]; // issue 11: the customer hears of progress, the result, and is invited to rate
  if (told) await enqueueCaseMessage(ctx.tx, { orgId: before.org_id, caseId: before.id, event: told, at: ctx.clock.now(), key: `${told}:${before.id}:${after.version}` });
  // The hooks may have moved the case on (a takeover changes its unit and handler): answer with what is stored.
  const stored = await one<CaseRow>(ctx.tx, `select ${CASE_COLUMNS} from cases c where c.org_id = $1 and c.id = $2`, [before.org_id, before.id]);
  return { case: stored!, ...(effect.result ? { result: effect.result } : {}) };
}
