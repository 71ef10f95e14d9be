/**
 * The load generator as a process of its own (issue 8): the benchmark spawns it so that generating load does not
 * share an event loop with the server under test, which flattered the bare baseline. Reads a LoadSpec as JSON in
 * argv[2], prints the LoadResult as JSON on stdout.
 */
import { load, type LoadSpec } from './load.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
let i = 0;
const urls = spec.urls;
const body = spec.body;
const result = await load({
  url: () => urls[i++ % urls.length]!,
  method: spec.method ?? 'GET',
  headers: spec.headers ?? {},
  ...(body
    ? {
        body: () => {
          const phone = body.phone === 'same' ? '13800138000' : `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
          return JSON.stringify({ ...body.template, customer: { ...(body.template.customer as object), phone } });
        },
      }
    : {}),
  total: spec.total,
  concurrency: spec.concurrency,
  expectStatus: spec.expectStatus,
});
process.stdout.write(JSON.stringify(result));
