import type pg from 'pg';
import type { HotIssuesQuery } from '../../contract/analytics.ts';
import { similarGroups } from '../../domain/minhash.ts';
import type { Actor } from '../context.ts';
import { queryWords } from '../search-words.ts';
import { analyticsMany, scopeWhere } from './rates-query.ts';

/** At most this many cases (the newest of the period) are compared. */
export const SIMILAR_MAX_CASES = 3000;

/**
 * Similar complaints across customers: the valid cases of the period whose subject and content (segmented by jieba,
 * words of one character left out) have a Jaccard similarity ≥ 0.5, found by MinHash/LSH (src/domain/minhash.ts) —
 * whatever category they were filed under. A group is reported when it spans at least two customers.
 */
export async function similarComplaints(db: pg.Pool, actor: Actor, q: HotIssuesQuery) {
  const params: unknown[] = [];
  const whereSql = scopeWhere(actor, q, params);
  params.push(SIMILAR_MAX_CASES);
  const rows = await analyticsMany<{ id: string; number: string; subject: string; content: string; customer: string; unit: string; category: string | null }>(
    db,
    `select c.id, c.number, c.subject, c.content, coalesce(c.customer_id::text, c.customer_phone, c.customer_name) as customer,
            u.name as unit, ${actor.locale === 'en-US' ? 'cat.name_en' : 'cat.name_zh'} as category
       from cases c join units u on u.org_id = c.org_id and u.id = c.unit_id
       left join categories cat on cat.org_id = c.org_id and cat.id = c.category_id
      where ${whereSql} and c.status not in ('merged','withdrawn') and c.validity not in ('invalid','malicious')
      order by c.created_at desc limit $${params.length}`,
    params,
  );
  const docs = rows.map((r) => queryWords(`${r.subject} ${r.content}`).filter((w) => w.length > 1));
  const groups = similarGroups(docs)
    .map((g) => g.map((i) => rows[i]!))
    .filter((g) => new Set(g.map((r) => r.customer)).size >= 2)
    .slice(0, q.limit);
  return {
    compared: rows.length,
    capped: rows.length === SIMILAR_MAX_CASES,
    items: groups.map((g) => {
      const freq = new Map<string, number>();
      for (const r of g) for (const w of new Set(queryWords(`${r.subject} ${r.content}`).filter((x) => x.length > 1))) freq.set(w, (freq.get(w) ?? 0) + 1);
      return {
        size: g.length,
        customers: new Set(g.map((r) => r.customer)).size,
        units: [...new Set(g.map((r) => r.unit))],
        categories: [...new Set(g.map((r) => r.category ?? '—'))],
        words: [...freq.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map((e) => e[0]),
        sample: g[0]!.subject,
        cases: g.slice(0, 50).map((r) => ({ id: r.id, number: r.number })),
      };
    }),
  };
}
