/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { TestApi } from './helpers.ts';

/**
 * A store chain's year (003 第一篇), written straight into the database as the history a year of registrations,
 * validity decisions, media verdicts and takeovers leaves behind: four stores (kind `store`) under the company,
 * each with a store head (unit_manager) and an agent, and the cases below. Times are Beijing 2026.
 */
export interface ChainCase {
  key: string;
  store: 'A' | 'B' | 'C' | 'D';
  kind: 'complaint' | 'suggestion' | 'inquiry' | 'praise' | 'request';
  validity: 'valid' | 'invalid' | 'malicious';
  status?: 'closed' | 'withdrawn';
  /** Who the complaint is against (the manager's determination); `agent` = that store's agent. */
  party: 'store' | 'agent' | 'none';
  /** A media report and the verdict: `true` judged true, `expired` not clarified in 5 days, `false` judged false and clarified. */
  media?: { medium: 'newspaper' | 'tv'; verdict: 'true' | 'expired' | 'false' };
  takeover?: boolean;
  atFault?: boolean;
  month: number;
}

export const STORES = { A: 'A门店', B: 'B门店', C: 'C门店', D: 'D门店' } as const;

export async function seedChain(pool: pg.Pool, t: TestApi, cases: ChainCase[]) {
  const orgId = t.org.orgId;
  const company = t.org.units.get('company')!;
  const center = t.org.units.get('center')!;
  const registrar = t.org.users.get('center')!;
  const stores: Record<string, string> = {};
  const heads: Record<string, string> = {};
  const agents: Record<string, string> = {};
  const hash = (await pool.query('select password_hash from users where org_id = $1 and username = $2', [orgId, 'agent'])).rows[0].password_hash;
  for (const [k, name] of Object.entries(STORES)) {
    const id = randomUUID();
    stores[k] = id;
    await pool.query(`insert into units (org_id, id, parent_id, kind, name, path) values ($1, $2, $3, 'store', $4, array[$3, $2]::uuid[])`, [orgId, id, company, name]);
    for (const [role, map] of [['unit_manager', heads], ['agent', agents]] as const) {
      const uid = randomUUID();
      map[k] = uid;
      await pool.query(`insert into users (org_id, id, username, display_name, password_hash, roles, unit_id) values ($1, $2, $3, $4, $5, $6, $7)`,
        [orgId, uid, `${k.toLowerCase()}-${role}`, `${name}${role === 'agent' ? '经纪人' : '店长'}`, hash, [role], id]);
    }
  }
  const ids: Record<string, string> = {};
  let n = 0;
  for (const c of cases) {
    const id = randomUUID();
    ids[c.key] = id;
    const at = new Date(`2026-${String(c.month).padStart(2, '0')}-10T10:00:00+08:00`);
    const closed = new Date(at.getTime() + 5 * 86_400_000);
    const takenOver = c.takeover === true;
    await pool.query(
      `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_name, customer_phone, unit_id, complained_unit_id,
                          validity, malicious_reason, first_responder_id, registered_by, created_at, updated_at, closed_at)
       values ($1, $2, $3, $4, 'phone', $5, $6, '客户反映门店服务问题', '客户', '13800000000', $7, $8, $9, $10, $11, $11, $12, $13, $14)`,
      [orgId, id, `CHAIN-${++n}`, c.kind, c.status ?? 'closed', `${c.key} ${STORES[c.store]}`, takenOver ? center : stores[c.store], stores[c.store], c.validity,
        c.validity === 'malicious' ? '门店与经纪人在整个业务履行过程中无主观过错' : null, registrar, at, closed, c.status === 'withdrawn' ? null : closed],
    );
    if (takenOver) {
      await pool.query(
        `insert into case_events (org_id, case_id, at, action, data) values ($1, $2, $3, 'escalate', $4)`,
        [orgId, id, new Date(at.getTime() + 7 * 86_400_000), JSON.stringify({ trigger: 'takeover', cause: 'resolve_breached', from: { unit_id: stores[c.store] }, to: { unit_id: center } })],
      );
    }
    if (c.media) {
      await pool.query(
        `insert into media_exposures (org_id, case_id, verdict, judged_at, judged_by, clarification, treated_as_true_at) values ($1, $2, $3, $4, $5, $6, $7)`,
        [orgId, id, c.media.verdict === 'true' ? 'true' : 'false', at, registrar,
          c.media.verdict === 'false' ? JSON.stringify({ medium: '原报社', medium_level: 'original', published_on: '2026-01-01' }) : null,
          c.media.verdict === 'expired' ? new Date(at.getTime() + 7 * 86_400_000) : null],
      );
    }
  }
  return { stores, heads, agents, ids };
}

export const yuan = (fen: number) => fen / 100;
export const sumBy = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
export type Any = any;
