/**
 * Screenshots of the staff UI for a person to look at: login, list, detail and register, desktop (1366×900) and
 * phone (390×844), in Chinese and English. Usage: `npx tsx e2e/screenshots.ts http://127.0.0.1:3000 /tmp/shots`
 * against a running `npm start` with the demo organisation.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launch } from './browser.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? '/tmp/shots';
const user = process.argv[4] ?? 'center';
await mkdir(out, { recursive: true });

for (const [device, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
  for (const lang of ['zh', 'en'] as const) {
    const ctx = await launch(viewport);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`${base}/login`);
    await page.evaluate((l) => localStorage.setItem('qingting.locale', l), lang === 'en' ? 'en-US' : 'zh-CN');
    await page.reload();
    await page.waitForSelector('form');
    const shot = (name: string) => page.screenshot({ path: path.join(out, `${name}-${device}-${lang}.png`) });
    await shot('login');
    await page.fill('#username', user);
    await page.fill('#password', 'qingting-demo');
    await page.click('button[type=submit]');
    await page.waitForURL('**/queues');
    await page.waitForSelector(device === 'phone' ? '[data-testid=case-card]' : '[data-testid=case-row]');
    await page.waitForSelector('.ant-spin-blur', { state: 'detached' }).catch(() => undefined);
    await page.waitForTimeout(500);
    await shot('list');
    const first = device === 'phone' ? page.locator('[data-testid=case-card] a').first() : page.locator('[data-testid=case-row] a').first();
    await first.click();
    await page.waitForSelector('[data-testid=timeline]');
    await page.waitForTimeout(300);
    await shot('detail');
    await page.screenshot({ path: path.join(out, `detail-full-${device}-${lang}.png`), fullPage: true });
    await page.goto(`${base}/cases/new`);
    await page.waitForSelector('form');
    await shot('register');
    await ctx.close();
  }
}
console.log(`screenshots in ${out}`);
