import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The real `qingting serve` on its embedded PostgreSQL, as `npm start` runs it. */
const root = path.resolve(import.meta.dirname, '..');
let dataDir: string;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function serve(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), QINGTING_DATA_DIR: dataDir, QINGTING_DEMO: '0', QINGTING_ADMIN_PASSWORD: 'first-admin-pass' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 90_000;
  while (!out.includes('listening on http')) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out };
}

const postmasterPid = async () => Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
/** Running, not merely a zombie waiting to be reaped by whoever adopted it. */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};
const exited = (child: ChildProcess) => new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));

async function login(port: number) {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'first-admin-pass' }) });
  return { status: r.status, body: (await r.json()) as { token: string } };
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (dataDir && existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))) {
    const pid = await postmasterPid().catch(() => 0);
    if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded PostgreSQL', () => {
  it('initialises on first start, survives the app being killed with -9, and stops with the app on SIGTERM', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'qingting-embedded-'));
    const port = await freePort();
    const first = await serve(port);
    expect(first.output()).toContain('initialising the embedded PostgreSQL cluster');
    expect((await login(port)).status).toBe(200);
    const pgPid = await postmasterPid();

    // Killed with -9: PostgreSQL is left running without its owner.
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(alive(pgPid)).toBe(true);

    // The next start finds it, stops it cleanly and starts its own; the data is still there.
    const second = await serve(port);
    expect(second.output()).toContain('left running by an earlier process');
    expect(second.output()).not.toContain('initialising');
    expect(alive(pgPid)).toBe(false);
    expect((await login(port)).status).toBe(200);
    const pgPid2 = await postmasterPid();

    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);
    expect(alive(pgPid2)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 240_000);
});
