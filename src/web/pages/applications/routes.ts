/** 我的申报: the enterprise's notices and applications. */
import type { PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'applications',
    roles: ['enterprise'],
    needs: '/api/applications',
    load: () => import('./list.tsx'),
    menu: { label: 'nav.applications', group: 'mine', order: 1 },
  },
  {
    path: 'applications/notices/:id',
    roles: ['enterprise'],
    needs: '/api/inbox/{id}',
    load: () => import('./notice.tsx'),
  },
  {
    path: 'applications/:id',
    roles: ['enterprise'],
    needs: '/api/applications',
    load: () => import('./detail.tsx'),
  },
];
