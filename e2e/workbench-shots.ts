/**
 * Screenshots of the workbench (issue 9) for a person to look at: queues, bell drawer, registration with the caller
 * lookup, desktop (1366×768) and phone (390×844), Chinese and English.
 * Usage: `npx tsx e2e/workbench-shots.ts http://127.0.0.1:3000 /tmp/shots [user]` against a running demo.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launch } from './browser.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? '/tmp/shots';
const user = process.argv[4] ?? 'center';
await mkdir(out, { recursive: true });

for (const [device, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]] as const) {
  for (const lang of ['zh', 'en'] as const) {
    const ctx = await launch(viewport);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`${base}/login`);
    await page.evaluate((l) => localStorage.setItem('qingting.locale', l), lang === 'en' ? 'en-US' : 'zh-CN');
    await page.reload();
    await page.waitForSelector('form');
    const shot = (name: string) => page.screenshot({ path: path.join(out, `${user}-${name}-${device}-${lang}.png`) });
    await page.fill('#username', user);
    await page.fill('#password', 'qingting-demo');
    await page.click('button[type=submit]');
    await page.waitForURL('**/queues');
    await page.waitForSelector(device === 'phone' ? '[data-testid=case-card], .ant-empty' : '[data-testid=case-row], .ant-empty');
    await page.waitForTimeout(800);
    await shot('queues');
    if (device === 'phone') {
      await page.click('[data-testid=menu-button]');
      await page.waitForTimeout(500);
      await shot('menu');
      await page.keyboard.press('Escape');
    }
    await page.click('[data-testid=bell]');
    await page.waitForTimeout(800);
    await shot('bell');
    await page.keyboard.press('Escape');
    await page.goto(`${base}/cases/new`);
    await page.waitForSelector('[data-testid=caller-search] input');
    await page.fill('[data-testid=caller-search] input', '13812341234');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    const use = page.locator('[data-testid=caller-use]').first();
    if (await use.count()) {
      await use.click();
      await page.waitForTimeout(1000);
    }
    await shot('register');
    await ctx.close();
  }
}
