import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** A running `qingting serve` on its own embedded PostgreSQL with the demo organisations. */
export interface Served {
  base: string;
  /** The admin password `qingting serve` printed once on first start. */
  adminPassword: string;
  /** SIGTERM (serve stops its embedded PostgreSQL first), then the data directory is removed. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * Builds the web UI if needed (the step `npm start` runs first) and starts `qingting serve` on a fresh data directory
 * named `prefix…`, as a new user's `npm start` would; the browser tests run against it.
 */
export async function serveDemo(prefix = 'qingting-e2e-'): Promise<Served> {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-web-if-needed.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(path.join(root, 'web/dist/index.html'))) throw new Error('the web UI did not build (npm run build:web)');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), QINGTING_DATA_DIR: dataDir, QINGTING_DEMO: '1' };
  delete env.DATABASE_URL;
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  let out = '';
  server.stdout!.on('data', (d) => (out += d));
  server.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 110_000;
  while (!out.includes('listening on http')) {
    if (server.exitCode !== null || Date.now() > deadline) {
      const why = server.exitCode !== null ? 'serve exited' : 'serve did not start';
      await stop();
      throw new Error(`${why}: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = `http://127.0.0.1:${port}`;
  const home = await fetch(`${base}/cases`);
  if (!(home.headers.get('content-type') ?? '').includes('text/html')) {
    await stop();
    throw new Error(`GET /cases did not return the web UI (${home.status}): is webRoutes registered in src/server/app.ts?`);
  }
  return { base, adminPassword: /admin password \(shown once\): ([^\s"]+)/.exec(out)?.[1] ?? '', stop };
}
