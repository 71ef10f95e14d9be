import { z } from 'zod';

/**
 * The case-list filters a saved view keeps: the same names as the list's query string (GET /api/v1/cases) and the
 * workbench's URL, so opening a view is opening the list with them.
 */
export const SAVED_VIEW_KEYS = [
  'q', 'status', 'kind', 'severity', 'channel', 'sort', 'page_size',
  'category_id', 'unit_id', 'handler_id', 'created_from', 'created_to',
] as const;

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
