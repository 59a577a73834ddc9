/**
 * 揭榜挂帅 challenge lists: this area's pages (docs/web.md, "Adding a page"; docs/challenges.md for the API
 * each calls). The 榜单 and their problems are public (the public area may call only the public list and
 * problem endpoints); 出题, 揭榜 and the winner's milestones are for organisation users. The officer's desk
 * (区科委/科创办: lists, review, panels, ranking, award, 验收 and tranches; desk-*.tsx) is for officers, read-only
 * for auditors; the judge's scoring sheet (judge-*.tsx) for 评审专家 and the poser's appointed scorers.
 */
import { type PageRoute, READERS } from '../../app/page-route.ts';
import type { Role } from '../../session.tsx';

/** Who scores: 评审专家, and users of a poser organisation appointed as its scorers (出题方阅卷). */
const JUDGES: Role[] = ['expert', 'enterprise'];

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
  {
    path: 'challenges/desk',
    roles: READERS,
    needs: '/api/challenges/projects',
    load: () => import('./desk-home.tsx'),
    menu: { label: 'nav.challengeDesk', group: 'challenges', order: 10 },
  },
  {
    path: 'challenges/desk/lists/:id',
    roles: READERS,
    needs: '/api/challenges/lists/{id}',
    load: () => import('./desk-list.tsx'),
  },
  {
    path: 'challenges/desk/problems/:id',
    roles: READERS,
    needs: '/api/challenges/problems/{id}/ranking',
    load: () => import('./desk-problem.tsx'),
  },
  {
    path: 'challenges/desk/projects/:id',
    roles: READERS,
    needs: '/api/challenges/projects/{id}',
    load: () => import('./desk-project.tsx'),
  },
  {
    path: 'challenges/judging',
    roles: JUDGES,
    needs: '/api/challenges/judging',
    load: () => import('./judge-panels.tsx'),
    menu: { label: 'nav.challengeJudging', group: 'challenges', order: 11 },
  },
  {
    path: 'challenges/judging/:id',
    roles: JUDGES,
    needs: '/api/challenges/judging',
    load: () => import('./judge-sheet.tsx'),
  },
];
