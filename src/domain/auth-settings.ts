/** An organisation's sign-in and session rules (`organisations.settings.auth`), each with a safe default. */
export interface AuthSettings {
  /** Failed sign-ins for one username within the window before further attempts get 429. */
  maxFailuresPerUser: number;
  /** Failed sign-ins from one address within the window before further attempts get 429. */
  maxFailuresPerAddress: number;
  windowMinutes: number;
  /** Consecutive failed sign-ins after which the account is locked until an administrator unlocks it. */
  lockoutAfter: number;
  passwordMinLength: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  maxSessionsPerUser: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  maxFailuresPerUser: 10,
  maxFailuresPerAddress: 50,
  windowMinutes: 15,
  lockoutAfter: 20,
  passwordMinLength: 10,
  sessionIdleMinutes: 8 * 60,
  sessionAbsoluteHours: 14 * 24,
  maxSessionsPerUser: 10,
};

const KEYS: Record<keyof AuthSettings, string> = {
  maxFailuresPerUser: 'max_failures_per_user',
  maxFailuresPerAddress: 'max_failures_per_address',
  windowMinutes: 'window_minutes',
  lockoutAfter: 'lockout_after',
  passwordMinLength: 'password_min_length',
  sessionIdleMinutes: 'session_idle_minutes',
  sessionAbsoluteHours: 'session_absolute_hours',
  maxSessionsPerUser: 'max_sessions_per_user',
};

/** The settings in their stored (and API) form, snake_case keys. */
export function authSettingsJson(s: AuthSettings): Record<string, number> {
  return Object.fromEntries((Object.keys(KEYS) as (keyof AuthSettings)[]).map((k) => [KEYS[k], s[k]]));
}

/** Reads `settings.auth` (snake_case keys); a missing or unusable value falls back to its default. */
export function authSettingsOf(settings: unknown): AuthSettings {
  const auth = settings && typeof settings === 'object' && 'auth' in settings ? (settings as { auth: unknown }).auth : undefined;
  const raw = auth && typeof auth === 'object' ? (auth as Record<string, unknown>) : {};
  const out = { ...DEFAULT_AUTH_SETTINGS };
  for (const k of Object.keys(KEYS) as (keyof AuthSettings)[]) {
    const v = raw[KEYS[k]];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) out[k] = v;
  }
  return out;
}

/** The SQL expression for one setting, read from `organisations o` with its default, for queries that
 * check many sessions at once (expiry, cleanup). `key` is one of our own names, never user input. */
export function authSettingSql(key: keyof AuthSettings): string {
  return `coalesce(case when jsonb_typeof(o.settings->'auth'->'${KEYS[key]}') = 'number' then (o.settings->'auth'->>'${KEYS[key]}')::int end, ${DEFAULT_AUTH_SETTINGS[key]})`;
}
