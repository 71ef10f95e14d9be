import type { ErrorCode } from '../errors.ts';
import type { zhCN } from './zh-CN.ts';

/** English catalogue; same keys as zh-CN. */
export const enUS: typeof zhCN = {
  errors: {
    validation_failed: 'Some fields are invalid; see details.',
    malformed_json: 'The request body is not valid JSON.',
    invalid_text: '“{where}” holds a character that cannot be stored (a NUL byte or a lone Unicode surrogate).',
    unsupported_media_type: 'Unsupported content type: {type}.',
    payload_too_large: 'The request body is too large.',
    unauthenticated: 'Please sign in first.',
    invalid_credentials: 'Wrong username or password.',
    not_found: 'Not found, or you may not see it.',
    forbidden_action: 'You may not "{action}" this case.',
    transition_not_allowed: 'The case is "{status}"; "{action}" is not allowed now.',
    version_conflict: 'The case was changed by someone else (now version {current}); reload and try again.',
    idempotency_key_reused: 'This Idempotency-Key was already used for a different request.',
    unknown_action: 'Unknown action: {action}.',
    invalid_reference: 'The referenced {entity} does not exist in this organisation.',
    attachment_type_not_allowed: 'Attachments of type {type} are not allowed.',
    attachment_too_large: 'The attachment exceeds the limit of {limit}.',
    merge_invalid: 'Cannot merge into that case: {reason}.',
    duplicate: 'That {entity} already exists.',
    rate_limited: 'Too many requests; try again shortly.',
    extension_not_allowed: 'The extension exceeds what may be granted (at most {max}).',
    escalation_at_top: 'The case is already at the top level ({level}); it cannot be escalated further.',
    internal_error: 'Internal server error; please try again later.',
  } satisfies Record<ErrorCode, string>,
  issues: {
    required: 'required',
    invalid_type: 'wrong type',
    unrecognized_keys: 'unknown field',
    invalid_value: 'not an allowed value',
    too_small: 'too short or too small',
    too_big: 'too long or too large',
    invalid_format: 'wrong format',
    custom: 'not acceptable',
    invalid_text: 'holds a NUL byte or a lone Unicode surrogate',
  },
  actions: {
    register: 'register', accept: 'accept', answer: 'answer on the spot', assign: 'assign', transfer: 'transfer',
    return: 'return', start: 'start', investigate: 'record investigation', resolve: 'resolve', feedback: 'feed back',
    visit: 'return visit', close: 'close', reopen: 'reopen', suspend: 'suspend', resume: 'resume', merge: 'merge',
    withdraw: 'withdraw', comment: 'comment', reveal_phone: 'reveal phone', escalate: 'escalate', extend: 'extend',
    supervise: 'supervise', acknowledge_escalation: 'acknowledge escalation',
  },
  statuses: {
    registered: 'registered', accepted: 'accepted', assigned: 'assigned', in_progress: 'in progress',
    suspended: 'suspended', resolved: 'resolved', visited: 'visited', closed: 'closed', merged: 'merged',
    withdrawn: 'withdrawn',
  },
  entities: { unit: 'unit', user: 'user', category: 'category', customer: 'customer', case: 'case' },
};
