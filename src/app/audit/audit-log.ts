import type pg from 'pg';
import type { AuditAction, AuditQuery } from '../../contract/audit.ts';
import { AppError } from '../../contract/errors.ts';
import { rolesMay } from '../../domain/roles.ts';
import { many, one, type Db } from '../../store/db.ts';
import type { Actor } from '../context.ts';

export interface AuditEntry {
  action: AuditAction;
  case_id?: string | null;
  customer_id?: string | null;
  fields?: string[];
  reason?: string | null;
  data?: unknown;
}

/** Appends one row to the audit log (in the caller's transaction when `db` is one); a scheduled job (retention) has no actor. */
export async function recordAudit(db: Db, actor: { orgId: string; userId: string | null }, at: Date, e: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_log (org_id, at, actor_id, action, case_id, customer_id, fields, reason, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [actor.orgId, at, actor.userId, e.action, e.case_id ?? null, e.customer_id ?? null, e.fields ?? [], e.reason ?? null, e.data === undefined ? null : JSON.stringify(e.data)],
  );
}

/** The audit log, newest first, for the roles with the `audit` right (auditor, admin). @throws forbidden_action */
export async function listAudit(db: pg.Pool, actor: Actor, q: AuditQuery) {
  if (!rolesMay(actor.roles, 'audit')) throw new AppError('forbidden_action', undefined, { action: 'audit' });
  const params: unknown[] = [actor.orgId];
  const where = ['a.org_id = $1'];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (q.user_id) add((p) => `a.actor_id = ${p}`, q.user_id);
  if (q.action) add((p) => `a.action = ${p}`, q.action);
  if (q.case_id) add((p) => `a.case_id = ${p}`, q.case_id);
  if (q.from) add((p) => `a.at >= ${p}`, q.from);
  if (q.to) add((p) => `a.at < ${p}`, q.to);
  const whereSql = where.join(' and ');
  const total = await one<{ n: number }>(db, `select count(*)::int n from audit_log a where ${whereSql}`, params);
  params.push(q.page_size, (q.page - 1) * q.page_size);
  const items = await many(
    db,
    `select a.id::text as id, a.at, a.action, a.case_id, c.number as case_number, a.customer_id, a.fields, a.reason, a.data,
            case when u.id is null then null else json_build_object('id', u.id, 'username', u.username, 'display_name', u.display_name) end as actor
       from audit_log a
       left join users u on u.org_id = a.org_id and u.id = a.actor_id
       left join cases c on c.org_id = a.org_id and c.id = a.case_id
      where ${whereSql} order by a.at desc, a.id desc limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return { items, total: total?.n ?? 0, page: q.page, page_size: q.page_size };
}
