import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch } from './browser.ts';

/** The analytics dashboard (issue 10) in a real browser against `qingting serve` with the demo organisation. */
const root = path.resolve(import.meta.dirname, '..');
const hasChromium = existsSync(CHROMIUM);
let dataDir = '';
let server: ChildProcess | undefined;
let base = '';
let browser: BrowserContext | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function startServer(): Promise<void> {
  // The UI must be built (the same step `npm start` runs first).
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-web-if-needed.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(path.join(root, 'web/dist/index.html'))) throw new Error('the web UI did not build (npm run build:web)');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'qingting-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), QINGTING_DATA_DIR: dataDir, QINGTING_DEMO: '1' };
  delete env.DATABASE_URL;
  server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout!.on('data', (d) => (out += d));
  server.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 110_000;
  while (!out.includes('listening on http')) {
    if (server.exitCode !== null) throw new Error(`serve exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  base = `http://127.0.0.1:${port}`;
  const home = await fetch(`${base}/cases`);
  if (!(home.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`GET /cases did not return the web UI (${home.status}): is webRoutes registered in src/server/app.ts?`);
  }
}

async function login(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill('qingting-demo');
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  await page.waitForURL('**/queues');
}

beforeAll(async () => {
  if (!hasChromium) return;
  await startServer();
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  if (server && server.exitCode === null) {
    // SIGTERM: `qingting serve` stops its embedded PostgreSQL before exiting.
    server.kill('SIGTERM');
    await new Promise((r) => (server!.exitCode !== null ? r(null) : server!.once('exit', r)));
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the analytics dashboard', () => {
  it.skipIf(!hasChromium)(
    'shows a manager the rates, hot issues and a surge, drills into a category and exports the list to Excel',
    async () => {
      const page = await browser!.newPage();
      await login(page, 'center');
      await page.goto(`${base}/analytics`);
      await page.getByText('响应率').first().waitFor();
      // The demo's burst (one issue at 翠湖花园 in the last 3 days) is flagged as a surge.
      const surges = page.locator('.ant-card').filter({ hasText: '突增预警' });
      await surges.locator('.ant-tag-red').first().waitFor({ timeout: 30_000 });
      const hot = page.locator('.ant-card').filter({ hasText: '热点问题' });
      await hot.locator('a[href*="category_id="]').first().waitFor();
      await page.screenshot({ path: path.join(os.tmpdir(), 'qingting-analytics-dashboard.png'), fullPage: true });
      // Drill through: the hot issue's count opens the case list filtered to its category and place.
      const link = hot.locator('a[href*="category_id="]').first();
      const n = Number(await link.innerText());
      await link.click();
      await page.waitForURL(/\/cases\?.*category_id=/);
      await expect.poll(() => page.locator('.ant-table-row').count()).toBeGreaterThan(0);
      expect(n).toBeGreaterThan(0);
      // Export: a streamed download of the list.
      await page.goto(`${base}/analytics`);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /导出 Excel/ }).click();
      expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
      await page.close();
    },
    120_000,
  );
});
