/**
 * 十五五 plan monitoring: this area's pages (docs/web.md, "Adding a page"; docs/plan.md, "Web pages").
 * The dashboard, a target's drill-down and the report for officers and auditors; the import for the
 * officers who enter values; the targets for anyone in the public area (no comments, names or money).
 */
import { OFFICERS, type PageRoute, READERS } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'plan',
    roles: READERS,
    needs: '/api/plan',
    load: () => import('./dashboard.tsx'),
    menu: { label: 'nav.plan', group: 'plan', order: 1 },
  },
  {
    path: 'plan/targets/:id',
    roles: READERS,
    needs: '/api/plan/targets/{id}',
    load: () => import('./target.tsx'),
  },
  {
    path: 'plan/import',
    roles: OFFICERS,
    needs: '/api/plan/observations/import',
    load: () => import('./import.tsx'),
    menu: { label: 'nav.planImport', group: 'plan', order: 2 },
  },
  {
    path: 'plan/report',
    roles: READERS,
    needs: '/api/plan/report',
    load: () => import('./report.tsx'),
    menu: { label: 'nav.planReport', group: 'plan', order: 3 },
  },
  {
    path: 'plan/public',
    public: true,
    needs: '/api/public/plan',
    load: () => import('./public-list.tsx'),
    menu: { label: 'nav.planPublic', group: 'service', order: 4 },
  },
  {
    path: 'plan/public/:id',
    public: true,
    needs: '/api/public/plan/targets/{id}',
    load: () => import('./public-target.tsx'),
  },
];
