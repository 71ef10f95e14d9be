import { one, type Db } from '../../store/db.ts';
import { raiseEscalationLevels, staffDirectory, writeEvents, writeNotifications, type CaseContacts } from './notify.ts';

export type TakeoverCause = 'resolve_breached' | 'customer_dissatisfied';

/**
 * Takeover 转投诉中心 (003 第一篇 三(三)): "如在规定时间内未能完成投诉处理或客户对处理结果不满意，则转至公司投诉中心".
 * Ownership moves, not just the news: the case's unit and department become the company complaint center unit,
 * its handler a complaint-center staff member there; the move is one `escalate` event (trigger `takeover`) that
 * records where the case was, and the case stands at the top of its ladder (`ladderLength`). Returns null when the
 * organisation has no complaint center unit, or the case is already there. `bumpVersion`: false inside a user's
 * action (which bumps it already), true from the sweeper.
 */
export async function takeOver(
  db: Db,
  c: CaseContacts & { number: string; subject: string },
  opts: { now: Date; actorId: string | null; cause: TakeoverCause; ladderLength: number; failedClock?: Record<string, unknown>; bumpVersion: boolean },
): Promise<{ unit_id: string; handler_id: string | null } | null> {
  const center = await one<{ id: string; handler_id: string | null }>(
    db,
    `select u.id, (select h.id from users h where h.org_id = u.org_id and h.unit_id = u.id and h.active
                     and 'complaint_center' = any(h.roles) order by h.username limit 1) as handler_id
       from units u where u.org_id = $1 and u.is_complaint_center order by array_length(u.path, 1), u.name limit 1`,
    [c.org_id],
  );
  if (!center || c.unit_id === center.id) return null;
  await db.query(
    `update cases set unit_id = $3, department_id = $3, handler_id = $4, version = version + $6, updated_at = $5
      where org_id = $1 and id = $2`,
    [c.org_id, c.id, center.id, center.handler_id, opts.now, opts.bumpVersion ? 1 : 0],
  );
  const { userIds } = await staffDirectory(db).recipients({ ...c, unit_id: center.id, department_id: center.id }, 'complaint_center');
  const level = Math.max(1, opts.ladderLength);
  await writeEvents(db, [{
    orgId: c.org_id, caseId: c.id, at: opts.now, actorId: opts.actorId, action: 'escalate', note: null,
    data: {
      level, target: 'complaint_center', recipients: userIds, trigger: 'takeover', cause: opts.cause, automatic: true,
      from: { unit_id: c.unit_id, department_id: c.department_id, handler_id: c.handler_id },
      to: { unit_id: center.id, department_id: center.id, handler_id: center.handler_id },
      ...(opts.failedClock ? { failed_clock: opts.failedClock } : {}),
    },
  }]);
  await writeNotifications(db, [{
    orgId: c.org_id, caseId: c.id, recipientIds: userIds, kind: 'escalation', level,
    dedupeKey: `takeover:${c.id}:${opts.now.getTime()}`,
    payload: { case_number: c.number, subject: c.subject, level, target: 'complaint_center', trigger: 'takeover', cause: opts.cause },
  }], opts.now);
  await raiseEscalationLevels(db, [{ orgId: c.org_id, caseId: c.id, level }]);
  return { unit_id: center.id, handler_id: center.handler_id };
}
