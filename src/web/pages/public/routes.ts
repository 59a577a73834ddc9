/** 公示: public notices and the objection form anyone may use (public). */
import type { PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'notices',
    public: true,
    needs: '/api/public/notices',
    load: () => import('./notices.tsx'),
    menu: { label: 'nav.notices', group: 'service', order: 3 },
  },
  { path: 'notices/:id', public: true, needs: '/api/public/notices', load: () => import('./notice.tsx') },
];
