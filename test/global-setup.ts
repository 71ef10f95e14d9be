import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPool } from '../src/store/db.ts';
import { startEmbedded, type EmbeddedServer } from '../src/store/embedded.ts';
import { migrate } from '../src/store/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

let embedded: EmbeddedServer | undefined;
let dir: string | undefined;

/** One real PostgreSQL for the whole run: DATABASE_URL when set (CI), else an embedded server in a temp dir.
 * Tests never truncate: each makes a fresh organisation, so files run in parallel safely. */
export async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  if (!url) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'qingting-test-'));
    embedded = await startEmbedded(dir);
    url = embedded.url;
  }
  const pool = openPool(url, 2);
  await migrate(pool);
  await pool.end();
  project.provide('databaseUrl', url);
}

export async function teardown() {
  await embedded?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}
