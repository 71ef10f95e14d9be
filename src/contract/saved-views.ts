import { z } from 'zod';
import { SAVED_VIEW_KEYS } from './saved-view-keys.ts';

export { SAVED_VIEW_KEYS };

/** How many views one user may keep. */
export const SAVED_VIEWS_MAX = 50;

export const SavedViewQuery = z.partialRecord(z.enum(SAVED_VIEW_KEYS), z.string().trim().min(1).max(500));

/** POST /api/v1/saved-views — the caller's current list filters under a name of their own. */
export const SavedViewRequest = z.strictObject({
  name: z.string().trim().min(1).max(60),
  query: SavedViewQuery,
});

export const SavedView = z.object({
  id: z.string(),
  name: z.string(),
  query: z.record(z.string(), z.string()),
  created_at: z.string(),
});
export const SavedViewList = z.object({ items: z.array(SavedView) });
