import { fmt } from '../../i18n/index.tsx';
import type { Messages } from '../../i18n/zh-CN.ts';

/** A fine's rule in words: the catalogue's name, or the year-end ranking with its rank (`year_end_rank_N`). */
export function ruleName(a: Messages['accountability'], code: string): string {
  return a.rules[code] ?? (code.startsWith('year_end_rank_') ? fmt(a.yearEndRule, { rank: code.slice(14) }) : code);
}
