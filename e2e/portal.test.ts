import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch } from './browser.ts';
import { serveDemo, type Served } from './serve.ts';

/**
 * The customer portal in a real browser on a 390 px phone screen, against the real `qingting serve` (embedded
 * PostgreSQL, demo organisation): consent, submit with a photo, the number, tracking, staff resolve it through the
 * API, the customer answers the return visit; then an English pass. Screenshots go to $QINGTING_SHOTS (default
 * <tmp>/qingting-portal-shots). Also measures what the first load of the portal and of the workbench transfers.
 */
const hasChromium = existsSync(CHROMIUM);
const shots = process.env.QINGTING_SHOTS ?? path.join(os.tmpdir(), 'qingting-portal-shots');
const PHONE = { width: 390, height: 844 };
let served: Served | undefined;
let base = '';

async function startServer(): Promise<void> {
  served = await serveDemo('qingting-e2e-portal-');
  base = served.base;
}

beforeAll(async () => {
  if (!hasChromium) return;
  await mkdir(shots, { recursive: true });
  await startServer();
}, 180_000);

afterAll(async () => {
  await served?.stop();
}, 60_000);

// A 1×1 PNG, as a phone's camera would hand over a photo.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3e1b1b50000000049454e44ae426082', 'hex');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads raw API JSON
async function api(token: string | null, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const data = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}
const login = async (username: string) => (await api(null, 'POST', '/api/v1/auth/login', { username, password: 'qingting-demo', org: 'demo' })).token as string;

/** Staff take the case to resolved through the API, with a progress note for the customer on the way. */
async function staffResolve(number: string) {
  const center = await login('center');
  const found = (await api(center, 'GET', `/api/v1/cases?q=${encodeURIComponent(number)}`)).items.find((c: { number: string }) => c.number === number);
  let c = await api(center, 'GET', `/api/v1/cases/${found.id}`);
  const categories = (await api(center, 'GET', '/api/v1/categories')).items;
  const users = (await api(center, 'GET', '/api/v1/users')).items;
  const handler = users.find((u: { username: string }) => u.username === 'handler');
  c = await api(center, 'POST', `/api/v1/cases/${c.id}/actions/accept`, { version: c.version, category_id: categories[0].id, severity: 'minor', validity: 'valid', note: '内部：老客户' });
  c = await api(center, 'POST', `/api/v1/cases/${c.id}/actions/assign`, { version: c.version, department_id: handler.unit_id, handler_id: handler.id });
  await api(center, 'POST', `/api/v1/cases/${c.id}/customer-replies`, { note: '维修师傅今天下午上门。' });
  const h = await login('handler');
  c = await api(h, 'POST', `/api/v1/cases/${c.id}/actions/start`, { version: c.version });
  await api(h, 'POST', `/api/v1/cases/${c.id}/actions/resolve`, { version: c.version, resolution: '已更换灯具', remedy: { types: ['repair'] } });
}

/** Nothing sticks out sideways on the phone (no horizontal scrolling); names what does. */
async function fitsWidth(page: Page) {
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
  );
  expect(wide).toEqual([]);
}

/** Bytes on the wire (encoded) of every response of a first load. */
async function firstLoad(ctx: BrowserContext, url: string, ready: string) {
  const page = await ctx.newPage();
  const responses: Promise<number>[] = [];
  page.on('requestfinished', (r) => responses.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
  await page.goto(url);
  await page.waitForSelector(ready);
  await page.waitForLoadState('networkidle');
  const total = (await Promise.all(responses)).reduce((a, b) => a + b, 0);
  await page.close();
  return total;
}

async function track(page: Page, number: string, phone: string, labels: { tab: string; number: string; phone: string; submit: string }) {
  await page.getByRole('button', { name: labels.tab }).click();
  await page.getByLabel(labels.number).fill(number);
  await page.getByLabel(labels.phone).fill(phone);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await page.getByTestId('stage').waitFor();
}

describe('the customer portal on a phone', () => {
  it.skipIf(!hasChromium)('a customer consents, submits with a photo, tracks it, and answers the return visit once staff resolved it', async () => {
    const ctx = await launch(PHONE);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const errors: string[] = [];
    // Script errors fail the test; the browser's own note on a 4xx answer (the wrong-phone lookup, favicon) does not.
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    try {
      await page.goto(`${base}/portal/demo`);
      await page.getByRole('heading', { name: '个人信息保护说明' }).waitFor();
      await page.screenshot({ path: path.join(shots, 'consent-zh.png'), fullPage: true });
      // Continuing without consent is refused, with the reason, and focus on the box.
      await page.getByRole('button', { name: '同意并继续' }).click();
      await expect.poll(() => page.getByRole('alert').innerText()).toContain('请先阅读并勾选同意');
      await page.getByLabel('我已阅读并同意上述个人信息保护说明').check();
      await page.getByRole('button', { name: '同意并继续' }).click();

      await page.getByLabel('请描述具体情况').waitFor();
      // The organisation's rules (property preset) require the room: submitting without it marks it and focuses it.
      await page.getByLabel('请描述具体情况').fill('东门路灯坏了一周，晚上很黑，老人容易摔倒。');
      await page.getByLabel('您的称呼').fill('赵女士');
      await page.getByLabel('手机号').fill('13900001111');
      await page.getByRole('button', { name: '提交', exact: true }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('room');
      await page.screenshot({ path: path.join(shots, 'form-error-zh.png'), fullPage: true });
      await page.getByLabel('房号').fill('5-1-502');
      await page.getByLabel('从相册选择').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PNG });
      await page.getByText('已选 1 张').waitFor();
      await fitsWidth(page);
      await page.screenshot({ path: path.join(shots, 'form-zh.png'), fullPage: true });
      await page.getByRole('button', { name: '提交', exact: true }).click();

      const number = (await page.getByTestId('case-number').innerText()).trim();
      expect(number).toMatch(/^[A-Z]+-\d{8}-\d{5}$/);
      await page.screenshot({ path: path.join(shots, 'done-zh.png'), fullPage: true });
      await page.getByRole('button', { name: '查看进度' }).click();
      await expect.poll(async () => (await page.getByTestId('stage').innerText()).trim()).toBe('已收到，等待受理');
      await page.getByText('已上传照片 1 张').waitFor();

      // A wrong phone is told nothing about the case.
      await page.getByRole('button', { name: '查询进度' }).click();
      await page.getByLabel('编号').fill(number);
      await page.getByLabel('手机号').fill('13900009999');
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').innerText()).toContain('没有找到');

      await staffResolve(number);
      await page.getByLabel('手机号').fill('139 0000 1111');
      await page.getByRole('button', { name: '查询', exact: true }).click();
      await expect.poll(async () => (await page.getByTestId('stage').innerText()).trim()).toBe('已处理完毕，请您评价');
      await page.getByText('维修师傅今天下午上门。').waitFor();
      const text = await page.locator('main').innerText();
      for (const secret of ['内部', '王建国', '周敏', '已更换灯具']) expect(text).not.toContain(secret);
      await fitsWidth(page);
      await page.screenshot({ path: path.join(shots, 'visit-zh.png'), fullPage: true });

      await page.getByRole('button', { name: '提交评价' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('resolved');
      await page.getByLabel('解决了').check();
      await page.getByLabel('满意', { exact: true }).check();
      await page.getByLabel('其他意见（选填）').fill('很及时，谢谢');
      await page.getByRole('button', { name: '提交评价' }).click();
      await expect.poll(async () => (await page.getByRole('status').innerText()).trim()).toBe('感谢您的评价。');
      await expect.poll(async () => (await page.getByTestId('stage').innerText()).trim()).toBe('已办结');
      expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);
      await page.screenshot({ path: path.join(shots, 'closed-zh.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 180_000);

  it.skipIf(!hasChromium)('works in English: the switch sticks, a praise is submitted and tracked', async () => {
    const ctx = await launch(PHONE);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    try {
      await page.goto(`${base}/portal/demo`);
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'How we protect your personal data' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'How we protect your personal data' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
      await page.screenshot({ path: path.join(shots, 'consent-en.png'), fullPage: true });
      await page.getByLabel('I have read and accept this privacy notice').check();
      await page.getByRole('button', { name: 'Accept and continue' }).click();
      await page.getByLabel('Praise').check();
      await page.getByLabel('What happened?').fill('The night guard helped my mother home in the rain.');
      await page.getByLabel('Your name').fill('Ms Li');
      await page.getByLabel('Mobile number').fill('13900002222');
      await page.getByLabel('Room').fill('2-1-301');
      await page.screenshot({ path: path.join(shots, 'form-en.png'), fullPage: true });
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      const number = (await page.getByTestId('case-number').innerText()).trim();
      await page.screenshot({ path: path.join(shots, 'done-en.png'), fullPage: true });
      await track(page, number, '13900002222', { tab: 'Track a case', number: 'Case number', phone: 'Mobile number', submit: 'Track' });
      await expect.poll(async () => (await page.getByTestId('stage').innerText()).trim()).toBe('Received, waiting to be taken on');
      await page.getByLabel('Additional details').fill('Her name is Xiao Zhang, I think.');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(async () => (await page.getByRole('status').innerText()).trim()).toBe('Thank you, we have received it.');
      await page.getByText('Her name is Xiao Zhang, I think.').waitFor();
      await fitsWidth(page);
      await page.screenshot({ path: path.join(shots, 'case-en.png'), fullPage: true });
      // How the customer wants to be told: the portal's language is already theirs; they ask for no messages.
      const card = page.getByTestId('contact-preferences');
      await expect.poll(() => card.getByLabel('English').isChecked()).toBe(true);
      await card.getByLabel('Do not send me messages').check();
      await card.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(async () => (await card.getByRole('status').innerText()).trim()).toBe('Saved; we will write to you this way from now on.');
      // A reload (common in WeChat) keeps the case open while its token lasts.
      await page.reload();
      await expect.poll(async () => (await page.getByTestId('case-number').innerText()).trim()).toBe(number);
    } finally {
      await ctx.close();
    }
  }, 120_000);

  it.skipIf(!hasChromium)('loads compressed: the portal’s first load stays under 200 KB on the wire; hashed assets are cached for good', async () => {
    const ctx = await launch(PHONE);
    try {
      const portal = await firstLoad(ctx, `${base}/portal/demo`, 'form');
      const workbench = await firstLoad(ctx, `${base}/login`, 'form');
      console.log(`first load transferred: portal ${(portal / 1024).toFixed(1)} KB, workbench login ${(workbench / 1024).toFixed(1)} KB`);
      expect(portal).toBeLessThan(200 * 1024);
      const html = await (await fetch(`${base}/portal/demo`)).text();
      const asset = /src="(\/assets\/portal-[^"]+\.js)"/.exec(html)![1]!;
      const res = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('cache-control')).toContain('immutable');
      const gz = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(gz.headers.get('content-encoding')).toBe('gzip');
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
