import type { ReactNode } from 'react';
import { CorrectivePage } from './CorrectivePage.tsx';
import { FinesPage } from './FinesPage.tsx';
import { ReviewPackPage } from './ReviewPackPage.tsx';

/** The accountability pages (issue 12) and their menu entries; `labelKey` names a key of `m.accountability`. */
export const routes: { path: string; element: ReactNode }[] = [
  { path: '/accountability/fines', element: <FinesPage /> },
  { path: '/accountability/corrective-actions', element: <CorrectivePage /> },
  { path: '/accountability/review-pack', element: <ReviewPackPage /> },
];

export const menu: { key: string; path: string; labelKey: 'menuFines' | 'menuCorrective' | 'menuReviewPack'; ability: 'account' | 'analyse' }[] = [
  { key: 'fines', path: '/accountability/fines', labelKey: 'menuFines', ability: 'account' },
  { key: 'corrective', path: '/accountability/corrective-actions', labelKey: 'menuCorrective', ability: 'analyse' },
  { key: 'review-pack', path: '/accountability/review-pack', labelKey: 'menuReviewPack', ability: 'analyse' },
];
