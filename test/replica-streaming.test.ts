import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachReplica, openPool, readPool } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { complaint, testApi, type TestApi } from './helpers.ts';

/**
 * Issue 8, read scaling: lists read from a streaming replica (`DATABASE_REPLICA_URL`) while writes and the case
 * page stay on the primary. The test starts its own primary and a replica made with `pg_basebackup -R` from
 * Debian's PostgreSQL 15 binaries (PG_BIN to use others).
 */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const present = ['initdb', 'pg_ctl', 'pg_basebackup'].every((b) => existsSync(path.join(BIN, b)));
const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root, its binaries run as the `postgres` system user. */
async function pgRun(bin: string, args: string[]) {
  const cmd = path.join(BIN, bin);
  return asRoot ? run('runuser', ['-u', 'postgres', '--', cmd, ...args]) : run(cmd, args);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let dir: string;
let primaryPort: number;
let replicaPort: number;
let primary: pg.Pool;
let replica: pg.Pool;
let t: TestApi;
let agent: string;
const started: string[] = [];

async function startServer(dataDir: string, port: number) {
  await pgRun('pg_ctl', ['-D', dataDir, '-l', path.join(dir, `${port}.log`), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  started.push(dataDir);
}

/** Waits until the replica has replayed everything the primary has written so far. */
async function caughtUp() {
  const lsn = (await primary.query('select pg_current_wal_lsn()::text l')).rows[0].l as string;
  for (let i = 0; i < 200; i++) {
    const r = await replica.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn ok', [lsn]);
    if (r.rows[0].ok) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`replica did not reach ${lsn}`);
}

const suite = present ? describe : describe.skip;
if (!present) console.warn(`[replica test] skipped: PostgreSQL binaries not found in ${BIN} (set PG_BIN)`);

suite('lists served by a streaming read replica', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qingting-replica-'));
    // The postgres system user must reach the directory (mkdtemp makes 0700 ones) and own it to create data dirs.
    await chmod(dir, 0o755);
    if (asRoot) {
      const uid = Number((await run('id', ['-u', 'postgres'])).stdout);
      const gid = Number((await run('id', ['-g', 'postgres'])).stdout);
      await chown(dir, uid, gid);
    }
    primaryPort = await freePort();
    replicaPort = await freePort();
    const primaryDir = path.join(dir, 'primary');
    const replicaDir = path.join(dir, 'replica');
    await pgRun('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    await startServer(primaryDir, primaryPort);
    await pgRun('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream']);
    await startServer(replicaDir, replicaPort);

    primary = openPool(`postgres://postgres@127.0.0.1:${primaryPort}/postgres`, 5);
    await migrate(primary);
    replica = attachReplica(primary, `postgres://postgres@127.0.0.1:${replicaPort}/postgres`, 5);
    t = await testApi(primary);
    agent = await t.login('agent');
  }, 120_000);

  afterAll(async () => {
    await t?.app.close();
    await replica?.end();
    await primary?.end();
    for (const d of started.reverse()) await pgRun('pg_ctl', ['-D', d, '-m', 'fast', '-w', 'stop']);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is a standby in recovery, fed by the primary', async () => {
    expect((await replica.query('select pg_is_in_recovery() r')).rows[0].r).toBe(true);
    expect((await primary.query('select count(*)::int n from pg_stat_replication')).rows[0].n).toBe(1);
    expect(readPool(primary)).toBe(replica);
  });

  it('lists what the replica has replayed, while a new case is read back from the primary at once', async () => {
    const first = await t.call(agent, 'POST', '/api/v1/cases', complaint({ subject: '电梯故障一' }));
    expect(first.status).toBe(201);
    await caughtUp();
    const subjects = async () => (await t.call(agent, 'GET', '/api/v1/cases')).body.items.map((c: { subject: string }) => c.subject);
    expect(await subjects()).toEqual(['电梯故障一']);

    // Hold the replica still: what the primary writes now is not on the replica until replay resumes.
    await replica.query('select pg_wal_replay_pause()');
    try {
      const second = await t.call(agent, 'POST', '/api/v1/cases', complaint({ subject: '电梯故障二' }));
      expect(second.status).toBe(201);
      expect(await subjects()).toEqual(['电梯故障一']);
      // The case page reads the primary: the caller sees what they just wrote.
      const page = await t.call(agent, 'GET', `/api/v1/cases/${second.body.id}`);
      expect(page.status).toBe(200);
      expect(page.body.subject).toBe('电梯故障二');
    } finally {
      await replica.query('select pg_wal_replay_resume()');
    }
    await caughtUp();
    expect(await subjects()).toEqual(['电梯故障二', '电梯故障一']);
  });
});
