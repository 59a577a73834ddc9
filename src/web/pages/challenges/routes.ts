/**
 * 揭榜挂帅 challenge lists: this area's pages (docs/web.md, "Adding a page"; docs/challenges.md for the API
 * each calls). The officer's desk (区科委/科创办: lists, review, panels, ranking, award, 验收 and tranches)
 * for officers, read-only for auditors; the judge's scoring sheet for 评审专家 and the poser's scorers.
 */
import { type PageRoute, READERS } from '../../app/page-route.ts';
import type { Role } from '../../session.tsx';

/** Who scores: 评审专家, and users of a poser organisation appointed as its scorers (出题方阅卷). */
const JUDGES: Role[] = ['expert', 'enterprise'];

export const routes: PageRoute[] = [
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
