/**
 * Screenshots of the administration pages issue 9 changed, for a person to look at: the unit tree with its move
 * dialog, the time limits with the policy and ladder editors (and a server validation error), the calendar while the
 * deadlines are recomputed, and the bell with its acknowledge / mark-read buttons; desktop (1366×768) and phone
 * (390×844), Chinese and English.
 * Usage: `npx tsx e2e/admin-shots.ts http://127.0.0.1:3000 /tmp/shots <admin password>` against a running demo.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launch } from './browser.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? '/tmp/shots';
const adminPassword = process.argv[4] ?? '';
await mkdir(out, { recursive: true });

async function signIn(page: Page, lang: 'zh' | 'en', username: string, password: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.evaluate((l) => localStorage.setItem('qingting.locale', l), lang === 'en' ? 'en-US' : 'zh-CN');
  await page.reload();
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/queues');
}

const settle = (page: Page) => page.waitForTimeout(700);

for (const [device, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]] as const) {
  for (const lang of ['zh', 'en'] as const) {
    const ctx = await launch(viewport);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const shot = (name: string, fullPage = false) => page.screenshot({ path: path.join(out, `${name}-${device}-${lang}.png`), fullPage });
    await signIn(page, lang, 'admin', adminPassword);

    await page.goto(`${base}/admin/units`);
    await page.locator('[data-testid=unit]').first().waitFor();
    await settle(page);
    await shot('units', true);
    await page.locator('[data-testid=unit-move]').nth(2).click();
    await page.locator('.ant-modal-wrap:visible .ant-select').click();
    await settle(page);
    await shot('units-move');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await page.goto(`${base}/admin/sla`);
    await page.locator('.ant-table-row').first().waitFor();
    await settle(page);
    await shot('sla', true);
    await page.locator('[data-testid=edit-policy]').first().click();
    await page.locator('[data-testid=policy-form]').waitFor();
    await settle(page);
    await shot('sla-policy');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=edit-ladder]').first().click();
    await page.locator('[data-testid=ladder-form]').waitFor();
    // A ladder that does not end at the complaint center: the server's error lands on the field, in the UI language.
    const last = page.locator('[data-testid=ladder-level]').last().locator('.ant-select').first();
    await last.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(1).click();
    await page.locator('.ant-modal-wrap:visible .ant-btn-primary').click();
    await page.locator('.ant-modal-wrap:visible .ant-form-item-explain-error').first().waitFor();
    await settle(page);
    await shot('sla-ladder-error');
    await page.keyboard.press('Escape');

    await page.goto(`${base}/admin/calendar`);
    await page.locator('.admin-calendar').waitFor();
    await settle(page);
    await shot('calendar', true);

    // A department head's bell holds escalations and supervision (to acknowledge); a handler's deadline warnings (to read).
    for (const who of ['head', 'handler']) {
      await signIn(page, lang, who, 'qingting-demo');
      await page.click('[data-testid=bell]');
      await page.locator('[data-testid=notifications]').waitFor();
      await settle(page);
      await shot(`bell-${who}`);
    }
    await ctx.close();
  }
}
console.log(`screenshots in ${out}`);
