import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../contract/errors.ts';
import { many, one, type Db } from '../../store/db.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Actor } from '../context.ts';

/** The username of the organisation's portal account. It cannot sign in (inactive, random password). */
export const PORTAL_USERNAME = 'portal.customer';

export interface PortalOrg {
  id: string;
  slug: string;
  name: string;
  settings: Record<string, unknown>;
}

export async function findPortalOrg(db: Db, slug: string): Promise<PortalOrg> {
  const org = await one<PortalOrg>(db, 'select id, slug, name, settings from organisations where slug = $1', [slug]);
  if (!org) throw new AppError('not_found');
  return org;
}

/**
 * The unit a portal submission is filed under: the organisation's complaint center (it dispatches cases to the
 * units concerned), else its root unit. A customer does not know the unit tree, so no choice is offered.
 */
export async function intakeUnit(db: Db, orgId: string): Promise<string> {
  const u = await one<{ id: string }>(
    db,
    `select id from units where org_id = $1 order by is_complaint_center desc, (parent_id is null) desc, created_at limit 1`,
    [orgId],
  );
  if (!u) throw new AppError('not_found');
  return u.id;
}

/**
 * The actor the portal acts as inside the case workflow: a system account per organisation, made on first use, with
 * the front-desk role (register, comment, return visit) and placed at the intake unit. Its scope is the whole
 * organisation, because a customer may follow any case of theirs — also one the front desk registered from a call —
 * but the portal reaches a case only through a token for that one case (portal.ts). The account is inactive and its
 * password is random and thrown away: nobody signs in as it.
 */
export async function portalActor(db: Db, orgId: string): Promise<Actor> {
  let user = await one<{ id: string; unit_id: string }>(db, 'select id, unit_id from users where org_id = $1 and username = $2', [orgId, PORTAL_USERNAME]);
  if (!user) {
    const unitId = await intakeUnit(db, orgId);
    const hash = await hashPassword(randomBytes(32).toString('base64url'));
    await db.query(
      `insert into users (org_id, id, username, display_name, password_hash, roles, unit_id, active)
       values ($1, $2, $3, $4, $5, '{agent}', $6, false) on conflict (org_id, username) do nothing`,
      [orgId, randomUUID(), PORTAL_USERNAME, '客户自助 Customer portal', hash, unitId],
    );
    user = (await one<{ id: string; unit_id: string }>(db, 'select id, unit_id from users where org_id = $1 and username = $2', [orgId, PORTAL_USERNAME]))!;
  }
  const scope = await many<{ id: string }>(db, 'select id from units where org_id = $1', [orgId]);
  return {
    orgId, userId: user.id, username: PORTAL_USERNAME, displayName: 'portal', roles: ['agent'], unitId: user.unit_id,
    scopeUnitIds: scope.map((u) => u.id), locale: 'zh-CN',
  };
}
