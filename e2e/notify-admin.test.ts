/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are untyped JSON here */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch } from './browser.ts';
import { serveDemo, type Served } from './serve.ts';

/**
 * Notification administration in a real browser against `qingting serve` (issues 9 and 11): the administrator edits
 * a message template, previews it with sample data and saves it; sees a dead letter's delivery log and sends it again.
 * Then screenshots of the new pages in zh-CN and en-US at 1366 and 390 px ($QINGTING_SHOTS or the temp directory).
 */
const hasChromium = existsSync(CHROMIUM);
const SHOTS = process.env.QINGTING_SHOTS ?? path.join(os.tmpdir(), 'qingting-notify-admin-shots');
const ADMIN_PASSWORD = 'Heron-lake-47-bridge';
let served: Served | undefined;
let base = '';
let browser: BrowserContext | undefined;

async function call(token: string | null, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
async function token(username: string, password: string): Promise<string> {
  const r = await call(null, 'POST', '/api/v1/auth/login', { username, password, org: 'demo' });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

async function uiLogin(page: Page, lang: 'zh-CN' | 'en-US' = 'zh-CN') {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.evaluate((l) => localStorage.setItem('qingting.locale', l), lang);
  await page.reload();
  await page.fill('#username', 'admin');
  await page.fill('#password', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL('**/queues');
}

/** Polls until `fn` holds (the dispatcher job runs every 5 s). */
async function until<T>(fn: () => Promise<T | undefined>, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  if (!hasChromium) return;
  served = await serveDemo('qingting-e2e-notify-admin-');
  base = served.base;
  await mkdir(SHOTS, { recursive: true });
  const first = await token('admin', served.adminPassword);
  const changed = await call(first, 'POST', '/api/v1/auth/password', { current_password: served.adminPassword, new_password: ADMIN_PASSWORD });
  expect(changed.status, JSON.stringify(changed.body)).toBe(204);
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
}, 60_000);

describe('notification administration', () => {
  it.skipIf(!hasChromium)('the administrator edits and previews a template, then retries a dead letter from its delivery log', async () => {
    const admin = await token('admin', ADMIN_PASSWORD);
    // A dead letter: SMS is on but has no approved template code for the acknowledgement, which the dispatcher
    // treats as a permanent failure (docs/notifications.md). A crisis is not held back by the quiet hours.
    const sms = await call(admin, 'PUT', '/api/v1/admin/notify-channels/sms', { enabled: true, config: { access_key_id: 'LTAI-e2e', access_key_secret: 'secret-e2e-123456', sign_name: '青亭', template_codes: {} } });
    expect(sms.status, JSON.stringify(sms.body)).toBe(200);
    expect(JSON.stringify(sms.body)).not.toContain('secret-e2e-123456');
    const agent = await token('agent', 'qingting-demo');
    const reg = await call(agent, 'POST', '/api/v1/cases', {
      kind: 'complaint', channel: 'phone', severity: 'crisis', subject: `燃气泄漏(${Date.now()})`, content: '楼道有燃气味',
      customer: { name: '李先生', phone: '13912345678', room: '5-2-801' },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const dead = await until(async () => {
      const r = await call(admin, 'GET', '/api/v1/admin/outbox?status=dead');
      return r.body.items.find((i: any) => i.case_id === reg.body.id && i.channel === 'sms');
    });
    expect(dead.address).toBe('139****5678');

    const page = await browser!.newPage();
    try {
      await uiLogin(page);
      // The template: edit the acknowledgement's wording, preview it with the sample data, save it.
      await page.goto(`${base}/admin/message-templates`);
      const row = page.locator('tr', { hasText: '受理回执' }).filter({ hasText: '中文' });
      await row.getByRole('button').click();
      const dialog = page.getByRole('dialog');
      await expect.poll(() => dialog.getByText('{{customer_name}}').count()).toBeGreaterThan(0);
      await dialog.locator('textarea').fill('{{customer_name}}您好,投诉 {{case_number}} 已受理。');
      await dialog.getByRole('button', { name: '预 览' }).or(dialog.getByRole('button', { name: '预览' })).click();
      const preview = page.getByTestId('template-preview');
      await preview.waitFor();
      expect(await preview.textContent()).toContain('王先生您好,投诉 QT-20261125-00042 已受理。');
      await page.screenshot({ path: path.join(SHOTS, 'template-preview.png') });
      await dialog.getByRole('button', { name: '保 存' }).or(dialog.getByRole('button', { name: '保存' })).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => row.getByText('已自定义').count()).toBe(1);
      const saved = (await call(admin, 'GET', '/api/v1/admin/message-templates')).body.items.find((i: any) => i.event === 'acknowledged' && i.locale === 'zh-CN');
      expect(saved).toMatchObject({ customised: true, body: '{{customer_name}}您好,投诉 {{case_number}} 已受理。' });

      // The dead letter: filter by status, open its delivery log, retry it.
      await page.goto(`${base}/admin/outbox`);
      await page.getByLabel('状态').click();
      await page.locator('.ant-select-item-option', { hasText: '发送失败' }).click();
      const letter = page.locator('tr', { hasText: '139****5678' });
      await letter.waitFor();
      expect(await page.content()).not.toContain('13912345678');
      await letter.getByRole('button', { name: '发送日志' }).click();
      const drawer = page.locator('.ant-drawer');
      await drawer.getByText('no SMS template code for acknowledged').waitFor();
      await page.waitForTimeout(500); // the drawer's slide-in
      await page.screenshot({ path: path.join(SHOTS, 'outbox-log.png') });
      await drawer.getByRole('button', { name: '重新发送' }).click();
      await page.getByText('已重新排队发送').waitFor();
      // Sent again: a second attempt in its log (still without a template code, so dead again).
      const log = await until(async () => {
        const r = await call(admin, 'GET', `/api/v1/admin/outbox/${dead.id}/attempts`);
        return r.body.items.length >= 2 ? r.body.items : undefined;
      });
      expect(log.map((a: any) => a.attempt)).toEqual([1, 2]);
    } catch (e) {
      await page.screenshot({ path: path.join(SHOTS, `failure-${Date.now()}.png`), fullPage: true });
      throw e;
    } finally {
      await page.close();
    }
  }, 180_000);

  it.skipIf(!hasChromium)('screenshots of the notification pages in both languages, wide and narrow', async () => {
    // Something in every table: a webhook subscription and a 12345 token.
    const admin = await token('admin', ADMIN_PASSWORD);
    expect((await call(admin, 'POST', '/api/v1/admin/webhooks', { url: 'https://crm.example.org/hooks/qingting', events: ['case.registered', 'case.resolved'] })).status).toBe(201);
    expect((await call(admin, 'POST', '/api/v1/admin/api-tokens', { name: '12345 市民热线', report_url: 'https://12345.example.gov.cn/report' })).status).toBe(201);
    const page = await browser!.newPage();
    try {
      for (const lang of ['zh-CN', 'en-US'] as const) {
        await page.setViewportSize({ width: 1366, height: 900 });
        await uiLogin(page, lang);
        for (const width of [1366, 390]) {
          await page.setViewportSize({ width, height: 900 });
          for (const p of ['message-templates', 'outbox', 'channels', 'webhooks']) {
            await page.goto(`${base}/admin/${p}`);
            await page.locator('.admin-head').waitFor();
            await page.waitForLoadState('networkidle');
            await page.screenshot({ path: path.join(SHOTS, `${p}-${lang}-${width}.png`), fullPage: true });
          }
          // The channel tabs other than the first (SMS).
          for (const [i, tab] of ['email', 'wechat', 'robots'].entries()) {
            await page.goto(`${base}/admin/channels`);
            await page.locator('.ant-tabs-tab').nth(i + 1).click();
            if (tab === 'robots') {
              // The first unit of the picker, by keyboard (the dropdown's first option is the active one).
              await page.getByTestId('robot-unit').getByRole('combobox').click();
              await page.keyboard.press('Enter');
              await expect.poll(() => page.getByTestId('channel-wecom').count(), { timeout: 30_000 }).toBe(2);
              await page.mouse.click(5, 300); // away from the picker, so its dropdown is closed in the shot
              await page.waitForTimeout(300);
            }
            await page.waitForLoadState('networkidle');
            await page.evaluate(() => window.scrollTo(0, 0)); // the sticky header stays on top in a full-page shot
            await page.screenshot({ path: path.join(SHOTS, `channels-${tab}-${lang}-${width}.png`), fullPage: true });
          }
        }
      }
    } catch (e) {
      await page.screenshot({ path: path.join(SHOTS, `failure-${Date.now()}.png`), fullPage: true });
      throw e;
    } finally {
      await page.close();
    }
  }, 240_000);
});
