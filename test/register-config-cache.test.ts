import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { PROCESS_PRESETS } from '../src/domain/process-rules.ts';
import { actorFor } from '../src/app/auth/sessions.ts';
import { registerOnce } from '../src/app/cases/register-once.ts';
import { CASE_COLUMNS } from '../src/app/cases/case-row.ts';
import { RegisterCaseRequest } from '../src/contract/cases.ts';
import { complaint, fakeClock, testApi, testPool, type TestApi } from './helpers.ts';

// Issue 8: registration reads the organisation's settings, SLA policies, units and categories from a cache in
// memory, and answers with what it wrote instead of reading the case back. Neither may show a user anything but
// what the database says: a change made by another process (here: straight in the database) counts for the very
// next registration, and the answer to a registration is the case page of the case it made.
let pool: pg.Pool;
let t: TestApi;
let agent = '';
const clock = fakeClock('2026-11-24T02:00:00Z'); // a Tuesday, 10:00 in Shanghai

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool, clock);
  agent = await t.login('agent');
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const register = (over: Record<string, unknown> = {}) => t.call(agent, 'POST', '/api/v1/cases', complaint(over));

describe('registration with the organisation’s configuration cached', () => {
  it('answers with what the case page shows: clocks, deadlines, abilities, names, escalation level', async () => {
    for (const over of [{}, { severity: 'important' }, { kind: 'inquiry' }, { channel: 'media' }, { requested_due_at: '2026-11-25T02:00:00Z' }]) {
      const r = await register(over);
      expect(r.status, JSON.stringify(over)).toBe(201);
      const page = await t.call(agent, 'GET', `/api/v1/cases/${r.body.id}`);
      expect(page.status).toBe(200);
      const { related_open_cases: _related, ...answer } = r.body;
      for (const key of Object.keys(answer)) expect(answer[key], `${JSON.stringify(over)} ${key}`).toEqual(page.body[key]);
      expect(Object.keys(answer.sla.clocks).length).toBeGreaterThan(0);
    }
  });

  it('follows a policy changed by another process at the next registration', async () => {
    const before = await register({ severity: 'minor' });
    expect(before.body.sla.clocks.resolve).toMatchObject({ policy: 'minor', target: { unit: 'natural_days', amount: 2 } });
    await pool.query(`update sla_policies set targets = '{"resolve": {"unit": "natural_days", "amount": 5}}' where org_id = $1 and name = 'minor'`, [t.org.orgId]);
    const after = await register({ severity: 'minor' });
    expect(after.body.sla.clocks.resolve).toMatchObject({ policy: 'minor', target: { unit: 'natural_days', amount: 5 } });
    // Three natural days later (to the end of a day, as the policy counts them).
    expect(new Date(after.body.sla.clocks.resolve.due_at).getTime() - new Date(before.body.sla.clocks.resolve.due_at).getTime()).toBeGreaterThanOrEqual(3 * 86_400_000);
  });

  it('follows required fields and unit names changed by another process at the next registration', async () => {
    const ok = await register({ customer: { name: '赵先生', phone: '13700001234' } });
    expect(ok.status).toBe(400); // the property preset wants the room
    await pool.query(
      `insert into process_settings (org_id, settings, updated_at) values ($1, $2, now()) on conflict (org_id) do update set settings = excluded.settings`,
      [t.org.orgId, JSON.stringify({ ...PROCESS_PRESETS.property, required_fields: ['customer.name'] })],
    );
    const now = await register({ customer: { name: '赵先生', phone: '13700001234' } });
    expect(now.status).toBe(201);
    await pool.query(`update units set name = name || '（新）' where org_id = $1 and id = $2`, [t.org.orgId, now.body.unit_id]);
    const renamed = await register({ customer: { name: '赵先生', phone: '13700001234' } });
    expect(renamed.body.unit_name).toBe(`${now.body.unit_name}（新）`);
  });

  it('queues the acknowledgement once a channel is switched on by another process, and nothing before', async () => {
    const queued = async (caseId: string) => Number((await pool.query('select count(*) from outbox where org_id = $1 and case_id = $2', [t.org.orgId, caseId])).rows[0].count);
    const before = await register({ customer: { name: '钱女士', phone: '13700009999', room: '2-1-301' } });
    expect(before.status).toBe(201);
    expect(await queued(before.body.id)).toBe(0);
    // As an administrator's page in another process would: straight in the database.
    await pool.query(`insert into notify_channels (org_id, channel, enabled, config) values ($1, 'sms', true, '{"provider": "webhook", "url": "http://127.0.0.1:9/sms"}')`, [t.org.orgId]);
    const after = await register({ customer: { name: '钱女士', phone: '13700009999', room: '2-1-301' } });
    expect(after.status).toBe(201);
    expect((await pool.query('select channel, event, address from outbox where org_id = $1 and case_id = $2', [t.org.orgId, after.body.id])).rows)
      .toEqual([{ channel: 'sms', event: 'acknowledged', address: '13700009999' }]);
  });

  it('the case a registration answers with is the row stored, field for field, however much the desk filled in', async () => {
    const user = (await pool.query('select * from users where org_id = $1 and username = $2', [t.org.orgId, 'agent'])).rows[0];
    const actor = await actorFor(pool, user);
    const cat = (await pool.query('select id from categories where org_id = $1 and active order by id limit 1', [t.org.orgId])).rows[0].id;
    const unit = (await pool.query(`select id from units where org_id = $1 and id = any($2::uuid[]) order by id limit 1`, [t.org.orgId, actor.scopeUnitIds])).rows[0].id;
    const inputs = [
      complaint(),
      complaint({
        channel: 'email', severity: 'important', category_id: cat, complained_unit_id: unit, complained_party: '保安队',
        occurred_at: '2026-11-23T20:15:30.123+08:00', occurred_place: '东门', received_at: '2026-11-24T01:30:00Z',
        requested_due_at: '2026-11-27T10:00:00+08:00', external_ref: 'EXT-42', desired_outcome: '道歉',
        customer: { name: '孙先生', phone: '+86 138-0000-4321', room: '5-1-502', address: '翠湖小区5栋', email: 'sun@example.com' },
      }),
    ];
    for (const input of inputs) {
      const out = await registerOnce(pool, actor, clock, RegisterCaseRequest.parse(input));
      const stored = (await pool.query(`select ${CASE_COLUMNS} from cases c where c.org_id = $1 and c.id = $2`, [t.org.orgId, out.case.id])).rows[0];
      expect(out.case).toEqual(stored);
    }
  });
});
