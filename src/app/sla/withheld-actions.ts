import type pg from 'pg';
import { many } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import type { ExtensionRequest } from './clock-row.ts';
import { loadSlaEnv, type SlaEnv } from './policies.ts';

type MediaFacts = { id: string; channel: string; verdict: string | null; clarified: boolean };
type ResolveClock = { case_id: string; policy: string | null; met_at: Date | null; extension_request: ExtensionRequest | null };

/**
 * The SLA facts that refuse actions the lifecycle table allows, per case, for `abilities`: `extend` where the resolve
 * clock's policy allows no extension, where it is stopped, or while a request waits; `approve_extension` and
 * `reject_extension` for everyone but the people the waiting request names; the media exposure steps where they do not
 * apply (judging a case that is not a media exposure or is judged already, clarifying a report not judged false).
 */
export async function slaWithheldActions(pool: pg.Pool, actor: Actor, ids: string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  // Media exposure steps: judged once, on a media case; clarified once, after a "false" verdict.
  const media = await many<MediaFacts>(
    pool,
    `select c.id, c.channel, m.verdict, m.clarification is not null as clarified
       from cases c left join media_exposures m on m.org_id = c.org_id and m.case_id = c.id
      where c.org_id = $1 and c.id = any($2::uuid[])`,
    [actor.orgId, ids],
  );
  const env = await loadSlaEnv(pool, actor.orgId);
  const rows = await many<ResolveClock>(
    pool,
    `select case_id, policy, met_at, extension_request from case_clocks where org_id = $1 and case_id = any($2::uuid[]) and kind = 'resolve'`,
    [actor.orgId, ids],
  );
  return slaWithheldOf(actor, ids, media, env, rows);
}

/** The same from what is in hand: the cases' channel and media verdict, the SLA environment and the resolve clocks
 * (a registration answers with what it has just written, issue 8). */
export function slaWithheldOf(actor: Actor, ids: string[], media: MediaFacts[], env: SlaEnv, resolveClocks: ResolveClock[]): Map<string, string[]> {
  const out = new Map<string, string[]>(ids.map((id) => [id, ['extend', 'approve_extension', 'reject_extension']]));
  const mediaWithheld = new Map(media.map((m) => [m.id, [
    ...(m.channel === 'media' && m.verdict === null ? [] : ['judge_media_report']),
    ...(m.verdict === 'false' && !m.clarified ? [] : ['clarify']),
  ]]));
  for (const r of resolveClocks) {
    if (r.met_at) continue;
    const withheld: string[] = [];
    const allows = env.policies.find((p) => p.name === r.policy)?.max_extension ?? null;
    if (!allows || r.extension_request) withheld.push('extend');
    if (!r.extension_request?.approver_ids.includes(actor.userId)) withheld.push('approve_extension', 'reject_extension');
    out.set(r.case_id, withheld);
  }
  for (const [id, w] of mediaWithheld) out.set(id, [...(out.get(id) ?? []), ...w]);
  return out;
}
