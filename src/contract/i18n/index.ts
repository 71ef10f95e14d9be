import type { Locale } from '../enums.ts';
import { enUS } from './en-US.ts';
import { zhCN } from './zh-CN.ts';

export type Catalogue = typeof zhCN;
export const catalogues: Record<Locale, Catalogue> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Picks the catalogue for an Accept-Language header (zh-CN unless English is preferred). */
export function pickLocale(acceptLanguage: string | undefined, fallback: Locale = 'zh-CN'): Locale {
  if (!acceptLanguage) return fallback;
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  if (first.startsWith('en')) return 'en-US';
  if (first.startsWith('zh')) return 'zh-CN';
  return fallback;
}

/** Fills `{name}` placeholders; unknown ones stay as they are. */
export function format(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
