#!/usr/bin/env node
/* global process, console */
// Runs before `npm start`: builds the staff web UI into web/dist when it is missing or older than its sources,
// so `npm install && npm start` works on a fresh clone. Set QINGTING_SKIP_WEB_BUILD=1 to skip (API-only nodes).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist', 'index.html');

/** Newest modification time under `dir` (files only). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function stale() {
  if (!existsSync(dist)) return 'web/dist is missing';
  const built = statSync(dist).mtimeMs;
  const inputs = [
    newest(path.join(web, 'src')),
    newest(path.join(root, 'src', 'contract')),
    ...['index.html', 'portal.html', 'vite.config.ts'].map((f) => statSync(path.join(web, f)).mtimeMs),
  ];
  return Math.max(...inputs) > built ? 'web/src changed since the last build' : null;
}

if (process.env.QINGTING_SKIP_WEB_BUILD === '1' || !existsSync(path.join(web, 'src'))) process.exit(0);
const why = stale();
if (!why) process.exit(0);
console.log(`[qingting] building the web UI (${why})…`);
const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  // A production bundle even when called from a test runner (vitest sets NODE_ENV=test).
  env: { ...process.env, NODE_ENV: 'production' },
});
if (r.status !== 0) {
  // The API still works without the UI; the server answers / with how to build it.
  console.error('[qingting] the web UI build failed; starting without it (run `npm run build:web` to see why)');
}
process.exit(0);
