/**
 * Screenshots of the registration form (phrases, forbidden-phrase warning, evidence, settle on the spot, the first
 * error focused, the case number after saving) and of the queues with saved views, at 1366 and 390 px, in Chinese
 * and English. Usage: `npx tsx e2e/register-shots.ts http://127.0.0.1:3000 /tmp/shots` against a running demo.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launch } from './browser.ts';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? '/tmp/shots';
await mkdir(out, { recursive: true });
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

for (const [device, viewport] of [['desktop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]] as const) {
  for (const lang of ['zh', 'en'] as const) {
    const ctx = await launch(viewport);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const shot = (name: string, fullPage = false) => page.screenshot({ path: path.join(out, `${name}-${device}-${lang}.png`), fullPage });
    await page.goto(`${base}/login`);
    await page.evaluate((l) => localStorage.setItem('qingting.locale', l), lang === 'en' ? 'en-US' : 'zh-CN');
    await page.reload();
    await page.fill('#username', 'agent');
    await page.fill('#password', 'qingting-demo');
    await page.click('button[type=submit]');
    await page.waitForURL('**/queues');
    const name = lang === 'en' ? `Elevator ${device}` : `电梯投诉 ${device}`;
    await page.request.post(`${base}/api/v1/saved-views`, { data: { name, query: { q: '电梯', status: 'registered,accepted' } } });
    await page.reload();
    await page.waitForSelector('[data-testid=saved-view]');
    await page.waitForTimeout(800);
    await shot('queues');

    await page.goto(`${base}/cases/new`);
    await page.waitForSelector('#subject');
    await page.click('[data-testid=register-submit]');
    await page.waitForTimeout(600);
    await shot('register-error');
    await page.fill('#subject', lang === 'en' ? 'Garage leaking for three days' : '地下车库漏水三天无人处理');
    await page.fill('#customer_name', lang === 'en' ? 'Ms Zhou' : '周女士');
    await page.fill('#customer_phone', '13955556666');
    await page.fill('#customer_room', '16-1-2303');
    await page.fill('#content', lang === 'en' ? 'Caller says: ' : '业主来电：');
    await page.locator('[data-testid=phrase-bar] .ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').nth(1).click();
    await page.locator('#content').press('End');
    await page.locator('#content').pressSequentially(lang === 'en' ? ' 绝不可能' : '绝不可能');
    await page.evaluate((b64) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'image.png', { type: 'image/png' }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
    }, PNG);
    await page.check('[data-testid=settle-on]');
    await page.fill('#settle_answer', lang === 'en' ? 'Plumber sent now; fixed tonight.' : '已当场联系工程部堵漏，今晚前处理完毕。');
    await page.waitForTimeout(500);
    await shot('register-form', true);
    await page.fill('#content', lang === 'en' ? 'Water on the floor of the garage.' : '车库地面积水。');
    await page.click('[data-testid=register-submit]');
    await page.waitForSelector('[data-testid=case-number-large]');
    await page.waitForTimeout(500);
    await shot('register-done');
    await ctx.close();
  }
}
console.log(`screenshots in ${out}`);
