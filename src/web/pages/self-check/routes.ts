/** 政策体检: anyone; a signed-in enterprise gets its registry record filled in and may apply. */
import type { PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'check',
    load: () => import('./index.tsx'),
    menu: { label: 'nav.check', group: 'service', order: 2 },
  },
];
