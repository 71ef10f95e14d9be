/**
 * The workbench in a browser at 100,000 cases (issue 9): `BENCH_WEB=1 npm run bench` (or `npx tsx bench/web-nav.ts`).
 *  - generates BENCH_WEB_CASES (100,000) demo cases in an organisation of its own, as `qingting demo --cases` does;
 *  - serves the built web UI and the API (the app `qingting serve` builds) on the loopback;
 *  - in Debian's chromium, signed in as the complaint centre, measures navigation → queue rendered (first case row
 *    on screen) for the landing queue and for 全部, and → a case opened (by a click on a row, and by its address),
 *    median of BENCH_WEB_ROUNDS (5) with the browser cache warm, as a person's second visit would be;
 *  - the transferred (compressed) bytes of the first load of the workbench (sign-in page, then the queues) and of
 *    the customer portal, on an empty cache, split into the app's files and the API's answers.
 * Results go to bench/results/web-nav-<time>.md and web-nav-latest.md.
 * Env: DATABASE_URL (else an embedded PostgreSQL in a temp dir).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { BrowserContext, Page } from 'playwright-core';
import { launch } from '../e2e/browser.ts';
import { createOrganisation } from '../src/app/orgs/create-organisation.ts';
import { DEMO_PASSWORD, demoSpec, generateBulkCases } from '../src/app/orgs/demo.ts';
import { extensions } from '../src/extensions.ts';
import { buildApp } from '../src/server/app.ts';
import { openPool, withTx } from '../src/store/db.ts';
import { startEmbedded, type EmbeddedServer } from '../src/store/embedded.ts';
import { migrate } from '../src/store/migrate.ts';

const CASES = Number(process.env.BENCH_WEB_CASES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 5);
const root = path.resolve(import.meta.dirname, '..');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function signIn(ctx: BrowserContext, base: string, org: string, username: string) {
  const r = await ctx.request.post(`${base}/api/v1/auth/login`, { data: { username, password: DEMO_PASSWORD, org } });
  if (!r.ok()) throw new Error(`sign-in failed: ${r.status()} ${await r.text()}`);
}

/** Milliseconds from `go` to `selector` visible. */
async function timed(page: Page, go: () => Promise<unknown>, selector: string): Promise<number> {
  const t = performance.now();
  await go();
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
  return performance.now() - t;
}

/** Bytes on the wire (headers + encoded body) of everything `run` loads, split into the app's files and the API. */
async function transferred(page: Page, run: () => Promise<void>) {
  const sizes = { files: 0, api: 0, requests: 0, uncompressedFiles: 0 };
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (req) => {
    pending.push(req.sizes().then(async (s) => {
      const bytes = s.responseBodySize + s.responseHeadersSize;
      sizes.requests += 1;
      if (new URL(req.url()).pathname.startsWith('/api/')) sizes.api += bytes;
      else {
        sizes.files += bytes;
        const res = await req.response();
        sizes.uncompressedFiles += res ? (await res.body()).length : 0;
      }
    }));
  });
  await run();
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  return sizes;
}

async function main() {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-web-if-needed.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the web UI did not build');
  let embedded: EmbeddedServer | undefined;
  let tmp: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'qingting-bench-web-'));
    embedded = await startEmbedded(tmp);
    url = embedded.url;
  }
  const pool: pg.Pool = openPool(url, 20);
  const out: string[] = [];
  try {
    await migrate(pool);
    const slug = `bench-web-${randomUUID().slice(0, 8)}`;
    const org = await withTx(pool, (tx) => createOrganisation(tx, { ...demoSpec('bench-pass'), slug }));
    const t0 = Date.now();
    await generateBulkCases(pool, org.orgId, CASES, 11, (done) => process.stderr.write(`\r${done}/${CASES} cases`));
    const genSeconds = (Date.now() - t0) / 1000;
    process.stderr.write(`\ngenerated in ${genSeconds.toFixed(0)} s\n`);
    await pool.query('analyze');
    const dataDir = tmp ?? (await mkdtemp(path.join(os.tmpdir(), 'qingting-bench-web-data-')));
    const ext = extensions({ pool, sweepSeconds: 3600 });
    const app = await buildApp({ pool, dataDir, caseExtensions: ext.caseExtensions, plugins: ext.plugins });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      // First loads on an empty cache.
      const cold = await launch();
      const coldPage = cold.pages()[0] ?? (await cold.newPage());
      const workbench = await transferred(coldPage, async () => {
        await coldPage.goto(`${base}/login`);
        await coldPage.locator('#username').waitFor({ state: 'visible' });
        // Signed in through the API (this organisation is one of several in the database), as the form would.
        await signIn(cold, base, slug, 'center');
        await coldPage.goto(`${base}/queues`);
        await coldPage.locator('[data-testid=case-row]').first().waitFor({ state: 'visible', timeout: 60_000 });
      });
      await cold.close();
      const coldPortal = await launch({ width: 390, height: 844 });
      const portalPage = coldPortal.pages()[0] ?? (await coldPortal.newPage());
      const portal = await transferred(portalPage, async () => {
        await portalPage.goto(`${base}/portal`);
        await portalPage.locator('button, a').first().waitFor({ state: 'visible' });
      });
      await coldPortal.close();

      // Navigation timings with a warm cache.
      const ctx = await launch();
      await signIn(ctx, base, slug, 'center');
      const page = ctx.pages()[0] ?? (await ctx.newPage());
      await page.goto(`${base}/queues`);
      await page.locator('[data-testid=case-row]').first().waitFor({ state: 'visible', timeout: 60_000 });
      const times: Record<string, number[]> = { landing: [], all: [], click: [], direct: [] };
      for (let i = 0; i < ROUNDS; i++) {
        await page.goto('about:blank');
        times.landing!.push(await timed(page, () => page.goto(`${base}/queues`), '[data-testid=case-row]'));
        await page.goto('about:blank');
        times.all!.push(await timed(page, () => page.goto(`${base}/queues?queue=all`), '[data-testid=case-row]'));
        const row = page.locator('[data-testid=case-row]').nth(i);
        times.click!.push(await timed(page, () => row.locator('a[href^="/cases/"]').first().click(), '[data-testid=case-number]'));
        const caseUrl = page.url();
        await page.goto('about:blank');
        times.direct!.push(await timed(page, () => page.goto(caseUrl), '[data-testid=case-number]'));
      }
      await ctx.close();
      const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
      out.push(
        `# Workbench in the browser at ${CASES.toLocaleString('en-US')} cases — ${new Date().toISOString()}`,
        '',
        `node ${process.version}, ${os.cpus().length} cores shared with other people's work (figures are noisy), ${embedded ? 'embedded' : 'external'} PostgreSQL, Debian chromium headless on the loopback; ${CASES} generated cases in one organisation (${genSeconds.toFixed(0)} s to generate), signed in as the complaint centre (\`center\`). Median of ${ROUNDS}, warm browser cache; every run in brackets.`,
        '',
        '| measure | median (runs) |',
        '| --- | --- |',
        `| navigation → landing queue (未派单) rendered, first row on screen | ${ms(times.landing!)} |`,
        `| navigation → 全部 queue rendered | ${ms(times.all!)} |`,
        `| click on a queue row → case page rendered | ${ms(times.click!)} |`,
        `| navigation to /cases/:id → case page rendered | ${ms(times.direct!)} |`,
        '',
        'First load on an empty cache, bytes on the wire (headers + compressed bodies):',
        '',
        '| first load | app files (HTML, JS, CSS, fonts) | same files uncompressed | API answers | requests |',
        '| --- | --- | --- | --- | --- |',
        `| workbench: sign-in page, then the queues | ${kb(workbench.files)} | ${kb(workbench.uncompressedFiles)} | ${kb(workbench.api)} | ${workbench.requests} |`,
        `| customer portal (/portal, 390 px) | ${kb(portal.files)} | ${kb(portal.uncompressedFiles)} | ${kb(portal.api)} | ${portal.requests} |`,
        '',
      );
      console.log(out.join('\n'));
    } finally {
      await app.close();
    }
  } finally {
    await pool.end();
    await embedded?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
  const dir = path.join(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await writeFile(path.join(dir, `web-nav-${stamp}.md`), out.join('\n'));
  await writeFile(path.join(dir, 'web-nav-latest.md'), out.join('\n'));
  console.log(`written to bench/results/web-nav-${stamp}.md`);
}

export const benchWebNav = main;

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
