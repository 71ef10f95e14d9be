import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  errors: number;
  /** Status codes seen other than the expected one, with counts. */
  unexpected: Record<number, number>;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;

/** `total` requests from `concurrency` clients in parallel, each waiting for its answer (closed loop). */
export async function load(opts: {
  url: string | (() => string);
  method?: string;
  headers?: Record<string, string>;
  body?: () => string;
  total: number;
  concurrency: number;
  expectStatus: number;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const unexpected: Record<number, number> = {};
  const t0 = performance.now();
  const worker = async () => {
    while (next < opts.total) {
      next++;
      const url = typeof opts.url === 'function' ? opts.url() : opts.url;
      const s = performance.now();
      const status = await request(url, opts.method ?? 'GET', opts.headers ?? {}, opts.body?.());
      latencies.push(performance.now() - s);
      if (status !== opts.expectStatus) {
        errors++;
        unexpected[status] = (unexpected[status] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, seconds, perSecond: latencies.length / seconds, p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), errors, unexpected };
}

/** What the external generator runs: URLs taken in turn; a JSON body whose caller's phone is fresh per request
 * (`distinct`) or the same on every request (`same`, the busy-hotline case). */
export interface LoadSpec {
  urls: string[];
  method?: string;
  headers?: Record<string, string>;
  body?: { template: Record<string, unknown>; phone: 'distinct' | 'same' };
  total: number;
  concurrency: number;
  expectStatus: number;
}

/** Runs `spec` in a separate Node process (bench/load-child.ts) over HTTP on the loopback. */
export function loadExternal(spec: LoadSpec): Promise<LoadResult> {
  const child = path.join(import.meta.dirname, 'load-child.ts');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', child, JSON.stringify(spec)], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`load generator failed: ${stderr || err.message}`, { cause: err }));
      else resolve(JSON.parse(stdout) as LoadResult);
    });
  });
}

/** Signs a demo user of organisation `org` in on the server at `base`; the bearer token. */
export async function signIn(base: string, org: string, username: string, password: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password, org }) });
  if (!r.ok) throw new Error(`sign-in of ${username}@${org} failed: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
