import type pg from 'pg';
import { many } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import type { ExtensionRequest } from './clock-row.ts';
import { loadSlaEnv } from './policies.ts';

/**
 * The SLA facts that refuse actions the lifecycle table allows, per case, for `abilities`: `extend` where the resolve
 * clock's policy allows no extension, where it is stopped, or while a request waits; `approve_extension` and
 * `reject_extension` for everyone but the people the waiting request names.
 */
export async function slaWithheldActions(pool: pg.Pool, actor: Actor, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, ['extend', 'approve_extension', 'reject_extension']]));
  if (ids.length === 0) return out;
  const env = await loadSlaEnv(pool, actor.orgId);
  const rows = await many<{ case_id: string; policy: string | null; met_at: Date | null; extension_request: ExtensionRequest | null }>(
    pool,
    `select case_id, policy, met_at, extension_request from case_clocks where org_id = $1 and case_id = any($2::uuid[]) and kind = 'resolve'`,
    [actor.orgId, ids],
  );
  for (const r of rows) {
    if (r.met_at) continue;
    const withheld: string[] = [];
    const allows = env.policies.find((p) => p.name === r.policy)?.max_extension ?? null;
    if (!allows || r.extension_request) withheld.push('extend');
    if (!r.extension_request?.approver_ids.includes(actor.userId)) withheld.push('approve_extension', 'reject_extension');
    out.set(r.case_id, withheld);
  }
  return out;
}
