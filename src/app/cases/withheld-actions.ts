import type pg from 'pg';
import { needsSignoff } from '../../domain/process-rules.ts';
import { many } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import { loadProcessSettings } from '../orgs/process-settings.ts';

/**
 * The process rules that refuse actions the lifecycle table allows, per case, for `abilities`: `answer` (settle on
 * the spot) where the organisation wants the department head's sign-off on that kind and severity (004 "签字认可").
 */
export async function processWithheldActions(pool: pg.Pool, actor: Actor, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const settings = await loadProcessSettings(pool, actor.orgId);
  const rows = await many<{ id: string; kind: never; severity: never }>(
    pool,
    'select id, kind, severity from cases where org_id = $1 and id = any($2::uuid[])',
    [actor.orgId, ids],
  );
  for (const r of rows) if (needsSignoff(settings, r.kind, r.severity)) out.set(r.id, ['answer']);
  return out;
}
