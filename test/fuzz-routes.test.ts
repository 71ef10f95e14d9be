import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { registeredRoutes } from '../src/server/contract.ts';
import { complaint, PASSWORD, testApi, testPool, type TestApi } from './helpers.ts';

/**
 * Property-based fuzzing of every operation in the OpenAPI document: requests shaped by each operation's own
 * schemas, bent with hostile text (NUL, lone surrogates, huge, malformed escapes) and random JSON, sent as random
 * roles. No answer may be a 5xx, a refused request must leave the organisation’s stored data as it was, and an
 * accepted one is answered in the shape its documented response schema promises.
 * Bounded for CI: RUNS_PER_OPERATION × ~60 operations. FUZZ_RUNS and FUZZ_SEED reproduce or widen a run.
 */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON Schema and the document are read as raw JSON
type Json = any;

let pool: pg.Pool;
let t: TestApi;
let doc: Json;
const tokens: Record<string, string> = {};
const ids: string[] = [];
const caseIds: string[] = [];

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  for (const u of ['agent', 'handler', 'center', 'admin', 'auditor']) tokens[u] = await signIn(u);
  for (let i = 0; i < 2; i++) caseIds.push((await t.call(tokens.center!, 'POST', '/api/v1/cases', complaint())).body.id);
  ids.push(...caseIds);
  ids.push(...t.org.units.values(), ...t.org.categories.values());
  doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

async function signIn(username: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: PASSWORD, org: t.org.slug } });
  return res.json().token;
}

const TABLES = ['cases', 'case_events', 'case_clocks', 'attachments', 'customers', 'units', 'users', 'categories', 'sla_policies', 'escalation_ladders', 'business_hours', 'calendar_days', 'sla_settings', 'notifications'];

/** A digest of every row the organisation has stored (sessions aside: signing in is allowed to make one). */
async function fingerprint(): Promise<Record<string, string>> {
  const cols = TABLES.map((tb) => `(select md5(coalesce(string_agg(to_jsonb(x)::text, ',' order by to_jsonb(x)::text), '')) from ${tb} x where x.org_id = $1) as ${tb}`);
  const r = await pool.query(`select ${cols.join(', ')}`, [t.org.orgId]);
  return r.rows[0];
}

const HOSTILE = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\udbff\udbff', '😡电梯', '', ' ', '\t\n', 'x'.repeat(5000), "'; drop table cases; --",
  '<script>alert(1)</script>', '../../etc/passwd', '%00', '%', '\u202e', '0', '-1', 'null', 'true', '{}', '[]',
];
const hostileText = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);
/** Text the schema accepts (length within bounds) with a NUL or a lone surrogate spliced in. */
const poisoned = (min: number, max: number) =>
  fc
    .tuple(fc.string({ unit: 'grapheme', minLength: Math.max(min, 2), maxLength: Math.max(max - 1, 2) }), fc.constantFrom('\u0000', '\ud800', '\udfff'), fc.nat())
    .map(([s, bad, at]) => {
      const cut = at % (s.length + 1);
      return (s.slice(0, cut) + bad + s.slice(cut + 1)).trim() || `x${bad}x`;
    });

/** Bytes of a URL part: every byte %-escaped, plus raw escapes that are malformed or decode to NUL/surrogates. */
const urlPart = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const rawEscape = fc.constantFrom('%00', '%ED%A0%80', '%', '%zz', '%C0%AF', '%FF');

function resolve(schema: Json): Json {
  if (schema?.$ref) return resolve(doc.components.schemas[String(schema.$ref).split('/').pop()!]);
  return schema ?? {};
}

/** Values that follow a JSON schema, now and then bent into something else. */
function fromSchema(schema: Json, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  return fc.oneof(
    { weight: 20, arbitrary: shaped(s, depth) },
    { weight: 1, arbitrary: hostileText },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
}

function shaped(s: Json, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return fc.constant(null);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a: Json) => fromSchema(a, depth + 1)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
    }
    case 'array':
      return fc.array(fromSchema(s.items, depth + 1), { maxLength: 3 });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e7, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...ids), fc.uuid());
      if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.pattern) return fc.oneof(fc.stringMatching(new RegExp(s.pattern)), hostileText);
      return fc.oneof(
        { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 50, 50) }) },
        { weight: 3, arbitrary: poisoned(s.minLength ?? 1, Math.min(s.maxLength ?? 50, 50)) },
        { weight: 1, arbitrary: hostileText },
      );
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

interface Req {
  role: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

function requestFor(path: string, method: string, op: Json): fc.Arbitrary<Req> {
  const params: Json[] = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const query = params.filter((p) => p.in === 'query');
  const json = op.requestBody?.content?.['application/json']?.schema;
  const upload = op.requestBody && !json ? Object.keys(op.requestBody.content) : null;
  return fc.record({
    role: fc.constantFrom('center', 'center', 'admin', 'admin', 'agent', 'handler', 'auditor', 'nobody', 'forged'),
    forged: fc.oneof(hostileText.map((x) => ({ authorization: `Bearer ${x.replace(/[\u0100-\uffff]/g, '?')}` })), rawEscape.map((x) => ({ cookie: `qt_session=${x}` }))),
    path: fc.tuple(...pathParams.map(() => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...caseIds) }, { weight: 2, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileText.map(urlPart) }, { weight: 1, arbitrary: rawEscape }))),
    query: fc.tuple(...query.map((p) => fc.option(fc.oneof({ weight: 4, arbitrary: shaped(resolve(p.schema), 1).map((v) => urlPart(String(v))) }, { weight: 1, arbitrary: poisoned(1, 20).map(urlPart) }, { weight: 1, arbitrary: hostileText.map(urlPart) }, { weight: 1, arbitrary: rawEscape }), { nil: undefined }))),
    extraQuery: fc.option(fc.tuple(hostileText, hostileText).map(([k, v]) => `${urlPart(k)}=${urlPart(v)}`), { nil: undefined, freq: 8 }),
    body: json ? fc.oneof({ weight: 8, arbitrary: fromSchema(json).map((v) => JSON.stringify(v) ?? '') }, { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '\u0000', '[1,]', '{"x":"\\ud800"}', '{"x":"\\u0000"}', '{"__proto__":{"x":1}}', '['.repeat(50_000) + ']'.repeat(50_000)) }) : fc.constant(undefined),
    bytes: fc.uint8Array({ maxLength: 64 }),
    contentType: upload ? fc.constantFrom(...upload, 'application/octet-stream', 'text/plain', 'image/png; charset=\u0000') : fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    idempotencyKey: fc.option(fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 20 }), fc.constantFrom('k\u0000', 'x'.repeat(300), ' ')), { nil: undefined, freq: 3 }),
  }).map((g) => {
    let i = 0;
    const url = path.replace(/\{[^}]+\}/g, () => g.path[i++] as string);
    const qs = [...query.map((p, k) => (g.query[k] === undefined ? undefined : `${p.name}=${g.query[k]}`)), g.extraQuery].filter(Boolean).join('&');
    const headers: Record<string, string> = {};
    if (g.role === 'forged') Object.assign(headers, g.forged);
    else if (g.role !== 'nobody') headers.authorization = `Bearer ${tokens[g.role]}`;
    if (g.idempotencyKey !== undefined) headers['idempotency-key'] = g.idempotencyKey;
    let payload: string | Buffer | undefined;
    if (upload) payload = Buffer.from(g.bytes);
    else if (g.body !== undefined) payload = g.body;
    if (payload !== undefined) headers['content-type'] = g.contentType;
    return { role: g.role, url: qs ? `${url}?${qs}` : url, headers, ...(payload === undefined ? {} : { payload }) };
  });
}

describe('fuzzing every documented operation', () => {
  it('never answers 5xx, and a refused request leaves the stored data unchanged', async () => {
    const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(50);
    const responses = new Map(registeredRoutes(t.app).map((r) => [`${r.method} ${r.url.replace(/:([A-Za-z_]+)/g, '{$1}')}`, r.schema?.response as Record<number, z.ZodType> | undefined]));
    let sent = 0;
    let checked = 0;
    const statuses: Record<number, number> = {};
    // The digest after the last request: a refused request must leave it as it is; an accepted one moves it on.
    let stored = await fingerprint();
    for (const { path, method, op } of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(path, method, op), async (req) => {
          const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url: req.url, headers: req.headers, ...(req.payload === undefined ? {} : { payload: req.payload }) });
          sent++;
          expect(res.statusCode, `${method} ${req.url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toBeLessThan(500);
          // Signing in may record the failure (throttling); everything else refused changes nothing.
          const after = await fingerprint();
          if (res.statusCode >= 400 && !path.startsWith('/api/v1/auth/')) expect(after, `${method} ${req.url} → ${res.statusCode} changed stored data`).toEqual(stored);
          stored = after;
          // A fuzzed sign-out (or sign-out everywhere) ends that role's session: sign in again so the next requests reach the routes.
          if ((path === '/api/v1/auth/logout' || path === '/api/v1/auth/logout-all') && res.statusCode < 300) tokens[req.role] = await signIn(req.role);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          // An accepted request is answered in the shape the document promises.
          const promised = responses.get(`${method.toUpperCase()} ${path}`)?.[res.statusCode];
          if (promised && res.statusCode !== 204 && String(res.headers['content-type']).startsWith('application/json')) {
            checked++;
            const parsed = promised.safeParse(res.json());
            expect(parsed.success ? 'ok' : parsed.error.issues.slice(0, 3), `${method} ${req.url} → ${res.statusCode}`).toBe('ok');
          }
        }),
        { numRuns: RUNS_PER_OPERATION, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    }
    expect(sent).toBe(operations.length * RUNS_PER_OPERATION);
    // The requests reach past sign-in and validation: a fair share is accepted (the lifecycle's later steps and
    // the property preset's required room and phone make most random bodies fail, as they should).
    const accepted = Object.entries(statuses).filter(([code]) => Number(code) < 300).reduce((n, [, k]) => n + k, 0);
    expect(accepted / sent).toBeGreaterThan(0.03);
    expect(checked).toBeGreaterThan(accepted / 2);
  }, 120_000);
});
