import type pg from 'pg';
import { AppError } from '../contract/errors.ts';
import { maskPhone, normalisePhone } from '../domain/masking.ts';
import { many, one } from '../store/db.ts';
import type { Actor } from './context.ts';
import { seesFullPhone, visibleCasesWhere } from './cases/case.policy.ts';

const present = (actor: Actor, c: { phone: string | null }) => ({ ...c, phone: seesFullPhone(actor) ? c.phone : maskPhone(c.phone) });

/** Customers found by phone (full number or its last digits) or name; lookup is what the front desk does first. */
export async function listCustomers(db: pg.Pool, actor: Actor, q: { q?: string | undefined; page: number; page_size: number }) {
  const params: unknown[] = [actor.orgId];
  let where = 'org_id = $1';
  if (q.q) {
    const term = q.q.trim();
    if (/^[+\d][\d\s-]*$/.test(term)) {
      params.push(normalisePhone(term));
      where += ` and phone like '%' || $2`;
    } else {
      params.push(`%${term}%`);
      where += ' and name ilike $2';
    }
  }
  params.push(q.page_size, (q.page - 1) * q.page_size);
  const rows = await many<{ id: string; name: string; phone: string | null }>(
    db,
    `select id, name, phone, email, address, room, created_at from customers where ${where} order by created_at desc limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  const total = await one<{ n: number }>(db, `select count(*)::int n from customers where ${where}`, params.slice(0, -2));
  return { items: rows.map((r) => present(actor, r)), total: total?.n ?? 0, page: q.page, page_size: q.page_size };
}

/** A customer with the history of cases the actor may see (repeat complaints show here). @throws not_found */
export async function getCustomer(db: pg.Pool, actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  const c = await one<{ id: string; phone: string | null }>(db, 'select id, name, phone, email, address, room, created_at from customers where org_id = $1 and id = $2', [actor.orgId, id]);
  if (!c) throw new AppError('not_found');
  const params: unknown[] = [];
  const where = visibleCasesWhere(actor, params);
  params.push(id);
  const cases = await many(
    db,
    `select c.id, c.number, c.kind, c.status, c.subject, c.severity, c.created_at from cases c where ${where} and c.customer_id = $${params.length} order by c.created_at desc limit 100`,
    params,
  );
  const counts = await one<{ total: number; complaints: number; open: number }>(
    db,
    `select count(*)::int total, count(*) filter (where kind = 'complaint')::int complaints,
            count(*) filter (where status not in ('closed','merged','withdrawn'))::int open
       from cases where org_id = $1 and customer_id = $2`,
    [actor.orgId, id],
  );
  return { ...present(actor, c), history: counts, cases };
}
