import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearStalePostmaster, isRunningPostgres, silentLog } from '../src/store/postmaster.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A pid that no process has: one that ran and was reaped. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

async function pgDirWithPidFile(pid: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qingting-pidfile-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'postmaster.pid'), `${pid}\n${dir}\n1700000000\n54329\n\n127.0.0.1\n  5432001    32768\nready   \n`);
  return dir;
}

describe('a postmaster.pid left behind', () => {
  it('names a running PostgreSQL only when its pid is a live postgres process, not a dead pid or another program', async () => {
    expect(isRunningPostgres(await deadPid())).toBe(false);
    expect(isRunningPostgres(process.pid)).toBe(false); // alive, but node, not postgres
  });

  it('is removed without stopping anything when its pid is dead, so start-up does not wait for a server that is gone', async () => {
    const dir = await pgDirWithPidFile(await deadPid());
    let stops = 0;
    await clearStalePostmaster(dir, async () => void stops++, silentLog);
    expect(stops).toBe(0);
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
  });

  it('is removed without signalling the program that now has its pid', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const dir = await pgDirWithPidFile(other.pid!);
      let stops = 0;
      await clearStalePostmaster(dir, async () => void stops++, silentLog);
      expect(stops).toBe(0);
      await new Promise((r) => setTimeout(r, 100)); // a signal, had one been sent, would have landed by now
      expect(other.exitCode).toBeNull();
      expect(other.signalCode).toBeNull();
      expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
