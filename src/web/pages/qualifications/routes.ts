/**
 * 梯度培育 tiers and qualifications: this area's pages (docs/web.md, "Adding a page"; docs/qualifications.md
 * for the API each calls). The ledger, a firm's file, the ladder, the expiring list and the pools for
 * officers and auditors; the import for officers; local thresholds for approvers and admins; an
 * enterprise's own file and its first-time reward notices (晋级路径 is a section of its self-check).
 */
import { OFFICERS, type PageRoute, READERS } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'qualifications',
    roles: READERS,
    needs: '/api/qualifications/stock',
    load: () => import('./ledger.tsx'),
    menu: { label: 'nav.qualLedger', group: 'qualifications', order: 1 },
  },
  {
    path: 'qualifications/organisations/:id',
    roles: READERS,
    needs: '/api/qualifications/organisations/{id}',
    load: () => import('./organisation.tsx'),
  },
  {
    path: 'qualifications/ladder',
    roles: READERS,
    needs: '/api/qualifications/ladder',
    load: () => import('./ladder.tsx'),
    menu: { label: 'nav.qualLadder', group: 'qualifications', order: 2 },
  },
  {
    path: 'qualifications/forecast',
    roles: READERS,
    needs: '/api/qualifications/forecast',
    load: () => import('./forecast.tsx'),
    menu: { label: 'nav.qualForecast', group: 'qualifications', order: 2.5 },
  },
  {
    path: 'qualifications/expiring',
    roles: READERS,
    needs: '/api/qualifications/expiring',
    load: () => import('./expiring.tsx'),
    menu: { label: 'nav.qualExpiring', group: 'qualifications', order: 3 },
  },
  {
    path: 'qualifications/pools',
    roles: READERS,
    needs: '/api/qualifications/pools',
    load: () => import('./pools.tsx'),
    menu: { label: 'nav.qualPools', group: 'qualifications', order: 4 },
  },
  {
    path: 'qualifications/pools/new',
    roles: OFFICERS,
    needs: '/api/qualifications/pools',
    load: () => import('./pool-edit.tsx'),
  },
  {
    path: 'qualifications/pools/:id',
    roles: READERS,
    needs: '/api/qualifications/pools/{id}/candidates',
    load: () => import('./pool.tsx'),
  },
  {
    path: 'qualifications/pools/:id/edit',
    roles: OFFICERS,
    needs: '/api/qualifications/pools/{id}',
    load: () => import('./pool-edit.tsx'),
  },
  {
    path: 'qualifications/import',
    roles: OFFICERS,
    needs: '/api/qualifications/import',
    load: () => import('./import.tsx'),
    menu: { label: 'nav.qualImport', group: 'qualifications', order: 5 },
  },
  {
    path: 'qualifications/parameters',
    roles: ['approver', 'admin'],
    needs: '/api/qualifications/parameters/{kind}/{criterion}',
    load: () => import('./parameters.tsx'),
    menu: { label: 'nav.qualParameters', group: 'qualifications', order: 6 },
  },
  {
    path: 'qualifications/mine',
    roles: ['enterprise'],
    needs: '/api/qualifications/mine',
    load: () => import('./mine.tsx'),
    menu: { label: 'nav.qualMine', group: 'mine', order: 5 },
  },
  {
    path: 'qualifications/rewards',
    roles: ['enterprise'],
    needs: '/api/qualifications/rewards',
    load: () => import('./rewards.tsx'),
    menu: { label: 'nav.qualRewards', group: 'mine', order: 6 },
  },
];
