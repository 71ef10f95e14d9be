import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch } from './browser.ts';
import { serveDemo, type Served } from './serve.ts';

/**
 * The registration form and saved views (issue 9) in a real browser against `qingting serve` with the demo org:
 * keyboard submit lands on the first field in error below the sticky header; a standard phrase goes in at the cursor;
 * a phrase never to use is warned about while typing; a pasted and a dropped image are uploaded; the complaint is
 * settled on the spot; a saved view of the list is opened from beside the queues and deleted.
 */
const hasChromium = existsSync(CHROMIUM);
let served: Served | undefined;
let base = '';
let browser: BrowserContext | undefined;

/** A 1×1 PNG: the attachments API checks a file's first bytes against its type. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

beforeAll(async () => {
  if (!hasChromium) return;
  // QINGTING_E2E_BASE: run against a demo server already running (a developer's loop).
  if (process.env.QINGTING_E2E_BASE) base = process.env.QINGTING_E2E_BASE;
  else {
    served = await serveDemo('qingting-e2e-form-');
    base = served.base;
  }
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
}, 60_000);

async function login(page: Page, username: string) {
  await page.goto(`${base}/login`);
  await page.evaluate(() => localStorage.setItem('qingting.locale', 'zh-CN'));
  await page.reload();
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill('qingting-demo');
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  await page.waitForURL('**/queues');
}

/** A clipboard paste (a screenshot) or a drop of one PNG, as the browser delivers them to the page. */
async function deliver(page: Page, how: 'paste' | 'drop', selector: string, name: string) {
  await page.evaluate(
    ({ how, selector, name, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: 'image/png' }));
      const init = { bubbles: true, cancelable: true };
      const ev = how === 'paste' ? new ClipboardEvent('paste', { ...init, clipboardData: dt }) : new DragEvent('drop', { ...init, dataTransfer: dt });
      document.querySelector(selector)!.dispatchEvent(ev);
    },
    { how, selector, name, b64: PNG },
  );
}

async function registerAndSettle(page: Page, subject: string) {
  await login(page, 'agent');
  await page.goto(`${base}/cases/new`);
  await page.locator('#subject').waitFor();

  // Keyboard only: from the bottom of the page, Enter on the submit button; focus lands on the first field in
  // error (the subject), scrolled into view below the sticky header.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.getByTestId('register-submit').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('subject');
  const header = await page.locator('.app-header').boundingBox();
  const field = await page.locator('#subject').boundingBox();
  expect(field!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
  expect(field!.y + field!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
  await page.keyboard.type(subject);

  await page.locator('#customer_name').fill('周女士');
  await page.locator('#customer_phone').fill('13955556666');
  await page.locator('#customer_room').fill('16-1-2303');

  // A standard phrase goes in where the cursor is in the content.
  const content = page.locator('#content');
  await content.fill('业主来电：');
  await content.press('End');
  await page.getByTestId('phrase-bar').locator('.ant-select').click();
  await page.keyboard.type('我理解');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '我理解' }).first().click();
  await expect.poll(() => content.inputValue()).toBe('业主来电：我理解，我明白，一定认真处理这件事情。');
  await content.press('End');
  await content.pressSequentially('地下车库漏水三天无人处理。');

  // Settle on the spot; typing a phrase never to use warns at once, and the warning goes when it is gone.
  await page.getByTestId('settle-on').check();
  const answer = page.locator('#settle_answer');
  await answer.fill('这种事绝不可能再发生');
  const warning = page.getByTestId('forbidden-warning');
  await expect.poll(() => warning.innerText()).toContain('绝不可能');
  await answer.fill('已当场联系工程部堵漏，今晚前处理完毕，并向业主致歉。');
  await expect.poll(() => warning.count()).toBe(0);

  // A screenshot pasted on the page and a photo dropped on the zone are both taken.
  await deliver(page, 'paste', '#content', 'image.png');
  await deliver(page, 'drop', '[data-testid=evidence-drop]', '车库漏水.png');
  await expect.poll(() => page.getByTestId('evidence-item').count()).toBe(2);
  await expect.poll(() => page.getByTestId('evidence-item').allInnerTexts()).toContain('车库漏水.png');

  await page.getByTestId('register-submit').click();
  const number = (await page.getByTestId('case-number-large').innerText()).trim();
  expect(number).toMatch(/^[A-Z]+-\d{8}-\d{5}$/);
  await page.getByTestId('settled').waitFor();
  expect(await page.getByTestId('uploaded').innerText()).toContain('2');

  // What was saved, as the case page's API serves it: closed on the spot, with the phrase and both files.
  await page.getByTestId('open-created').click();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').at(-1)!;
  const c = await (await page.request.get(`${base}/api/v1/cases/${id}`)).json();
  expect(c).toMatchObject({ number, status: 'closed', direct_answer: true, answer: '已当场联系工程部堵漏，今晚前处理完毕，并向业主致歉。' });
  expect(c.content).toContain('我理解，我明白，一定认真处理这件事情。');
  expect(c.attachments.map((a: { filename: string }) => a.filename).sort()).toEqual(expect.arrayContaining(['车库漏水.png']));
  expect(c.attachments).toHaveLength(2);
  return number;
}

async function saveAndReopenView(page: Page, subject: string, number: string) {
  // The case list filtered to the settled case, saved under a name.
  await page.goto(`${base}/cases?${new URLSearchParams({ q: subject, status: 'closed' }).toString()}`);
  await page.locator(`[data-testid=case-row][data-number="${number}"]`).waitFor();
  await page.getByTestId('save-view').click();
  // Keyboard: OK with an empty name puts focus on the name, with its error.
  await page.getByRole('button', { name: /确\s*定/ }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('name');
  await page.keyboard.type('车库漏水（已当场处理）');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=saved-view][data-name="车库漏水（已当场处理）"]').waitFor();

  // Beside the queues: opening it brings back the same filtered list.
  await page.goto(`${base}/queues`);
  const view = page.locator('[data-testid=saved-view][data-name="车库漏水（已当场处理）"]');
  await view.getByRole('link').click();
  await page.waitForURL('**/cases?**');
  const url = new URL(page.url());
  expect([url.searchParams.get('q'), url.searchParams.get('status')]).toEqual([subject, 'closed']);
  await page.locator(`[data-testid=case-row][data-number="${number}"]`).waitFor();
  expect(await page.getByTestId('case-row').count()).toBe(1);

  // And deleted.
  await page.goto(`${base}/queues`);
  await view.getByTestId('saved-view-delete').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /删\s*除/ }).click();
  await expect.poll(() => view.count()).toBe(0);
}

describe('the registration form and saved views', () => {
  it.skipIf(!hasChromium)('registers a complaint with a phrase, warns on a forbidden one, attaches pasted and dropped images, settles it on the spot, and saves a view of it', async () => {
    const page = await browser!.newPage();
    try {
      const subject = `地下车库漏水（${Date.now()}）`;
      const number = await registerAndSettle(page, subject);
      await saveAndReopenView(page, subject, number);
    } catch (e) {
      const shot = path.join(os.tmpdir(), `qingting-e2e-form-failure-${Date.now()}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch((err: unknown) => console.error('no failure screenshot', err));
      throw new Error(`${(e as Error).message}\n(screenshot: ${shot})`, { cause: e });
    } finally {
      await page.close();
    }
  }, 180_000);
});
