import { z } from 'zod';
import { PHRASE_SCENES } from '../domain/phrase-presets.ts';

/** One standard phrase (服务用语) or phrase never to use, as `GET /api/v1/phrases` serves it. */
export const Phrase = z.object({
  id: z.string(),
  text: z.string(),
  kind: z.enum(['standard', 'forbidden']),
  scene: z.string().optional(),
});
export const PhraseList = z.object({ items: z.array(Phrase) });

export const PhraseRequest = z.strictObject({
  text: z.string().trim().min(1).max(500),
  kind: z.enum(['standard', 'forbidden']),
  scene: z.enum(PHRASE_SCENES).nullish(),
  sort: z.number().int().min(-10000).max(10000).optional(),
});
export const PhrasePatch = PhraseRequest.partial();

export const PhraseCheckRequest = z.strictObject({ text: z.string().max(4000).default('') });
export const PhraseCheckResponse = z.object({ forbidden: z.array(z.string()) });
