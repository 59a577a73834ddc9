/**
 * 揭榜挂帅 challenge lists: this area's pages (docs/web.md, "Adding a page"; docs/challenges.md for the API
 * each calls). The 榜单 and their problems are public (the public area may call only the public list and
 * problem endpoints); 出题, 揭榜 and the winner's milestones are for organisation users. The judge's sheet
 * and the officer's console (desk-*.tsx, judge-*.tsx) add their lines here.
 */
import { type PageRoute, READERS } from '../../app/page-route.ts';

export const routes: PageRoute[] = [
  {
    path: 'challenges',
    public: true,
    needs: '/api/challenges/lists',
    load: () => import('./browse.tsx'),
    menu: { label: 'nav.challengesBrowse', group: 'challenges', order: 1 },
  },
  {
    path: 'challenges/lists/:id',
    public: true,
    needs: '/api/challenges/lists/{id}',
    load: () => import('./list.tsx'),
  },
  {
    path: 'challenges/problems/:id',
    public: true,
    needs: '/api/challenges/problems/{id}',
    load: () => import('./problem.tsx'),
  },
  {
    path: 'challenges/propose',
    roles: ['enterprise'],
    needs: '/api/challenges/problems',
    load: () => import('./propose.tsx'),
    menu: { label: 'nav.challengesPropose', group: 'challenges', order: 2 },
  },
  {
    path: 'challenges/problems/:id/edit',
    roles: ['enterprise'],
    needs: '/api/challenges/problems/{id}',
    load: () => import('./propose.tsx'),
  },
  {
    path: 'challenges/mine',
    roles: ['enterprise'],
    needs: '/api/challenges/problems',
    load: () => import('./mine.tsx'),
    menu: { label: 'nav.challengesMine', group: 'challenges', order: 3 },
  },
  {
    path: 'challenges/problems/:id/bid',
    roles: ['enterprise'],
    needs: '/api/challenges/problems/{id}/entitlement',
    load: () => import('./bid.tsx'),
  },
  {
    path: 'challenges/bids',
    roles: ['enterprise'],
    needs: '/api/challenges/bids/mine',
    load: () => import('./bids.tsx'),
    menu: { label: 'nav.challengesBids', group: 'challenges', order: 4 },
  },
  {
    path: 'challenges/bids/:id',
    roles: ['enterprise'],
    needs: '/api/challenges/bids/{id}/versions',
    load: () => import('./bid-detail.tsx'),
  },
  {
    path: 'challenges/projects',
    roles: ['enterprise', ...READERS],
    needs: '/api/challenges/projects',
    load: () => import('./projects.tsx'),
    menu: { label: 'nav.challengesProjects', group: 'challenges', order: 5 },
  },
  {
    path: 'challenges/projects/:id',
    roles: ['enterprise', ...READERS],
    needs: '/api/challenges/projects/{id}',
    load: () => import('./project.tsx'),
  },
];
