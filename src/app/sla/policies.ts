import type { SlaTarget } from '../../domain/sla.ts';
import { resolveTargets, type ExtensionApprover, type ResolvedTargets, type SlaFacts, type SlaFamily, type SlaPreset } from '../../domain/sla-presets.ts';
import { one, type Db } from '../../store/db.ts';
import { DEFAULT_LADDER, type LadderLevel } from '../../domain/ladder.ts';
import { ensureSlaSeeded } from './seed.ts';

export interface PolicyRow {
  id: string;
  name: string;
  priority: number;
  kind: string | null;
  severity: string | null;
  category_id: string | null;
  channel: string | null;
  unit_id: string | null;
  unit_kind: string | null;
  targets: SlaPreset['targets'];
  max_extension: SlaTarget | null;
  ladder_id: string | null;
  active: boolean;
  source: string | null;
  family: SlaFamily | null;
  extension_approver: ExtensionApprover | null;
  takeover: boolean;
  dissatisfied_severity: string | null;
}

export interface SlaEnv {
  /** The organisation's preset family: the one an administrator chose, else the one of its trade. */
  family: SlaFamily;
  thresholds: number[];
  policies: PolicyRow[];
  ladders: Map<string, LadderLevel[]>;
  defaultLadderId: string | null;
}

/** The organisation's SLA settings, policies (highest priority first) and ladders, seeding them on first use. */
export async function loadSlaEnv(db: Db, orgId: string): Promise<SlaEnv> {
  await ensureSlaSeeded(db, orgId);
  // Settings, policies and ladders in one round trip: this runs on every case change.
  const r = await one<{ family: SlaFamily; warn_thresholds: number[] | null; policies: PolicyRow[]; ladders: { id: string; is_default: boolean; levels: LadderLevel[] }[] }>(
    db,
    `select (select coalesce(s.family, o.trade) from organisations o left join sla_settings s on s.org_id = o.id where o.id = $1) as family,
            (select warn_thresholds from sla_settings where org_id = $1) as warn_thresholds,
            coalesce((select json_agg(p order by p.priority desc, p.name) from (
               select id, name, priority, kind, severity, category_id, channel, unit_id, unit_kind, targets, max_extension, ladder_id, active, source,
                      family, extension_approver, takeover, dissatisfied_severity
                 from sla_policies where org_id = $1) p), '[]') as policies,
            coalesce((select json_agg(json_build_object('id', id, 'is_default', is_default, 'levels', levels))
                        from escalation_ladders where org_id = $1), '[]') as ladders`,
    [orgId],
  );
  const ladders = r?.ladders ?? [];
  return {
    family: r?.family ?? 'property',
    thresholds: r?.warn_thresholds ?? [0.5, 0.8],
    policies: r?.policies ?? [],
    ladders: new Map(ladders.map((l) => [l.id, l.levels])),
    defaultLadderId: ladders.find((l) => l.is_default)?.id ?? null,
  };
}

export function ladderOf(env: SlaEnv, ladderId: string | null): LadderLevel[] {
  return (ladderId ? env.ladders.get(ladderId) : undefined) ?? (env.defaultLadderId ? env.ladders.get(env.defaultLadderId) : undefined) ?? [...DEFAULT_LADDER];
}

/** What a policy can match on, read from the case, its unit and its category. */
export interface CaseFacts {
  kind: string;
  channel: string;
  severity: string;
  /** The severity was stated (at registration or triage), not the stored default. */
  severity_given: boolean;
  validity: string;
  category_id: string | null;
  category_parent_id: string | null;
  unit_kind: string | null;
  unit_path: string[];
}

/** Loads the facts of a case that policies match on. */
export async function caseFacts(db: Db, c: { org_id: string; kind: string; channel: string; severity: string; severity_given: boolean; validity: string; category_id: string | null; unit_id: string }): Promise<CaseFacts> {
  const extra = await one<{ unit_kind: string | null; unit_path: string[] | null; category_parent_id: string | null }>(
    db,
    `select u.kind as unit_kind, u.path as unit_path,
            (select parent_id from categories where org_id = $1 and id = $3) as category_parent_id
       from units u where u.org_id = $1 and u.id = $2`,
    [c.org_id, c.unit_id, c.category_id],
  );
  return {
    kind: c.kind, channel: c.channel, severity: c.severity, severity_given: c.severity_given, validity: c.validity, category_id: c.category_id,
    category_parent_id: extra?.category_parent_id ?? null, unit_kind: extra?.unit_kind ?? null, unit_path: extra?.unit_path ?? [c.unit_id],
  };
}

/**
 * The targets for a case: the organisation family's policies (and those of no family) filtered on unit (the case's
 * unit or any above it) and category (the case's or its parent), then ranked by the domain's `resolveTargets`. A
 * severity counts once it was given, at registration or at triage; the stored default of an untriaged case does not.
 */
export function targetsFor(env: SlaEnv, f: CaseFacts): ResolvedTargets & { ladderId: string | null } {
  const usable = env.policies.filter(
    (p) =>
      p.active &&
      (p.family === null || p.family === env.family) &&
      (p.unit_id === null || f.unit_path.includes(p.unit_id)) &&
      (p.category_id === null || p.category_id === f.category_id || p.category_id === f.category_parent_id),
  );
  const presets: SlaPreset[] = usable.map((p) => ({
    name: p.name,
    order: p.priority,
    source: p.source ?? '',
    targets: p.targets,
    ...(p.max_extension ? { maxExtension: p.max_extension } : {}),
    ...(p.extension_approver ? { extensionApprover: p.extension_approver } : {}),
    ...(p.takeover ? { takeover: true } : {}),
    ...(p.dissatisfied_severity ? { dissatisfiedSeverity: p.dissatisfied_severity as never } : {}),
    match: {
      ...(p.kind ? { kind: p.kind as never } : {}),
      ...(p.severity ? { severity: p.severity as never } : {}),
      ...(p.channel ? { channel: p.channel as never } : {}),
      ...(p.unit_kind ? { unitKind: p.unit_kind as never } : {}),
    },
  }));
  const facts: SlaFacts = {
    kind: f.kind as never,
    severity: f.severity_given ? (f.severity as never) : null,
    channel: f.channel as never,
    ...(f.unit_kind ? { unitKind: f.unit_kind as never } : {}),
  };
  const resolved = resolveTargets(presets, facts);
  const decidedBy = usable.find((p) => p.name === resolved.presets.resolve);
  return { ...resolved, ladderId: decidedBy?.ladder_id ?? null };
}
