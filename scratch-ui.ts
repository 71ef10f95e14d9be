import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launch } from './e2e/browser.ts';

const root = import.meta.dirname;
spawnSync(process.execPath, [path.join(root, 'scripts/build-web-if-needed.mjs')], { cwd: root, stdio: 'inherit' });
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'qingting-bui-'));
const port = 38123;
const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), QINGTING_DATA_DIR: dataDir, QINGTING_DEMO: '1' };
delete env.DATABASE_URL;
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
server.stdout!.on('data', (d) => (out += d));
server.stderr!.on('data', (d) => (out += d));
const t0 = Date.now();
while (!out.includes('listening on http')) {
  if (server.exitCode !== null) throw new Error(out);
  await new Promise((r) => setTimeout(r, 200));
}
console.log('started in', Date.now() - t0, 'ms');
const base = `http://127.0.0.1:${port}`;
const browser = await launch();
const page = await browser.newPage();
try {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名', { exact: true }).fill('agent');
  await page.getByLabel('密码', { exact: true }).fill('qingting-demo');
  await page.getByRole('button', { name: '登 录' }).or(page.getByRole('button', { name: '登录' })).click();
  await page.waitForURL('**/cases');
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: 'qingting-demo' }) });
  const token = (await login.json()).token;
  const list = await (await fetch(`${base}/api/v1/cases?status=resolved&page_size=50`, { headers: { authorization: `Bearer ${token}` } })).json();
  const visitable = list.items.find((c: { abilities: string[] }) => c.abilities.includes('visit'));
  const pending = list.items.find((c: { approval_pending: unknown }) => c.approval_pending);
  console.log('resolved', list.total, 'visitable', !!visitable, 'pending', !!pending);
  await page.goto(`${base}/cases/${visitable.id}`);
  await page.locator('button[data-action="visit"]').click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/bui/visit.png' });
  await page.keyboard.press('Escape');
  await page.goto(`${base}/cases/${pending.id}`);
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/bui/pending.png', fullPage: true });
  await page.goto(`${base}/cases/new`);
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/bui/register.png', fullPage: true });
  const counts = await (await fetch(`${base}/api/v1/cases?page_size=1`, { headers: { authorization: `Bearer ${token}` } })).json();
  console.log('agent sees', counts.total);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
