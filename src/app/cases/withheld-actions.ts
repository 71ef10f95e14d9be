import type pg from 'pg';
import type { CaseKind, Severity } from '../../contract/enums.ts';
import { needsSignoff } from '../../domain/process-rules.ts';
import type { Actor } from '../context.ts';
import { loadProcessSettings } from '../orgs/process-settings.ts';
import type { ProcessSettings } from '../../contract/process-settings.ts';

/**
 * The process rules that refuse actions the lifecycle table allows, per case, for `abilities`: `answer` (settle on
 * the spot) where the organisation wants the department head's sign-off on that kind and severity (004 "签字认可").
 * Reads the kind and severity from the cases the caller already has in hand.
 */
export async function processWithheldActions(pool: pg.Pool, actor: Actor, cases: { id: string; kind: CaseKind; severity: Severity }[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (cases.length === 0) return out;
  return processWithheldOf(await loadProcessSettings(pool, actor.orgId), cases);
}

/** The same with the organisation's process settings in hand. */
export function processWithheldOf(settings: ProcessSettings, cases: { id: string; kind: CaseKind; severity: Severity }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of cases) if (needsSignoff(settings, c.kind, c.severity)) out.set(c.id, ['answer']);
  return out;
}
