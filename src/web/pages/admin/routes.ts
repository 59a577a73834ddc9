/** 管理: administrators fill in what the policy texts leave open (办事指南 待补录). */
import type { PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'admin/guides',
    roles: ['admin'],
    needs: '/api/guides/{measureId}/{field}',
    load: () => import('./guides.tsx'),
    menu: { label: 'nav.guides', group: 'admin', order: 1 },
  },
];
