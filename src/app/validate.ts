import type { z } from 'zod';
import { AppError, type ErrorIssue } from '../contract/errors.ts';

/** Parses with a zod schema; on failure throws validation_failed listing every issue with its path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError('validation_failed', issuesOf(r.error, value));
}

/** Every issue of a failed parse as `{path, code, message}`: one per unknown key, `required` for a missing value. */
export function issuesOf(error: z.ZodError, value: unknown): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  for (const i of error.issues) {
    if (i.code === 'unrecognized_keys') {
      for (const k of i.keys) issues.push({ path: [...i.path, k].join('.'), code: 'unrecognized_keys', message: i.message });
    } else {
      const missing = valueAt(value, i.path) === undefined;
      // A refinement names its own code (e.g. invalid_phone) in params.code.
      const own = i.code === 'custom' && typeof i.params?.code === 'string' ? i.params.code : undefined;
      issues.push({ path: i.path.join('.'), code: own ?? (missing ? 'required' : i.code), message: i.message });
    }
  }
  return issues;
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** True when a string holds a NUL or a lone UTF-16 surrogate: text PostgreSQL cannot store or that is not Unicode. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export function isBadText(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE.test(s);
}

/** The path of the first string (key or value) in `value` that `isBadText`, or undefined when all text is good. */
export function badTextPath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return isBadText(value) ? path.join('.') : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (Buffer.isBuffer(value)) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (isBadText(k)) return [...path, JSON.stringify(k).slice(1, -1)].join('.');
    const p = badTextPath(v, [...path, k]);
    if (p !== undefined) return p;
  }
  return undefined;
}
