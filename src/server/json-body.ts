import secureJson from 'secure-json-parse';
import { AppError } from '../contract/errors.ts';

/** No request of ours nests deeper than this; deeper bodies would only exhaust the stack of whoever walks them. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses a JSON request body: an empty body is `{}` (curl -X POST with no data); bad JSON, and a body that would
 * poison prototypes (`__proto__`, `constructor.prototype`), is malformed_json, as Fastify's own parser refuses it;
 * a body nested deeper than MAX_JSON_DEPTH is validation_failed.
 */
export function parseJsonBody(raw: string): unknown {
  const text = raw.trim();
  if (text === '') return {};
  if (depthOf(text) > MAX_JSON_DEPTH) {
    throw new AppError('validation_failed', [{ path: '', code: 'too_big', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
  }
  try {
    return secureJson.parse(text, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new AppError('malformed_json');
  }
}

/** The deepest nesting of brackets outside strings, in one pass without recursion. */
function depthOf(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}
