import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp } from '../src/server/app.ts';
import { PASSWORD } from './helpers.ts';

/** Another app process on the same database (no shared memory with the first). */
export async function secondApp(pool: pg.Pool): Promise<FastifyInstance> {
  return buildApp({ pool, dataDir: '/nonexistent' });
}

/** An address of its own for each test, so address throttling in one test never touches another. */
export const freshAddress = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

export async function signIn(app: FastifyInstance, input: { username: string; password?: string; org: string; address?: string; lang?: string }) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: input.address ?? '127.0.0.1',
    headers: input.lang ? { 'accept-language': input.lang } : {},
    payload: { username: input.username, password: input.password ?? PASSWORD, org: input.org },
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers, token: res.statusCode === 200 ? (res.json().token as string) : undefined };
}

/** Sets `organisations.settings.auth` for a test organisation. */
export async function setAuthSettings(pool: pg.Pool, orgId: string, auth: Record<string, number>) {
  await pool.query(`update organisations set settings = jsonb_set(settings, '{auth}', $2::jsonb) where id = $1`, [orgId, JSON.stringify(auth)]);
}

export const uniqueName = () => `nobody-${randomUUID().slice(0, 8)}`;
