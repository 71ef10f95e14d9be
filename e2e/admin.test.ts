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
 * The administration pages in a real browser against `qingting serve` with the demo organisation: a local holiday
 * marked in the calendar moves an open case's deadline, a password reset, an unlock; then screenshots of every
 * admin page in zh-CN and en-US at 1366 and 390 px (in $QINGTING_SHOTS or the temp directory) for a person to look at.
 */
const hasChromium = existsSync(CHROMIUM);
const SHOTS = process.env.QINGTING_SHOTS ?? path.join(os.tmpdir(), 'qingting-admin-shots');
const ADMIN_PASSWORD = 'Heron-lake-47-bridge';
let served: Served | undefined;
let base = '';
let browser: BrowserContext | undefined;
let printedAdminPassword = '';


async function startServer(): Promise<void> {
  served = await serveDemo('qingting-e2e-admin-');
  base = served.base;
  printedAdminPassword = served.adminPassword;
}

/** The API as a client with a bearer token (or none). */
async function call(token: string | null, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const signIn = (username: string, password: string) => call(null, 'POST', '/api/v1/auth/login', { username, password, org: 'demo' });
async function token(username: string, password: string): Promise<string> {
  const r = await signIn(username, password);
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

async function uiLogin(page: Page, lang: 'zh-CN' | 'en-US' = 'zh-CN') {
  // Signed out first: the sign-in page sends a signed-in browser on to the cases.
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.evaluate((l) => localStorage.setItem('qingting.locale', l), lang);
  await page.reload();
  await page.fill('#username', 'admin');
  await page.fill('#password', ADMIN_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL('**/queues');
}

/** The Beijing calendar date of an instant. */
const bjDate = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  if (!hasChromium) return;
  await startServer();
  await mkdir(SHOTS, { recursive: true });
  // The administrator replaces the generated password (as on first sign-in).
  const first = await token('admin', printedAdminPassword);
  const changed = await call(first, 'POST', '/api/v1/auth/password', { current_password: printedAdminPassword, new_password: ADMIN_PASSWORD });
  expect(changed.status, JSON.stringify(changed.body)).toBe(204);
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await served?.stop();
}, 60_000);

async function withFailureShot(page: Page, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (e) {
    const shot = path.join(os.tmpdir(), `qingting-e2e-admin-failure-${Date.now()}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    throw new Error(`${(e as Error).message}\n(screenshot: ${shot})`, { cause: e });
  }
}

describe('the administration pages', () => {
  it.skipIf(!hasChromium)('an administrator marks a local holiday in the month view and an open case’s deadline moves a working day later', async () => {
    const agent = await token('agent', 'qingting-demo');
    const admin = await token('admin', ADMIN_PASSWORD);
    // Property companies count natural days (004 五); the general-enterprise family counts 3 working days (001 四).
    expect((await call(admin, 'PUT', '/api/v1/admin/sla-family', { family: 'general' })).status).toBe(200);
    const reg = await call(agent, 'POST', '/api/v1/cases', {
      kind: 'complaint', channel: 'phone', subject: `电梯停运(${Date.now()})`, content: '3号楼电梯停运两天无人处理',
      customer: { name: '王女士', phone: '13800138000', room: '3-1-1201' },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const resolve = async () => (await call(admin, 'GET', `/api/v1/cases/${reg.body.id}`)).body.sla.clocks.resolve as { due_at: string };
    const before = await resolve();
    const day = bjDate(before.due_at);
    // The clock counts working days: its last day is a working day after today, inside the span.
    expect(day > bjDate(new Date().toISOString())).toBe(true);

    const page = await browser!.newPage();
    await withFailureShot(page, async () => {
      await uiLogin(page);
      await page.goto(`${base}/admin/calendar`);
      const cell = page.locator(`td:has([data-date="${day}"])`).first();
      await cell.waitFor();
      await cell.click();
      const modal = page.locator('.ant-modal-wrap:visible .ant-modal');
      await modal.waitFor();
      await modal.getByLabel('说明(如:区域停电)').fill('区域停电');
      await modal.getByRole('button', { name: '设为休息日' }).click();
      await modal.waitFor({ state: 'detached' });
      await expect.poll(() => page.locator(`[data-date="${day}"] .ant-tag`, { hasText: '区域停电' }).count()).toBe(1);
      await page.screenshot({ path: path.join(SHOTS, 'calendar-after-holiday.png') });

      // The recompute job moves the deadline shortly after (it runs every 2 s), outside the administrator's request.
      await expect.poll(async () => new Date((await resolve()).due_at).getTime(), { timeout: 30_000 }).toBeGreaterThan(new Date(before.due_at).getTime());
      const after = await resolve();
      expect(bjDate(after.due_at) > day).toBe(true);
      await expect.poll(() => page.getByTestId('recomputing').count(), { timeout: 30_000 }).toBe(0);
      // …and the case page shows the moved deadline.
      await page.goto(`${base}/cases/${reg.body.id}`);
      await page.waitForSelector('[data-testid=timeline]');
      await page.screenshot({ path: path.join(SHOTS, 'case-after-holiday.png'), fullPage: true });
    });
    await page.close();
  }, 120_000);

  it.skipIf(!hasChromium)('an administrator resets a user’s password (a temporary one shown once) and unlocks a locked account', async () => {
    const admin = await token('admin', ADMIN_PASSWORD);
    // Lock the handler: three wrong passwords under a lockout of three.
    expect((await call(admin, 'PUT', '/api/v1/admin/auth-settings', { lockout_after: 3 })).status).toBe(200);
    for (let i = 0; i < 3; i++) await signIn('handler', 'wrong-password');
    const locked = await signIn('handler', 'qingting-demo');
    expect(locked.body.error?.code).toBe('account_locked');

    const page = await browser!.newPage();
    await withFailureShot(page, async () => {
      await uiLogin(page);
      await page.goto(`${base}/admin/users`);
      await page.getByTestId('locked-handler').waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'users-locked.png') });
      await page.getByTestId('unlock-handler').click();
      await page.getByTestId('locked-handler').waitFor({ state: 'detached' });
      expect((await signIn('handler', 'qingting-demo')).status).toBe(200);

      await page.getByTestId('reset-manager').click();
      const modal = page.locator('.ant-modal-wrap:visible .ant-modal');
      await modal.getByRole('button', { name: '重置密码' }).click();
      const shown = modal.getByTestId('temporary-password');
      await shown.waitFor();
      const temporary = (await shown.innerText()).trim();
      expect(temporary.length).toBeGreaterThanOrEqual(12);
      await page.screenshot({ path: path.join(SHOTS, 'users-reset.png') });
      expect((await signIn('manager', 'qingting-demo')).body.error?.code).toBe('invalid_credentials');
      const withTemporary = await signIn('manager', temporary);
      expect(withTemporary.status).toBe(200);
      expect(withTemporary.body.user.must_change_password).toBe(true);
    });
    await page.close();
  }, 120_000);

  it.skipIf(!hasChromium)('renders every admin page in both languages at 1366 and 390 px (screenshots to look at)', async () => {
    await mkdir(SHOTS, { recursive: true });
    const pages = ['units', 'users', 'categories', 'sla', 'calendar', 'settings', 'phrases', 'audit'];
    for (const [device, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
      for (const lang of ['zh-CN', 'en-US'] as const) {
        const ctx = await launch(viewport);
        const page = ctx.pages()[0] ?? (await ctx.newPage());
        await withFailureShot(page, async () => {
          await uiLogin(page, lang);
          for (const p of pages) {
            await page.goto(`${base}/admin/${p}`);
            await page.waitForSelector('.admin-head');
            await page.waitForLoadState('networkidle');
            await page.waitForTimeout(300);
            // Nothing on the page is left untranslated: no raw catalogue keys.
            expect(await page.locator('body').innerText()).not.toMatch(/admin\.(menu|common)\./);
            await page.screenshot({ path: path.join(SHOTS, `admin-${p}-${device}-${lang}.png`), fullPage: true });
          }
          // October 2026: the National Day holidays and the make-up working day (调休) marked.
          await page.goto(`${base}/admin/calendar?month=2026-10`);
          await page.waitForSelector('[data-date="2026-10-01"] .ant-tag');
          expect(await page.locator('[data-date="2026-10-01"] .ant-tag').count()).toBe(1);
          await page.screenshot({ path: path.join(SHOTS, `admin-calendar-october-${device}-${lang}.png`), fullPage: true });
        });
        await ctx.close();
      }
    }
  }, 240_000);
});
