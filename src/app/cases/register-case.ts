import { randomUUID } from 'node:crypto';
import type { RegisterCaseRequest } from '../../contract/cases.ts';
import { AppError } from '../../contract/errors.ts';
import { normalisePhone } from '../../domain/masking.ts';
import { one, prepared } from '../../store/db.ts';
import type { Ctx } from '../context.ts';
import { invalidRef } from '../refs.ts';
import { nearestNonDepartmentIn, orgConfig, type OrgConfig } from '../orgs/org-config.ts';
import type { ClockRow } from '../sla/clock-row.ts';
import { isCustomerVisible } from '../customers.ts';
import { indexWords } from '../search-words.ts';
import { assertMayRegisterInto, visibleCasesWhere } from './case.policy.ts';
import { CASE_COLUMNS, type CaseRow } from './case-row.ts';
import { onCaseChange, plannedRegisterClocks, registerStartsOnlyClocks } from '../sla/case-clocks.hook.ts';
import { clockUpsertSql } from '../sla/clock-row.ts';
import { checkRegistration, requestHash } from './registration-rules.ts';
import { caseMessageSql } from '../notify/outbox.ts';
import { allocateCaseNumber } from './case-numbers.ts';
import { sessionGuardSql, sessionTouchSql, type SessionGuard } from '../auth/sessions.ts';

export { allocateCaseNumber } from './case-numbers.ts';

/** Thrown by registerCase when its session guard failed: nothing was written; read the session and try again. */
export class SessionChanged extends Error {
  constructor() {
    super('the session changed since it was last read');
  }
}

export interface RegisterResult {
  case: CaseRow;
  replayed: boolean;
  /** Open cases of the same customer (when asked for, `related`): a repeat submission is recognisable at once. */
  related_open_cases: { id: string; number: string; subject: string; status: string; created_at: Date }[];
  /** What a new registration wrote and read, for answering without reading it back (absent on a replay). */
  written?: RegisterWritten;
}

/** Whether registerCase writes everything in one statement, so that a caller need not open a transaction for it. */
export const registersInOneStatement = (input: RegisterCaseRequest, idempotencyKey?: string) =>
  !idempotencyKey && registerStartsOnlyClocks(input.severity ?? 'minor');

export interface RegisterWritten {
  config: OrgConfig;
  clocks: ClockRow[];
}

/**
 * Registers what a customer raised, at first contact, from any channel. The actor becomes the first
 * responder. With an idempotency key, a retried request returns the case the first one made.
 * The organisation's registration rules are checked first (registration-rules.ts), unless the caller has just
 * checked them (`checkedCustomer`, what checkRegistration returned). The customer (found by phone, completed, or
 * created), the case, its first event and the customer's other open cases are one statement (issue 8); the
 * organisation's configuration comes from the cache (org-config.ts).
 * @throws validation_failed, invalid_reference, idempotency_key_reused; SessionChanged (with `sessionGuard`)
 */
export async function registerCase(
  ctx: Ctx, input: RegisterCaseRequest, idempotencyKey?: string, preallocatedNumber?: string,
  opts: { selfService?: boolean; checkedCustomer?: RegisterCaseRequest['customer']; sessionGuard?: SessionGuard; ownTransaction?: boolean; related?: boolean } = {},
): Promise<RegisterResult> {
  const { tx, actor } = ctx;
  const now = ctx.clock.now();

  if (idempotencyKey) {
    const hash = requestHash(input);
    const inserted = await tx.query(
      `insert into idempotency_keys (org_id, user_id, key, request_hash) values ($1, $2, $3, $4) on conflict do nothing`,
      [actor.orgId, actor.userId, idempotencyKey, hash],
    );
    if (inserted.rowCount === 0) {
      const prior = await one<{ request_hash: string; case_id: string | null }>(
        tx,
        'select request_hash, case_id from idempotency_keys where org_id = $1 and user_id = $2 and key = $3',
        [actor.orgId, actor.userId, idempotencyKey],
      );
      if (!prior || prior.request_hash !== hash || !prior.case_id) throw new AppError('idempotency_key_reused');
      const existing = await one<CaseRow>(tx, `select ${CASE_COLUMNS} from cases c where c.org_id = $1 and c.id = $2`, [actor.orgId, prior.case_id]);
      return { case: existing!, replayed: true, related_open_cases: [] };
    }
  }

  const config = ctx.config ?? (await orgConfig(tx, actor.orgId));
  const cx: Ctx & { config: OrgConfig } = { ...ctx, config };
  // checkRegistration also checks unit_id, category_id and complained_unit_id.
  const c = opts.checkedCustomer ?? (await checkRegistration(tx, actor, now, input, { ...opts, config }));
  const homeUnitId = nearestNonDepartmentIn(config, actor.unitId);
  const unitId = input.unit_id ?? homeUnitId;
  assertMayRegisterInto(actor, unitId, homeUnitId);
  // A customer the actor may not see is not there for them (no way to attach a case and read the record).
  if (input.customer.id && !(await isCustomerVisible(tx, actor, input.customer.id))) throw invalidRef('customer', 'customer.id', input.customer.id);

  const number = preallocatedNumber ?? (await allocateCaseNumber(tx, actor.orgId, now));
  const id = randomUUID();
  const phone = c.phone ? normalisePhone(c.phone) : null;
  const severity = input.severity ?? 'minor';
  const receivedAt = input.received_at ? new Date(input.received_at) : now;
  const requestedDueAt = input.requested_due_at ? new Date(input.requested_due_at) : null;
  const severityGiven = input.severity !== undefined;
  // The clocks, known before the case is written, go into the same statement (null: onCaseChange after it).
  const planned = await plannedRegisterClocks(cx, {
    org_id: actor.orgId, id, unit_id: unitId, kind: input.kind, channel: input.channel, severity, severity_given: severityGiven,
    validity: 'pending', category_id: input.category_id ?? null, requested_due_at: requestedDueAt,
    received_at: receivedAt, created_at: now,
  });
  const params: unknown[] = [
    actor.orgId, id, number, input.kind, input.channel, input.subject, input.content, input.customer.id ?? null, c.name, phone,
    c.address ?? null, c.room ?? null, c.email ?? null, input.occurred_at ?? null, input.occurred_place ?? null,
    input.complained_party ?? null, input.complained_unit_id ?? null, input.desired_outcome ?? null,
    input.external_ref ?? null, input.category_id ?? null, severity, unitId, actor.userId, now,
    indexWords(input.subject, input.content, c.name, c.room, c.address, input.complained_party),
    JSON.stringify({ channel: input.channel, kind: input.kind }),
    receivedAt, input.requested_due_at ?? null, severityGiven, randomUUID(),
  ];
  // With `related` (on demand: the desk's form asks, an integration rarely does), the caller's other open cases the
  // registering actor may see, registered before this one, newest first — looked up for a caller already on record
  // only (a lateral join on the customer found: nothing is read for a new caller). Reading a busy caller's newest
  // cases while others are being registered for them is the costliest part of a registration (issue 8).
  const visible = opts.related ? visibleCasesWhere(actor, params, 'r0') : null;
  // With a session seen valid earlier instead of read for this request (sessions.ts, speculativeSession), the
  // statement checks it first and writes nothing unless it is still what it was.
  const guard = opts.sessionGuard;
  if (guard && !planned) throw new Error('registerCase: a session guard needs the one-statement registration');
  const guardCte = guard ? `g as (${sessionGuardSql(guard, params)}), gt as (${sessionTouchSql('g')}), ` : '';
  const ok = guard ? ' and exists (select 1 from g)' : '';
  const clocksCte = planned?.length ? `, k as (${clockUpsertSql(planned, now, params, { newCase: true, ...(guard ? { onlyIf: 'exists (select 1 from c)' } : {}) })})` : '';
  // A statement that is its own transaction (`ownTransaction`) notes the days the analytics rollup must rebuild itself
  // — the new case's, and those of the same customer's later cases in its category, whose repeat status it may
  // change (as analytics_mark_cases does) — and sets the transaction-local flag that lets the insert triggers pass
  // (migration 026). Set while the case row is made, so it is on when the insert's triggers are considered.
  const own = opts.ownTransaction === true;
  const words = own ? `$25::text || left(set_config('qingting.analytics_marked', 'on', true), 0)` : '$25';
  const markCte = own
    ? `, ad as (insert into analytics_dirty (org_id, day)
         select distinct $1::uuid, (d.at at time zone o.time_zone)::date
           from organisations o cross join lateral (
             select c.created_at as at from c
             union all
             select later.created_at from c join cases later on later.org_id = $1 and later.customer_id = c.customer_id
              where $20::uuid is not null and later.category_id = $20::uuid and later.created_at > c.created_at) d
          where o.id = $1)`
    : '';
  // issue 11: the customer is told at once.
  // Nothing queued, and no lookup of channels and webhooks, when the organisation has none to send through.
  const outboxCte = config.messaging ? `, o as (${caseMessageSql({ orgId: actor.orgId, caseId: id, event: 'acknowledged', at: now }, params, 'c')})` : '';

  // The customer: picked by id, else the first with this phone, filled in where we did not know something yet
  // (written, and so locked until commit, only then: a caller who rings again and again, or a shared walk-in
  // number, queues nobody), else a new record when there is a phone or an e-mail. Then the case, its first
  // timeline event, and the customer's other open cases (a repeat submission is recognisable at once).
  const sql = `with ${guardCte}f as (
       select $8::uuid as id, false as fills where $8::uuid is not null
       union all
       (select id, (address is null and $11::text is not null) or (room is null and $12::text is not null) or (email is null and $13::text is not null)
          from customers where $8::uuid is null and org_id = $1 and phone = $10 order by created_at limit 1)),
     u as (update customers x set address = coalesce(x.address, $11), room = coalesce(x.room, $12), email = coalesce(x.email, $13)
             from f where f.fills and x.org_id = $1 and x.id = f.id${ok}),
     n as (insert into customers (org_id, id, name, phone, email, address, room)
           select $1, $30, $9, $10, $13, $11, $12 where not exists (select 1 from f) and ($10::text is not null or $13::text is not null)${ok}
           returning id),
     c as (insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_id, customer_name,
        customer_phone, customer_address, customer_room, customer_email, occurred_at, occurred_place, complained_party,
        complained_unit_id, desired_outcome, external_ref, category_id, severity, unit_id, first_responder_id,
        registered_by, created_at, updated_at, search_words, received_at, requested_due_at, severity_given)
     ${guard
       // A select has no target columns to type its parameters by: they are cast.
       ? `select $1::uuid,$2::uuid,$3::text,$4::text,$5::text,'registered',$6::text,$7::text,(select id from f union all select id from n limit 1),$9::text,$10::text,$11::text,$12::text,$13::text,$14::timestamptz,$15::text,$16::text,$17::uuid,$18::text,$19::text,$20::uuid,$21::text,$22::uuid,$23::uuid,$23::uuid,$24::timestamptz,$24::timestamptz,${words},$27::timestamptz,$28::timestamptz,$29::boolean where exists (select 1 from g)`
       : `values ($1,$2,$3,$4,$5,'registered',$6,$7,(select id from f union all select id from n limit 1),$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$23,$24,$24,${words},$27,$28,$29)`}
     returning org_id, id, customer_id, customer_phone, customer_email, created_at, registered_by),
     e as (insert into case_events (org_id, case_id, at, actor_id, action, to_status, data)
           select org_id, id, created_at, registered_by, 'register', 'registered', $26 from c)${clocksCte}${outboxCte}${markCte}
     select c.customer_id,
            ${visible === null ? `'[]'::json` : `(select coalesce(json_agg(json_build_object('id', r.id, 'number', r.number, 'subject', r.subject, 'status', r.status, 'created_at', r.created_at)
                                      order by r.created_at desc), '[]')
               from f cross join lateral (
                      select r0.id, r0.number, r0.subject, r0.status, r0.created_at from cases r0
                       where r0.org_id = $1 and r0.customer_id = f.id and r0.status not in ('closed','merged','withdrawn') and r0.created_at <= $24::timestamptz and ${visible}
                       order by r0.created_at desc limit 10) r)`} as related
       from c`;
  const written = await tx.query<{ customer_id: string | null; related: (Omit<RegisterResult['related_open_cases'][number], 'created_at'> & { created_at: string })[] }>(prepared(sql, params));
  if (guard && written.rows.length === 0) throw new SessionChanged();
  const { related, customer_id: customerId } = written.rows[0]!;
  // The case as written: every value is one this function chose or a column default (version 1, validity pending…),
  // except the customer, which the statement found or created. Not read back: 70 columns to format and parse for
  // nothing (test/register-config-cache.test.ts compares it with the stored row).
  const created: CaseRow = {
    org_id: actor.orgId, id, number, kind: input.kind, channel: input.channel, status: 'registered', version: 1,
    subject: input.subject, content: input.content, customer_id: customerId, customer_name: c.name, customer_phone: phone,
    customer_address: c.address ?? null, customer_room: c.room ?? null, customer_email: c.email ?? null,
    occurred_at: input.occurred_at ? new Date(input.occurred_at) : null, occurred_place: input.occurred_place ?? null,
    complained_party: input.complained_party ?? null, complained_unit_id: input.complained_unit_id ?? null,
    desired_outcome: input.desired_outcome ?? null, external_ref: input.external_ref ?? null, category_id: input.category_id ?? null,
    severity, validity: 'pending', invalid_explanation: null, malicious_reason: null, malicious_reviewer_id: null,
    unit_id: unitId, department_id: null, handler_id: null, first_responder_id: actor.userId, registered_by: actor.userId,
    investigation: null, resolution: null, remedy: null, answer: null, feedback_note: null, visit_satisfaction: null,
    visit_resolved: null, visit_comment: null, suspended_from: null, suspend_reason: null, return_reason: null,
    close_reason: null, withdraw_reason: null, parent_case_id: null, reopen_count: 0, escalation_level: 0,
    received_at: receivedAt, requested_due_at: requestedDueAt,
    severity_given: severityGiven, direct_answer: false, visit_reached: null, visit_method: null,
    approval_pending: null, crisis_decision: null, crisis_decided_at: null, crisis_decided_by: null, created_at: now,
    updated_at: now, accepted_at: null, assigned_at: null, resolved_at: null, visited_at: null, closed_at: null,
  };
  if (idempotencyKey) {
    await tx.query('update idempotency_keys set case_id = $4 where org_id = $1 and user_id = $2 and key = $3', [actor.orgId, actor.userId, idempotencyKey, id]);
  }
  const clocks = planned ?? (await onCaseChange(cx, created, 'register', null));
  return {
    case: created, replayed: false, related_open_cases: related.map((r) => ({ ...r, created_at: new Date(r.created_at) })), written: { config, clocks },
  };
}
