import type pg from 'pg';
import { AppError } from '../../contract/errors.ts';
import { many, one } from '../../store/db.ts';
import type { Actor, Ctx } from '../context.ts';
import { writeEvents } from './notify.ts';

export interface NotificationView {
  id: string;
  case_id: string | null;
  kind: string;
  level: number | null;
  payload: Record<string, unknown>;
  created_at: Date;
  acknowledged_at: Date | null;
}

/** The caller's own notifications, newest first; `unacknowledged` keeps the ones still waiting. */
export async function listNotifications(db: pg.Pool, actor: Actor, q: { unacknowledged?: boolean; limit: number }): Promise<{ items: NotificationView[]; unacknowledged: number }> {
  const items = await many<NotificationView>(
    db,
    `select id, case_id, kind, level, payload, created_at, acknowledged_at from notifications
      where org_id = $1 and recipient_id = $2 and ($3::boolean is not true or acknowledged_at is null)
      order by created_at desc, id limit $4`,
    [actor.orgId, actor.userId, q.unacknowledged ?? false, q.limit],
  );
  const n = await one<{ n: number }>(db, 'select count(*)::int as n from notifications where org_id = $1 and recipient_id = $2 and acknowledged_at is null', [actor.orgId, actor.userId]);
  return { items, unacknowledged: n?.n ?? 0 };
}

/**
 * The person notified confirms they have seen it (an escalation is not done until its level acknowledges);
 * the acknowledgement of an escalation goes on the case's timeline. Repeating it changes nothing.
 * @throws not_found when the notification is not the caller's
 */
export async function acknowledgeNotification(ctx: Ctx, id: string): Promise<NotificationView> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  const row = await one<NotificationView & { was: Date | null }>(
    ctx.tx,
    `update notifications n set acknowledged_at = coalesce(n.acknowledged_at, $4)
       from (select id, acknowledged_at as was from notifications where org_id = $1 and id = $2 and recipient_id = $3 for update) o
      where n.org_id = $1 and n.id = o.id
      returning n.id, n.case_id, n.kind, n.level, n.payload, n.created_at, n.acknowledged_at, o.was`,
    [ctx.actor.orgId, id, ctx.actor.userId, ctx.clock.now()],
  );
  if (!row) throw new AppError('not_found');
  const { was, ...view } = row;
  if (!was && row.case_id && (row.kind === 'escalation' || row.kind === 'top_level')) {
    await writeEvents(ctx.tx, [{
      orgId: ctx.actor.orgId, caseId: row.case_id, at: ctx.clock.now(), actorId: ctx.actor.userId, action: 'acknowledge_escalation',
      note: null, data: { notification_id: row.id, level: row.level },
    }]);
  }
  return view;
}
