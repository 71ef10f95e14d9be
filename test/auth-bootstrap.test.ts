import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { bootstrap } from '../src/app/orgs/bootstrap.ts';
import { buildApp } from '../src/server/app.ts';
import { openPool } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { testPool } from './helpers.ts';

// Bootstrap acts only on an empty database, so each case gets a database of its own on the test server.
const admin = testPool();
const created: string[] = [];
afterAll(async () => {
  for (const db of created) await admin.query(`drop database if exists "${db}" with (force)`);
  await admin.end();
});

async function emptyDatabase() {
  const name = `qt_boot_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await admin.query(`create database "${name}"`);
  created.push(name);
  const url = new URL(inject('databaseUrl'));
  url.pathname = `/${name}`;
  const pool = openPool(url.toString(), 3);
  await migrate(pool);
  return pool;
}

const signIn = async (app: Awaited<ReturnType<typeof buildApp>>, password: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password } });

describe('bootstrap of an empty database', () => {
  it('makes the administrator replace a generated password at the first sign-in', async () => {
    const pool = await emptyDatabase();
    const boot = await bootstrap(pool, { demo: false });
    expect(boot.created).toBe(true);
    const app = await buildApp({ pool, dataDir: '/nonexistent' });
    const r = await signIn(app, boot.created ? boot.generatedPassword! : '');
    expect(r.statusCode).toBe(200);
    expect(r.json().user.must_change_password).toBe(true);
    await app.close();
    await pool.end();
  });

  it('keeps a password set by QINGTING_ADMIN_PASSWORD without a forced change', async () => {
    const pool = await emptyDatabase();
    const boot = await bootstrap(pool, { demo: false, adminPassword: 'Operator-chosen-2026' });
    expect(boot.created && boot.generatedPassword).toBeUndefined();
    const app = await buildApp({ pool, dataDir: '/nonexistent' });
    const r = await signIn(app, 'Operator-chosen-2026');
    expect(r.statusCode).toBe(200);
    expect(r.json().user.must_change_password).toBe(false);
    await app.close();
    await pool.end();
  });
});
