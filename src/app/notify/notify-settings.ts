import { one, type Db } from '../../store/db.ts';

/** The organisation's notification settings (`organisations.settings.notify`), as the admin page edits them. */
export interface NotifySettings {
  /** Local time window in which a non-crisis SMS to a customer waits (start = end: never). */
  quiet_hours: { start: string; end: string };
  /** Where portal links in messages point (null: a path only). */
  portal_base_url: string | null;
}

type Stored = { quiet_hours?: { start?: string; end?: string }; portal_base_url?: string } | null;

export async function getNotifySettings(db: Db, orgId: string): Promise<NotifySettings> {
  const r = await one<{ n: Stored }>(db, "select settings->'notify' as n from organisations where id = $1", [orgId]);
  const n = r?.n ?? {};
  // The defaults are those the dispatcher applies (quietUntil in outbox.ts).
  return { quiet_hours: { start: n.quiet_hours?.start ?? '22:00', end: n.quiet_hours?.end ?? '08:00' }, portal_base_url: n.portal_base_url ?? null };
}

/** Saves the quiet hours, and the portal base URL when given (null removes it); other notify settings stay. */
export async function saveNotifySettings(db: Db, orgId: string, input: { quiet_hours: { start: string; end: string }; portal_base_url?: string | null | undefined }): Promise<NotifySettings> {
  const patch: Record<string, unknown> = { quiet_hours: input.quiet_hours };
  if (typeof input.portal_base_url === 'string') patch.portal_base_url = input.portal_base_url;
  await db.query(
    `update organisations set settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{notify}',
       ((coalesce(settings->'notify', '{}'::jsonb) - (case when $3 then 'portal_base_url' else '' end)) || $2::jsonb)) where id = $1`,
    [orgId, JSON.stringify(patch), input.portal_base_url === null],
  );
  return getNotifySettings(db, orgId);
}
