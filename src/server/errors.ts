import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../contract/errors.ts';
import { catalogues, format, pickLocale } from '../contract/i18n/index.ts';
import type { Locale } from '../contract/enums.ts';
import { isDatabaseUnavailable } from '../store/db.ts';

/** The one table that maps error codes to HTTP statuses. */
export const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_json: 400,
  invalid_text: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  unauthenticated: 401,
  invalid_credentials: 401,
  not_found: 404,
  forbidden_action: 403,
  transition_not_allowed: 409,
  version_conflict: 409,
  idempotency_key_reused: 422,
  unknown_action: 404,
  invalid_reference: 422,
  attachment_type_not_allowed: 415,
  attachment_too_large: 413,
  merge_invalid: 422,
  duplicate: 409,
  rate_limited: 429,
  extension_not_allowed: 422,
  escalation_at_top: 409,
  service_unavailable: 503,
  account_locked: 423,
  password_change_required: 403,
  weak_password: 422,
  current_password_incorrect: 422,
  approval_pending: 409,
  crisis_decision_required: 409,
  nothing_to_approve: 409,
  decision_not_needed: 409,
  authority_limit_exceeded: 422,
  signoff_required: 409,
  // Customer portal (issue 9)
  portal_tracking_failed: 404,
  portal_token_invalid: 403,
  portal_visit_unavailable: 409,
  portal_case_closed: 409,
  record_state_conflict: 409,
  internal_error: 500,
};

export function localeOf(req: FastifyRequest): Locale {
  const header = req.headers['accept-language'];
  return pickLocale(typeof header === 'string' ? header : undefined, req.actor?.locale ?? 'zh-CN');
}

/** Translates zod issue codes in `details` for the caller while keeping the machine-readable code. */
function localiseDetails(details: unknown, locale: Locale): unknown {
  if (!Array.isArray(details)) return details;
  const words = catalogues[locale].issues;
  return details.map((d) =>
    d && typeof d === 'object' && 'code' in d && typeof d.code === 'string' && words[d.code] ? { ...d, message: words[d.code] } : d,
  );
}

/** Fastify framework errors the caller caused, mapped onto our codes. */
function fromFastify(err: FastifyError, url: string): AppError | undefined {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && url.includes('/attachments')) return new AppError('attachment_too_large', undefined, { limit: '10 MB' });
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', undefined, { type: String(err.message.split(': ')[1] ?? '') });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed_json');
    default:
      if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) return new AppError('malformed_json');
      if (err.statusCode === 413) return new AppError('payload_too_large');
      if (err.statusCode === 415) return new AppError('unsupported_media_type', undefined, { type: '' });
      return undefined;
  }
}

/** An error's message in `locale`, its parameters (action, status, entity) named in that language too. */
export function errorMessage(locale: Locale, err: AppError): string {
  return format(catalogues[locale].errors[err.code], {
    ...err.params,
    ...(typeof err.params.action === 'string' ? { action: catalogues[locale].actions[err.params.action] ?? err.params.action } : {}),
    ...(typeof err.params.status === 'string' ? { status: catalogues[locale].statuses[err.params.status] ?? err.params.status } : {}),
    ...(typeof err.params.entity === 'string' ? { entity: catalogues[locale].entities[err.params.entity] ?? err.params.entity } : {}),
  });
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: AppError) {
  const locale = localeOf(req);
  const message = errorMessage(locale, err);
  const body = { error: { code: err.code, message, ...(err.details === undefined ? {} : { details: localiseDetails(err.details, locale) }) } };
  return reply.status(STATUS[err.code]).header('content-language', locale).send(body);
}

export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return sendError(req, reply, err);
  const mapped = fromFastify(err as FastifyError, req.url);
  if (mapped) return sendError(req, reply, mapped);
  // A database constraint the input could trip (e.g. a malformed uuid) is the caller's mistake.
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008') return sendError(req, reply, new AppError('validation_failed', [{ path: '', code: 'invalid_format', message: err.message }]));
  if (isDatabaseUnavailable(err)) {
    req.log.warn({ err }, 'the database is unavailable');
    return sendError(req, reply.header('retry-after', '5'), new AppError('service_unavailable'));
  }
  req.log.error({ err }, 'unhandled error');
  return sendError(req, reply, new AppError('internal_error'));
}
