/**
 * The accountability pages (issue 12): their menu entries (`labelKey` names a key of `m.accountability`). The pages
 * themselves are mounted under `/accountability/*` by web/src/App.tsx, lazily (AccountabilityPages.tsx), so nothing
 * here pulls them into the main bundle.
 */
export const menu: { key: string; path: string; labelKey: 'menuFines' | 'menuStatements' | 'menuCorrective' | 'menuReviewPack' | 'menuDifficult'; ability: 'account' | 'analyse' }[] = [
  { key: 'fines', path: '/accountability/fines', labelKey: 'menuFines', ability: 'account' },
  { key: 'statements', path: '/accountability/statements', labelKey: 'menuStatements', ability: 'account' },
  { key: 'corrective', path: '/accountability/corrective-actions', labelKey: 'menuCorrective', ability: 'analyse' },
  { key: 'review-pack', path: '/accountability/review-pack', labelKey: 'menuReviewPack', ability: 'analyse' },
  { key: 'difficult', path: '/accountability/difficult-customers', labelKey: 'menuDifficult', ability: 'analyse' },
];
