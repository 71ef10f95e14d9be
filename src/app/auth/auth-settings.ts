import type pg from 'pg';
import type { AuthSettingsRequest } from '../../contract/auth.ts';
import { authSettingsJson, authSettingsOf } from '../../domain/auth-settings.ts';
import { one } from '../../store/db.ts';
import type { Actor } from '../context.ts';
import { assertAccountAdmin } from './reset-password.ts';

/** The organisation's sign-in and session rules, defaults filled in. @throws forbidden_action (not an admin). */
export async function getAuthSettings(pool: pg.Pool, actor: Actor) {
  assertAccountAdmin(actor);
  const r = await one<{ settings: unknown }>(pool, 'select settings from organisations where id = $1', [actor.orgId]);
  return authSettingsJson(authSettingsOf(r?.settings));
}

/** Changes some of the organisation's sign-in and session rules (they apply from the next request on, in every
 * process). @throws forbidden_action (not an admin). */
export async function updateAuthSettings(pool: pg.Pool, actor: Actor, input: AuthSettingsRequest) {
  assertAccountAdmin(actor);
  const r = await one<{ settings: unknown }>(
    pool,
    `update organisations set settings = jsonb_set(settings, '{auth}', coalesce(settings->'auth', '{}') || $2::jsonb)
      where id = $1 returning settings`,
    [actor.orgId, JSON.stringify(input)],
  );
  return authSettingsJson(authSettingsOf(r?.settings));
}
