import { randomUUID } from 'node:crypto';
import { AppError } from '../../contract/errors.ts';
import type { CaseKind, Validity } from '../../contract/enums.ts';
import { zonedTime } from '../../domain/calendar.ts';
import { FINE_MOVES, redistribution, yearEndRanking, type CaseFacts, type PartyRole } from '../../domain/penalties.ts';
import { many, one, type Db } from '../../store/db.ts';
import type { Actor, Ctx } from '../context.ts';
import { loadAccountabilitySettings, requireAbility } from './settings.ts';

export const DAY = 86_400_000;

export interface LiabilityInput {
  party: 'store' | 'agent' | 'staff' | 'none';
  store_unit_id?: string | null | undefined;
  people?: Partial<Record<PartyRole, string>> | undefined;
  at_fault?: boolean | undefined;
  media?: ('newspaper' | 'tv')[] | undefined;
}

export interface UnitRow { id: string; kind: string; path: string[]; name: string }

export async function unitsOf(db: Db, orgId: string): Promise<Map<string, UnitRow>> {
  const rows = await many<UnitRow>(db, 'select id, kind, path, name from units where org_id = $1', [orgId]);
  return new Map(rows.map((u) => [u.id, u]));
}

/** The chain's stores: units of kind `store`, or (an organisation modelled with projects) its projects. */
export function storesOf(units: Map<string, UnitRow>): UnitRow[] {
  const all = [...units.values()];
  const stores = all.filter((u) => u.kind === 'store');
  return (stores.length > 0 ? stores : all.filter((u) => u.kind === 'project')).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
}

/** The store a unit belongs to: itself or its nearest store (or project) ancestor. */
function storeOfUnit(units: Map<string, UnitRow>, unitId: string | null | undefined): string | null {
  const u = unitId ? units.get(unitId) : undefined;
  if (!u) return null;
  const kinds = storesOf(units)[0]?.kind ?? 'store';
  for (let i = u.path.length - 1; i >= 0; i--) if (units.get(u.path[i]!)?.kind === kinds) return u.path[i]!;
  return null;
}

export interface FactRow {
  id: string; number: string; kind: CaseKind; validity: Validity; status: string; unit_id: string; complained_unit_id: string | null; created_at: Date;
  party: LiabilityInput['party'] | null; store_unit_id: string | null; person_ids: Partial<Record<PartyRole, string>> | null; at_fault: boolean | null;
  media: ('newspaper' | 'tv')[] | null; media_confirmed: boolean; taken_over_from: string | null;
}

export const FACTS_SQL = `
  select c.id, c.number, c.kind, c.validity, c.status, c.unit_id, c.complained_unit_id, c.created_at,
         l.party, l.store_unit_id, l.person_ids, l.at_fault, l.media,
         coalesce(m.verdict = 'true' or m.treated_as_true_at is not null, false) as media_confirmed,
         (select e.data -> 'from' ->> 'unit_id' from case_events e
           where e.org_id = c.org_id and e.case_id = c.id and e.action = 'escalate' and e.data ->> 'trigger' = 'takeover'
           order by e.at limit 1) as taken_over_from
    from cases c
    left join case_liability l on l.org_id = c.org_id and l.case_id = c.id
    left join media_exposures m on m.org_id = c.org_id and m.case_id = c.id`;

/** The store a case is about: as determined, else the complained-about unit, else where it was before a takeover, else its unit. */
function storeOfCase(units: Map<string, UnitRow>, r: FactRow): string | null {
  return r.store_unit_id ?? storeOfUnit(units, r.complained_unit_id ?? r.taken_over_from ?? r.unit_id);
}

async function storeHead(db: Db, orgId: string, storeId: string | null): Promise<string | undefined> {
  if (!storeId) return undefined;
  const r = await one<{ id: string }>(db, `select id from users where org_id = $1 and unit_id = $2 and active and 'unit_manager' = any(roles) order by username limit 1`, [orgId, storeId]);
  return r?.id;
}

export async function factsOf(db: Db, orgId: string, r: FactRow, units: Map<string, UnitRow>): Promise<CaseFacts> {
  const store = storeOfCase(units, r);
  const people = { ...(r.person_ids ?? {}) };
  if (r.party === 'agent' && !people.store_head) {
    const head = await storeHead(db, orgId, store);
    if (head) people.store_head = head;
  }
  return {
    kind: r.kind,
    validity: r.validity,
    withdrawn: r.status === 'withdrawn' || r.status === 'merged',
    party: r.party ?? 'none',
    storeUnitId: store,
    people,
    atFault: r.at_fault ?? true,
    confirmedMedia: r.media_confirmed ? (r.media ?? []) : [],
    takenOver: r.taken_over_from !== null,
  };
}

export async function caseRow(db: Db, orgId: string, caseId: string): Promise<FactRow> {
  const r = await one<FactRow>(db, `${FACTS_SQL} where c.org_id = $1 and c.id = $2`, [orgId, caseId]);
  if (!r) throw new AppError('not_found');
  return r;
}

export async function insertShares(db: Db, orgId: string, fineId: string, shares: { party_kind: string; party_id: string; role: string; amount_fen: number }[]) {
  for (const s of shares) {
    await db.query(
      `insert into fine_shares (org_id, fine_id, party_kind, party_id, role, amount_fen) values ($1, $2, $3, $4, $5, $6)
       on conflict (org_id, fine_id, party_kind, party_id, role) do update set amount_fen = fine_shares.amount_fen + excluded.amount_fen`,
      [orgId, fineId, s.party_kind, s.party_id, s.role, s.amount_fen],
    );
  }
}

export interface FineView {
  id: string; case_id: string | null; case_number: string | null; year_end_run_id: string | null; rule_code: string; store_unit_id: string | null;
  amount_fen: number; state: string; noticed_at: string; due_at: string; paid_at: string | null; overdue: boolean;
  appeal: Record<string, unknown> | null; history: unknown[]; review: Record<string, unknown> | null;
  shares: { party_kind: string; party_id: string; role: string; amount_fen: number }[];
  redistribution: { unit_id: string; amount_fen: number }[];
}

export async function listFines(db: Db, actor: Actor, q: { case_id?: string; state?: string; unit_id?: string; user_id?: string; year?: number }, now?: Date): Promise<FineView[]> {
  const params: unknown[] = [actor.orgId];
  const where = ['f.org_id = $1'];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (q.case_id) add((p) => `f.case_id = ${p}`, q.case_id);
  if (q.state) add((p) => `f.state = ${p}`, q.state);
  if (q.unit_id) add((p) => `(f.store_unit_id = ${p} or exists (select 1 from fine_shares s where s.org_id = f.org_id and s.fine_id = f.id and s.party_id = ${p}))`, q.unit_id);
  if (q.user_id) add((p) => `exists (select 1 from fine_shares s where s.org_id = f.org_id and s.fine_id = f.id and s.party_id = ${p})`, q.user_id);
  if (q.year) add((p) => `extract(year from f.noticed_at at time zone (select time_zone from organisations where id = f.org_id)) = ${p}`, q.year);
  const rows = await many<Omit<FineView, 'shares' | 'redistribution' | 'overdue' | 'noticed_at' | 'due_at' | 'paid_at' | 'amount_fen'> & { amount_fen: string; noticed_at: Date; due_at: Date; paid_at: Date | null }>(
    db,
    `select f.id, f.case_id, c.number as case_number, f.year_end_run_id, f.rule_code, f.store_unit_id, f.amount_fen, f.state, f.noticed_at, f.due_at, f.paid_at, f.appeal, f.history, f.review
       from fines f left join cases c on c.org_id = f.org_id and c.id = f.case_id
      where ${where.join(' and ')} order by f.noticed_at, f.rule_code, f.id limit 5000`,
    params,
  );
  const ids = rows.map((r) => r.id);
  // Sequential: `db` may be a transaction's client.
  const [shares, redis] = [
    await many<{ fine_id: string; party_kind: string; party_id: string; role: string; amount_fen: string }>(db, 'select fine_id, party_kind, party_id, role, amount_fen from fine_shares where org_id = $1 and fine_id = any($2::uuid[]) order by role, party_id', [actor.orgId, ids]),
    await many<{ fine_id: string; unit_id: string; amount_fen: string }>(db, 'select fine_id, unit_id, amount_fen from fine_redistributions where org_id = $1 and fine_id = any($2::uuid[]) order by unit_id', [actor.orgId, ids]),
  ];
  const at = now ?? new Date();
  return rows.map((r) => ({
    ...r,
    amount_fen: Number(r.amount_fen),
    noticed_at: r.noticed_at.toISOString(),
    due_at: r.due_at.toISOString(),
    paid_at: r.paid_at?.toISOString() ?? null,
    overdue: (r.state === 'notice' || r.state === 'upheld') && r.due_at < at,
    shares: shares.filter((s) => s.fine_id === r.id).map(({ fine_id: _f, ...s }) => ({ ...s, amount_fen: Number(s.amount_fen) })),
    redistribution: redis.filter((s) => s.fine_id === r.id).map((s) => ({ unit_id: s.unit_id, amount_fen: Number(s.amount_fen) })),
  }));
}

export type FineMove = 'pay' | 'waive' | 'appeal' | 'uphold' | 'overturn';
const TARGET: Record<FineMove, string> = { pay: 'paid', waive: 'waived', appeal: 'appealed', uphold: 'upheld', overturn: 'overturned' };

/**
 * Moves a fine: pay (then the collected amount is redistributed to the chain's other stores), waive, appeal (with a
 * reason and evidence), uphold or overturn an appeal (a reviewer other than the one who appealed).
 * @throws forbidden_action, not_found, record_state_conflict, validation_failed
 */
export async function moveFine(ctx: Ctx, fineId: string, move: FineMove, body: { reason?: string | undefined; evidence?: string | undefined; note?: string | undefined }): Promise<FineView> {
  requireAbility(ctx.actor, 'account');
  const orgId = ctx.actor.orgId;
  const f = await one<{ state: string; amount_fen: string; store_unit_id: string | null; appeal: Record<string, unknown> | null }>(
    ctx.tx, 'select state, amount_fen, store_unit_id, appeal from fines where org_id = $1 and id = $2 for update', [orgId, fineId],
  );
  if (!f) throw new AppError('not_found');
  const to = TARGET[move];
  if (!FINE_MOVES[f.state]?.includes(to)) throw new AppError('record_state_conflict', undefined, { status: f.state, action: move });
  const now = ctx.clock.now();
  let appeal = f.appeal;
  if (move === 'appeal') {
    if (!body.reason) throw new AppError('validation_failed', [{ path: 'reason', code: 'required', message: 'reason' }]);
    appeal = { reason: body.reason, evidence: body.evidence ?? null, at: now.toISOString(), by: ctx.actor.userId };
  }
  if (move === 'uphold' || move === 'overturn') {
    if (appeal?.by === ctx.actor.userId) throw new AppError('forbidden_action', undefined, { action: move });
    appeal = { ...appeal, decision: to, decided_at: now.toISOString(), decided_by: ctx.actor.userId, note: body.note ?? null };
  }
  await ctx.tx.query(
    `update fines set state = $3, appeal = $4, paid_at = case when $3 = 'paid' then $5::timestamptz else paid_at end,
            history = history || jsonb_build_array(jsonb_build_object('state', $3::text, 'at', $5::timestamptz, 'by', $6::uuid, 'note', $7::text))
      where org_id = $1 and id = $2`,
    [orgId, fineId, to, appeal ? JSON.stringify(appeal) : null, now, ctx.actor.userId, body.note ?? body.reason ?? null],
  );
  if (to === 'paid') {
    const { penalties } = await loadAccountabilitySettings(ctx.tx, orgId);
    if (penalties.redistribute === 'equal_other_stores') {
      const stores = storesOf(await unitsOf(ctx.tx, orgId)).map((s) => s.id);
      for (const r of redistribution(Number(f.amount_fen), f.store_unit_id, stores)) {
        await ctx.tx.query('insert into fine_redistributions (org_id, fine_id, unit_id, amount_fen, computed_at) values ($1, $2, $3, $4, $5)', [orgId, fineId, r.unit_id, r.amount_fen, now]);
      }
    }
  }
  return (await listFines(ctx.tx, ctx.actor, {}, now)).find((x) => x.id === fineId)!;
}

/** Complaints per store in a year (org time zone), malicious ones left out (003 第一篇 三(二) "除恶意投诉外"). */
async function yearCounts(db: Db, orgId: string, year: number, timeZone: string, units: Map<string, UnitRow>) {
  const rows = await many<FactRow>(
    db,
    `${FACTS_SQL} where c.org_id = $1 and c.kind = 'complaint' and c.validity <> 'malicious' and c.status not in ('merged', 'withdrawn')
        and c.created_at >= $2 and c.created_at < $3`,
    [orgId, ...yearBounds(year, timeZone)],
  );
  const counts = new Map(storesOf(units).map((s) => [s.id, 0]));
  for (const r of rows) {
    const s = storeOfCase(units, r);
    if (s && counts.has(s)) counts.set(s, counts.get(s)! + 1);
  }
  return [...counts].map(([store_unit_id, complaints]) => ({ store_unit_id, complaints }));
}

/** [1 Jan, next 1 Jan) of a year in a time zone, as instants. */
export function yearBounds(year: number, timeZone: string): [Date, Date] {
  return [zonedTime(`${year}-01-01`, '00:00', timeZone), zonedTime(`${year + 1}-01-01`, '00:00', timeZone)];
}

/** The year-end ranking as a draft a reviewer reads before posting (003 第一篇 三(二)). @throws forbidden_action, validation_failed */
export async function draftYearEnd(ctx: Ctx, year: number) {
  requireAbility(ctx.actor, 'account');
  const orgId = ctx.actor.orgId;
  const { penalties, time_zone } = await loadAccountabilitySettings(ctx.tx, orgId);
  const units = await unitsOf(ctx.tx, orgId);
  if (!penalties.year_end) throw new AppError('validation_failed', [{ path: 'year', code: 'no_year_end_rule', message: penalties.preset }]);
  const counts = await yearCounts(ctx.tx, orgId, year, time_zone, units);
  const ranking = yearEndRanking(penalties, counts).map((r) => ({ ...r, store_name: units.get(r.store_unit_id)?.name ?? null }));
  const id = randomUUID();
  await ctx.tx.query(`update year_end_runs set state = 'discarded' where org_id = $1 and year = $2 and state = 'draft'`, [orgId, year]);
  await ctx.tx.query(
    `insert into year_end_runs (org_id, id, year, state, ranking, created_at, created_by) values ($1, $2, $3, 'draft', $4, $5, $6)`,
    [orgId, id, year, JSON.stringify({ ranking, counts, source: penalties.year_end.source, amounts_yuan: penalties.year_end.amounts_yuan }), ctx.clock.now(), ctx.actor.userId],
  );
  return getYearEnd(ctx.tx, orgId, id);
}

export async function getYearEnd(db: Db, orgId: string, id: string) {
  const r = await one<{ id: string; year: number; state: string; ranking: Record<string, unknown>; created_at: Date; posted_at: Date | null }>(
    db, 'select id, year, state, ranking, created_at, posted_at from year_end_runs where org_id = $1 and id = $2', [orgId, id],
  );
  if (!r) throw new AppError('not_found');
  return { id: r.id, year: r.year, state: r.state, ...r.ranking, created_at: r.created_at.toISOString(), posted_at: r.posted_at?.toISOString() ?? null };
}

/** Posts a reviewed draft: one fine per ranked store, shared by the whole store. @throws not_found, record_state_conflict */
export async function postYearEnd(ctx: Ctx, id: string) {
  requireAbility(ctx.actor, 'account');
  const orgId = ctx.actor.orgId;
  const run = await one<{ state: string; year: number; ranking: { ranking: { store_unit_id: string; amount_fen: number; rank: number }[] } }>(
    ctx.tx, 'select state, year, ranking from year_end_runs where org_id = $1 and id = $2 for update', [orgId, id],
  );
  if (!run) throw new AppError('not_found');
  if (run.state !== 'draft') throw new AppError('record_state_conflict', undefined, { status: run.state, action: 'post' });
  const posted = await one(ctx.tx, `select 1 from year_end_runs where org_id = $1 and year = $2 and state = 'posted'`, [orgId, run.year]);
  if (posted) throw new AppError('duplicate', undefined, { entity: `year_end ${run.year}` });
  const { penalties } = await loadAccountabilitySettings(ctx.tx, orgId);
  const now = ctx.clock.now();
  for (const r of run.ranking.ranking) {
    const fineId = randomUUID();
    await ctx.tx.query(
      `insert into fines (org_id, id, year_end_run_id, rule_code, store_unit_id, amount_fen, state, noticed_at, due_at, history, created_by)
       values ($1, $2, $3, $4, $5, $6, 'notice', $7, $8, $9, $10)`,
      [orgId, fineId, id, `year_end_rank_${r.rank}`, r.store_unit_id, r.amount_fen, now, new Date(now.getTime() + penalties.payment_days * DAY),
        JSON.stringify([{ state: 'notice', at: now.toISOString(), by: ctx.actor.userId }]), ctx.actor.userId],
    );
    await insertShares(ctx.tx, orgId, fineId, [{ party_kind: 'unit', party_id: r.store_unit_id, role: 'store', amount_fen: r.amount_fen }]);
  }
  await ctx.tx.query(`update year_end_runs set state = 'posted', posted_at = $3, posted_by = $4 where org_id = $1 and id = $2`, [orgId, id, now, ctx.actor.userId]);
  return getYearEnd(ctx.tx, orgId, id);
}

/** What a unit or a person owes and has paid, and (a store) what it received from others' fines. */
export async function statement(db: Db, actor: Actor, q: { unit_id?: string; user_id?: string; year?: number }, now: Date) {
  requireAbility(actor, 'account');
  // No party: the whole organisation's ledger.
  const partyId = q.unit_id ?? q.user_id ?? null;
  const fines = await listFines(db, actor, { ...(partyId ? { user_id: partyId } : {}), ...(q.year ? { year: q.year } : {}) }, now);
  const lines = fines.map((f) => ({
    fine_id: f.id, case_id: f.case_id, case_number: f.case_number, rule_code: f.rule_code, state: f.state, due_at: f.due_at, overdue: f.overdue,
    amount_fen: partyId ? f.shares.filter((s) => s.party_id === partyId).reduce((a, s) => a + s.amount_fen, 0) : f.amount_fen,
  }));
  const sum = (states: string[]) => lines.filter((l) => states.includes(l.state)).reduce((a, l) => a + l.amount_fen, 0);
  const received = q.unit_id
    ? Number((await one<{ s: string | null }>(db, 'select sum(amount_fen) as s from fine_redistributions where org_id = $1 and unit_id = $2', [actor.orgId, q.unit_id]))?.s ?? 0)
    : q.user_id ? 0 : Number((await one<{ s: string | null }>(db, 'select sum(amount_fen) as s from fine_redistributions where org_id = $1', [actor.orgId]))?.s ?? 0);
  return {
    party_id: partyId, lines,
    totals: { charged_fen: sum(['notice', 'paid', 'appealed', 'upheld']), owed_fen: sum(['notice', 'upheld']), paid_fen: sum(['paid']), waived_fen: sum(['waived', 'overturned']), withdrawn_fen: sum(['withdrawn']), disputed_fen: sum(['appealed']), received_fen: received },
  };
}

/** Reminders of fines due (the day before) and overdue (once), as notification rows to the people sharing them and the store's manager. */
export async function remindFines(db: Db, now: Date, orgId?: string): Promise<number> {
  const rows = await many<{ org_id: string; id: string; case_id: string | null; due_at: Date; amount_fen: string; rule_code: string; recipients: string[] }>(
    db,
    `select f.org_id, f.id, f.case_id, f.due_at, f.amount_fen, f.rule_code,
            array(select s.party_id from fine_shares s where s.org_id = f.org_id and s.fine_id = f.id and s.party_kind = 'user'
                  union select u.id from users u where u.org_id = f.org_id and u.unit_id = f.store_unit_id and u.active and 'unit_manager' = any(u.roles)) as recipients
       from fines f where f.state in ('notice', 'upheld') and f.due_at < $1::timestamptz + interval '1 day' ${orgId ? 'and f.org_id = $2' : ''}`,
    orgId ? [now, orgId] : [now],
  );
  let n = 0;
  for (const f of rows) {
    const kind = f.due_at <= now ? 'fine_overdue' : 'fine_due';
    for (const r of f.recipients) {
      const res = await db.query(
        `insert into notifications (org_id, id, recipient_id, case_id, kind, dedupe_key, payload, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (org_id, recipient_id, dedupe_key) do nothing`,
        [f.org_id, randomUUID(), r, f.case_id, kind, `${kind}:${f.id}`, JSON.stringify({ fine_id: f.id, rule_code: f.rule_code, amount_fen: Number(f.amount_fen), due_at: f.due_at.toISOString() }), now],
      );
      n += res.rowCount ?? 0;
    }
  }
  return n;
}
