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
  { path: 'screening/:id', roles: READERS, needs: '/api/screening/runs', load: () => import('./run.tsx') },
];
