/** Normalises text for matching: full-width punctuation and spaces do not hide a phrase. */
const norm = (s: string) => s.normalize('NFKC').replace(/[\s,.!?;:"'“”‘’、]/g, '').toLowerCase();

/**
 * The forbidden phrases `text` contains, in the order given (each once). Pure and dependency-free, so the server's
 * checks (app/phrases) and the workbench's warning while typing (web) use the same rule.
 */
export function matchForbidden(text: string, forbidden: readonly string[]): string[] {
  const t = norm(text);
  return forbidden.filter((p) => norm(p).length > 0 && t.includes(norm(p)));
}
