import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../contract/errors.ts';
import type { PhrasePatch, PhraseRequest } from '../../contract/phrases.ts';
import type { Trade } from '../../contract/enums.ts';
import { matchForbidden, PHRASE_PRESETS } from '../../domain/phrase-presets.ts';
import { many, one, type Db } from '../../store/db.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireAdmin } from '../orgs/admin.ts';

export interface PhraseItem {
  id: string;
  text: string;
  kind: 'standard' | 'forbidden';
  scene?: string;
}

/**
 * Gives an organisation its trade's preset phrases once (organisations.phrases_seeded): the first caller flips the
 * flag and inserts; concurrent callers find it set. Deleting every phrase afterwards does not bring them back.
 */
export async function ensurePhrasesSeeded(db: Db, orgId: string): Promise<void> {
  const flipped = await one<{ trade: Trade }>(db, 'update organisations set phrases_seeded = true where id = $1 and not phrases_seeded returning trade', [orgId]);
  if (!flipped) return;
  const presets = PHRASE_PRESETS[flipped.trade] ?? PHRASE_PRESETS.general;
  await db.query(
    `insert into phrases (org_id, id, kind, text, scene, sort, source)
     select $1, gen_random_uuid(), k, t, s, o, src from unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) as u(k, t, s, o, src)
     on conflict do nothing`,
    [orgId, presets.map((p) => p.kind), presets.map((p) => p.text), presets.map((p) => p.scene ?? null), presets.map((_, i) => i * 10), presets.map((p) => p.source)],
  );
}

const toItem = (r: { id: string; text: string; kind: 'standard' | 'forbidden'; scene: string | null }): PhraseItem =>
  ({ id: r.id, text: r.text, kind: r.kind, ...(r.scene ? { scene: r.scene } : {}) });

/** The organisation's phrases, standard first, in the administrator's order. */
export async function listPhrases(db: Db, orgId: string): Promise<PhraseItem[]> {
  await ensurePhrasesSeeded(db, orgId);
  const rows = await many<{ id: string; text: string; kind: 'standard' | 'forbidden'; scene: string | null }>(
    db,
    `select id, text, kind, scene from phrases where org_id = $1 order by kind desc, sort, created_at, text`,
    [orgId],
  );
  return rows.map(toItem);
}

/**
 * The organisation's phrases never to use that `text` contains (full-width punctuation and spaces ignored), for
 * checks on the server (answers, notes) and for the workbench's warning.
 */
export async function findForbiddenPhrases(db: Db, orgId: string, text: string): Promise<string[]> {
  await ensurePhrasesSeeded(db, orgId);
  const rows = await many<{ text: string }>(db, `select text from phrases where org_id = $1 and kind = 'forbidden' order by sort, text`, [orgId]);
  return matchForbidden(text, rows.map((r) => r.text));
}

function duplicate(text: string) {
  return new AppError('duplicate', [{ path: 'text', code: 'duplicate', message: text }], { entity: 'phrase' });
}

/** @throws forbidden_action, duplicate */
export async function createPhrase(ctx: Ctx, input: z.infer<typeof PhraseRequest>): Promise<PhraseItem> {
  requireAdmin(ctx.actor);
  await ensurePhrasesSeeded(ctx.tx, ctx.actor.orgId);
  const row = await one<{ id: string; text: string; kind: 'standard' | 'forbidden'; scene: string | null }>(
    ctx.tx,
    `insert into phrases (org_id, id, kind, text, scene, sort, source, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, 'admin', $7, $7)
     on conflict (org_id, kind, text) do nothing returning id, text, kind, scene`,
    [ctx.actor.orgId, randomUUID(), input.kind, input.text, input.kind === 'standard' ? (input.scene ?? null) : null, input.sort ?? 1000, ctx.clock.now()],
  );
  if (!row) throw duplicate(input.text);
  return toItem(row);
}

const uuidOr404 = (id: string) => {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
  return id;
};

/** @throws forbidden_action, not_found, duplicate */
export async function updatePhrase(ctx: Ctx, id: string, input: z.infer<typeof PhrasePatch>): Promise<PhraseItem> {
  requireAdmin(ctx.actor);
  const current = await one<{ kind: string }>(ctx.tx, 'select kind from phrases where org_id = $1 and id = $2 for update', [ctx.actor.orgId, uuidOr404(id)]);
  if (!current) throw new AppError('not_found');
  const kind = input.kind ?? current.kind;
  try {
    const row = await one<{ id: string; text: string; kind: 'standard' | 'forbidden'; scene: string | null }>(
      ctx.tx,
      `update phrases set text = coalesce($3, text), kind = $4, scene = case when $4 = 'forbidden' then null when $5::boolean then $6 else scene end,
         sort = coalesce($7, sort), updated_at = $8
       where org_id = $1 and id = $2 returning id, text, kind, scene`,
      [ctx.actor.orgId, id, input.text ?? null, kind, input.scene !== undefined, input.scene ?? null, input.sort ?? null, ctx.clock.now()],
    );
    return toItem(row!);
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw duplicate(input.text ?? '');
    throw err;
  }
}

/** @throws forbidden_action, not_found */
export async function deletePhrase(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx.actor);
  const r = await ctx.tx.query('delete from phrases where org_id = $1 and id = $2', [ctx.actor.orgId, uuidOr404(id)]);
  if (r.rowCount === 0) throw new AppError('not_found');
}

export const phrasesFor = (db: Db, actor: Actor) => listPhrases(db, actor.orgId);
