/** Every error a caller can cause has a code from this closed list; the server maps codes to HTTP statuses. */

export const ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'invalid_text',
  'unsupported_media_type',
  'payload_too_large',
  'unauthenticated',
  'invalid_credentials',
  'not_found',
  'forbidden_action',
  'transition_not_allowed',
  'version_conflict',
  'idempotency_key_reused',
  'unknown_action',
  'invalid_reference',
  'attachment_type_not_allowed',
  'attachment_too_large',
  'merge_invalid',
  'duplicate',
  'rate_limited',
  'extension_not_allowed',
  'escalation_at_top',
  'service_unavailable',
  'account_locked',
  'password_change_required',
  'weak_password',
  'current_password_incorrect',
  'approval_pending',
  'crisis_decision_required',
  'nothing_to_approve',
  'decision_not_needed',
  'authority_limit_exceeded',
  'signoff_required',
  // Customer portal (issue 9)
  'portal_tracking_failed',
  'portal_token_invalid',
  'portal_visit_unavailable',
  'portal_case_closed',
  // Issue 12: a fine, appeal, year-end run or corrective action is not in a state that allows the step.
  'record_state_conflict',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  path: string;
  code: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** An error the caller caused (or may see). `params` fill the localised message template. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly params: Record<string, string | number>;

  constructor(code: ErrorCode, details?: unknown, params: Record<string, string | number> = {}) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.params = params;
  }
}
