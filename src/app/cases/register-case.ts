import { randomUUID } from 'node:crypto';
import type { RegisterCaseRequest } from '../../contract/cases.ts';
import { AppError } from '../../contract/errors.ts';
import { normalisePhone } from '../../domain/masking.ts';
import { many, one, type Db } from '../../store/db.ts';
import type { Ctx } from '../context.ts';
import { assertCategory, assertUnit, invalidRef, nearestNonDepartment } from '../refs.ts';
import { isCustomerVisible } from '../customers.ts';
import { indexWords } from '../search-words.ts';
import { assertMayRegisterInto, visibleCasesWhere } from './case.policy.ts';
import { CASE_COLUMNS, type CaseRow } from './case-row.ts';
import { onCaseChange } from '../sla/case-clocks.hook.ts';
import { checkRegistration, requestHash } from './registration-rules.ts';
import { enqueueCaseMessage } from '../notify/outbox.ts';

export interface RegisterResult {
  case: CaseRow;
  replayed: boolean;
  /** Open cases of the same customer: a repeat submission of the same issue is recognisable at once. */
  related_open_cases: { id: string; number: string; subject: string; status: string; created_at: Date }[];
}

/**
 * The next readable case number of the organisation's day, e.g. QT-20261123-00042. Call it outside the
 * registering transaction (`db` = the pool) so the per-day counter row is locked for one statement only,
 * not for the whole registration: a failed registration then leaves a gap, never a duplicate.
 */
export async function allocateCaseNumber(db: Db, orgId: string, at: Date): Promise<string> {
  // One statement: the organisation's local day, and the next number of that day.
  const r = await one<{ case_prefix: string; day: string; last: number }>(
    db,
    `with o as (select case_prefix, to_char(($2::timestamptz at time zone time_zone)::date, 'YYYYMMDD') as day,
                       ($2::timestamptz at time zone time_zone)::date as d from organisations where id = $1)
     insert into case_number_counters as k (org_id, day, last) select $1, o.d, 1 from o
       on conflict (org_id, day) do update set last = k.last + 1
     returning (select case_prefix from o), (select day from o), last`,
    [orgId, at],
  );
  if (!r) throw new AppError('not_found');
  return `${r.case_prefix}-${r.day}-${String(r.last).padStart(5, '0')}`;
}

/**
 * Registers what a customer raised, at first contact, from any channel. The actor becomes the first
 * responder. With an idempotency key, a retried request returns the case the first one made.
 * The organisation's registration rules are checked first (registration-rules.ts).
 * @throws validation_failed, invalid_reference, idempotency_key_reused
 */
export async function registerCase(
  ctx: Ctx, input: RegisterCaseRequest, idempotencyKey?: string, preallocatedNumber?: string, opts: { selfService?: boolean } = {},
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

  const customer = await checkRegistration(tx, actor, now, input, opts);
  if (input.unit_id) await assertUnit(tx, actor.orgId, input.unit_id, 'unit_id');
  const homeUnitId = await nearestNonDepartment(tx, actor.orgId, actor.unitId);
  const unitId = input.unit_id ?? homeUnitId;
  assertMayRegisterInto(actor, unitId, homeUnitId);
  if (input.category_id) await assertCategory(tx, actor.orgId, input.category_id, 'category_id');
  if (input.complained_unit_id) await assertUnit(tx, actor.orgId, input.complained_unit_id, 'complained_unit_id');

  const customerId = await findOrCreateCustomer(ctx, input.customer);

  const number = preallocatedNumber ?? (await allocateCaseNumber(tx, actor.orgId, now));
  const id = randomUUID();
  const c = customer;
  const phone = c.phone ? normalisePhone(c.phone) : null;

  // The case and its first timeline event in one statement.
  const row = await one<CaseRow>(
    tx,
    `with c as (insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_id, customer_name,
        customer_phone, customer_address, customer_room, customer_email, occurred_at, occurred_place, complained_party,
        complained_unit_id, desired_outcome, external_ref, category_id, severity, unit_id, first_responder_id,
        registered_by, created_at, updated_at, search_words, received_at, requested_due_at, severity_given)
     values ($1,$2,$3,$4,$5,'registered',$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$23,$24,$24,$25,$27,$28,$29)
     returning *),
     e as (insert into case_events (org_id, case_id, at, actor_id, action, to_status, data)
           select org_id, id, created_at, registered_by, 'register', 'registered', $26 from c)
     select ${CASE_COLUMNS} from c`,
    [
      actor.orgId, id, number, input.kind, input.channel, input.subject, input.content, customerId, c.name, phone,
      c.address ?? null, c.room ?? null, c.email ?? null, input.occurred_at ?? null, input.occurred_place ?? null,
      input.complained_party ?? null, input.complained_unit_id ?? null, input.desired_outcome ?? null,
      input.external_ref ?? null, input.category_id ?? null, input.severity ?? 'minor', unitId, actor.userId, now,
      indexWords(input.subject, input.content, c.name, c.room, c.address, input.complained_party),
      JSON.stringify({ channel: input.channel, kind: input.kind }),
      input.received_at ?? now, input.requested_due_at ?? null, input.severity !== undefined,
    ],
  );
  if (idempotencyKey) {
    await tx.query('update idempotency_keys set case_id = $4 where org_id = $1 and user_id = $2 and key = $3', [actor.orgId, actor.userId, idempotencyKey, id]);
  }
  await onCaseChange(ctx, row!, 'register', null);
  await enqueueCaseMessage(tx, { orgId: actor.orgId, caseId: id, event: 'acknowledged', at: now }); // issue 11: the customer is told at once

  // Only the open cases the registering actor may see.
  const rp: unknown[] = [];
  const visible = visibleCasesWhere(actor, rp);
  const related = customerId
    ? await many<RegisterResult['related_open_cases'][number]>(
        tx,
        `select c.id, c.number, c.subject, c.status, c.created_at from cases c
          where ${visible} and c.customer_id = $${rp.length + 1} and c.id <> $${rp.length + 2} and c.status not in ('closed','merged','withdrawn')
          order by c.created_at desc limit 10`,
        [...rp, customerId, id],
      )
    : [];
  return { case: row!, replayed: false, related_open_cases: related };
}

async function findOrCreateCustomer(ctx: Ctx, c: RegisterCaseRequest['customer']): Promise<string | null> {
  const { tx, actor } = ctx;
  if (c.id) {
    // A customer the actor may not see is not there for them (no way to attach a case and read the record).
    if (!(await isCustomerVisible(tx, actor, c.id))) throw invalidRef('customer', 'customer.id', c.id);
    return c.id;
  }
  if (!c.phone && !c.email) return null;
  const phone = c.phone ? normalisePhone(c.phone) : null;
  // A known phone: fill in what we did not know yet. The row is written (and so locked until commit) only when
  // something is filled in, so a caller who rings again and again, or a shared walk-in number, queues nobody.
  const found = phone
    ? await one<{ id: string; fills: boolean }>(
        tx,
        `select id, (address is null and $3::text is not null) or (room is null and $4::text is not null)
                    or (email is null and $5::text is not null) as fills
           from customers where org_id = $1 and phone = $2 order by created_at limit 1`,
        [actor.orgId, phone, c.address ?? null, c.room ?? null, c.email ?? null],
      )
    : undefined;
  if (found?.fills) {
    await tx.query(
      `update customers set address = coalesce(address, $3), room = coalesce(room, $4), email = coalesce(email, $5) where org_id = $1 and id = $2`,
      [actor.orgId, found.id, c.address ?? null, c.room ?? null, c.email ?? null],
    );
  }
  if (found) return found.id;
  const id = randomUUID();
  await tx.query(
    'insert into customers (org_id, id, name, phone, email, address, room) values ($1,$2,$3,$4,$5,$6,$7)',
    [actor.orgId, id, c.name, phone, c.email ?? null, c.address ?? null, c.room ?? null],
  );
  return id;
}
