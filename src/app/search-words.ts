import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
const get = () => (jieba ??= Jieba.withDict(dict));

const WORD = /[\p{L}\p{N}]/u;

function clean(words: string[]): string[] {
  const out = new Set<string>();
  for (const w of words) {
    const t = w.trim().toLowerCase();
    if (t && WORD.test(t) && t.length <= 60) out.add(t.replace(/\s+/g, ''));
  }
  return [...out];
}

/**
 * Words of a case for its search column: jieba's search-mode segmentation (which also yields the shorter
 * words inside long ones: 物业费 → 物业, 物业费) so that two-character queries such as 电梯 hit an index.
 */
export function indexWords(...texts: (string | null | undefined)[]): string {
  const words: string[] = [];
  for (const t of texts) if (t) words.push(...get().cutForSearch(t, true));
  return clean(words).join(' ');
}

/** The words of a query, ANDed: each must appear in the case. */
export function queryWords(q: string): string[] {
  return clean(get().cut(q, false));
}

/** A tsquery literal for `queryWords` (each lexeme quoted, so user input is never parsed as operators). */
export function toTsQuery(words: string[]): string {
  return words.map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' & ');
}
