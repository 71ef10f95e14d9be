import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch } from './browser.ts';
import { serveDemo, type Served } from './serve.ts';

/** The analytics dashboard (issue 10) in a real browser against `qingting serve` with the demo organisation. */
const hasChromium = existsSync(CHROMIUM);
let served: Served | undefined;
let base = '';
let browser: BrowserContext | undefined;

async function startServer(): Promise<void> {
  served = await serveDemo('qingting-e2e-');
  base = served.base;
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
  await served?.stop();
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
