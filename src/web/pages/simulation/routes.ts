/** 政策模拟: what-if over the registry. */
import { OFFICERS, type PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'simulation',
    roles: OFFICERS,
    needs: '/api/simulations',
    load: () => import('./index.tsx'),
    menu: { label: 'nav.simulation', group: 'work', order: 4 },
  },
];
