/**
 * The router: one route table built from the areas' own lists (`pages/<area>/routes.ts`), each page
 * a chunk of its own. Every path is a real URL (/notices/…, /review/…): the server answers any
 * non-API path with index.html. Public pages sit in one unauthenticated area of the same tree.
 */
import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { routes as admin } from '../pages/admin/routes.ts';
import { routes as applications } from '../pages/applications/routes.ts';
import { routes as audit } from '../pages/audit/routes.ts';
import { routes as catalogue } from '../pages/catalogue/routes.ts';
import { routes as challenges } from '../pages/challenges/routes.ts';
import { routes as fund } from '../pages/fund/routes.ts';
import { routes as login } from '../pages/login/routes.ts';
import { routes as matching } from '../pages/matching/routes.ts';
import { routes as plan } from '../pages/plan/routes.ts';
import { routes as publicNotices } from '../pages/public/routes.ts';
import { routes as review } from '../pages/review/routes.ts';
import { routes as screening } from '../pages/screening/routes.ts';
import { routes as selfCheck } from '../pages/self-check/routes.ts';
import { routes as simulation } from '../pages/simulation/routes.ts';
import { Guard, NotFound, PublicArea } from './guard.tsx';
import type { PageRoute } from './page-route.ts';
import { Shell } from './shell.tsx';

/** Every page of the platform. A new area adds its `routes` here (one line). */
export const PAGES: PageRoute[] = [
  ...catalogue,
  ...selfCheck,
  ...publicNotices,
  ...applications,
  ...review,
  ...fund,
  ...screening,
  ...simulation,
  ...audit,
  ...admin,
  ...login,
  ...matching,
  ...plan,
  ...challenges,
];

function toRoute(page: PageRoute): RouteObject {
  return {
    path: page.path,
    handle: page,
    lazy: async () => {
      const { default: Page } = await page.load();
      return {
        Component: () => (
          <Guard page={page}>
            <Page />
          </Guard>
        ),
      };
    },
  };
}

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <Shell />,
      hydrateFallbackElement: <div className="boot" aria-busy="true" />,
      children: [
        { index: true, element: <Navigate to="/catalogue" replace /> },
        { element: <PublicArea />, children: PAGES.filter((p) => p.public).map(toRoute) },
        ...PAGES.filter((p) => !p.public).map(toRoute),
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}
