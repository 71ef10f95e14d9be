import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { z } from 'zod';
import type { CreateCategoryRequest, CreateUnitRequest, CreateUserRequest, UpdateUnitRequest, UpdateUserRequest } from '../../contract/admin.ts';
import { closeSessions } from '../auth/sessions.ts';
import { AppError } from '../../contract/errors.ts';
import { many, one } from '../../store/db.ts';
import { hashPassword } from '../auth/passwords.ts';
import { rolesMay } from '../../domain/roles.ts';
import type { Actor, Ctx } from '../context.ts';
import { assertCategory, assertUnit } from '../refs.ts';
import { setUnitActive, UNIT_VIEW } from './units-admin.ts';

/** Administration is for the roles the roles table lets administer; everyone may read the unit tree and
 * categories they pick from. */
export function requireAdmin(actor: Actor) {
  if (!rolesMay(actor.roles, 'administer')) throw new AppError('forbidden_action', undefined, { action: 'admin' });
}

/** Every unit, deactivated ones included (`active`): old cases still show their path; pickers leave them out. */
export const listUnits = (db: pg.Pool, actor: Actor) =>
  many(db, `select ${UNIT_VIEW} from units where org_id = $1 order by array_length(path, 1), name`, [actor.orgId]);

export const listCategories = (db: pg.Pool, actor: Actor) =>
  many(db, 'select id, parent_id, code, name_zh, name_en, sort, active from categories where org_id = $1 order by parent_id nulls first, sort, code', [actor.orgId]);

export const listUsers = (db: pg.Pool, actor: Actor) =>
  many(db, 'select id, username, display_name, roles, unit_id, locale, active from users where org_id = $1 order by username', [actor.orgId]);

/** Users as an administrator manages them: also whether the account is locked or must change its password. */
export const listUsersForAdmin = (db: pg.Pool, actor: Actor) =>
  many(db, 'select id, username, display_name, roles, unit_id, locale, active, locked_at, must_change_password from users where org_id = $1 order by username', [actor.orgId]);

/** @throws forbidden_action, invalid_reference */
export async function createUnit(ctx: Ctx, input: z.infer<typeof CreateUnitRequest>) {
  requireAdmin(ctx.actor);
  const parent = await assertUnit(ctx.tx, ctx.actor.orgId, input.parent_id, 'parent_id');
  if (parent.kind === 'department') throw new AppError('validation_failed', [{ path: 'parent_id', code: 'department_has_no_children', message: 'a department cannot hold units' }]);
  const id = randomUUID();
  await ctx.tx.query(
    'insert into units (org_id, id, parent_id, kind, name, code, is_complaint_center, path) values ($1,$2,$3,$4,$5,$6,$7,$8)',
    [ctx.actor.orgId, id, parent.id, input.kind, input.name, input.code ?? null, input.is_complaint_center ?? false, [...parent.path, id]],
  );
  return { id, ...input };
}

/** Renames a unit, changes its code, or (de)activates it (units-admin.ts). @throws forbidden_action, not_found, validation_failed */
export async function updateUnit(ctx: Ctx, id: string, input: z.infer<typeof UpdateUnitRequest>) {
  requireAdmin(ctx.actor);
  if (input.active !== undefined) await setUnitActive(ctx, id, input.active);
  const row = await one(
    ctx.tx,
    `update units set name = coalesce($3, name), code = case when $4::boolean then $5 else code end where org_id = $1 and id = $2
      returning ${UNIT_VIEW}`,
    [ctx.actor.orgId, id, input.name ?? null, input.code !== undefined, input.code ?? null],
  );
  if (!row) throw new AppError('not_found');
  return row;
}

/** @throws forbidden_action, invalid_reference, duplicate */
export async function createUser(ctx: Ctx, input: z.infer<typeof CreateUserRequest>) {
  requireAdmin(ctx.actor);
  await assertUnit(ctx.tx, ctx.actor.orgId, input.unit_id, 'unit_id');
  const taken = await one(ctx.tx, 'select 1 from users where org_id = $1 and username = $2', [ctx.actor.orgId, input.username]);
  if (taken) throw new AppError('duplicate', [{ path: 'username', code: 'duplicate', message: input.username }], { entity: 'user' });
  const id = randomUUID();
  await ctx.tx.query(
    'insert into users (org_id, id, username, display_name, password_hash, roles, unit_id, phone, email, locale) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
    [ctx.actor.orgId, id, input.username, input.display_name, await hashPassword(input.password), input.roles, input.unit_id, input.phone ?? null, input.email ?? null, input.locale ?? 'zh-CN'],
  );
  const { password: _p, ...rest } = input;
  return { id, ...rest };
}

/**
 * Changes a user's name, roles or unit, or deactivates them (their sessions end; a deactivated user cannot sign in).
 * An administrator cannot deactivate themselves or take away their own administration role (nobody would be left
 * to undo it). @throws forbidden_action, not_found, invalid_reference, validation_failed
 */
export async function updateUser(ctx: Ctx, id: string, input: z.infer<typeof UpdateUserRequest>) {
  requireAdmin(ctx.actor);
  const current = await one<{ id: string; unit_id: string }>(ctx.tx, 'select id, unit_id from users where org_id = $1 and id = $2 for update', [ctx.actor.orgId, id]);
  if (!current) throw new AppError('not_found');
  if (id === ctx.actor.userId && (input.active === false || (input.roles && !rolesMay(input.roles, 'administer')))) {
    throw new AppError('validation_failed', [{ path: input.active === false ? 'active' : 'roles', code: 'own_account', message: 'an administrator cannot lock themselves out' }]);
  }
  // Only a move is checked: someone left in a deactivated unit can still be renamed or given other roles.
  const moved = input.unit_id !== undefined && input.unit_id !== current.unit_id;
  if (moved) await assertUnit(ctx.tx, ctx.actor.orgId, input.unit_id!, 'unit_id');
  const row = await one(
    ctx.tx,
    `update users set display_name = coalesce($3, display_name), roles = coalesce($4, roles), unit_id = coalesce($5, unit_id), active = coalesce($6, active)
      where org_id = $1 and id = $2
      returning id, username, display_name, roles, unit_id, locale, active, locked_at, must_change_password`,
    [ctx.actor.orgId, id, input.display_name ?? null, input.roles ?? null, input.unit_id ?? null, input.active ?? null],
  );
  // Roles or unit changed, or the account closed: what the old sessions were allowed no longer holds.
  if (input.active === false || input.roles || moved) await closeSessions(ctx.tx, { orgId: ctx.actor.orgId, userId: id });
  return row;
}

/** @throws forbidden_action, invalid_reference, duplicate */
export async function createCategory(ctx: Ctx, input: z.infer<typeof CreateCategoryRequest>) {
  requireAdmin(ctx.actor);
  if (input.parent_id) await assertCategory(ctx.tx, ctx.actor.orgId, input.parent_id, 'parent_id');
  const taken = await one(ctx.tx, 'select 1 from categories where org_id = $1 and code = $2', [ctx.actor.orgId, input.code]);
  if (taken) throw new AppError('duplicate', [{ path: 'code', code: 'duplicate', message: input.code }], { entity: 'category' });
  const id = randomUUID();
  await ctx.tx.query(
    'insert into categories (org_id, id, parent_id, code, name_zh, name_en, sort) values ($1,$2,$3,$4,$5,$6,$7)',
    [ctx.actor.orgId, id, input.parent_id ?? null, input.code, input.name_zh, input.name_en, input.sort ?? 0],
  );
  return { id, ...input };
}
