import type pg from 'pg';
import { AppError } from '../contract/errors.ts';
import { maskEmail, maskedPhoneSearch, maskPhone, normalisePhone } from '../domain/masking.ts';
import { many, one, type Db } from '../store/db.ts';
import { recordAudit } from './audit/audit-log.ts';
import type { Actor, Clock } from './context.ts';
import { isOrgWide, seesFullPhone, visibleCasesWhere } from './cases/case.policy.ts';

interface CustomerRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  room: string | null;
  created_at: Date;
}

/** The API view of a customer: phone and e-mail masked unless the role sees contacts in full. */
function present(actor: Actor, c: CustomerRow) {
  const full = seesFullPhone(actor);
  return { ...c, phone: full ? c.phone : maskPhone(c.phone), email: full ? c.email : maskEmail(c.email), phone_masked: !full && !!c.phone };
}

/**
 * SQL predicate: the customer `cu` is visible to the actor, i.e. the actor is organisation-wide or may see at
 * least one of the customer's cases (the same rule as `canSee`). Params are appended.
 */
export function visibleCustomersWhere(actor: Actor, params: unknown[], alias = 'cu'): string {
  params.push(actor.orgId);
  const org = `${alias}.org_id = $${params.length}`;
  if (isOrgWide(actor)) return org;
  const cases = visibleCasesWhere(actor, params, 'vc');
  return `${org} and exists (select 1 from cases vc where ${cases} and vc.customer_id = ${alias}.id)`;
}

/**
 * `select … from customers cu` with the contact details the actor may read. Organisation-wide roles read the
 * customer's record; every other role reads what was recorded on the newest case of that customer it may see,
 * never the record itself: a phone number shared by two projects' customers (a front desk that types a known
 * number links its case to that customer) must not hand one project the name and address the other recorded.
 * Params are appended.
 */
function customerSelect(actor: Actor, params: unknown[]): string {
  if (isOrgWide(actor)) return 'select cu.id, cu.name, cu.phone, cu.email, cu.address, cu.room, cu.created_at from customers cu';
  const cases = visibleCasesWhere(actor, params, 'vc');
  return `select cu.id, v.customer_name as name, cu.phone, v.customer_email as email, v.customer_address as address,
            v.customer_room as room, cu.created_at
       from customers cu
       join lateral (select vc.customer_name, vc.customer_email, vc.customer_address, vc.customer_room from cases vc
                      where ${cases} and vc.customer_id = cu.id order by vc.created_at desc limit 1) v on true`;
}

/**
 * The phone predicate of a search by digits. Roles that see full numbers match any part of a number; the
 * others only the complete number or the last four digits of a mobile (both of which they already know), so a
 * search can never recover a hidden digit. A search by a complete number is written to the audit log.
 * @throws validation_failed (a fragment of a number from a role that sees numbers masked)
 */
export async function phoneSearch(db: Db, actor: Actor, clock: Clock, term: string, params: unknown[], column: string): Promise<string> {
  const digits = normalisePhone(term);
  if (seesFullPhone(actor)) {
    params.push(digits);
    return `${column} like '%' || $${params.length} || '%'`;
  }
  const allowed = maskedPhoneSearch(digits);
  if (!allowed) {
    throw new AppError('validation_failed', [{ path: 'q', code: 'phone_fragment_not_allowed', message: 'search by the complete number or its last four digits' }]);
  }
  if ('lastFour' in allowed) {
    params.push(allowed.lastFour);
    return `(length(${column}) >= 11 and right(${column}, 4) = $${params.length})`;
  }
  await recordAudit(db, actor, clock.now(), { action: 'search_phone', data: { phone: maskPhone(allowed.exact) } });
  params.push(allowed.exact);
  return `${column} = $${params.length}`;
}

/** The name matches `$n`: the record's name for organisation-wide roles; for the others a name recorded on a case
 * they may see, so a search cannot confirm what another project recorded (see `customerSelect`). */
function nameMatches(actor: Actor, params: unknown[], n: number): string {
  if (isOrgWide(actor)) return `cu.name ilike $${n}`;
  const cases = visibleCasesWhere(actor, params, 'nc');
  return `exists (select 1 from cases nc where ${cases} and nc.customer_id = cu.id and nc.customer_name ilike $${n})`;
}

/** "王 1234": a name with the last four digits of the phone, the way a caller identifies themself. */
export const NAME_AND_LAST_FOUR = /^(\D*\S)\s+(\d{4})$/u;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => '\\' + m);

/** Customers the actor may see, found by phone (see `phoneSearch`), name, or name and the last four digits;
 * what the front desk does first.
 * @throws validation_failed */
export async function listCustomers(db: pg.Pool, actor: Actor, clock: Clock, q: { q?: string | undefined; page: number; page_size: number }) {
  const params: unknown[] = [];
  const where = [visibleCustomersWhere(actor, params)];
  if (q.q) {
    const term = q.q.trim();
    const nameAndDigits = NAME_AND_LAST_FOUR.exec(term);
    // A room written with dashes (16-1-2303), matched on the rooms of cases the caller may see (issue 9).
    if (/^\d{1,4}(-\d{1,5}){1,3}$/.test(term) && term.replace(/-/g, '').length <= 10) {
      params.push(term);
      const room = params.length;
      where.push(`exists (select 1 from cases rc where rc.org_id = cu.org_id and rc.customer_id = cu.id and rc.customer_room = $${room} and ${visibleCasesWhere(actor, params, 'rc')})`);
    } else if (/^[+\d][\d\s-]*$/.test(term)) where.push(await phoneSearch(db, actor, clock, term, params, 'cu.phone'));
    else if (nameAndDigits) {
      params.push(`%${escapeLike(nameAndDigits[1]!)}%`, nameAndDigits[2]);
      const [name, lastFour] = [params.length - 1, params.length];
      where.push(`${nameMatches(actor, params, name)} and length(cu.phone) >= 11 and right(cu.phone, 4) = $${lastFour}`);
    } else {
      params.push(`%${escapeLike(term)}%`);
      where.push(nameMatches(actor, params, params.length));
    }
  }
  const whereSql = where.join(' and ');
  const total = await one<{ n: number }>(db, `select count(*)::int n from customers cu where ${whereSql}`, params);
  params.push(q.page_size, (q.page - 1) * q.page_size);
  const limits = `limit $${params.length - 1} offset $${params.length}`;
  const rows = await many<CustomerRow>(db, `${customerSelect(actor, params)} where ${whereSql} order by cu.created_at desc, cu.id desc ${limits}`, params);
  return { items: rows.map((r) => present(actor, r)), total: total?.n ?? 0, page: q.page, page_size: q.page_size };
}

/** Whether the actor may see customer `id` (for references such as `customer.id` at registration). */
export async function isCustomerVisible(db: Db, actor: Actor, id: string): Promise<boolean> {
  const params: unknown[] = [];
  const where = visibleCustomersWhere(actor, params);
  params.push(id);
  return !!(await one(db, `select 1 from customers cu where ${where} and cu.id = $${params.length}`, params));
}

/** A customer with the history of the cases the actor may see (repeat complaints show here); counts cover
 * only those cases. @throws not_found (also for a customer none of whose cases the actor may see) */
export async function getCustomer(db: pg.Pool, actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  const params: unknown[] = [];
  const visible = visibleCustomersWhere(actor, params);
  params.push(id);
  const idParam = `$${params.length}`;
  const c = await one<CustomerRow>(db, `${customerSelect(actor, params)} where ${visible} and cu.id = ${idParam}`, params);
  if (!c) throw new AppError('not_found');
  const cp: unknown[] = [];
  const where = visibleCasesWhere(actor, cp);
  cp.push(id);
  const cases = await many(
    db,
    `select c.id, c.number, c.kind, c.status, c.subject, c.severity, c.created_at from cases c where ${where} and c.customer_id = $${cp.length} order by c.created_at desc limit 100`,
    cp,
  );
  const counts = await one<{ total: number; complaints: number; open: number }>(
    db,
    `select count(*)::int total, count(*) filter (where c.kind = 'complaint')::int complaints,
            count(*) filter (where c.status not in ('closed','merged','withdrawn'))::int open
       from cases c where ${where} and c.customer_id = $${cp.length}`,
    cp,
  );
  return { ...present(actor, c), history: counts, cases };
}
