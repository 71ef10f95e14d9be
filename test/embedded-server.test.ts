import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

const get = async (port: number, url: string, token?: string) => {
  const r = await fetch(`http://127.0.0.1:${port}${url}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
};

describe('the embedded PostgreSQL', () => {
  let port: number;
  let second: { child: ChildProcess; output: () => string };
  let token: string;
  let caseId: string;

  it('initialises on first start, survives the app being killed with -9, and is taken over by the next start', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'qingting-embedded-'));
    port = await freePort();
    const first = await serve(port);
    expect(first.output()).toContain('initialising the embedded PostgreSQL cluster');
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.type).toMatch(/^application\/json/);
    expect(JSON.parse(ready.body).status).toBe('ready');
    const signedIn = await login(port);
    expect(signedIn.status).toBe(200);
    token = signedIn.body.token;
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'complaint', channel: 'phone', subject: '电梯故障', content: '3号楼电梯停运', customer: { name: '测试', phone: '13800000000', room: '3-1-101' } }),
    });
    expect(created.status).toBe(201);
    caseId = ((await created.json()) as { id: string }).id;
    const pgPid = await postmasterPid();

    // Killed with -9: PostgreSQL is left running without its owner.
    first.child.kill('SIGKILL');
    await exited(first.child);
    expect(alive(pgPid)).toBe(true);

    // The next start finds it, stops it cleanly and starts its own; the data is still there.
    second = await serve(port);
    expect(second.output()).toContain('left running by an earlier process');
    expect(second.output()).not.toContain('initialising');
    expect(alive(pgPid)).toBe(false);
    expect((await get(port, `/api/v1/cases/${caseId}`, token)).status).toBe(200);
  }, 120_000);

  it('refuses a second app on the same data directory while the first lives, and leaves the first one serving', async () => {
    const pgPid = await postmasterPid();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), QINGTING_DATA_DIR: dataDir, QINGTING_DEMO: '0' };
    delete env.DATABASE_URL;
    const intruder = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(intruder);
    let out = '';
    intruder.stdout!.on('data', (d) => (out += d));
    intruder.stderr!.on('data', (d) => (out += d));
    await exited(intruder);
    expect(intruder.exitCode).toBe(1);
    expect(out).toContain(`another Qingting process (pid ${second.child.pid})`);
    expect(out).toContain('DATABASE_URL');
    expect(await postmasterPid()).toBe(pgPid);
    expect(alive(pgPid)).toBe(true);
    expect((await get(port, '/readyz')).status).toBe(200);
  }, 60_000);

  it('is restarted by the app when its postmaster is killed: /readyz says 503 meanwhile, then 200 by itself, and no case is lost', async () => {
    const pgPid = await postmasterPid();
    process.kill(pgPid, 'SIGKILL');
    const seen: number[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const { status } = await get(port, '/readyz');
      seen.push(status);
      if (status === 200 && seen.includes(503)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toContain(503);
    expect(seen.at(-1)).toBe(200);
    expect(await postmasterPid()).not.toBe(pgPid);
    expect(second.output()).toContain('is gone; restarting it');
    // The pool reconnected: the same session still works and the case registered before is there.
    const again = await get(port, `/api/v1/cases/${caseId}`, token);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body).subject).toBe('电梯故障');
    expect((await get(port, '/metrics')).body).toMatch(/^qingting_embedded_postgres_restarts_total 1$/m);
  }, 60_000);

  it('stops with the app on SIGTERM', async () => {
    const pgPid = await postmasterPid();
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);
    expect(alive(pgPid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'qingting.pid'))).toBe(false);
  }, 60_000);

  it('starts over a stale postmaster.pid whose pid now belongs to another program, and leaves that program alone', async () => {
    const other = spawn('sleep', ['120'], { stdio: 'ignore' });
    children.push(other);
    const pgDir = path.join(dataDir, 'pg');
    await writeFile(path.join(pgDir, 'postmaster.pid'), `${other.pid}\n${pgDir}\n1700000000\n${port}\n\n127.0.0.1\n  5432001    32768\nready   \n`);
    const third = await serve(port);
    expect(third.output()).toContain('removing a stale postmaster.pid');
    expect(other.exitCode).toBeNull();
    expect((await get(port, `/api/v1/cases/${caseId}`, token)).status).toBe(200);
    other.kill('SIGKILL');
    third.child.kill('SIGTERM');
    await exited(third.child);
    expect(third.child.exitCode).toBe(0);
  }, 60_000);

  it.runIf(process.getuid?.() === 0)('running as root, says how to fix a data directory the postgres user cannot reach instead of failing in initdb', async () => {
    const locked = await mkdtemp(path.join(os.tmpdir(), 'qingting-locked-')); // 0700, owned by root
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), QINGTING_DATA_DIR: path.join(locked, 'data') };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await exited(child);
    await rm(locked, { recursive: true, force: true });
    expect(child.exitCode).toBe(1);
    expect(out).toContain(`chmod 755 ${locked}`);
    expect(out).toContain('QINGTING_DATA_DIR');
    expect(out).not.toContain('initdb');
  }, 60_000);
});
