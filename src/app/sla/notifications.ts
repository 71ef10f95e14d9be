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
  read_at: Date | null;
  /** Escalations and supervision notices are acknowledged (recorded on the case); the others are just read. */
  needs_acknowledgement: boolean;
}

/** The kinds the person notified must acknowledge explicitly (确认): the acknowledgement is recorded on the case. */
export const ACKNOWLEDGED_KINDS = ['escalation', 'top_level', 'supervision'] as const;
const ACK_SQL = `kind = any('{${ACKNOWLEDGED_KINDS.join(',')}}'::text[]) as needs_acknowledgement`;
const VIEW = `id, case_id, kind, level, payload, created_at, acknowledged_at, read_at, ${ACK_SQL}`;

/** The caller's own notifications, newest first; `unacknowledged` keeps the ones still waiting (an ordinary notice
 * not read, an escalation or supervision notice not acknowledged), and counts them. */
export async function listNotifications(db: pg.Pool, actor: Actor, q: { unacknowledged?: boolean; limit: number }): Promise<{ items: NotificationView[]; unacknowledged: number }> {
  const items = await many<NotificationView>(
    db,
    `select ${VIEW} from notifications
      where org_id = $1 and recipient_id = $2 and ($3::boolean is not true or read_at is null)
      order by created_at desc, id limit $4`,
    [actor.orgId, actor.userId, q.unacknowledged ?? false, q.limit],
  );
  const n = await one<{ n: number }>(db, 'select count(*)::int as n from notifications where org_id = $1 and recipient_id = $2 and read_at is null', [actor.orgId, actor.userId]);
  return { items, unacknowledged: n?.n ?? 0 };
}

/**
 * The person notified confirms they have seen it (an escalation is not done until its level acknowledges); it is read
 * too. The acknowledgement of an escalation or a supervision notice goes on the case's timeline. Repeating it changes
 * nothing. @throws not_found when the notification is not the caller's
 */
export async function acknowledgeNotification(ctx: Ctx, id: string): Promise<NotificationView> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  const row = await one<NotificationView & { was: Date | null }>(
    ctx.tx,
    `update notifications n set acknowledged_at = coalesce(n.acknowledged_at, $4), read_at = coalesce(n.read_at, $4)
       from (select id, acknowledged_at as was from notifications where org_id = $1 and id = $2 and recipient_id = $3 for update) o
      where n.org_id = $1 and n.id = o.id
      returning n.id, n.case_id, n.kind, n.level, n.payload, n.created_at, n.acknowledged_at, n.read_at, n.${ACK_SQL}, o.was`,
    [ctx.actor.orgId, id, ctx.actor.userId, ctx.clock.now()],
  );
  if (!row) throw new AppError('not_found');
  const { was, ...view } = row;
  if (!was && row.case_id && row.needs_acknowledgement) {
    await writeEvents(ctx.tx, [{
      orgId: ctx.actor.orgId, caseId: row.case_id, at: ctx.clock.now(), actorId: ctx.actor.userId,
      action: row.kind === 'supervision' ? 'acknowledge_supervision' : 'acknowledge_escalation',
      note: null, data: { notification_id: row.id, level: row.level },
    }]);
  }
  return view;
}

/**
 * Marks an ordinary notice (a deadline warning, a surge alert…) read. An escalation or supervision notice is not
 * dismissed this way: it must be acknowledged, which is recorded. Repeating it changes nothing.
 * @throws not_found when the notification is not the caller's, validation_failed `acknowledge_required`
 */
export async function markNotificationRead(ctx: Ctx, id: string): Promise<NotificationView> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  const current = await one<NotificationView>(
    ctx.tx, `select ${VIEW} from notifications where org_id = $1 and id = $2 and recipient_id = $3 for update`, [ctx.actor.orgId, id, ctx.actor.userId],
  );
  if (!current) throw new AppError('not_found');
  if (current.needs_acknowledgement) {
    throw new AppError('validation_failed', [{ path: 'id', code: 'acknowledge_required', message: 'escalations and supervision notices are acknowledged, not just read' }]);
  }
  if (current.read_at) return current;
  const row = await one<NotificationView>(
    ctx.tx, `update notifications set read_at = $3 where org_id = $1 and id = $2 returning ${VIEW}`, [ctx.actor.orgId, id, ctx.clock.now()],
  );
  return row!;
}
