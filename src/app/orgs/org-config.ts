import type { Trade } from '../../contract/enums.ts';
import type { ProcessSettings } from '../../contract/process-settings.ts';
import { one, prepared, type Db } from '../../store/db.ts';
import { loadSlaEnv, type CaseFacts, type SlaEnv } from '../sla/policies.ts';
import { loadProcessSettings } from './process-settings.ts';

/**
 * What a registration reads of its organisation and an administrator rarely changes — process settings, the SLA
 * environment (family, thresholds, policies, ladders), units and categories, whether any message can go out —
 * cached in memory per organisation (issue 8). Every write to those tables bumps `org_config_versions` in its own
 * transaction (triggers, migrations 021 and 025), so one primary-key read tells whether the cache is current, in
 * every process: a change is seen by the next request anywhere, never a stale one.
 */
export interface OrgConfig {
  version: number;
  settings: ProcessSettings & { trade: Trade };
  sla: SlaEnv;
  units: Map<string, { kind: string; path: string[]; name: string }>;
  categories: Map<string, { parent_id: string | null; active: boolean; name_zh: string; name_en: string }>;
  /** Whether a message can go out about a case at all: a customer channel (SMS, e-mail, WeChat) enabled, or a
   * webhook active. When not, a registration queues nothing (register-case.ts). */
  messaging: boolean;
}

const cache = new Map<string, OrgConfig>();
const MAX_ORGS = 500;

/** The organisation's current configuration: one statement when the cache is current, none when the caller has
 * just read the version (`knownVersion`, e.g. with the session: Actor.configVersion). */
export async function orgConfig(db: Db, orgId: string, knownVersion?: number): Promise<OrgConfig> {
  const version = knownVersion ?? (await db.query<{ version: number }>(prepared('select coalesce((select version from org_config_versions where org_id = $1), 0)::int as version', [orgId]))).rows[0]?.version ?? 0;
  const hit = cache.get(orgId);
  if (hit && hit.version === version) return hit;
  // Read after the version: what is loaded is at least as new as `version` (a later change bumps it again).
  const settings = await loadProcessSettings(db, orgId);
  const sla = await loadSlaEnv(db, orgId);
  const r = await one<{ units: { id: string; kind: string; path: string[]; name: string }[]; cats: { id: string; parent_id: string | null; active: boolean; name_zh: string; name_en: string }[]; messaging: boolean }>(
    db,
    `select (select coalesce(json_agg(json_build_object('id', id, 'kind', kind, 'path', path, 'name', name)), '[]') from units where org_id = $1) as units,
            (select coalesce(json_agg(json_build_object('id', id, 'parent_id', parent_id, 'active', active, 'name_zh', name_zh, 'name_en', name_en)), '[]')
               from categories where org_id = $1) as cats,
            exists (select 1 from notify_channels where org_id = $1 and enabled and channel in ('sms', 'email', 'wechat'))
              or exists (select 1 from webhook_subscriptions where org_id = $1 and active) as messaging`,
    [orgId],
  );
  const cfg: OrgConfig = {
    version, settings, sla,
    units: new Map((r?.units ?? []).map(({ id, ...u }) => [id, u])),
    categories: new Map((r?.cats ?? []).map(({ id, ...c }) => [id, c])),
    messaging: r?.messaging ?? true,
  };
  if (cache.size >= MAX_ORGS) cache.clear();
  cache.set(orgId, cfg);
  return cfg;
}

/** The nearest unit at or above `unitId` that is not a department (as refs.ts nearestNonDepartment). */
export function nearestNonDepartmentIn(cfg: OrgConfig, unitId: string): string {
  const path = cfg.units.get(unitId)?.path ?? [];
  for (let i = path.length - 1; i >= 0; i--) {
    const u = cfg.units.get(path[i]!);
    if (u && u.kind !== 'department') return path[i]!;
  }
  return unitId;
}

/** What an SLA policy can match on, from the cached units and categories (as policies.ts caseFacts). */
export function caseFactsIn(cfg: OrgConfig, c: { kind: string; channel: string; severity: string; severity_given: boolean; validity: string; category_id: string | null; unit_id: string }): CaseFacts {
  const unit = cfg.units.get(c.unit_id);
  return {
    kind: c.kind, channel: c.channel, severity: c.severity, severity_given: c.severity_given, validity: c.validity, category_id: c.category_id,
    category_parent_id: c.category_id ? (cfg.categories.get(c.category_id)?.parent_id ?? null) : null,
    unit_kind: unit?.kind ?? null, unit_path: unit?.path ?? [c.unit_id],
  };
}
