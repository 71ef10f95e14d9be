/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here, as in test/helpers.ts */
import { randomUUID } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetention } from '../src/app/accountability/retention.ts';
import { fakeClock, testApi, testPool, type TestApi } from './helpers.ts';

/**
 * Retention (001 八.2 "资料保存一年重要的资料延期保存"; issue 12 "The dashboard's figures do not change when personal
 * data is purged"): the job anonymises expired cases, their evidence files included, and every figure the analytics
 * dashboard shows for their period is the same before and after.
 */
let pool: pg.Pool;
let t: TestApi;
const clock = fakeClock('2026-06-01T02:00:00Z');
const tok: Record<string, string> = {};
const DAY = 86_400_000;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('王先生身份证 13812341234')]);
let cats: string[];
let n = 0;

interface Spec { unit: string; cat: number; at: string; kind?: string; channel?: string; validity?: string; status?: string; room?: string; phone?: string; customer?: string; visit?: number }

async function insertCase(s: Spec) {
  const id = randomUUID();
  const at = new Date(s.at);
  const closed = s.status === 'in_progress' ? null : new Date(at.getTime() + 2 * DAY);
  await pool.query(
    `insert into cases (org_id, id, number, kind, channel, status, subject, content, customer_id, customer_name, customer_phone, customer_room, customer_address,
                        unit_id, category_id, severity, validity, first_responder_id, registered_by, created_at, updated_at, accepted_at, resolved_at, visited_at,
                        visit_satisfaction, visit_resolved, closed_at, search_words)
     values ($1, $2, $3, $4, $5, $6, '电梯故障', $7, $8, '王先生', $9, $10, '翠湖花园', $11, $12, 'minor', $13, $14, $14, $15, coalesce($16::timestamptz, $15::timestamptz), $15, $16, $17, $18, $19, $16, '电梯 故障')`,
    [t.org.orgId, id, `RET-${++n}`, s.kind ?? 'complaint', s.channel ?? 'phone', s.status ?? 'closed', `电梯停了，回电 ${s.phone ?? '13812341234'}`, s.customer ?? null,
      s.phone ?? '13812341234', s.room ?? '3-2-1201', t.org.units.get(s.unit), cats[s.cat], s.validity ?? 'valid', t.org.users.get('center'), at, closed,
      s.visit ? closed : null, s.visit ? (s.visit >= 4 ? 'satisfied' : s.visit === 3 ? 'basically_satisfied' : 'dissatisfied') : null, s.visit ? s.visit >= 3 : null],
  );
  return id;
}

/** What the dashboard (web/src/features/analytics/DashboardPage.tsx) asks for, over a span. */
async function dashboard(who: string, from: string, to: string) {
  const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const get = async (url: string) => {
    const r = await t.call(tok[who]!, 'GET', url);
    expect(r.status, `${url} ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  return {
    rates: await get(`/api/v1/analytics/rates?${q}`),
    trend: await get(`/api/v1/analytics/breakdown?${q}&by=period&grain=month`),
    category: await get(`/api/v1/analytics/breakdown?${q}&by=category`),
    channel: await get(`/api/v1/analytics/breakdown?${q}&by=channel`),
    unit: await get(`/api/v1/analytics/breakdown?${q}&by=unit`),
    kind: await get(`/api/v1/analytics/breakdown?${q}&by=kind`),
    severity: await get(`/api/v1/analytics/breakdown?${q}&by=severity`),
    hot: await get(`/api/v1/analytics/hot-issues?${q}&limit=15`),
    surges: await get('/api/v1/analytics/surges'),
  };
}

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  for (const u of ['admin', 'center', 'manager']) tok[u] = await t.login(u);
  cats = (await pool.query('select id from categories where org_id = $1 and parent_id is null order by code limit 3', [t.org.orgId])).rows.map((r) => r.id);
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('retention keeps the figures and forgets the people', () => {
  it('deletes the stored evidence files of expired cases and their names, keeps those of live cases, and the export lists them', async () => {
    const expired = await insertCase({ unit: 'cuihu.engineering', cat: 0, at: '2024-03-05T02:00:00Z' });
    const live = await insertCase({ unit: 'cuihu.engineering', cat: 0, at: '2026-05-05T02:00:00Z', phone: '13900005555' });
    const upload = async (caseId: string, name: string) => {
      const r = await t.call(tok.center!, 'POST', `/api/v1/cases/${caseId}/attachments?filename=${encodeURIComponent(name)}`, PNG, { 'content-type': 'image/png' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const oldFile = await upload(expired, '王先生身份证.png');
    const liveFile = await upload(live, '现场照片.png');
    const onDisk = (caseId: string, id: string) => path.join(t.dataDir, 'attachments', t.org.orgId, caseId, id);
    await access(onDisk(expired, oldFile));

    const run = await runRetention(pool, { orgId: t.org.orgId, actorId: null, now: clock.now(), dataDir: t.dataDir });
    expect(run).toMatchObject({ anonymised: 1, files_deleted: 1 });

    await expect(access(onDisk(expired, oldFile))).rejects.toThrow(/ENOENT/);
    expect((await readFile(onDisk(live, liveFile))).equals(PNG)).toBe(true);
    const view = (await t.call(tok.center!, 'GET', `/api/v1/cases/${expired}`)).body;
    // The row stays (type, size, time: the counts of evidence), the name and fingerprint go, and so does the file.
    expect(view.attachments).toEqual([expect.objectContaining({ id: oldFile, filename: '***', mime: 'image/png', size: PNG.length, sha256: '', purged_at: expect.any(String) })]);
    expect(view.timeline.find((e: any) => e.action === 'attach').note).toBe('***');
    expect(JSON.stringify(view)).not.toMatch(/王先生|13812341234|身份证/);
    const dl = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${expired}/attachments/${oldFile}`, headers: { authorization: `Bearer ${tok.center}` } });
    expect(dl.statusCode).toBe(404);
    const liveDl = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${live}/attachments/${liveFile}`, headers: { authorization: `Bearer ${tok.center}` } });
    expect(liveDl.rawPayload.equals(PNG)).toBe(true);
    // The export made before the purge names the file and its fingerprint, without its bytes.
    const exported = JSON.parse(await readFile(path.join(t.dataDir, 'retention', t.org.orgId, run.export_file!), 'utf8'));
    expect(exported.attachments).toEqual([expect.objectContaining({ id: oldFile, case_id: expired, filename: '王先生身份证.png', size: PNG.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(JSON.stringify(exported.attachments)).not.toContain('storage_path');
    // Both steps are audited, with no actor (the job acts on no one's behalf).
    const audit = (await pool.query(`select action, actor_id, data from audit_log where org_id = $1 and action like 'retention_%' order by id`, [t.org.orgId])).rows;
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['retention_export', null], ['retention_purge', null]]);
    expect(audit[1].data).toMatchObject({ cases: [view.number], files_deleted: 1 });
  });

  it('leaves every dashboard figure of the purged period as it was', async () => {
    const c1 = randomUUID();
    const c2 = randomUUID();
    for (const [id, phone] of [[c1, '13800001111'], [c2, '13800002222']] as const) {
      await pool.query(`insert into customers (org_id, id, name, phone, room) values ($1, $2, '客户', $3, '5-1-302')`, [t.org.orgId, id, phone]);
    }
    const specs: Spec[] = [
      { unit: 'cuihu.engineering', cat: 0, at: '2024-01-10T02:00:00Z', room: '3-2-1201', visit: 5 },
      { unit: 'cuihu.engineering', cat: 0, at: '2024-01-20T02:00:00Z', room: '3-1-101', visit: 2 },
      { unit: 'cuihu.engineering', cat: 1, at: '2024-02-03T02:00:00Z', room: '5-1-302', customer: c1, phone: '13800001111', visit: 4 },
      { unit: 'cuihu.engineering', cat: 1, at: '2024-02-20T02:00:00Z', room: '5-1-302', customer: c1, phone: '13800001111' },
      { unit: 'cuihu.service', cat: 2, at: '2024-03-01T02:00:00Z', channel: 'wechat', room: '7-3-702', customer: c2, phone: '13800002222', visit: 3 },
      { unit: 'cuihu.service', cat: 2, at: '2024-03-02T02:00:00Z', kind: 'suggestion', channel: 'email', room: '7-3-702' },
      { unit: 'cuihu.service', cat: 0, at: '2024-04-11T02:00:00Z', validity: 'invalid', room: '1201' },
      { unit: 'cuihu.engineering', cat: 0, at: '2024-04-12T02:00:00Z', validity: 'malicious', room: '3-2-1201' },
      { unit: 'cuihu.service', cat: 1, at: '2024-05-05T02:00:00Z', status: 'withdrawn', room: '9-9-909' },
      { unit: 'cuihu.engineering', cat: 1, at: '2024-06-06T02:00:00Z', status: 'in_progress', room: '3-2-1201' },
      { unit: 'cuihu.engineering', cat: 0, at: '2024-07-07T02:00:00Z', kind: 'praise', room: '3-5-505', visit: 5 },
    ];
    const ids = [];
    for (const s of specs) ids.push(await insertCase(s));
    await t.call(tok.center!, 'PUT', `/api/v1/accountability/cases/${ids[1]}/legal-hold`, { hold: true, reason: '诉讼中' });
    const span = ['2024-01-01T00:00:00+08:00', '2025-01-01T00:00:00+08:00'] as const;
    const before = { center: await dashboard('center', ...span), manager: await dashboard('manager', ...span) };
    // The figures are about these cases (not an empty dashboard compared with itself).
    expect(before.center.rates.counts.registered).toBeGreaterThanOrEqual(specs.length);
    expect(before.center.hot.items.some((h: any) => h.building === '3')).toBe(true);
    expect(before.center.rates.counts.repeat).toBeGreaterThan(0);

    const run = await runRetention(pool, { orgId: t.org.orgId, actorId: null, now: clock.now(), dataDir: t.dataDir });
    expect(run.anonymised).toBe(specs.length - 2); // the held and the open case stay
    const left = await pool.query(`select count(*)::int as n from cases where org_id = $1 and customer_phone is not null and created_at < '2025-01-01'`, [t.org.orgId]);
    expect(left.rows[0].n).toBe(2);

    const after = { center: await dashboard('center', ...span), manager: await dashboard('manager', ...span) };
    expect(after).toEqual(before);
  });
});
