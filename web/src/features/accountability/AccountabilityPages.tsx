import { Route, Routes } from 'react-router-dom';
import { CorrectiveDetailPage } from './CorrectiveDetailPage.tsx';
import { CorrectivePage } from './CorrectivePage.tsx';
import { DifficultCustomersPage } from './DifficultCustomersPage.tsx';
import { FinesPage } from './FinesPage.tsx';
import { ReviewPackPage } from './ReviewPackPage.tsx';
import { StatementPage } from './StatementPage.tsx';

/** Every accountability page under `/accountability/*`: one lazy chunk (web/src/App.tsx), off the workbench's main bundle. */
export default function AccountabilityPages() {
  return (
    <Routes>
      <Route path="fines" element={<FinesPage />} />
      <Route path="statements" element={<StatementPage />} />
      <Route path="corrective-actions" element={<CorrectivePage />} />
      <Route path="corrective-actions/:id" element={<CorrectiveDetailPage />} />
      <Route path="review-pack" element={<ReviewPackPage />} />
      <Route path="difficult-customers" element={<DifficultCustomersPage />} />
    </Routes>
  );
}
