import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../contract/errors.ts';
import { SAVED_VIEWS_MAX, type SavedViewRequest } from '../../contract/saved-views.ts';
import { many, one, type Db } from '../../store/db.ts';
import type { Actor, Ctx } from '../context.ts';

export interface SavedViewItem {
  id: string;
  name: string;
  query: Record<string, string>;
  created_at: string;
}

interface Row {
  id: string;
  name: string;
  query: Record<string, string>;
  created_at: Date;
}
const toItem = (r: Row): SavedViewItem => ({ id: r.id, name: r.name, query: r.query, created_at: r.created_at.toISOString() });

/** A view id that is not a UUID is no view of anybody's (404, never a 500 from the cast). */
const uuidOr404 = (id: string) => {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new AppError('not_found');
  return id;
};

/** The caller's own saved views, by name. Nobody lists another user's. */
export async function listSavedViews(db: Db, actor: Actor): Promise<SavedViewItem[]> {
  const rows = await many<Row>(
    db,
    'select id, name, query, created_at from saved_views where org_id = $1 and user_id = $2 order by name, created_at',
    [actor.orgId, actor.userId],
  );
  return rows.map(toItem);
}

/** One of the caller's own views; another user's is not found (404), as if it did not exist. @throws not_found */
export async function getSavedView(db: Db, actor: Actor, id: string): Promise<SavedViewItem> {
  const row = await one<Row>(
    db,
    'select id, name, query, created_at from saved_views where org_id = $1 and user_id = $2 and id = $3',
    [actor.orgId, actor.userId, uuidOr404(id)],
  );
  if (!row) throw new AppError('not_found');
  return toItem(row);
}

/**
 * Saves the caller's list filters under a name of their own (unique per user), up to SAVED_VIEWS_MAX views.
 * @throws duplicate, validation_failed
 */
export async function createSavedView(ctx: Ctx, input: z.output<typeof SavedViewRequest>): Promise<SavedViewItem> {
  const { tx, actor } = ctx;
  // The user's row is the lock that keeps two concurrent saves from both passing the count.
  await tx.query('select 1 from users where org_id = $1 and id = $2 for update', [actor.orgId, actor.userId]);
  const n = await one<{ n: number }>(tx, 'select count(*)::int as n from saved_views where org_id = $1 and user_id = $2', [actor.orgId, actor.userId]);
  if ((n?.n ?? 0) >= SAVED_VIEWS_MAX) {
    throw new AppError('validation_failed', [{ path: 'name', code: 'too_big', message: `at most ${SAVED_VIEWS_MAX} saved views` }]);
  }
  const row = await one<Row>(
    tx,
    `insert into saved_views (org_id, id, user_id, name, query, created_at) values ($1, $2, $3, $4, $5, $6)
     on conflict (org_id, user_id, name) do nothing returning id, name, query, created_at`,
    [actor.orgId, randomUUID(), actor.userId, input.name, JSON.stringify(input.query), ctx.clock.now()],
  );
  if (!row) throw new AppError('duplicate', [{ path: 'name', code: 'duplicate', message: input.name }], { entity: 'saved_view' });
  return toItem(row);
}

/** Deletes one of the caller's own views; another user's is not found (404) and stays. @throws not_found */
export async function deleteSavedView(db: Db, actor: Actor, id: string): Promise<void> {
  const r = await db.query('delete from saved_views where org_id = $1 and user_id = $2 and id = $3', [actor.orgId, actor.userId, uuidOr404(id)]);
  if (r.rowCount === 0) throw new AppError('not_found');
}
