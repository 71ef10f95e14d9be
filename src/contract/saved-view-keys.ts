/**
 * The case-list filters a saved view keeps: the same names as the list's query string (GET /api/v1/cases) and the
 * workbench's URL, so opening a view is opening the list with them.
 */
export const SAVED_VIEW_KEYS = [
  'q', 'status', 'kind', 'severity', 'channel', 'sort', 'page_size',
  'category_id', 'unit_id', 'handler_id', 'created_from', 'created_to',
] as const;
