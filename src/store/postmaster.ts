import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the embedded server's lifecycle says about itself (pino's logger fits). */
export interface EmbeddedLog {
  info(msg: string): void;
  warn(msg: string): void;
  error(obj: { err: unknown }, msg: string): void;
}

export const silentLog: EmbeddedLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface Owner {
  uid: number;
  gid: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The postmaster's pid from `postmaster.pid`, or undefined when there is no such file (or it is torn). */
export async function postmasterPid(pgDir: string): Promise<number | undefined> {
  const file = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number((await readFile(file, 'utf8')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Whether `pid` is a running PostgreSQL process. A zombie (dead, not yet reaped by whoever adopted it) is not
 * running, and neither is a process that reused the pid (a dead postmaster's number handed to something else).
 * Without /proc (macOS) we can only ask whether the pid exists.
 */
export function isRunningPostgres(pid: number): boolean {
  if (existsSync('/proc/self/status')) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return false; // no such process
    }
    if (/^State:\s+[ZX]/m.test(status)) return false;
    return /^Name:\s+postgres\s*$/m.test(status);
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else; ESRCH: it does not exist.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isRunningPostgres(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Stops the postmaster `pid`: a clean fast shutdown through `stop` (pg_ctl), or, if it will not stop, an immediate
 * shutdown (SIGQUIT), then SIGKILL. Crash recovery on the next start makes the last two safe.
 */
export async function stopPostmaster(pid: number, stop: () => Promise<unknown>, log: EmbeddedLog): Promise<void> {
  try {
    await stop();
  } catch (err) {
    log.error({ err }, `pg_ctl could not stop PostgreSQL pid ${pid}`);
  }
  if (!isRunningPostgres(pid)) return;
  log.warn(`PostgreSQL pid ${pid} is still running; sending it SIGQUIT`);
  process.kill(pid, 'SIGQUIT');
  if (await waitGone(pid, 10_000)) return;
  log.warn(`PostgreSQL pid ${pid} ignored SIGQUIT; killing it`);
  process.kill(pid, 'SIGKILL');
  if (!(await waitGone(pid, 10_000))) throw new Error(`PostgreSQL pid ${pid} does not stop, even with SIGKILL`);
}

/**
 * Makes the data directory free for a server of ours: a PostgreSQL left running by a parent that was killed (-9)
 * is stopped (see stopPostmaster); a `postmaster.pid` whose pid is dead, a zombie or another program is removed,
 * since PostgreSQL would refuse to start over it (and pg_ctl would wait for it to shut down).
 */
export async function clearStalePostmaster(pgDir: string, stop: () => Promise<unknown>, log: EmbeddedLog): Promise<void> {
  const pid = await postmasterPid(pgDir);
  const file = path.join(pgDir, 'postmaster.pid');
  if (pid !== undefined && isRunningPostgres(pid)) {
    log.info(`found an embedded PostgreSQL (pid ${pid}) left running by an earlier process; stopping it`);
    await stopPostmaster(pid, stop, log);
  } else if (existsSync(file)) {
    log.warn(`removing a stale postmaster.pid (pid ${pid ?? '?'} is not a running PostgreSQL)`);
  }
  await rm(file, { force: true });
}

/**
 * Running as root, the server runs as the `postgres` user, which must be able to reach (search) `dir` through
 * every parent directory. Says which directory blocks it and what to do, instead of initdb's "Permission denied".
 */
export async function assertReachable(dir: string, owner: Owner): Promise<void> {
  const reachable = (d: string) => run('test', ['-x', d], { uid: owner.uid, gid: owner.gid }).then(() => true, () => false);
  if (await reachable(dir)) return;
  let blocked = dir;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    if (!(await reachable(d))) blocked = d;
    if (d === path.dirname(d)) break;
  }
  throw new Error(
    `the embedded PostgreSQL runs as the "postgres" system user (Qingting runs as root), and that user cannot reach ${dir}: ` +
      `${blocked} is not searchable by it. Either let it through (e.g. chmod 755 ${blocked}) ` +
      `or set QINGTING_DATA_DIR to a directory it can reach (e.g. /var/lib/qingting).`,
  );
}
