/** 资金台账: the special fund and the ledger. */
import { type PageRoute, READERS } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'fund',
    roles: READERS,
    needs: '/api/ledger',
    load: () => import('./index.tsx'),
    menu: { label: 'nav.fund', group: 'work', order: 2 },
  },
];
