import type pg from 'pg';
import type { ListCasesQuery } from '../../contract/cases.ts';
import { AppError } from '../../contract/errors.ts';
import { many, one, readPool } from '../../store/db.ts';
import { systemClock, type Actor, type Clock } from '../context.ts';
import { phoneSearch } from '../customers.ts';
import { queryWords, toTsQuery } from '../search-words.ts';
import { seesFullPhone, visibleCasesWhere } from './case.policy.ts';
import { CASE_COLUMNS, type CaseRow } from './case-row.ts';
import { presentCases } from './get-case.ts';

const SORTS: Record<string, string> = {
  created_at: 'c.created_at',
  updated_at: 'c.updated_at',
  number: 'c.number',
  severity: `array_position(array['minor','important','major','crisis'], c.severity)`,
};

/** Extra filters other capabilities contribute (e.g. overdue cases); each returns a SQL predicate. */
export type ExtraFilter = (params: unknown[]) => string | null;

/**
 * The cases the actor may see, filtered, searched (`q`: jieba-segmented words, a case number, or phone
 * digits — for roles that see numbers masked only the complete number or its last four digits, see
 * `phoneSearch`), sorted and paginated, with the `total` that matches (exact up to TOTAL_CAP, else estimated: see
 * `cappedTotal`). Runs on the read replica when one is attached (`readPool`). @throws validation_failed
 */
export async function listCases(db: pg.Pool, actor: Actor, q: ListCasesQuery, extra: ExtraFilter[] = [], clock: Clock = systemClock) {
  const params: unknown[] = [];
  const whereSql = await casesWhere(db, actor, q, params, extra, clock);
  const desc = q.sort.startsWith('-');
  const col = SORTS[q.sort.replace(/^-/, '')]!;
  const dir = desc ? 'desc' : 'asc';
  const countParams = [...params];
  // Keyset paging: after the last row of the previous page in the list's own order, so a deep page reads a page.
  let keyset = '';
  if (q.after !== undefined) {
    const [key, id] = decodeCursor(q.after, q.sort);
    params.push(key, id);
    const [k, i] = [`$${params.length - 1}`, `$${params.length}`];
    keyset = ` and ${col} ${desc ? '<=' : '>='} ${k} and (${col}, c.id) ${desc ? '<' : '>'} (${k}, ${i}::uuid)`;
  }
  params.push(q.page_size, q.after === undefined ? (q.page - 1) * q.page_size : 0);
  const reader = readPool(db);
  // The page and its total run side by side on two connections.
  const [rows, total] = await Promise.all([
    many<CaseRow & { sort_key: string | null }>(
      reader,
      `select ${CASE_COLUMNS}, (${col})::text as sort_key from cases c where ${whereSql}${keyset}
        order by ${col} ${dir}, c.id ${dir} limit $${params.length - 1} offset $${params.length}`,
      params,
    ),
    cappedTotal(reader, whereSql, countParams),
  ]);
  const last = rows.at(-1);
  const next_cursor = last && rows.length === q.page_size ? encodeCursor(last.sort_key, last.id, q.sort) : null;
  const plain = rows.map(({ sort_key: _key, ...row }) => row as CaseRow);
  return { items: await presentCases(reader, actor, plain), ...total, page: q.page, page_size: q.page_size, next_cursor };
}

/** A keyset cursor: the sort it belongs to, the sort key of the page's last row (as PostgreSQL prints it) and its id. */
function encodeCursor(key: string | null, id: string, sort: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** @throws validation_failed when the cursor is not one this list handed out for this sort */
function decodeCursor(cursor: string, sort: string): [string, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined; // not JSON: reported just below as a bad cursor
  }
  if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === sort && typeof parsed[1] === 'string' && parsed[1].length <= 100 && typeof parsed[2] === 'string' && UUID.test(parsed[2])) {
    if (sort.endsWith('created_at') || sort.endsWith('updated_at') ? !Number.isNaN(Date.parse(parsed[1])) : sort.endsWith('severity') ? /^\d{1,2}$/.test(parsed[1]) : true) {
      return [parsed[1], parsed[2]];
    }
  }
  throw new AppError('validation_failed', [{ path: 'after', code: 'bad_cursor', message: 'use the next_cursor of the previous page with the same sort' }]);
}

/** The WHERE of a case list (visibility, filters, search), its values pushed on `params`; shared with the exports. */
export async function casesWhere(
  db: pg.Pool, actor: Actor, q: Omit<ListCasesQuery, 'sort' | 'page' | 'page_size'>, params: unknown[], extra: ExtraFilter[] = [], clock: Clock = systemClock,
): Promise<string> {
  const where = [visibleCasesWhere(actor, params)];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  // One value is `col = $n`, not `= any(...)`: only then can a (org_id, col, created_at) index hand the page over
  // in order, so the page reads 20 index entries instead of walking the newest cases until 20 match.
  const oneOf = (col: string, values: string[] | undefined) => {
    if (!values?.length) return;
    if (values.length === 1) add((p) => `${col} = ${p}`, values[0]);
    else add((p) => `${col} = any(${p}::text[])`, values);
  };
  oneOf('c.status', q.status);
  oneOf('c.kind', q.kind);
  oneOf('c.severity', q.severity);
  oneOf('c.channel', q.channel);
  // The org is a parameter of its own so each subquery runs once (an InitPlan), not once per case row.
  let orgParam: string | undefined;
  const org = () => (orgParam ??= `$${params.push(actor.orgId)}`);
  if (q.category_id === 'none') where.push('c.category_id is null');
  else if (q.category_id) add((p) => `c.category_id = any(array(select id from categories where org_id = ${org()} and (id = ${p} or parent_id = ${p})))`, q.category_id);
  if (q.unit_id) add((p) => `(c.unit_id = any(array(select id from units where org_id = ${org()} and ${p} = any(path))) or c.department_id = ${p})`, q.unit_id);
  if (q.handler_id) add((p) => `c.handler_id = ${p}`, q.handler_id);
  if (q.customer_id) add((p) => `c.customer_id = ${p}`, q.customer_id);
  if (q.created_from) add((p) => `c.created_at >= ${p}`, q.created_from);
  if (q.created_to) add((p) => `c.created_at < ${p}`, q.created_to);
  if (q.q) {
    const term = q.q.trim();
    if (/^[a-z]{1,8}-\d{8}-\d{1,6}$/i.test(term)) add((p) => `c.number = upper(${p})`, term);
    // A room written with dashes (16-1-2303: building-entrance-room; fewer digits than any phone) is a room (issue 9).
    else if (/^\d{1,4}(-\d{1,5}){1,3}$/.test(term) && term.replace(/-/g, '').length <= 10) add((p) => `c.customer_room = ${p}`, term);
    else if (/^\+?\d[\d\s-]{3,19}$/.test(term)) {
      // Digits: the end of a case number, or (per the caller's role) a phone number.
      // Five or six digits are the end of a case number; a role that sees numbers masked may not match them in phones.
      const digits = term.replace(/[\s-]/g, '');
      const numberOnly = !seesFullPhone(actor) && /^\d{5,6}$/.test(digits);
      const phone = numberOnly ? 'false' : await phoneSearch(db, actor, clock, term, params, 'c.customer_phone');
      add((p) => `(${phone} or c.number like '%' || ${p})`, digits);
    }
    else {
      const words = queryWords(term);
      if (words.length) add((p) => `c.search_vector @@ ${p}::tsquery`, toTsQuery(words));
    }
  }
  // The 督办 queue (issue 9): a supervision notice was sent on the case.
  if (q.supervised) where.push(`exists (select 1 from case_events se where se.org_id = c.org_id and se.case_id = c.id and se.action = 'supervise')`);
  for (const f of extra) {
    const sql = f(params);
    if (sql) where.push(sql);
  }

  return where.join(' and ');
}

/** Above this many matches a list's `total` is the planner's estimate, not an exact count. */
export const TOTAL_CAP = 1000;
/** When the planner expects this many matches or more, even the capped count is skipped (see `cappedTotal`). */
const ESTIMATE_ONLY_FROM = 10 * TOTAL_CAP;

/**
 * The `total` of a list at the cost of a page. The planner's estimate comes first (a plan, no rows read); when it
 * expects fewer than ESTIMATE_ONLY_FROM matches, at most TOTAL_CAP + 1 are counted: exact when there are no more
 * than TOTAL_CAP. Otherwise `total` is the estimate (never below TOTAL_CAP + 1), marked `total_exact: false`.
 * The capped count alone would read up to TOTAL_CAP / selectivity rows (tens of thousands for a 2 % filter);
 * skipping it when the estimate is far above the cap keeps a large list's total O(1).
 * The capped count also has a time budget (COUNT_BUDGET_MS): the planner underestimates an AND of common words
 * (it takes them as independent, while 电梯 and 故障 go together), and a bitmap over their posting lists grows with
 * the table; past the budget the total is the estimate, marked, so a search stays O(page).
 * Exact counts over many rows belong to reports and exports.
 */
async function cappedTotal(db: pg.Pool, whereSql: string, params: unknown[]) {
  const plan = await one<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    db,
    `explain (format json) select 1 from cases c where ${whereSql}`,
    params,
  );
  const estimate = Math.round(plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  const estimated = { total: Math.max(estimate, TOTAL_CAP + 1), total_exact: false, total_capped_at: TOTAL_CAP };
  if (estimate >= ESTIMATE_ONLY_FROM) return estimated;
  const n = await countWithin(db, `select count(*)::int as n from (select 1 from cases c where ${whereSql} limit ${TOTAL_CAP + 1}) s`, params);
  if (n === undefined) return estimated;
  return n <= TOTAL_CAP ? { total: n, total_exact: true, total_capped_at: TOTAL_CAP } : estimated;
}

/** How long the capped count of a list's `total` may run before the estimate stands in (see `cappedTotal`). */
export const COUNT_BUDGET_MS = 12;

/** Runs a count under COUNT_BUDGET_MS; undefined when the budget ran out (query_canceled), any other error throws. */
async function countWithin(db: pg.Pool, sql: string, params: unknown[]): Promise<number | undefined> {
  const client = await db.connect();
  try {
    await client.query(`begin; set local statement_timeout = ${COUNT_BUDGET_MS}`);
    try {
      const r = await client.query<{ n: number }>(sql, params);
      await client.query('commit');
      return r.rows[0]?.n ?? 0;
    } catch (err) {
      await client.query('rollback');
      if ((err as { code?: string }).code === '57014') return undefined;
      throw err;
    }
  } finally {
    client.release();
  }
}
