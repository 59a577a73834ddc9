/** 免申即享: screening runs over the registry. */
import { type PageRoute, READERS } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'screening',
    roles: READERS,
    needs: '/api/screening/runs',
    load: () => import('./index.tsx'),
    menu: { label: 'nav.screening', group: 'work', order: 3 },
  },
  {
    path: 'screening/figures',
    roles: ['admin'],
    needs: '/api/base-figures/import',
    load: () => import('./figures.tsx'),
    menu: { label: 'nav.baseFigures', group: 'work', order: 4 },
  },
  { path: 'screening/:id', roles: READERS, needs: '/api/screening/runs', load: () => import('./run.tsx') },
];
