import type { CaseRecord } from '../../contract/case-record.ts';
import { AppError } from '../../contract/errors.ts';
import { one, type Db } from '../../store/db.ts';
import type { Actor, Ctx } from '../context.ts';
import { canSee } from './case.policy.ts';

/** A row of `cases` as stored (the DB column, the API field and the TS property share one name). */
export interface CaseRow extends CaseRecord<Date> {
  org_id: string;
}

/** Columns a case has, without the search internals. */
export const CASE_COLUMNS = `c.org_id, c.id, c.number, c.kind, c.channel, c.status, c.version, c.subject, c.content,
  c.customer_id, c.customer_name, c.customer_phone, c.customer_address, c.customer_room, c.customer_email,
  c.occurred_at, c.occurred_place, c.complained_party, c.complained_unit_id, c.desired_outcome, c.external_ref,
  c.category_id, c.severity, c.validity, c.invalid_explanation, c.malicious_reason, c.malicious_reviewer_id,
  c.unit_id, c.department_id, c.handler_id, c.first_responder_id, c.registered_by, c.investigation, c.resolution,
  c.remedy, c.answer, c.feedback_note, c.visit_satisfaction, c.visit_resolved, c.visit_comment, c.suspended_from,
  c.suspend_reason, c.return_reason, c.close_reason, c.withdraw_reason, c.parent_case_id, c.reopen_count,
  c.escalation_level, c.received_at, c.requested_due_at, c.severity_given,
  c.direct_answer, c.visit_reached, c.visit_method, c.approval_pending, c.crisis_decision, c.crisis_decided_at, c.crisis_decided_by, c.created_at, c.updated_at, c.accepted_at, c.assigned_at, c.resolved_at, c.visited_at, c.closed_at`;

/** Loads a case the actor may see (locked for update when `lock`), or throws not_found. */
export async function loadVisibleCase(db: Db, actor: Actor, id: string, lock = false): Promise<CaseRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  const row = await one<CaseRow>(
    db,
    `select ${CASE_COLUMNS} from cases c where c.org_id = $1 and c.id = $2 ${lock ? 'for update' : ''}`,
    [actor.orgId, id],
  );
  if (!row || !canSee(actor, row)) throw new AppError('not_found');
  return row;
}

/** Appends one event to a case's timeline, inside the caller's transaction. */
export async function writeEvent(
  ctx: Ctx,
  caseId: string,
  e: { action: string; from?: string | null; to?: string | null; note?: string | null; data?: unknown; actorId?: string | null; at?: Date },
): Promise<void> {
  await ctx.tx.query(
    `insert into case_events (org_id, case_id, at, actor_id, action, from_status, to_status, note, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      ctx.actor.orgId,
      caseId,
      e.at ?? ctx.clock.now(),
      e.actorId === undefined ? ctx.actor.userId : e.actorId,
      e.action,
      e.from ?? null,
      e.to ?? null,
      e.note ?? null,
      e.data === undefined ? null : JSON.stringify(e.data),
    ],
  );
}
