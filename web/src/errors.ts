import { ApiError } from './api.ts';
import type { Messages } from './i18n/zh-CN.ts';

/** What to show for a failed request: the server's localised message, or our own for a network failure. */
export function errorText(e: unknown, m: Messages): string {
  if (e instanceof ApiError) return e.code === 'network' || !e.message ? m.app.networkError : e.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Puts an API validation error's `details` onto antd form fields (`customer.phone` → ['customer','phone']).
 * Returns the issues that matched no field, to be shown with the form's general error.
 */
export function fieldErrors(e: unknown, known: (path: (string | number)[]) => boolean) {
  const fields: { name: (string | number)[]; errors: string[] }[] = [];
  const rest: string[] = [];
  if (e instanceof ApiError) {
    for (const d of e.details) {
      // `levels[1].target` and `levels.1.target` name the same field.
      const name = d.path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      if (name.length && known(name)) fields.push({ name, errors: [d.message] });
      else if (d.path) rest.push(`${d.path}: ${d.message}`);
    }
  }
  return { fields, rest };
}
