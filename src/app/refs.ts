import { AppError } from '../contract/errors.ts';
import { one, type Db } from '../store/db.ts';

/**
 * Checks that a referenced unit exists in the organisation and is in use: throws invalid_reference (field `path`)
 * if not, validation_failed `unit_inactive` for a deactivated one (nothing new goes to it: cases, users, settings).
 */
export async function assertUnit(db: Db, orgId: string, id: string, path: string, kinds?: string[]) {
  const u = await one<{ id: string; kind: string; path: string[]; active: boolean }>(db, 'select id, kind, path, active from units where org_id = $1 and id = $2', [orgId, id]);
  if (!u || (kinds && !kinds.includes(u.kind))) throw invalidRef('unit', path, id);
  if (!u.active) throw new AppError('validation_failed', [{ path, code: 'unit_inactive', message: 'the unit is deactivated' }]);
  return u;
}

export async function assertCategory(db: Db, orgId: string, id: string, path: string) {
  const c = await one<{ id: string }>(db, 'select id from categories where org_id = $1 and id = $2 and active', [orgId, id]);
  if (!c) throw invalidRef('category', path, id);
  return c;
}

/** A user of the organisation with one of `roles`, optionally working inside unit `withinUnit`'s subtree. */
export async function assertUser(db: Db, orgId: string, id: string, path: string, roles: string[], withinUnit?: string) {
  const u = await one<{ id: string }>(
    db,
    `select u.id from users u join units un on un.org_id = u.org_id and un.id = u.unit_id
      where u.org_id = $1 and u.id = $2 and u.active and u.roles && $3::text[]
        and ($4::uuid is null or $4 = any(un.path))`,
    [orgId, id, roles, withinUnit ?? null],
  );
  if (!u) throw invalidRef('user', path, id);
  return u;
}

export function invalidRef(entity: string, path: string, id: string) {
  return new AppError('invalid_reference', [{ path, code: 'invalid_reference', message: id }], { entity });
}

/** The nearest unit at or above `unitId` that is not a department (the store/project a desk belongs to). */
export async function nearestNonDepartment(db: Db, orgId: string, unitId: string): Promise<string> {
  const r = await one<{ id: string }>(
    db,
    `select a.id from units u cross join lateral unnest(u.path) with ordinality as p(id, depth)
       join units a on a.org_id = u.org_id and a.id = p.id
      where u.org_id = $1 and u.id = $2 and a.kind <> 'department' order by p.depth desc limit 1`,
    [orgId, unitId],
  );
  return r?.id ?? unitId;
}
