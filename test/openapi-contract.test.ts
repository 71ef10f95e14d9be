import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { registeredRoutes } from '../src/server/contract.ts';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read as raw JSON
type Doc = { openapi: string; paths: Record<string, Record<string, any>>; components: { schemas: Record<string, unknown> } };

let pool: pg.Pool;
let t: TestApi;
let doc: Doc;

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

/** `/api/v1/cases/:id` → `/api/v1/cases/{id}` */
const openApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');
const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');
/** Routes deliberately outside the document: the web app's fallback, and the catch-all that answers unknown_action. */
const UNDOCUMENTED = ['GET /*', 'POST /api/v1/cases/:id/actions/:action'];

describe('the OpenAPI document is generated from the routes', () => {
  it('lists every route the server answers, with a summary, its path parameters and a typed success response', () => {
    const routes = registeredRoutes(t.app).filter((r) => !isDocs(r.url));
    expect(routes.length).toBeGreaterThan(50);
    const hidden = routes.filter((r) => r.schema?.hide).map((r) => `${r.method} ${r.url}`);
    expect(hidden.sort()).toEqual([...UNDOCUMENTED].sort());
    for (const r of routes.filter((x) => !x.schema?.hide)) {
      const name = `${r.method} ${r.url}`;
      const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      expect(op, `${name} is missing from the document`).toBeDefined();
      expect(op.summary, `${name} has no summary`).toBeTruthy();
      expect(op.operationId, name).toBeTruthy();
      const declared = (op.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name).sort();
      const inPath = [...r.url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]).sort();
      expect([name, declared], `${name} must declare its path parameters`).toEqual([name, inPath]);
      const ok = Object.entries(op.responses ?? {}).filter(([code]) => code.startsWith('2'));
      expect(ok.length, `${name} documents no success response`).toBeGreaterThan(0);
      for (const [code, res] of ok) {
        if (code !== '204') expect(Object.values((res as { content?: Record<string, { schema?: unknown }> }).content ?? {})[0]?.schema, `${name} ${code} has no schema`).toBeDefined();
      }
      expect(op.responses['4XX'] ?? op.responses['4xx'], `${name} documents no error`).toBeDefined();
      if (r.schema?.body) expect(op.requestBody?.content?.['application/json']?.schema, `${name} validates a body it does not document`).toBeDefined();
      if (r.schema?.querystring) expect(op.parameters.some((p: { in: string }) => p.in === 'query'), name).toBe(true);
    }
    // …and nothing in the document that the server does not answer.
    const served = new Set(routes.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`));
    for (const [p, ops] of Object.entries(doc.paths)) for (const m of Object.keys(ops)) expect(served.has(`${m} ${p}`), `${m} ${p}`).toBe(true);
  });

  it('documents each lifecycle action’s own request body, as the server validates it', () => {
    const accept = doc.paths['/api/v1/cases/{id}/actions/accept']!.post.requestBody.content['application/json'].schema;
    expect(accept.required).toEqual(expect.arrayContaining(['version', 'category_id', 'severity', 'validity']));
    expect(accept.additionalProperties).toBe(false);
    const upload = doc.paths['/api/v1/cases/{id}/attachments']!.post.requestBody.content;
    expect(Object.keys(upload)).toEqual(expect.arrayContaining(['image/jpeg', 'text/plain', 'audio/mpeg']));
  });

  it('passes `redocly lint` with no errors and no warnings', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'qingting-openapi-'));
    const file = path.join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(doc));
    const cli = path.resolve(import.meta.dirname, '../node_modules/@redocly/cli/bin/cli.js');
    const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format=json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((err: { stdout: string; stderr: string }) => err);
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('answers each GET in the shape its document promises', async () => {
    const admin = await t.login('admin');
    const center = await t.login('center');
    const reg = await t.call(center, 'POST', '/api/v1/cases', complaint());
    const customer = reg.body.customer_id as string;
    const ids: Record<string, string> = { id: reg.body.id };
    const view = (await t.call(center, 'POST', '/api/v1/saved-views', { name: '文档示例', query: { status: 'registered' } })).body.id as string;
    const gets = registeredRoutes(t.app).filter((r) => r.method === 'GET' && !r.schema?.hide && !isDocs(r.url) && r.url.startsWith('/api/v1/'));
    for (const r of gets) {
      const id = r.url.startsWith('/api/v1/customers') ? customer
        : r.url.startsWith('/api/v1/admin/units/') ? t.org.units.get('cuihu')!
        : r.url.startsWith('/api/v1/saved-views') ? view : ids.id!;
      const url = r.url.replace(':id', id);
      // The portal's GETs need a portal token, not a staff session: test/portal.test.ts checks their shapes.
      if (url.includes(':') || url.startsWith('/api/v1/portal/')) continue;
      const token = r.url.startsWith('/api/v1/admin/') || r.url === '/api/v1/audit' ? admin : center;
      const res = await t.call(token, 'GET', url);
      const schema = (r.schema?.response as Record<string, z.ZodType>)[200]!;
      expect([r.url, res.status]).toEqual([r.url, 200]);
      const parsed = schema.safeParse(res.body);
      expect([r.url, parsed.success ? 'ok' : parsed.error.issues.slice(0, 3)]).toEqual([r.url, 'ok']);
    }
  });
});

describe('the interactive reference at /api/docs', () => {
  it('serves its page and every file it loads from this server, with nothing from a CDN', async () => {
    let res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    if (res.statusCode === 302) res = await t.app.inject({ method: 'GET', url: String(res.headers.location) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const refs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) {
      expect(ref, 'loads from another host').not.toMatch(/^(https?:)?\/\//);
      const url = new URL(ref, 'http://x/api/docs/').pathname;
      expect([url, (await t.app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 200]);
    }
    expect(String(res.headers['content-security-policy'])).not.toMatch(/https:|upgrade-insecure-requests|validator/);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(Object.keys(doc.paths));
  });
});
