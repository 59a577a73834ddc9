/** 政策库: the catalogue and one measure (public). */
import type { PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'catalogue',
    public: true,
    load: () => import('./list.tsx'),
    menu: { label: 'nav.catalogue', group: 'service', order: 1 },
  },
  { path: 'catalogue/:id', public: true, load: () => import('./measure.tsx') },
];
