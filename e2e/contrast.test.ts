import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launch } from './browser.ts';
import { serveDemo, type Served } from './serve.ts';

/**
 * Issue 9's quality bar: text at least 4.5:1 against its background (WCAG 2.x AA for normal text). In a real browser
 * on the demo, the computed colour of status tags, deadline badges, placeholders and secondary text is blended over
 * the backgrounds behind it and the ratio computed, on the queues, a case page, the registration form and the
 * time-limit administration page.
 */
const hasChromium = existsSync(CHROMIUM);
let served: Served | undefined;
let browser: BrowserContext | undefined;
let page: Page;

const MIN = 4.5;
const ADMIN_PASSWORD = 'Contrast-Check-2026!';

/** What each page must show (each selector at least once) and what else is checked when present. */
const TEXT = [
  '.ant-tag',
  '.ant-typography-secondary',
  '.ant-select-placeholder',
  '.ant-select-selection-placeholder',
  '.ant-form-item-label label',
  '.ant-form-item-extra',
  '.ant-descriptions-item-label',
  '.ant-table-thead th',
  '.ant-tabs-tab',
  '.ant-pagination-item a',
  '.ant-breadcrumb li',
  '.ant-empty-description',
  '.timeline-meta',
  '.brand-sub',
  '.case-card-time',
  '.ant-alert-message, .ant-alert-title',
  '.ant-btn-primary',
  '.ant-menu-item',
  '.ant-badge-count',
];

interface Finding { selector: string; text: string; color: string; background: string; ratio: number }

/** Runs in the page: the contrast of every visible element matching `selectors` (and of input placeholders). */
function measure(selectors: string[]): Finding[] {
  type Rgba = [number, number, number, number];
  const parse = (c: string): Rgba | null => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    const p = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0]!, p[1]!, p[2]!, p.length > 3 ? p[3]! : 1];
  };
  const over = (top: Rgba, below: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + below[0] * (1 - a), top[1] * a + below[1] * (1 - a), top[2] * a + below[2] * (1 - a), 1];
  };
  const lum = (c: Rgba) => {
    const ch = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
  };
  const background = (el: Element): Rgba => {
    const chain: Element[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) chain.unshift(e);
    let bg: Rgba = [255, 255, 255, 1];
    for (const e of chain) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) bg = over(c, bg);
    }
    return bg;
  };
  const ratio = (fg: Rgba, bg: Rgba) => {
    const [a, b] = [lum(over(fg, bg)), lum(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  // Disabled controls are exempt (WCAG 1.4.3: inactive user interface components).
  const disabled = (el: Element) => el.closest('[disabled], [aria-disabled="true"], .ant-btn-disabled, .ant-select-disabled') !== null;
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0;
  };
  const out: Finding[] = [];
  const seen = new Set<Element>();
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      if (seen.has(el) || !visible(el) || disabled(el) || !(el.textContent ?? '').trim()) continue;
      seen.add(el);
      const fg = parse(getComputedStyle(el).color)!;
      const bg = background(el);
      out.push({ selector, text: (el.textContent ?? '').trim().slice(0, 40), color: getComputedStyle(el).color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`, ratio: ratio(fg, bg) });
    }
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!visible(el) || disabled(el) || !(el as HTMLInputElement).placeholder || (el as HTMLInputElement).value) continue;
    const fg = parse(getComputedStyle(el, '::placeholder').color)!;
    const bg = background(el);
    out.push({ selector: '::placeholder', text: (el as HTMLInputElement).placeholder.slice(0, 40), color: getComputedStyle(el, '::placeholder').color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`, ratio: ratio(fg, bg) });
  }
  return out;
}

async function check(where: string, mustHave: string[]) {
  await page.waitForTimeout(600); // tags and badges fade in
  const found = await page.evaluate(measure, TEXT);
  const missing = mustHave.filter((s) => !found.some((f) => f.selector === s)).map((s) => `${where}: nothing measured for ${s}`);
  const low = [...missing, ...found.filter((f) => f.ratio < MIN).map((f) => `${where} ${f.selector} "${f.text}" ${f.color} on ${f.background}: ${f.ratio.toFixed(2)}:1`)];
  return { low, count: found.length };
}

beforeAll(async () => {
  if (!hasChromium) return;
  served = await serveDemo('qingting-e2e-contrast-');
  browser = await launch();
  page = browser.pages()[0] ?? (await browser.newPage());
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
}, 60_000);

describe('text contrast', () => {
  it.skipIf(!hasChromium)('is at least 4.5:1 for tags, deadline badges, placeholders and secondary text on the queues, a case, a form and an admin page', async () => {
    const base = served!.base;
    await page.goto(`${base}/login`);
    await page.fill('#username', 'center');
    await page.fill('#password', 'qingting-demo');
    await page.click('button[type=submit]');
    await page.waitForURL('**/queues');
    const low: string[] = [];
    let measured = 0;
    const add = (r: { low: string[]; count: number }) => {
      low.push(...r.low);
      measured += r.count;
    };

    await page.goto(`${base}/queues?queue=all`);
    await page.locator('[data-testid=deadline]').first().waitFor();
    add(await check('queues', ['.ant-tag', '.ant-table-thead th', '.ant-tabs-tab']));

    await page.locator('[data-testid=case-row] a[href^="/cases/"]').first().click();
    await page.locator('[data-testid=case-number]').waitFor();
    add(await check('case', ['.ant-tag', '.ant-descriptions-item-label']));

    await page.goto(`${base}/cases/new`);
    await page.locator('form').first().waitFor();
    add(await check('registration form', ['::placeholder', '.ant-form-item-label label']));

    // The administrator replaces the printed password first (as on first sign-in), then signs in.
    const json = { 'content-type': 'application/json' };
    const first = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'admin', password: served!.adminPassword, org: 'demo' }) });
    const { token } = (await first.json()) as { token: string };
    const changed = await fetch(`${base}/api/v1/auth/password`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ current_password: served!.adminPassword, new_password: ADMIN_PASSWORD }) });
    expect(changed.status).toBe(204);
    await page.context().clearCookies();
    await page.goto(`${base}/login`);
    await page.fill('#username', 'admin');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/queues');
    await page.goto(`${base}/admin/sla`);
    await page.locator('.ant-table-row').first().waitFor();
    add(await check('time limits', ['.ant-tag', '.ant-typography-secondary']));

    expect(measured).toBeGreaterThan(50);
    expect(low).toEqual([]);
  }, 240_000);
});
