import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CreateApiTokenRequest } from '../../contract/channels.ts';
import { AppError } from '../../contract/errors.ts';
import { one, many, type Db } from '../../store/db.ts';
import { actorFor } from '../auth/sessions.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireAdmin } from '../orgs/admin.ts';
import { assertUnit } from '../refs.ts';
import type { UserRow } from '../auth/sessions.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN_PREFIX = 'qtk_';

/** An administrator creates an API token; the token is returned once and only its hash is stored. */
export async function createApiToken(ctx: Ctx, input: CreateApiTokenRequest) {
  requireAdmin(ctx.actor);
  const id = randomUUID();
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const at = ctx.clock.now();
  if (input.unit_id) await assertUnit(ctx.tx, ctx.actor.orgId, input.unit_id, 'unit_id');
  await ctx.tx.query(
    'insert into api_tokens (org_id, id, name, token_hash, user_id, report_url, unit_id, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8)',
    [ctx.actor.orgId, id, input.name, hash(token), ctx.actor.userId, input.report_url ?? null, input.unit_id ?? null, at],
  );
  return { id, name: input.name, report_url: input.report_url ?? null, unit_id: input.unit_id ?? null, created_at: at, token };
}

export async function listApiTokens(db: Db, actor: Actor) {
  requireAdmin(actor);
  return many(db, 'select id, name, report_url, unit_id, created_at, revoked_at from api_tokens where org_id = $1 order by created_at', [actor.orgId]);
}

/** Revokes a token at once (the next request with it is refused). @throws not_found */
export async function revokeApiToken(ctx: Ctx, id: string) {
  requireAdmin(ctx.actor);
  const r = await one<{ id: string }>(
    ctx.tx,
    'update api_tokens set revoked_at = coalesce(revoked_at, $3) where org_id = $1 and id = $2 returning id, name, report_url, unit_id, created_at, revoked_at',
    [ctx.actor.orgId, id, ctx.clock.now()],
  );
  if (!r) throw new AppError('not_found');
  return r;
}

export interface TokenHolder {
  tokenId: string;
  reportUrl: string | null;
  unitId: string | null;
  actor: Actor;
}

/** The organisation and acting user behind an `Authorization: Bearer qtk_…` header. @throws unauthenticated */
export async function actorForApiToken(pool: pg.Pool, header: string | undefined): Promise<TokenHolder> {
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token?.startsWith(TOKEN_PREFIX)) throw new AppError('unauthenticated');
  const row = await one<UserRow & { token_id: string; report_url: string | null; token_unit_id: string | null }>(
    pool,
    `select u.*, t.id as token_id, t.report_url, t.unit_id as token_unit_id from api_tokens t join users u on u.org_id = t.org_id and u.id = t.user_id
      where t.token_hash = $1 and t.revoked_at is null and u.active`,
    [hash(token)],
  );
  if (!row) throw new AppError('unauthenticated');
  return { tokenId: row.token_id, reportUrl: row.report_url, unitId: row.token_unit_id, actor: await actorFor(pool, row) };
}
