import { execFile } from 'node:child_process';
import path from 'node:path';
import type { SoakResult, SoakSpec } from './soak-child.ts';

type Row = Record<string, string | number>;
const mb = (b: number) => (b / 1024 / 1024).toFixed(0);

/**
 * The mixed soak (issue 8): register, list, search, get and comment for `seconds` from a separate process while
 * this process (the server under test) samples its resident memory every 5 s. Rows: p50/p99 and errors per
 * operation; the RSS at start, at the end and its peak.
 */
export async function benchSoak(spec: SoakSpec): Promise<{ rows: Row[]; memory: string }> {
  const rss: number[] = [process.memoryUsage().rss];
  const timer = setInterval(() => rss.push(process.memoryUsage().rss), 5000);
  const child = path.join(import.meta.dirname, 'soak-child.ts');
  let result: SoakResult;
  try {
    result = await new Promise<SoakResult>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', child, JSON.stringify(spec)], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`soak generator failed: ${stderr || err.message}`, { cause: err }));
        else resolve(JSON.parse(stdout) as SoakResult);
      });
    });
  } finally {
    clearInterval(timer);
  }
  rss.push(process.memoryUsage().rss);
  const firstMinute = rss.slice(0, 13);
  const rows: Row[] = result.ops.map((o) => ({
    operation: o.op,
    requests: o.requests,
    'p50 ms': o.p50.toFixed(1),
    'p99 ms': o.p99.toFixed(1),
    errors: o.errors ? `${o.errors} ${JSON.stringify(o.unexpected)} first: ${o.firstError ?? ''}` : 0,
  }));
  const memory = `Server RSS (this process; the load came from another): ${mb(rss[0]!)} MB at start, ${mb(Math.max(...firstMinute))} MB peak in the first minute, ${mb(rss.at(-1)!)} MB at the end, ${mb(Math.max(...rss))} MB peak; ${rss.length} samples over ${result.seconds.toFixed(0)} s.`;
  return { rows, memory };
}
