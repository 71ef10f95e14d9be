import { loadExternal, median, type LoadResult, type LoadSpec } from './load.ts';

type Row = Record<string, string | number>;
const fmt = (n: number, d = 1) => n.toFixed(d);

const TEMPLATE = { kind: 'complaint', channel: 'phone', subject: '3号楼电梯频繁故障', content: '电梯本周停了三次，老人上下楼很不方便，希望尽快维修。', customer: { name: '王先生', room: '3-2-1201' } };

/** The median round (by throughput). */
function medianRound(rs: LoadResult[]): LoadResult {
  const m = median(rs.map((r) => r.perSecond));
  return rs.find((r) => r.perSecond === m)!;
}

/**
 * Register throughput against a bare one-INSERT route on the same database in the same run, with the load
 * generator in a separate process: a different caller on every request, and the same caller on every request
 * (registrations for one customer must not queue behind each other). After an untimed warm-up, the three are timed
 * in interleaved rounds and the median round of each is kept.
 */
export async function benchRegister(o: { base: string; bareBase: string; token: string; total: number; concurrency: number; rounds: number }): Promise<Row[]> {
  const json = { 'content-type': 'application/json' };
  const reg = (phone: 'distinct' | 'same', total = o.total): LoadSpec =>
    ({ urls: [`${o.base}/api/v1/cases`], method: 'POST', headers: { authorization: `Bearer ${o.token}`, ...json }, body: { template: TEMPLATE, phone }, total, concurrency: o.concurrency, expectStatus: 201 });
  const bareSpec = (total = o.total): LoadSpec =>
    ({ urls: [`${o.bareBase}/insert`], method: 'POST', headers: json, body: { template: TEMPLATE, phone: 'distinct' }, total, concurrency: o.concurrency, expectStatus: 200 });
  // A warm-up of each, not timed: the server's code compiled, every pooled connection's statements prepared, the
  // organisation's configuration cached — what a server that has run for a minute has.
  for (const spec of [reg('distinct', 500), reg('same', 500), bareSpec(500)]) await loadExternal(spec);
  // Then the three interleaved round by round, so that the database's own upkeep as the tables grow (autovacuum, the
  // search index's pending list) falls on all three alike rather than on whichever happened to run second.
  const runs: Record<'distinct' | 'same' | 'bare', LoadResult[]> = { distinct: [], same: [], bare: [] };
  for (let i = 0; i < o.rounds; i++) {
    runs.distinct.push(await loadExternal(reg('distinct')));
    runs.same.push(await loadExternal(reg('same')));
    runs.bare.push(await loadExternal(bareSpec()));
  }
  const distinct = medianRound(runs.distinct);
  const same = medianRound(runs.same);
  const bare = medianRound(runs.bare);
  const row = (what: string, r: LoadResult): Row => ({ what, 'req/s': fmt(r.perSecond), 'p50 ms': fmt(r.p50), 'p95 ms': fmt(r.p95), errors: r.errors ? JSON.stringify(r.unexpected) : 0 });
  return [
    row('POST /api/v1/cases, a different caller each time', distinct),
    row('POST /api/v1/cases, the same caller every time', same),
    row('bare route: one INSERT', bare),
    { what: 'ratio register (distinct) / bare', 'req/s': fmt(distinct.perSecond / bare.perSecond, 2), 'p50 ms': fmt(distinct.p50 / bare.p50, 2), 'p95 ms': fmt(distinct.p95 / bare.p95, 2), errors: '' },
    { what: 'ratio register (same caller) / bare', 'req/s': fmt(same.perSecond / bare.perSecond, 2), 'p50 ms': fmt(same.p50 / bare.p50, 2), 'p95 ms': fmt(same.p95 / bare.p95, 2), errors: '' },
  ];
}
