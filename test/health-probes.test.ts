import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.ts';
import { createLogger } from '../src/server/logging.ts';
import { openPool } from '../src/store/db.ts';
import { testPool } from './helpers.ts';

const pool = testPool();
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'qingting-health-'));
});
afterAll(() => pool.end());

/** A TCP server that accepts connections and never says a word: a database that hangs. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => sockets.add(s));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

describe('/healthz and /readyz', () => {
  it('answer JSON from the API (not the web app page) while the database answers', async () => {
    const app = await buildApp({ pool, dataDir });
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-type']).toMatch(/^application\/json/);
    expect(health.json().status).toBe('ok');
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers['content-type']).toMatch(/^application\/json/);
    expect(ready.headers['cache-control']).toBe('no-store');
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true } } });
    await app.close();
  });

  it('/readyz says 503 not_ready when the database does not answer within its timeout, while /healthz stays 200', async () => {
    const hung = await silentServer();
    const deadPool = openPool(`postgres://postgres@127.0.0.1:${hung.port}/x`, 2);
    const app = await buildApp({ pool: deadPool, dataDir, operations: { readyTimeoutMs: 300 } });
    const started = Date.now();
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: { ok: false, reason: 'timeout' } } });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
    await hung.close();
    await deadPool.end();
  });

  it('/readyz and the API say 503 when the database refuses connections', async () => {
    const hung = await silentServer();
    const port = hung.port;
    await hung.close(); // nothing listens on the port now
    const deadPool = openPool(`postgres://postgres@127.0.0.1:${port}/x`, 2);
    const app = await buildApp({ pool: deadPool, dataDir });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.database).toEqual({ ok: false, reason: 'error' });

    // The API says the same: 503 with Retry-After and a code, not a 500, while the database is away.
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'whatever-pass' }, headers: { 'accept-language': 'en-US' } });
    expect(login.statusCode).toBe(503);
    expect(login.headers['retry-after']).toBe('5');
    expect(login.json().error.code).toBe('service_unavailable');
    expect(login.json().error.message).toMatch(/database is unavailable/);
    await app.close();
    await deadPool.end();
  });

  it('/readyz says 503 while the supervisor restarts the embedded PostgreSQL, even if a query would get through', async () => {
    let state: 'running' | 'restarting' = 'restarting';
    const app = await buildApp({ pool, dataDir, operations: { embedded: { state: () => state, restarts: () => 0 } } });
    const during = await app.inject({ method: 'GET', url: '/readyz' });
    expect(during.statusCode).toBe(503);
    expect(during.json().checks.database).toEqual({ ok: false, reason: 'restarting' });
    state = 'running';
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('request logs', () => {
  it('are one JSON line per event, each carrying the request id that the response returns in X-Request-Id', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildApp({ pool, dataDir, logger: createLogger('info', sink) });
    const res = await app.inject({ method: 'GET', url: '/api/v1/cases/not-a-case' });
    const id = res.headers['x-request-id'];
    expect(typeof id).toBe('string');
    const mine = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string }).filter((l) => l.reqId === id);
    expect(mine.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);

    // A caller's (or proxy's) X-Request-Id is kept, so one id follows a request across services.
    const given = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-42' } });
    expect(given.headers['x-request-id']).toBe('lb-42');

    // A search by phone digits or name: the log keeps the parameter's name, not what was searched for.
    await app.inject({ method: 'GET', url: '/api/v1/cases?q=13812341234&status=new', headers: { authorization: 'Bearer secret-token-123' } });
    const urls = lines.map((l) => JSON.parse(l) as { req?: { url: string } }).filter((l) => l.req).map((l) => l.req!.url);
    expect(urls).toContain('/api/v1/cases?q=…&status=…');
    expect(lines.join('\n')).not.toMatch(/13812341234|secret-token-123/);
    await app.close();
  });
});
