/**
 * The browser entry: the providers around the router. Old links of the hash router
 * (/#/catalogue/000·二) are moved to their path first.
 */
// First: schemas must not try eval under the CSP.
import './zod-setup.ts';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { Providers } from './app/providers.tsx';
import { createRouter } from './app/routes.tsx';
import './i18n/index.ts';
import './styles.css';

if (location.hash.startsWith('#/')) history.replaceState(null, '', location.hash.slice(1));

const router = createRouter();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* The first strings load before anything shows: an empty frame, no flash of keys. */}
    <Suspense fallback={<div className="boot" aria-busy="true" />}>
      <Providers>
        <RouterProvider router={router} />
      </Providers>
    </Suspense>
  </StrictMode>,
);
