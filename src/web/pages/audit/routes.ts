/** 审计: the audit trail (auditors and administrators). */
import type { PageRoute } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'audit',
    roles: ['auditor', 'admin'],
    needs: '/api/audit',
    load: () => import('./index.tsx'),
    menu: { label: 'nav.audit', group: 'oversight', order: 1 },
  },
];
