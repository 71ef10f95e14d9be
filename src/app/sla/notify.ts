import { randomUUID } from 'node:crypto';
import { many, type Db } from '../../store/db.ts';
import { ESCALATION_TARGETS, type EscalationTarget } from '../../domain/ladder.ts';

/** The fields of a case that decide who is told about it. */
export interface CaseContacts {
  org_id: string;
  id: string;
  number?: string;
  unit_id: string;
  department_id: string | null;
  handler_id: string | null;
  first_responder_id: string;
}

interface StaffRow {
  id: string;
  roles: string[];
  unit_id: string;
}

/** Staff who may be escalated to, per organisation, loaded once per request or sweep. */
export function staffDirectory(db: Db) {
  const byOrg = new Map<string, Promise<{ staff: StaffRow[]; paths: Map<string, string[]> }>>();
  const load = (orgId: string) => {
    let p = byOrg.get(orgId);
    if (!p) {
      p = (async () => {
        const staff = await many<StaffRow>(
          db,
          `select id, roles, unit_id from users where org_id = $1 and active
              and roles && array['department_head','unit_manager','complaint_center','admin']`,
          [orgId],
        );
        const units = await many<{ id: string; path: string[] }>(db, 'select id, path from units where org_id = $1', [orgId]);
        return { staff, paths: new Map(units.map((u) => [u.id, u.path])) };
      })();
      byOrg.set(orgId, p);
    }
    return p;
  };

  /**
   * The people at `target` for a case, and the target actually used: an empty level (no handler yet, a unit
   * without a manager) falls through to the next one up, so an escalation always reaches someone.
   */
  async function recipients(c: CaseContacts, target: EscalationTarget): Promise<{ target: EscalationTarget; userIds: string[] }> {
    const { staff, paths } = await load(c.org_id);
    const has = (u: StaffRow, role: string) => u.roles.includes(role);
    for (let i = ESCALATION_TARGETS.indexOf(target); i < ESCALATION_TARGETS.length; i++) {
      const t = ESCALATION_TARGETS[i]!;
      let ids: string[] = [];
      if (t === 'handler') ids = c.handler_id ? [c.handler_id] : [];
      if (t === 'department_head') ids = staff.filter((u) => has(u, 'department_head') && u.unit_id === c.department_id).map((u) => u.id);
      if (t === 'unit_manager') {
        const path = paths.get(c.unit_id) ?? [c.unit_id];
        for (let d = path.length - 1; d >= 0 && ids.length === 0; d--) {
          ids = staff.filter((u) => has(u, 'unit_manager') && u.unit_id === path[d]).map((u) => u.id);
        }
      }
      if (t === 'complaint_center') {
        ids = staff.filter((u) => has(u, 'complaint_center')).map((u) => u.id);
        if (ids.length === 0) ids = staff.filter((u) => has(u, 'admin')).map((u) => u.id);
      }
      if (ids.length > 0) return { target: t, userIds: [...new Set(ids)] };
    }
    return { target, userIds: [] };
  }

  /** Whoever is working the case now: its handler, else its department's heads, else its first responder. */
  async function responsible(c: CaseContacts): Promise<string[]> {
    if (c.handler_id) return [c.handler_id];
    const { staff } = await load(c.org_id);
    const heads = staff.filter((u) => u.roles.includes('department_head') && u.unit_id === c.department_id).map((u) => u.id);
    return heads.length > 0 ? heads : [c.first_responder_id];
  }

  return { recipients, responsible };
}

export interface NotificationDraft {
  orgId: string;
  caseId: string;
  recipientIds: string[];
  kind: 'sla_warning' | 'escalation' | 'top_level' | 'supervision';
  level: number | null;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export interface EventDraft {
  orgId: string;
  caseId: string;
  at: Date;
  actorId: string | null;
  action: string;
  note: string | null;
  data: unknown;
}

/** Writes notification rows into the outbox (one per recipient; a repeated dedupe key is ignored). */
export async function writeNotifications(db: Db, drafts: NotificationDraft[], now: Date): Promise<number> {
  const cols = { org: [] as string[], id: [] as string[], rcp: [] as string[], cs: [] as string[], kind: [] as string[], level: [] as (number | null)[], key: [] as string[], payload: [] as string[] };
  for (const d of drafts) {
    for (const r of d.recipientIds) {
      cols.org.push(d.orgId); cols.id.push(randomUUID()); cols.rcp.push(r); cols.cs.push(d.caseId); cols.kind.push(d.kind);
      cols.level.push(d.level); cols.key.push(d.dedupeKey); cols.payload.push(JSON.stringify(d.payload));
    }
  }
  if (cols.id.length === 0) return 0;
  const r = await db.query(
    `insert into notifications (org_id, id, recipient_id, case_id, kind, level, dedupe_key, payload, created_at)
     select o, i, r, c, k, l, dk, p, $9 from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::jsonb[])
       as t(o, i, r, c, k, l, dk, p)
     on conflict (org_id, recipient_id, dedupe_key) do nothing`,
    [cols.org, cols.id, cols.rcp, cols.cs, cols.kind, cols.level, cols.key, cols.payload, now],
  );
  return r.rowCount ?? 0;
}

/** Appends timeline events (system events have no actor). */
export async function writeEvents(db: Db, events: EventDraft[]): Promise<void> {
  if (events.length === 0) return;
  await db.query(
    `insert into case_events (org_id, case_id, at, actor_id, action, note, data)
     select * from unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::jsonb[])`,
    [
      events.map((e) => e.orgId), events.map((e) => e.caseId), events.map((e) => e.at), events.map((e) => e.actorId),
      events.map((e) => e.action), events.map((e) => e.note), events.map((e) => (e.data === undefined ? null : JSON.stringify(e.data))),
    ],
  );
}

/** Raises cases' escalation level (never lowers it). */
export async function raiseEscalationLevels(db: Db, levels: { orgId: string; caseId: string; level: number }[]): Promise<void> {
  if (levels.length === 0) return;
  const top = new Map<string, { orgId: string; caseId: string; level: number }>();
  for (const l of levels) {
    const key = `${l.orgId}|${l.caseId}`;
    if ((top.get(key)?.level ?? -1) < l.level) top.set(key, l);
  }
  levels = [...top.values()];
  await db.query(
    `update cases c set escalation_level = greatest(c.escalation_level, t.l)
       from unnest($1::uuid[], $2::uuid[], $3::int[]) as t(o, i, l) where c.org_id = t.o and c.id = t.i`,
    [levels.map((l) => l.orgId), levels.map((l) => l.caseId), levels.map((l) => l.level)],
  );
}
