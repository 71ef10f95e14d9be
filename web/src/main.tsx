import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { Spin } from 'antd';
import { BrowserRouter } from 'react-router-dom';
import { ApiError } from './api.ts';
import { AppRoutes } from './App.tsx';
import { ME_KEY } from './features/auth/session.ts';
import { I18nProvider } from './i18n/index.tsx';
import './styles.css';

/** A 401 anywhere means the session ended: forget the user, and the layout sends them to the login page. */
const onError = (e: unknown) => {
  if (e instanceof ApiError && e.status === 401 && e.code === 'unauthenticated') queryClient.setQueryData(ME_KEY, null);
};

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrowserRouter>
          <Suspense fallback={<div className="center-spin"><Spin size="large" /></div>}>
            <AppRoutes />
          </Suspense>
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
