/** 审核工作台: the officers' queue and one application (auditors read). */
import { type PageRoute, READERS } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'review',
    roles: READERS,
    needs: '/api/review/queue',
    load: () => import('./queue.tsx'),
    menu: { label: 'nav.review', group: 'work', order: 1 },
  },
  { path: 'review/:id', roles: READERS, needs: '/api/review/queue', load: () => import('./detail.tsx') },
];
