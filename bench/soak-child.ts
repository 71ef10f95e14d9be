/**
 * The mixed soak's load generator, a process of its own (issue 8): for `seconds`, `concurrency` clients each pick
 * an operation in turn — register, list, search, get one case, comment on a case — and wait for its answer.
 * Reads a SoakSpec as JSON in argv[2], prints a SoakResult as JSON on stdout.
 */
import http from 'node:http';

export interface SoakSpec {
  base: string;
  /** Token of the front desk (registers) and of the complaint center (reads and comments). */
  registerToken: string;
  readToken: string;
  caseIds: string[];
  seconds: number;
  concurrency: number;
}
export interface SoakOp { op: string; requests: number; p50: number; p99: number; errors: number; unexpected: Record<number, number>; firstError?: string }
export interface SoakResult { seconds: number; ops: SoakOp[] }

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const spec = JSON.parse(process.argv[2] ?? '{}') as SoakSpec;
const ids = [...spec.caseIds];
const json = { 'content-type': 'application/json' };
const reg = { authorization: `Bearer ${spec.registerToken}`, ...json };
const read = { authorization: `Bearer ${spec.readToken}` };
const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
const SEARCHES = ['电梯', '物业费', '电梯 故障', '噪音'];

type Op = { op: string; run: () => Promise<{ status: number; text: string }>; expect: number; after?: (text: string) => void };
const OPS: Op[] = [
  {
    op: 'register (POST /cases)',
    expect: 201,
    run: () => request(`${spec.base}/api/v1/cases`, 'POST', reg, JSON.stringify({
      kind: 'complaint', channel: 'phone', subject: '3号楼电梯频繁故障', content: '电梯本周停了三次，老人上下楼很不方便，希望尽快维修。',
      customer: { name: '王先生', room: '3-2-1201', phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
    })),
    after: (text) => {
      const id = (JSON.parse(text) as { id?: string }).id;
      if (id) ids.push(id);
    },
  },
  { op: 'list newest first', expect: 200, run: () => request(`${spec.base}/api/v1/cases?page_size=20`, 'GET', read) },
  { op: 'search', expect: 200, run: () => request(`${spec.base}/api/v1/cases?q=${encodeURIComponent(SEARCHES[Math.floor(Math.random() * SEARCHES.length)]!)}`, 'GET', read) },
  { op: 'get one case', expect: 200, run: () => request(`${spec.base}/api/v1/cases/${pick()}`, 'GET', read) },
  { op: 'action: comment', expect: 200, run: () => request(`${spec.base}/api/v1/cases/${pick()}/actions/comment`, 'POST', { ...read, ...json }, JSON.stringify({ note: '已联系维保单位，今天下午上门。' })) },
];

const lat = OPS.map(() => [] as number[]);
const errors = OPS.map(() => 0);
const unexpected = OPS.map(() => ({}) as Record<number, number>);
const firstError: (string | undefined)[] = OPS.map(() => undefined);
const t0 = performance.now();
const end = t0 + spec.seconds * 1000;
let turn = 0;
const worker = async () => {
  while (performance.now() < end) {
    const i = turn++ % OPS.length;
    const o = OPS[i]!;
    const s = performance.now();
    let r: { status: number; text: string };
    try {
      r = await o.run();
    } catch {
      r = { status: 0, text: '' }; // a connection error counts as an error of this operation (status 0)
    }
    lat[i]!.push(performance.now() - s);
    if (r.status !== o.expect) {
      errors[i]!++;
      unexpected[i]![r.status] = (unexpected[i]![r.status] ?? 0) + 1;
      firstError[i] ??= r.text.slice(0, 300);
    } else o.after?.(r.text);
  }
};
await Promise.all(Array.from({ length: spec.concurrency }, worker));
const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
const result: SoakResult = {
  seconds: (performance.now() - t0) / 1000,
  ops: OPS.map((o, i) => {
    const s = lat[i]!.sort((a, b) => a - b);
    return { op: o.op, requests: s.length, p50: pct(s, 0.5), p99: pct(s, 0.99), errors: errors[i]!, unexpected: unexpected[i]!, ...(firstError[i] ? { firstError: firstError[i] } : {}) };
  }),
};
process.stdout.write(JSON.stringify(result));
agent.destroy();
