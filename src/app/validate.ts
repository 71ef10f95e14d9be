import type { z } from 'zod';
import { AppError, type ErrorIssue } from '../contract/errors.ts';

/** Parses with a zod schema; on failure throws validation_failed listing every issue with its path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues: ErrorIssue[] = [];
  for (const i of r.error.issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) issues.push({ path: [...i.path, k].join('.'), code: 'unrecognized_keys', message: i.message });
    } else {
      const missing = valueAt(value, i.path) === undefined;
      // A refinement names its own code (e.g. invalid_phone) in params.code.
      const own = i.code === 'custom' && typeof i.params?.code === 'string' ? i.params.code : undefined;
      issues.push({ path: i.path.join('.'), code: own ?? (missing ? 'required' : i.code), message: i.message });
    }
  }
  throw new AppError('validation_failed', issues);
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
