import type { z } from 'zod';
import type { MoveUnitRequest } from '../../contract/admin.ts';
import { AppError } from '../../contract/errors.ts';
import { one } from '../../store/db.ts';
import { forgetScopes } from '../auth/sessions.ts';
import type { Ctx } from '../context.ts';
import { requireAdmin } from './admin.ts';
import { assertUnit } from '../refs.ts';

export const UNIT_VIEW = 'id, parent_id, kind, name, code, is_complaint_center, active';

interface UnitRow { id: string; parent_id: string | null; kind: string; path: string[]; active: boolean }

const refuse = (path: string, code: string, message: string) => new AppError('validation_failed', [{ path, code, message }]);

async function lockUnit(ctx: Ctx, id: string): Promise<UnitRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  const u = await one<UnitRow>(ctx.tx, 'select id, parent_id, kind, path, active from units where org_id = $1 and id = $2 for update', [ctx.actor.orgId, id]);
  if (!u) throw new AppError('not_found');
  return u;
}

/**
 * Moves a unit, with every unit under it, under another parent of the same organisation. Cases and users keep their
 * unit; what is scoped by the tree (lists by unit, a user's scope) follows the new path at once. The top of the tree
 * cannot move, a unit cannot go under itself or its own descendants, nor under a department or a deactivated unit.
 * @throws forbidden_action, not_found, invalid_reference (parent not in the organisation), validation_failed
 */
export async function moveUnit(ctx: Ctx, id: string, input: z.infer<typeof MoveUnitRequest>) {
  requireAdmin(ctx.actor);
  const unit = await lockUnit(ctx, id);
  if (!unit.parent_id) throw refuse('id', 'root_unit', 'the top of the tree cannot move');
  const parent = await assertUnit(ctx.tx, ctx.actor.orgId, input.parent_id, 'parent_id');
  if (parent.path.includes(unit.id)) throw refuse('parent_id', 'would_create_cycle', 'a unit cannot move under itself or its descendants');
  if (parent.kind === 'department') throw refuse('parent_id', 'department_has_no_children', 'a department cannot hold units');
  if (parent.id !== unit.parent_id) {
    // Every path through the unit: the new parent's path, then the part from the unit down.
    await ctx.tx.query(
      `update units set path = $3::uuid[] || path[array_position(path, $2::uuid):]
        where org_id = $1 and $2::uuid = any(path)`,
      [ctx.actor.orgId, unit.id, parent.path],
    );
    await ctx.tx.query('update units set parent_id = $3 where org_id = $1 and id = $2', [ctx.actor.orgId, unit.id, parent.id]);
    forgetScopes();
  }
  return one(ctx.tx, `select ${UNIT_VIEW} from units where org_id = $1 and id = $2`, [ctx.actor.orgId, unit.id]);
}

/**
 * Deactivates (or reactivates) a unit. A deactivated unit takes no new cases and no new users and leaves the pickers;
 * its cases keep it and still show its path. The top of the tree cannot be deactivated, nor a unit with active units
 * under it (deactivate or move those first); a unit goes back into use only under an active parent.
 * @throws validation_failed
 */
export async function setUnitActive(ctx: Ctx, id: string, active: boolean): Promise<void> {
  const unit = await lockUnit(ctx, id);
  if (unit.active === active) return;
  if (!active) {
    if (!unit.parent_id) throw refuse('active', 'root_unit', 'the top of the tree cannot be deactivated');
    const child = await one(ctx.tx, 'select 1 from units where org_id = $1 and parent_id = $2 and active limit 1', [ctx.actor.orgId, unit.id]);
    if (child) throw refuse('active', 'has_active_children', 'deactivate or move the units under it first');
  } else if (unit.parent_id) {
    await assertUnit(ctx.tx, ctx.actor.orgId, unit.parent_id, 'active');
  }
  await ctx.tx.query('update units set active = $3 where org_id = $1 and id = $2', [ctx.actor.orgId, unit.id, active]);
}
