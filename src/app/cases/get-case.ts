import type pg from 'pg';
import { maskEmail, maskExternalRef, maskPhone } from '../../domain/masking.ts';
import { many } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import type { OrgConfig } from '../orgs/org-config.ts';
import { abilities, seesFullPhone, visibleCasesWhere } from './case.policy.ts';
import { loadVisibleCase, type CaseRow } from './case-row.ts';

export interface TimelineEvent {
  id: number;
  at: Date;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: unknown;
  actor: { id: string; display_name: string } | null;
}

/** Names that make a case readable without more requests. */
async function names(db: pg.Pool | pg.PoolClient, orgId: string, rows: CaseRow[]) {
  const unitIds = new Set<string>();
  const userIds = new Set<string>();
  const catIds = new Set<string>();
  for (const r of rows) {
    unitIds.add(r.unit_id);
    if (r.department_id) unitIds.add(r.department_id);
    if (r.complained_unit_id) unitIds.add(r.complained_unit_id);
    if (r.handler_id) userIds.add(r.handler_id);
    userIds.add(r.first_responder_id);
    if (r.category_id) catIds.add(r.category_id);
  }
  // One round trip for all three lookups.
  const r = await db.query(
    `select (select coalesce(json_agg(json_build_object('id', id, 'name', name)), '[]') from units where org_id = $1 and id = any($2::uuid[])) as units,
            (select coalesce(json_agg(json_build_object('id', id, 'display_name', display_name)), '[]') from users where org_id = $1 and id = any($3::uuid[])) as users,
            (select coalesce(json_agg(json_build_object('id', id, 'name_zh', name_zh, 'name_en', name_en)), '[]') from categories where org_id = $1 and id = any($4::uuid[])) as cats`,
    [orgId, [...unitIds], [...userIds], [...catIds]],
  );
  const { units, users, cats } = r.rows[0] as {
    units: { id: string; name: string }[];
    users: { id: string; display_name: string }[];
    cats: { id: string; name_zh: string; name_en: string }[];
  };
  return {
    unit: new Map(units.map((u) => [u.id, u.name])),
    user: new Map(users.map((u) => [u.id, u.display_name])),
    category: new Map(cats.map((c) => [c.id, { zh: c.name_zh, en: c.name_en }])),
  };
}

/** The API view of cases: phone and e-mail masked unless the role sees contacts in full (address and room
 * are shown to whoever may see the case: the people sent to fix things need them), names resolved, the
 * caller's abilities. */
export async function presentCases(db: pg.Pool | pg.PoolClient, actor: Actor, rows: CaseRow[]) {
  return presentWith(actor, rows, await names(db, actor.orgId, rows));
}

/** Names by id, as presentWith looks them up. */
export interface CaseNames {
  unit: Pick<Map<string, string>, 'get'>;
  user: Pick<Map<string, string>, 'get'>;
  category: Pick<Map<string, { zh: string; en: string }>, 'get'>;
}

/** The names a case just registered by `actor` needs, from the organisation's cached configuration (issue 8): its
 * units and category, and the actor as first responder (nobody handles it yet). */
export function registeredNames(config: OrgConfig, actor: Actor): CaseNames {
  return {
    // Looked up in the configuration, not copied out of it: a registration should not cost the size of the tree.
    unit: { get: (id) => config.units.get(id)?.name },
    user: new Map([[actor.userId, actor.displayName]]),
    category: { get: (id) => { const c = config.categories.get(id); return c && { zh: c.name_zh, en: c.name_en }; } },
  };
}

/** Case views from rows and the names they refer to. */
export function presentWith(actor: Actor, rows: CaseRow[], n: CaseNames) {
  const full = seesFullPhone(actor);
  return rows.map((r) => {
    const { org_id: _org, ...rest } = r;
    const cat = r.category_id ? n.category.get(r.category_id) : undefined;
    return {
      ...rest,
      customer_phone: full ? r.customer_phone : maskPhone(r.customer_phone),
      customer_email: full ? r.customer_email : maskEmail(r.customer_email),
      // A WeChat follower's case refers to them by OpenID, contact data like a phone number.
      external_ref: full ? r.external_ref : maskExternalRef(r.external_ref),
      phone_masked: !full && !!r.customer_phone,
      unit_name: n.unit.get(r.unit_id) ?? null,
      department_name: r.department_id ? (n.unit.get(r.department_id) ?? null) : null,
      complained_unit_name: r.complained_unit_id ? (n.unit.get(r.complained_unit_id) ?? null) : null,
      handler_name: r.handler_id ? (n.user.get(r.handler_id) ?? null) : null,
      first_responder_name: n.user.get(r.first_responder_id) ?? null,
      category_name: cat ? (actor.locale === 'en-US' ? cat.en : cat.zh) : null,
      abilities: abilities(actor, r),
    };
  });
}

/**
 * One case with its timeline (the audit trail), attachments and the cases merged into it. Every lookup is by
 * key on an index (`case_events_case`, `attachments_case`, `cases_org_parent`), so the page costs the same at
 * a thousand cases as at a million; it reads the primary (the caller may have just written). @throws not_found
 */
export async function getCase(db: pg.Pool, actor: Actor, id: string) {
  const row = await loadVisibleCase(db, actor, id);
  // Cases merged into this one, as far as the actor may see them.
  const cp: unknown[] = [];
  const visible = visibleCasesWhere(actor, cp);
  cp.push(id);
  const [[presented], timeline, attachments, children] = await Promise.all([
    presentCases(db, actor, [row]),
    many<TimelineEvent & { actor_id: string | null; actor_name: string | null }>(
      db,
      `select e.id, e.at, e.action, e.from_status, e.to_status, e.note, e.data, e.actor_id, u.display_name as actor_name
         from case_events e left join users u on u.org_id = e.org_id and u.id = e.actor_id
        where e.org_id = $1 and e.case_id = $2 order by e.id`,
      [actor.orgId, id],
    ),
    many(
      db,
      'select id, filename, mime, size, sha256, created_at, purged_at from attachments where org_id = $1 and case_id = $2 order by created_at',
      [actor.orgId, id],
    ),
    many(db, `select c.id, c.number, c.subject from cases c where ${visible} and c.parent_case_id = $${cp.length} order by c.created_at`, cp),
  ]);
  return {
    ...presented!,
    merged_cases: children,
    attachments,
    timeline: timeline.map(({ actor_id, actor_name, ...e }) => ({ ...e, actor: actor_id ? { id: actor_id, display_name: actor_name ?? '' } : null })),
  };
}
