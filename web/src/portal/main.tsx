import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Portal } from './Portal.tsx';
import './portal.css';

/** The customer portal at /portal/<organisation>: its own small bundle (React and plain CSS, no antd). */
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Portal />
  </StrictMode>,
);
