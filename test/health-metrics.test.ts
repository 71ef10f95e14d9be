import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { complaint, testApi, testPool } from './helpers.ts';

const pool = testPool();
afterAll(() => pool.end());

/** The value of one sample in Prometheus' text format, e.g. `qingting_outbox_depth` or `x{a="b"}`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('/metrics', () => {
  it('times requests by route pattern, never by the URL (ids would make one series per case)', async () => {
    const t = await testApi(pool);
    const agent = await t.login('agent');
    const created = await t.call(agent, 'POST', '/api/v1/cases', complaint());
    expect(created.status).toBe(201);
    expect((await t.call(agent, 'GET', `/api/v1/cases/${created.body.id}`)).status).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(res.body, 'qingting_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:id",status_code="200"}')).toBe(1);
    expect(sample(res.body, 'qingting_http_request_duration_seconds_count{method="POST",route="/api/v1/cases",status_code="201"}')).toBe(1);
    expect(res.body).not.toContain(created.body.id);
    await t.app.close();
  });

  it('reports pool use, clocks due, how long the sweeper lags behind them, and undelivered notifications', async () => {
    const t = await testApi(pool);
    const agent = await t.login('agent');
    const created = await t.call(agent, 'POST', '/api/v1/cases', complaint());
    // A clock the sweeper should have looked at two hours ago, and a notification waiting for an hour.
    const moved = await pool.query(`update case_clocks set next_check_at = now() - interval '2 hours' where org_id = $1 and case_id = $2`, [t.org.orgId, created.body.id]);
    expect(moved.rowCount).toBeGreaterThan(0);
    const users = await pool.query<{ id: string }>(`select id from users where org_id = $1 limit 1`, [t.org.orgId]);
    await pool.query(
      `insert into notifications (org_id, id, recipient_id, case_id, kind, dedupe_key, created_at) values ($1, $2, $3, $4, 'test', $5, now() - interval '1 hour')`,
      [t.org.orgId, randomUUID(), users.rows[0]!.id, created.body.id, `test-${randomUUID()}`],
    );

    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'qingting_database_up')).toBe(1);
    expect(sample(text, 'qingting_sla_clocks_due')).toBeGreaterThanOrEqual(moved.rowCount!);
    expect(sample(text, 'qingting_sweeper_lag_seconds')).toBeGreaterThanOrEqual(7200);
    expect(sample(text, 'qingting_outbox_depth')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'qingting_outbox_oldest_seconds')).toBeGreaterThanOrEqual(3600);
    expect(sample(text, 'qingting_db_pool_connections{state="open"}')).toBe(pool.totalCount);
    expect(sample(text, 'qingting_db_pool_waiting')).toBe(0);
    await t.app.close();
  });

  it('answers only callers on this machine when no token is set: anyone else, or anyone through a proxy, gets 404', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'qingting-metrics-'));
    const app = await buildApp({ pool, dataDir });
    expect((await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    const remote = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(remote.statusCode).toBe(404);
    expect(remote.json().error.code).toBe('not_found');
    // A reverse proxy on the same machine connects from loopback but forwards whoever asked.
    const proxied = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(proxied.statusCode).toBe(404);
    await app.close();
  });

  it('needs the bearer token from everyone when QINGTING_METRICS_TOKEN is set, and says so in the caller\'s language', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'qingting-metrics-'));
    const app = await buildApp({ pool, dataDir, operations: { token: 's3cret-scrape-token' } });
    const none = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthenticated');
    expect(none.json().error.message).toBe('请先登录。');
    const wrong = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer s3cret-scrape-tokeN', 'accept-language': 'en-US' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('Please sign in first.');
    const right = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7', headers: { authorization: 'Bearer s3cret-scrape-token' } });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('qingting_http_request_duration_seconds');
    await app.close();
  });
});
