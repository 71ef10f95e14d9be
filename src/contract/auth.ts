import { z } from 'zod';

/** POST /api/v1/auth/password — change one's own password. */
export const ChangePasswordRequest = z.strictObject({
  current_password: z.string().min(1).max(200),
  new_password: z.string().min(1).max(200),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** POST /api/v1/admin/users/{id}/password — an administrator resets a password: to `password`, or to a
 * generated one returned once. The user must change it at the next sign-in unless `must_change` is false. */
export const ResetPasswordRequest = z.strictObject({
  password: z.string().min(1).max(200).optional(),
  must_change: z.boolean().optional(),
});
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

export const UserIdParams = z.strictObject({ id: z.uuid() });

/** GET /api/v1/admin/auth-log */
export const AuthLogQuery = z.strictObject({
  username: z.string().trim().min(1).max(100).optional(),
  event: z.string().trim().min(1).max(40).optional(),
  before: z.string().regex(/^\d{1,18}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /api/v1/auth/config — what the sign-in page needs before anyone signs in. */
export interface AuthConfig {
  /** The demo organisation is loaded, so the sign-in page may show the demo users' password. */
  demo: boolean;
  password_min_length: number;
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** PUT /api/v1/admin/auth-settings — an organisation's sign-in and session rules; omitted ones keep their value. */
export const AuthSettingsRequest = z.strictObject({
  max_failures_per_user: int(1, 1000).optional(),
  max_failures_per_address: int(1, 100_000).optional(),
  window_minutes: int(1, 24 * 60).optional(),
  lockout_after: int(1, 1000).optional(),
  password_min_length: int(8, 128).optional(),
  session_idle_minutes: int(5, 30 * 24 * 60).optional(),
  session_absolute_hours: int(1, 365 * 24).optional(),
  max_sessions_per_user: int(1, 100).optional(),
});
export type AuthSettingsRequest = z.infer<typeof AuthSettingsRequest>;
